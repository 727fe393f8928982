// Legend swatches take their side's colour from a data attribute (the CSP
// forbids inline style attributes).
"use strict";
document.querySelectorAll(".swatch[data-colour]").forEach((el) => { el.style.color = el.dataset.colour; });
