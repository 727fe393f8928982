// The document page: a click on a highlighted span selects the cards of its
// items (and a click on a card's span link selects the span); no inline script.
"use strict";
(function () {
  const text = document.getElementById("doctext");
  const items = document.getElementById("items");
  if (!text || !items) return;
  function clear() {
    document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
  }
  function select(span) {
    clear();
    span.classList.add("selected");
    const refs = (span.dataset.refs || "").split(" ").filter(Boolean);
    let first = null;
    for (const ref of refs) {
      const card = document.getElementById("item-" + ref);
      if (card) { card.classList.add("selected"); first = first || card; }
      text.querySelectorAll("[data-refs~='" + ref + "']").forEach((el) => el.classList.add("selected"));
    }
    if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
  text.addEventListener("click", (ev) => {
    const span = ev.target.closest(".hl");
    if (span) select(span);
  });
  text.addEventListener("keydown", (ev) => {
    const span = ev.target.closest(".hl");
    if (span && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(span); }
  });
  function fromHash() {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("hl")) select(target);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
