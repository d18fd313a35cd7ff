"""The standard every page a browser journey visits is held to (issue 15), checked in the page itself:

- axe-core (tests/browser/vendor/axe.min.js, from the npm registry): no serious or critical violation of the
  WCAG 2.0/2.1 A and AA rules (the basis of GB/T 37668-2019);
- at a phone's 390 × 844 and a desk's 1366 × 768: no horizontal scrolling;
- on the phone: every visible link, button and form field at least 44 px tall.

`check_page` runs all three on the page as it is (same user, same state), resizing the viewport and putting it
back; tests/conftest.py calls it just before each navigation leaves a page and on the last page of a test.
A page that draws itself after the load event marks what is still being drawn `aria-busy="true"` (the API
documentation: templates/portal/redoc.html, static/js/redoc-init.js); the checks wait until nothing is busy.
"""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
MIN_TAP = 44
BUSY_TIMEOUT_MS = 20_000
_NOT_BUSY = "() => !document.querySelector('[aria-busy=true]')"

# preload: only the media assets (no-autoplay-audio). axe would also copy every stylesheet that @imports another
# (Django admin's forms.css) into <style> elements of its own, which the Content-Security-Policy blocks and
# reports as the page's violation; that copy serves only css-orientation-lock, an experimental rule the tags
# above never run.
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
                                          preload: {assets: ["media"]}});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 8).map(n => n.target.join(" ") + (n.any.length ? " — " + n.any[0].message : "")),
    count: v.nodes.length,
  }));
}"""

# Measured once the page has re-laid itself out for the new size (charts redraw on a ResizeObserver).
_SCROLL = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200))));
  return [document.documentElement.scrollWidth, document.documentElement.clientWidth];
}"""

# The outermost elements that stick out to the right, to name in a report.
_WIDE = """(width) => {
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (out.length >= 5) break;
    if (el.getBoundingClientRect().right > width + 1 && !out.some(o => o.contains(el))) out.push(el);
  }
  return out.map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                       (el.classList.length ? "." + [...el.classList].slice(0, 3).join(".") : ""));
}"""

# What a finger hits: a checkbox or radio is hit through its label (.form-check), so that is what is measured.
_TAP_TARGETS = """(min) => {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (el.classList.length) s += "." + [...el.classList].slice(0, 3).join(".");
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 24);
    return text ? `${s} "${text}"` : s;
  };
  const small = [];
  for (const el of document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, [role=button]")) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    let target = el;
    if (el.matches("input[type=checkbox], input[type=radio]")) target = el.closest(".form-check, label") || el;
    const box = target.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) continue;  // visually hidden (screen-reader only)
    if (box.height < min - 0.5) small.push(`${describe(el)} ${box.height.toFixed(1)}px`);
  }
  return small;
}"""


def check_page(page) -> list[str]:
    """Problems found on the page now showing: a list of lines (empty when it meets the standard)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    url = page.url
    problems: list[str] = []
    try:
        page.wait_for_function(_NOT_BUSY, timeout=BUSY_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        problems.append(f"{url}: still aria-busy after {BUSY_TIMEOUT_MS // 1000} s (checked as drawn so far)")
    page.evaluate(AXE_SOURCE + "\n;0")
    for v in page.evaluate(_AXE_RUN, AXE_TAGS):
        problems.append(f"{url}: axe {v['impact']} {v['rule']} ({v['help']}), {v['count']} element(s):\n      "
                        + "\n      ".join(v["nodes"]))
    before = page.viewport_size
    try:
        for name, size in (("390×844", PHONE), ("1366×768", DESK)):
            page.set_viewport_size(size)
            scroll, client = page.evaluate(_SCROLL)
            if scroll > client:
                wide = page.evaluate(_WIDE, client)
                problems.append(f"{url}: scrolls sideways at {name} (content {scroll}px wide, window {client}px): "
                                + ", ".join(wide))
            if size is PHONE:
                small = page.evaluate(_TAP_TARGETS, MIN_TAP)
                if small:
                    problems.append(f"{url}: tap targets under {MIN_TAP}px at {name}:\n      " + "\n      ".join(small))
    finally:
        if before:
            page.set_viewport_size(before)
    return problems
