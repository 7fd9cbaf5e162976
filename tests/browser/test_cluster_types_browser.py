"""Issue #21: a cluster of markers shows the types of its events (a small pie, kepler.gl's and ACLED Explorer's
reading), in the legend's colours, in headless Chromium on the seeded app (see conftest.py)."""
from __future__ import annotations

from pathlib import Path

from map_probe import open_app
from tests.browser.conftest import MAP_IFRAME

from dashboard.type_colors import TYPE_COLORS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"  # gitignored

# Each cluster icon: its title, its slices (type, count, colour), and the count written on it; with the number
# of markers the cluster holds (Leaflet.markercluster's own count)
_PIES_JS = """() => {
    const out = [], g = window.feature_group, fg = g[g.length - 1];
    fg.eachLayer(cl => {
        if (!cl._featureGroup) { return; }
        cl._featureGroup.eachLayer(m => {
            if (!m.getChildCount || !m._icon) { return; }
            const svg = m._icon.querySelector('svg');
            out.push({held: m.getChildCount(), isPie: m._icon.classList.contains('nm-pie'),
                      title: svg ? svg.querySelector('title').textContent : null,
                      written: svg ? svg.querySelector('text').textContent : null,
                      slices: svg ? [...svg.querySelectorAll('.nm-pie-slice')].map(s =>
                          [s.getAttribute('data-type'), Number(s.getAttribute('data-n')), s.getAttribute('fill')]) : [],
                      types: Object.entries(m.getAllChildMarkers().reduce((a, c) => {
                          a[c.options.nmType] = (a[c.options.nmType] || 0) + 1; return a; }, {}))});
        });
    });
    return out;
}"""


def test_each_cluster_is_a_pie_of_its_types_in_the_legends_colours(page, app_url):
    frame = open_app(page, app_url)
    pies = frame.evaluate(_PIES_JS)
    assert pies, "the seed's world view has clusters"
    assert all(p["isPie"] for p in pies)
    assert any(len(p["slices"]) >= 3 for p in pies)  # the seed's Libya cluster mixes types
    for p in pies:
        assert int(p["written"]) == p["held"] == sum(n for _, n, _ in p["slices"])
        assert sorted((t, n) for t, n, _ in p["slices"]) == sorted(tuple(x) for x in p["types"])
        assert all(color == TYPE_COLORS[t] for t, _, color in p["slices"])
        counts = [n for _, n, _ in p["slices"]]
        assert counts == sorted(counts, reverse=True)  # the largest share first
        assert p["title"] == " · ".join(f"{t} {n}" for t, n, _ in p["slices"])
    # the legend names every type a pie shows
    legend = frame.locator(".nm-legend").first.inner_text()
    assert all(t in legend for p in pies for t, _, _ in p["slices"])
    page.locator(MAP_IFRAME).last.screenshot(path=str(ARTIFACTS / "browser_cluster_pies.png"))
