// The events map: Leaflet over Natural Earth country outlines shipped with the
// desk (no tile server), one circle per located event sized by its sources.
"use strict";
(function () {
  const el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) return;
  const map = L.map(el, { worldCopyJump: true, attributionControl: true }).setView([48, 30], 3);
  map.attributionControl.setPrefix(false).addAttribution("Natural Earth");
  function esc(s) {
    const d = document.createElement("div");
    d.textContent = s == null ? "" : String(s);
    return d.innerHTML;
  }
  fetch(el.dataset.outlines).then((r) => r.json()).then((world) => {
    const countries = topojson.feature(world, world.objects.countries);
    L.geoJSON(countries, { style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 },
                           interactive: false }).addTo(map).bringToBack();
    el.dataset.outlinesLoaded = "1";
  });
  fetch(el.dataset.api).then((r) => r.json()).then((page) => {
    const points = [];
    for (const ev of page.rows) {
      if (ev.lat == null || ev.lon == null) continue;
      const radius = 5 + 4 * Math.sqrt(ev.sources);
      const marker = L.circleMarker([ev.lat, ev.lon], { radius: radius, color: "#b2182b", weight: 1,
                                                        fillColor: "#ef8a62", fillOpacity: 0.7,
                                                        className: "event-marker" });
      const first = ev.mentions[0] || {};
      marker.bindPopup("<b>" + esc(ev.type) + "</b> " + esc(ev.place) + "<br>" + esc(ev.start || "undated") +
        " · " + esc(ev.sources) + " source(s)<br><a href=\"/documents/" + encodeURIComponent(first.sha256) +
        "#at-" + encodeURIComponent(first.start) + "\">" + esc(first.text) + "</a>");
      marker.addTo(map);
      points.push([ev.lat, ev.lon]);
    }
    if (points.length) map.fitBounds(points, { maxZoom: 6, padding: [30, 30] });
    el.dataset.markers = String(points.length);
  });
})();
