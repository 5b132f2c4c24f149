// The incident map: offline country outlines (Natural Earth) and one circle per located incident.
(function () {
  "use strict";

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (className) { el.className = className; }
    return el;
  }

  function popup(incident) {
    // Built with DOM nodes and textContent only: report-derived values never become markup.
    var box = document.createElement("div");
    box.className = "popup";
    var link = text("a", incident.sub_event_type + " · " + (incident.location || incident.admin1 || incident.country || "place unknown"));
    link.href = "/incidents/" + encodeURIComponent(incident.id);
    box.appendChild(link);
    box.appendChild(text("div", (incident.date_start || "date unknown") + " · " +
      [incident.actor1, incident.actor2].filter(Boolean).join(" vs "), "muted"));
    incident.figures.forEach(function (f) {
      var line = text("div", f.kind + " (" + (f.subject_country || "?") + ", " + f.subject_role + "): " +
        (f.low == null ? "?" : f.low) + "–" + (f.high == null ? "open" : f.high) +
        (f.contested ? " · contested" : ""), f.contested ? "contested" : "");
      box.appendChild(line);
    });
    return box;
  }

  function radius(incident) {
    var n = incident.fatalities && incident.fatalities.best ? incident.fatalities.best : 0;
    return 5 + Math.min(20, Math.sqrt(n) * 2);
  }

  function draw(el) {
    var map = L.map(el, { worldCopyJump: true, preferCanvas: false }).setView([25, 45], 3);
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map);
    }
    var status = document.getElementById("map-status");
    var basemap = fetch(el.getAttribute("data-basemap")).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, {
        interactive: false,
        style: { color: "#8a94a6", weight: 0.7, fillColor: "#e9edf3", fillOpacity: tiles ? 0.1 : 1 }
      }).addTo(map);
      el.setAttribute("data-countries", String(geo.features.length));
    });
    var incidents = fetch(el.getAttribute("data-incidents")).then(function (r) { return r.json(); });
    Promise.all([basemap, incidents]).then(function (results) {
      var list = results[1];
      var located = list.filter(function (i) { return i.lat != null && i.lon != null; });
      var bounds = [];
      located.forEach(function (i) {
        var contested = i.figures.some(function (f) { return f.contested; });
        L.circleMarker([i.lat, i.lon], {
          radius: radius(i), color: contested ? "#b42318" : "#1d4ed8", weight: 1.5,
          fillColor: contested ? "#f04438" : "#3b82f6", fillOpacity: 0.55, className: "incident-marker"
        }).bindPopup(popup(i)).addTo(map);
        bounds.push([i.lat, i.lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7, animate: false }); }
      el.setAttribute("data-markers", String(located.length));
      status.textContent = located.length + " of " + list.length + " incidents located on the map" +
        (list.length > located.length ? " (the rest have no coordinates)." : ".");
      el.classList.add("ready");
    }).catch(function (err) {
      status.textContent = "Could not draw the map: " + err;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("map");
    if (el && window.L) { draw(el); }
  });
})();
