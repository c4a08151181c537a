"""What a map's iframe has drawn, read through Leaflet's own objects.

The maps draw on a canvas (``prefer_canvas``): their shapes are not SVG
paths a selector can count. Each shape is still a Leaflet layer on the
iframe's ``window.map`` (streamlit-folium's name for it), with the
``className`` its style gave it; these helpers count those layers, wait for
them, and hover one as a planner's mouse would.
"""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: A JavaScript statement defining ``cvCount(w, cls, fresh)``: how many features of class
#: ``cls`` the map of iframe window ``w`` holds (with ``fresh``, only those not marked
#: ``_cvOld``, see :data:`MARK_OLD_JS`), and whether its canvas has a redraw pending
#: (Leaflet draws on the next animation frame). Put at the start of a function's body.
COUNT_JS = """
  const cvCount = (w, cls, fresh) => {
    let n = 0, pending = false;
    w.map.eachLayer((l) => {
      const names = String((l.options && l.options.className) || '').split(' ');
      if (l.feature && names.includes(cls) && !(fresh && l._cvOld)) {
        n += 1;
        if (l._renderer && l._renderer._redrawRequest) pending = true;
      }
    });
    return [n, pending];
  };
"""

#: A JavaScript function marking every layer on the pages' maps ``_cvOld``, so that a
#: :data:`COUNT_JS` count with ``fresh`` sees only the layers added after it: a map page
#: swaps its overlay on the map it has drawn (``ui.panels.Overlay``), on the same canvas.
MARK_OLD_JS = """
() => {
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const w = f.contentWindow;
    if (w && w.map) w.map.eachLayer((l) => { l._cvOld = true; });
  }
}
"""

# The features of class ``cls`` on the newest map (the last iframe) whose canvas has drawn.
_FEATURES_JS = (
    """
([sel, cls, text]) => {"""
    + COUNT_JS
    + """
  const frames = [...document.querySelectorAll(sel)];
  for (const f of frames.reverse()) {
    const w = f.contentWindow, d = f.contentDocument;
    if (!w || !d || !w.map || !w.L || !d.body.innerText.includes(text)) continue;
    const [n, pending] = cvCount(w, cls);
    if (n && !pending) return n;
  }
  return 0;
}
"""
)

# Page coordinates of the centres of the first ``limit`` features of class ``cls`` in view.
_CENTRES_JS = """
([sel, cls, limit]) => {
  const out = [];
  for (const f of [...document.querySelectorAll(sel)].reverse()) {
    const w = f.contentWindow;
    if (!w || !w.map) continue;
    const m = w.map, box = f.getBoundingClientRect(), size = m.getSize();
    const frame = m.getContainer().getBoundingClientRect();
    m.eachLayer((l) => {
      const names = String((l.options && l.options.className) || '').split(' ');
      if (out.length >= limit || !l.feature || !names.includes(cls) || !l.getCenter) return;
      const p = m.latLngToContainerPoint(l.getCenter());
      if (p.x < 60 || p.y < 60 || p.x > size.x - 60 || p.y > size.y - 60) return;
      out.push([box.left + frame.left + p.x, box.top + frame.top + p.y]);
    });
    if (out.length) break;
  }
  return out;
}
"""


def features(page: Page, cls: str, text: str = "") -> int:
    """How many features of class ``cls`` the newest map holding ``text`` has drawn (0: none)."""
    return int(page.evaluate(_FEATURES_JS, [IFRAME, cls, text]))


def wait_features(page: Page, cls: str, text: str = "", timeout: float = 120_000) -> int:
    """Wait until a map holding ``text`` has drawn features of class ``cls``; how many."""
    handle = page.wait_for_function(
        "(a) => (" + _FEATURES_JS + ")(a) || null", arg=[IFRAME, cls, text], timeout=timeout
    )
    return int(handle.json_value())


def hover_until(page: Page, cls: str, text: str, tries: int = 12) -> str:
    """Move the mouse over features of class ``cls`` until a tooltip shows ``text``; its text.

    Another shape may lie over a feature's centre (a public space, the top
    hot spots' outline), so several features are tried in turn.
    """
    tip = page.frame_locator(IFRAME).last.locator(".leaflet-tooltip")
    seen = ""
    for x, y in page.evaluate(_CENTRES_JS, [IFRAME, cls, tries]):
        page.mouse.move(x, y)
        page.mouse.move(x + 1, y + 1)
        try:
            tip.first.wait_for(timeout=2_000)
        except PlaywrightTimeout:  # no tooltip over this point: try the next feature
            continue
        seen = str(tip.first.inner_text())
        if text in seen:
            return seen
    return seen
