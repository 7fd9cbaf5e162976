"""The Folium map: a base map built once per data set, and a marker feature group rebuilt per filter change.

Nothing on the map loads from the internet: Leaflet and Leaflet.markercluster come from
``/app/static/vendor`` (see offline_assets), folium's CDN defaults (jQuery, Bootstrap, awesome-markers,
Font Awesome) are dropped, and markers, popups, tooltips and controls are small elements of our own that
pass every article-derived string through ``html.escape`` and then ``json.dumps`` into the script (folium's
own Popup/Tooltip put text inside JS template literals and need jQuery).

Tiles: ``MAP_TILES=offline`` (default) draws only the Natural Earth country outlines; ``MAP_TILES=osm``
layers OpenStreetMap tiles over the outlines (which then show through wherever tiles fail to load).
"""
from __future__ import annotations

import html
import json
import math
import os
from typing import Sequence

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.records import PlaceMention
from timeline.records import StoredEvent
from timeline.query import event_places

from . import offline_assets as oa
from .labels import corrected_label, date_label, place_name, sureness_label
from .map_labels import MAX_PER_VIEW
from .mdtext import safe_url

TOWN_RADIUS = 7
AREA_RADIUS = 10  # <= 10 px so Leaflet reports the marker's own position on click


def tiles_mode() -> str:
    """``offline`` or ``osm`` from the MAP_TILES environment variable (anything else means offline)."""
    return "osm" if os.environ.get("MAP_TILES", "offline").strip().lower() == "osm" else "offline"


def js_str(s) -> str:
    """A JS string literal (or any JSON value's literal) that is also safe inside an HTML <script> block."""
    return (json.dumps(s, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _e(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def popup_html(se: StoredEvent, place: PlaceMention) -> str:
    """The popup of one event at one place: date, type, place, actors, sentence and a source link, all escaped."""
    event = se.event
    actors = ", ".join(event.actors) or "none found"
    where = "where it happened" if place is event.location else "mentioned"
    kind = "country/region" if place.entry is not None and place.entry.is_area else "town/site"
    parts = [
        f'<div class="ev-popup"><div><b>{_e(date_label(event))}</b> · {_e(event.type)}</div>',
        f'<div><b>Place:</b> {_e(place_name(place))} ({_e(kind)}, {_e(where)})</div>',
        f"<div><b>Actors:</b> {_e(actors)}</div>",
        f'<div class="ev-sure"><b>How sure:</b> {_e(sureness_label(event, place))}</div>',
        *([f'<div class="ev-corrected" style="color:#b35900">{_e(corrected_label(se))}</div>'] if se.corrected else []),
        f'<blockquote style="margin:4px 0;padding-left:6px;border-left:3px solid #ccc">{_e(event.sentence)}</blockquote>',
    ]
    label = f'{se.article_title or "article"} ({se.source or "unknown source"})'
    url = safe_url(se.url)
    if url:
        parts.append(f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(label)}</a>')
    else:
        parts.append(f"<span>{_e(label)}</span>")
    parts.append("</div>")
    return "".join(parts)


# A cluster's icon is a pie of its markers' types (issue #21: "type shown in clusters"): a slice per colour, in
# the type's colour (the legend's), largest first, the count on a white disc in the middle, and the types with
# their counts as the icon's title (each type name escaped: an import's own type is text from a file). It keeps
# Leaflet.markercluster's class "marker-cluster", sized by the count as its own icons are.
_PIE_JS = """
        window.nmClusterOptions = window.nmClusterOptions || function (opts) {
            var esc = function (t) { return String(t).replace(/[&<>"']/g, function (ch) {
                return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[ch]; }); };
            opts.iconCreateFunction = function (c) {
                var ms = c.getAllChildMarkers(), n = ms.length, by = {}, keys = [], i;
                for (i = 0; i < n; i++) {
                    var o = ms[i].options, k = o.fillColor;
                    if (!by[k]) { by[k] = {n: 0, t: o.nmType || ''}; keys.push(k); }
                    by[k].n += 1;
                }
                keys.sort(function (a, b) { return by[b].n - by[a].n; });
                var size = n < 10 ? 34 : (n < 100 ? 40 : 48), r = size / 2, a = -Math.PI / 2, svg = '',
                    pt = function (x) {
                        return (r + r * Math.cos(x)).toFixed(2) + ',' + (r + r * Math.sin(x)).toFixed(2); };
                for (i = 0; i < keys.length; i++) {
                    var k2 = keys[i], share = by[k2].n / n, b = a + share * 2 * Math.PI,
                        attrs = ' class="nm-pie-slice" data-type="' + esc(by[k2].t) + '" data-n="' + by[k2].n
                                + '" fill="' + esc(k2) + '"';
                    svg += keys.length === 1 ? '<circle cx="' + r + '" cy="' + r + '" r="' + r + '"' + attrs + '/>'
                        : '<path d="M' + r + ',' + r + ' L' + pt(a) + ' A' + r + ',' + r + ' 0 ' + (share > 0.5 ? 1 : 0)
                          + ' 1 ' + pt(b) + ' Z"' + attrs + '/>';
                    a = b;
                }
                var title = keys.map(function (k3) { return esc(by[k3].t) + ' ' + by[k3].n; }).join(' · ');
                svg += '<circle cx="' + r + '" cy="' + r + '" r="' + (r * 0.55).toFixed(2) + '" fill="#fff" '
                    + 'fill-opacity="0.9"/><text x="' + r + '" y="' + r + '" text-anchor="middle" '
                    + 'dominant-baseline="central" font-size="12" font-weight="bold" fill="#222">' + n + '</text>';
                return L.divIcon({html: '<svg width="' + size + '" height="' + size + '" viewBox="0 0 ' + size + ' '
                                        + size + '"><title>' + title + '</title>' + svg + '</svg>',
                                  className: 'marker-cluster nm-pie', iconSize: L.point(size, size)});
            };
            return opts;
        };
"""


class _DataScript(MacroElement):
    """A layer whose script is its template filled with data already escaped (numbers, ``js_str`` literals)."""

    def render(self, **kwargs) -> None:
        # MacroElement.render wraps the script in Element(script), which compiles it as a Jinja template:
        # a quarter of a second for the megabytes of marker data. The script is plain text; add it as such.
        self.get_root().script.add_child(_RawScript(self._template.module.script(self, kwargs)),
                                         name=self.get_name())


class _ClusteredMarkers(_DataScript):
    """A Leaflet.markercluster group holding every marker, added to its parent (the feature group).

    The markers are data, not elements: one JSON array ``[lat, lon, style, popup, tooltip]`` per marker
    (strings escaped by ``js_str``), turned into circle markers by a loop and added with ``addLayers``. One
    element instead of one per marker keeps streamlit-folium's per-element script generation (quadratic in
    the number of elements) out of every rerun, and lets the app pre-serialise each event's markers once.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}""" + _PIE_JS + """
        var {{ this.get_name() }} = L.markerClusterGroup(window.nmClusterOptions({{ this.options_js }}));
        (function (cluster) {
            var P = window.NmPopup || (window.NmPopup = L.Popup.extend({
                // Controls sit above every map pane (Leaflet gives them z-index 1000), so a popup under the
                // legend (top right) or the zoom buttons (top left) would be hidden by them: when the popup
                // reaches a top control's column, its auto-pan keeps its top below that control.
                _adjustPan: function () {
                    var map = this._map;
                    this.options.autoPanPaddingTopLeft = null;
                    if (map && this._container) {
                        var c = map.getContainer().getBoundingClientRect(),
                            p = this._container.getBoundingClientRect(), top = 0,
                            ctl = map.getContainer().querySelectorAll('.leaflet-top .leaflet-control');
                        for (var i = 0; i < ctl.length; i++) {
                            var l = ctl[i].getBoundingClientRect();
                            if (l.height > 0 && p.right > l.left - 8 && p.left < l.right + 8) {
                                top = Math.max(top, l.bottom - c.top + 8);
                            }
                        }
                        if (top > 0) { this.options.autoPanPaddingTopLeft = L.point(5, top); }
                    }
                    return L.Popup.prototype._adjustPan.call(this);
                }
            }));
            var S = {{ this.styles_js }}, D = [{{ this.data_js }}], ms = new Array(D.length);
            for (var i = 0; i < D.length; i++) {
                var d = D[i];
                ms[i] = L.circleMarker([d[0], d[1]], S[d[2]]).bindPopup(new P({maxWidth: 340}).setContent(d[3]))
                    .bindTooltip(d[4]);
            }
            cluster.addLayers(ms);
        })({{ this.get_name() }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, options: dict, styles: list[dict], data_js: str, count: int):
        super().__init__()
        self._name = "MarkerCluster"
        self.options_js = json.dumps(options)
        self.styles_js = js_str(styles)  # each style names its type: a data set's own, so escaped for <script>
        self.data_js = data_js  # comma-joined marker arrays, built by marker_fragments
        self.count = count


class _RawScript(Element):
    """Script text added to a figure as is (no template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Control(MacroElement):
    """A Leaflet control holding fixed HTML (built here from escaped parts)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position_js }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class_js }});
            div.innerHTML = {{ this.html_js }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html_content: str, position: str, css_class: str):
        super().__init__()
        self._name = "Control"
        self.position_js = js_str(position)
        self.css_class_js = js_str(css_class)
        self.html_js = js_str(html_content)


def _pane_js(name: str, z_index: int) -> str:
    """JS making map ``m``'s pane ``name`` at ``z_index`` that lets every click through to what is under it."""
    return (f"var pane = m.createPane({js_str(name)}); pane.style.zIndex = {int(z_index)}; "
            "pane.style.pointerEvents = 'none';")


class _Outlines(MacroElement):
    """Country outlines fetched from the app's own static files into a pane under the tiles."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (m) {
            {{ this.pane_js }}
            fetch({{ this.url_js }}).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
                if (!d) { return; }
                L.geoJSON(d, {pane: 'outlines', interactive: false, attribution: 'Outlines: Natural Earth',
                    style: {color: '#8a96a3', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1}}).addTo(m);
            }).catch(function () {});
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str):
        super().__init__()
        self._name = "Outlines"
        self.url_js = js_str(url)
        self.pane_js = _pane_js("outlines", 150)  # under the tiles (200)


class _Labels(MacroElement):
    """Country and town names (dashboard.map_labels) fetched from the app's static files into a pane under
    the markers: after each move, those whose zoom has come and that lie in the view, the weightiest first,
    at most ``map_labels.MAX_PER_VIEW``. The names in the file are HTML-escaped. The file is written by the
    app once the gazetteer index is there: a map that finds none yet asks again every 5 s for five minutes."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (m) {
            {{ this.pane_js }}
            var layer = L.layerGroup().addTo(m), data = null, tries = 0;
            function draw() {
                layer.clearLayers();
                if (!data) { return; }
                var z = m.getZoom(), view = m.getBounds().pad(0.05), n = 0;
                for (var i = 0; i < data.length && n < {{ this.max_per_view }}; i++) {
                    var d = data[i];
                    if (d[4] > z) { continue; }
                    // the copy of the world in view (Leaflet's longitudes run past +-180 after panning)
                    var at = L.latLng(d[1], d[2] + 360 * Math.round((view.getCenter().lng - d[2]) / 360));
                    if (!view.contains(at)) { continue; }
                    L.marker(at, {pane: 'labels', interactive: false, keyboard: false,
                        icon: L.divIcon({className: 'nm-label nm-label-' + d[3], html: d[0],
                                         iconSize: null})}).addTo(layer);
                    n++;
                }
            }
            function load() {
                fetch({{ this.url_js }}).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
                    if (d) { data = d; draw(); } else if (++tries < 60) { setTimeout(load, 5000); }
                }).catch(function () { if (++tries < 60) { setTimeout(load, 5000); } });
            }
            m.on('moveend zoomend', draw);
            load();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, max_per_view: int):
        super().__init__()
        self._name = "Labels"
        self.url_js = js_str(url)
        self.pane_js = _pane_js("labels", 350)  # over the tiles, under the markers (overlays 400)
        self.max_per_view = int(max_per_view)


_MAP_CSS = """<style>
.leaflet-container { background: #c9dce9; }
.nm-note, .nm-legend { background: rgba(255,255,255,.92); padding: 4px 8px; border-radius: 4px;
  font: 12px/1.4 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.nm-note { max-width: 260px; font-size: 11px; }
.nm-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; }
.nm-legend i.area { border: 2px dashed #333; background: transparent; width: 8px; height: 8px; }
.ev-popup { font: 13px/1.35 sans-serif; }
.nm-label { white-space: nowrap; transform: translate(-50%, -50%); font: 11px/1.2 sans-serif; color: #4a5561;
  text-shadow: 0 0 3px #fff, 0 0 2px #fff; width: auto !important; height: auto !important; }
.nm-label-country { font: 600 12px/1.2 sans-serif; letter-spacing: .04em; text-transform: uppercase; color: #6b5a48; }
.nm-cell-count { font: bold 11px/14px sans-serif; color: #0d2b45; text-align: center; pointer-events: none; }
</style>"""


def legend_html(colors: dict[str, str]) -> str:
    rows = [f'<div><i style="background:{_e(c)}"></i>{_e(t)}</div>' for t, c in colors.items()]
    rows.append('<div style="margin-top:3px"><i style="background:#555"></i>town or site</div>')
    rows.append('<div><i class="area"></i>country, region or sea</div>')
    return '<div><b>Event type</b></div>' + "".join(rows)


def offline_note(mode: str, outlines: bool) -> str:
    if mode == "osm":
        return ("Tiles: © OpenStreetMap contributors (online). Country outlines (Natural Earth) "
                "show wherever tiles cannot load.")
    if outlines:
        return "Offline map: country outlines from Natural Earth; no tile server is contacted."
    return "Offline map: no tiles and no outline data (run the setup step for country outlines)."


def data_bounds(events: Sequence[StoredEvent]) -> list[list[float]] | None:
    pts = [(p.entry.lat, p.entry.lon) for se in events for p in event_places(se.event)]
    if not pts:
        return None
    s, n = min(p[0] for p in pts), max(p[0] for p in pts)
    w, e = min(p[1] for p in pts), max(p[1] for p in pts)
    return [[s - 1, w - 1], [n + 1, e + 1]]


def _localize(element) -> None:
    element.default_js = [("leaflet", oa.LEAFLET_JS), ("markercluster", oa.CLUSTER_JS)]
    element.default_css = [("leaflet_css", oa.LEAFLET_CSS)] + [
        (f"markercluster_css_{i}", u) for i, u in enumerate(oa.CLUSTER_CSS)]


def build_base_map(all_events: Sequence[StoredEvent], colors: dict[str, str], *, mode: str = "offline",
                   outlines: bool = True, bounds: list[list[float]] | None = None, labels: bool = True) -> folium.Map:
    """The map without event markers: outlines, place names (``labels``), optional OSM tiles, legend,
    offline note, view on the data.

    ``bounds``: ``data_bounds(all_events)`` when the caller has it already."""
    m = folium.Map(location=[30, 10], zoom_start=3, tiles=None, control_scale=False, prefer_canvas=False,
                   world_copy_jump=True)
    m.options["maxZoom"] = 18  # Leaflet.markercluster needs it; with no tile layer nothing else sets it
    _localize(m)
    m.get_root().header.add_child(Element(_MAP_CSS), name="nm_css")
    if outlines:
        m.add_child(_Outlines(oa.OUTLINES_URL))
    if labels:
        m.add_child(_Labels(oa.LABELS_URL, MAX_PER_VIEW))
    if mode == "osm":
        folium.TileLayer("OpenStreetMap", max_zoom=18).add_to(m)
    m.add_child(_Control(legend_html(colors), "topright", "nm-legend"))
    m.add_child(_Control(_e(offline_note(mode, outlines)), "bottomleft", "nm-note"))
    b = bounds if bounds is not None else data_bounds(all_events)
    if b:
        m.fit_bounds(b)
    return m


FALLBACK_COLOR = "#555555"


def marker_styles(colors: dict[str, str]) -> list[dict]:
    """Circle-marker options: index ``2 * i + area`` for the i-th colour of ``colors``, the fallback colour last."""
    styles = []
    for kind, color in [*colors.items(), ("other", FALLBACK_COLOR)]:
        # nmType: the type a cluster's pie names (Leaflet keeps options it does not know on the marker)
        styles.append({"radius": TOWN_RADIUS, "color": color, "weight": 2, "fillColor": color, "fillOpacity": 0.85,
                       "dashArray": None, "className": "nm-town", "nmType": kind})
        styles.append({"radius": AREA_RADIUS, "color": "#333333", "weight": 2, "fillColor": color,
                       "fillOpacity": 0.35, "dashArray": "4 3", "className": "nm-area", "nmType": kind})
    return styles


NEW_MARK = "● new since you opened · "


def marker_fragments(events: Sequence[StoredEvent], colors: dict[str, str],
                     new_articles: frozenset | None = None) -> list[str]:
    """Per event, its markers as comma-joined JS arrays ``[lat, lon, style, popup, tooltip]`` ("" if unplaced).

    One marker per placed place: solid town style or dashed area style in the event type's colour (see
    ``marker_styles``); popup and tooltip escaped HTML in ``js_str`` literals; the tooltip of an event whose
    article is in ``new_articles`` starts with NEW_MARK, and an incident's lead says its number of reports. Built
    once per data set;
    ``build_marker_group`` joins the fragments of the events shown.
    """
    index = {c: i for i, c in enumerate(colors)}
    fallback = len(colors)
    out = []
    for se in events:
        base = 2 * index.get(se.event.type, fallback)
        label = date_label(se.event)
        parts = []
        for p in event_places(se.event):
            lat, lon = p.entry.lat, p.entry.lon
            if not (math.isfinite(lat) and math.isfinite(lon)):
                continue
            mark = NEW_MARK if new_articles and se.event.article_id in new_articles else ""
            told = f" · {se.reports} reports" if se.reports > 1 else ""  # one incident, several articles
            tip = _e(f"{mark}{label} · {place_name(p)}{told}")
            parts.append(f"[{lat!r},{lon!r},{base + p.entry.is_area},{js_str(popup_html(se, p))},{js_str(tip)}]")
        out.append(",".join(parts))
    return out


def build_marker_group(events: Sequence[StoredEvent], colors: dict[str, str],
                       fragments: Sequence[str] | None = None) -> folium.FeatureGroup:
    """One clustered circle per (event, placed place): solid for towns/sites, dashed for countries/regions.

    ``fragments``: the events' ``marker_fragments`` when the caller has them already (aligned with ``events``).
    """
    frags = marker_fragments(events, colors) if fragments is None else fragments
    fg = folium.FeatureGroup(name="Events")
    data = ",".join(f for f in frags if f)
    fg.add_child(_ClusteredMarkers({"maxClusterRadius": 35, "showCoverageOnHover": False, "spiderfyOnMaxZoom": True},
                                   marker_styles(colors), data, marker_count(events)))
    return fg


def marker_count(events: Sequence[StoredEvent]) -> int:
    return sum(len(event_places(se.event)) for se in events)


# --- many events: counts per map cell instead of markers --------------------------------------------------

MARKER_MAX_EVENTS = 500  # markers when the view holds at most this many placed events, counts per cell above
CELL_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0)
CELLS_ACROSS = 24  # about this many cells across the wider side of the view


def cell_size(view) -> float:
    """The cell size (degrees) for a map view ``(south, west, north, east)``: the smallest of ``CELL_SIZES``
    giving at most ``CELLS_ACROSS`` cells across its wider side (a longitude degree counts half)."""
    if view is None:
        return CELL_SIZES[-1]
    south, west, north, east = view
    lon_span = min(east - west if east >= west else east + 360 - west, 360)
    span = max(north - south, lon_span / 2)
    return next((s for s in CELL_SIZES if span / s <= CELLS_ACROSS), CELL_SIZES[-1])


class _Cells(_DataScript):
    """Counts per map cell: one circle per cell at its centre, sized by the count, with the count written on
    it; a click zooms the map into the cell (where, with few enough events, the markers take over)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function (group) {
            var D = [{{ this.data_js }}];
            for (var i = 0; i < D.length; i++) {
                var s = D[i][0], w = D[i][1], z = D[i][2], n = D[i][3];
                var c = [Math.min(s + z / 2, 89.9), w + z / 2];
                var r = Math.min(28, 8 + 4 * Math.log(n) / Math.LN10 * 2);
                var box = [[s, w], [s + z, w + z]];
                var dot = L.circleMarker(c, {radius: r, color: '#2b5d8a', weight: 1.5, fillColor: '#4c8bc4',
                    fillOpacity: 0.55, className: 'nm-cell'}).bindTooltip(n + ' events here; click to zoom in');
                var label = L.marker(c, {interactive: false, keyboard: false, icon: L.divIcon({
                    className: 'nm-cell-count', html: String(n), iconSize: [40, 14], iconAnchor: [20, 7]})});
                (function (b) { dot.on('click', function () { group._map && group._map.fitBounds(b); }); })(box);
                group.addLayer(dot);
                group.addLayer(label);
            }
        })({{ this.get_name() }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data_js: str):
        super().__init__()
        self._name = "Cells"
        self.data_js = data_js


TRAIL_OPACITY = (0.45, 0.2)  # the trail's dots, the last step's window first (dashboard.playback.trail)


class _TrailDots(_DataScript):
    """The trail of playback (issue #21): the events of the last steps' windows as small faded dots in their
    type's colour, fainter the older the step, under the markers and not clickable. Numbers and colours only."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (parent) {
            var D = [{{ this.data_js }}], C = {{ this.colors_js }}, O = {{ this.opacity_js }};
            for (var i = 0; i < D.length; i++) {
                L.circleMarker([D[i][0], D[i][1]], {radius: 5, stroke: false, fillColor: C[D[i][2]],
                    fillOpacity: O[D[i][3]], interactive: false, className: 'nm-trail nm-trail-' + (D[i][3] + 1)})
                    .addTo(parent);
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data_js: str, colors: list[str]):
        super().__init__()
        self._name = "Trail"
        self.data_js = data_js
        self.colors_js = js_str(colors)
        self.opacity_js = json.dumps(list(TRAIL_OPACITY))


def add_trail(group: folium.FeatureGroup, trail: Sequence[Sequence[StoredEvent]], colors: dict[str, str]) -> int:
    """Add the trail's dots to ``group``: ``trail`` holds the events of each past window, the latest first
    (at most ``len(TRAIL_OPACITY)``); return the number of dots."""
    palette = [*colors.values(), FALLBACK_COLOR]
    index = {t: i for i, t in enumerate(colors)}
    dots = [f"[{p.entry.lat!r},{p.entry.lon!r},{index.get(se.event.type, len(colors))},{age}]"
            for age, events in enumerate(trail[:len(TRAIL_OPACITY)]) for se in events for p in event_places(se.event)]
    if dots:
        group.add_child(_TrailDots(",".join(dots), palette))
    return len(dots)


# The heat layer's ramp (ColorBrewer's YlOrRd, five classes): a cell's class is its count's share of the largest
# count on a log scale, so one busy city does not leave every other cell the palest colour.
HEAT_RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


def heat_class(count: int, most: int) -> int:
    """The ramp class (0-4) of a cell of ``count`` events when the busiest cell has ``most``."""
    if count <= 0:
        return 0
    if most <= 1:  # every cell holds one event: the middle of the ramp, not its extreme
        return len(HEAT_RAMP) // 2
    return min(len(HEAT_RAMP) - 1, int(math.log(count) / math.log(most) * len(HEAT_RAMP)))


class _HeatCells(_DataScript):
    """The heat layer (issue #21, kepler.gl's grid): every map cell holding events, a square shaded by its count
    (``HEAT_RAMP``), the count in its tooltip. Numbers only: nothing from an article."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function (group) {
            var D = [{{ this.data_js }}], R = {{ this.ramp_js }};
            for (var i = 0; i < D.length; i++) {
                var s = D[i][0], w = D[i][1], z = D[i][2], n = D[i][3];
                group.addLayer(L.rectangle([[s, w], [Math.min(s + z, 90), w + z]], {weight: 0.5, color: '#7f2704',
                    opacity: 0.35, fillColor: R[D[i][4]], fillOpacity: 0.6, className: 'nm-heat'})
                    .bindTooltip(n + ' events here'));
            }
        })({{ this.get_name() }});
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data_js: str):
        super().__init__()
        self._name = "Heat"
        self.data_js = data_js
        self.ramp_js = json.dumps(list(HEAT_RAMP))


def build_heat_group(cells) -> folium.FeatureGroup:
    """The map's heat layer of ``timeline.query.MapCell`` counts (see ``_HeatCells``)."""
    most = max((int(c.count) for c in cells), default=0)
    fg = folium.FeatureGroup(name="Events")
    data = ",".join(f"[{float(c.south)!r},{float(c.west)!r},{float(c.size)!r},{int(c.count)},"
                    f"{heat_class(int(c.count), most)}]" for c in cells)
    fg.add_child(_HeatCells(data))
    return fg


def build_cell_group(cells) -> folium.FeatureGroup:
    """The map's layer of ``timeline.query.MapCell`` counts (numbers only: nothing from an article)."""
    fg = folium.FeatureGroup(name="Events")
    data = ",".join(f"[{float(c.south)!r},{float(c.west)!r},{float(c.size)!r},{int(c.count)}]" for c in cells)
    fg.add_child(_Cells(data))
    return fg
