"""Accessibility of the rendered book, in a real browser (issue 17).

axe-core (book/node_modules, from npm; no network) is injected into every page by Playwright:
0 serious and 0 critical violations, in the light theme and, for the colour rules, in Furo's
dark theme too. A page that fails keeps its screenshot in test-artifacts/axe/. Every page is
also photographed under ``prefers-color-scheme: dark`` (test-artifacts/book/dark_*.png): the
theme must really be dark there, and every figure must sit on a light card.
"""

import pytest
from browser_support import PAGES, ROOT, read, unavailable

AXE = ROOT / "book" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN_AXE = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
}"""

# Background luminance of the page and of each figure's card (0 black .. 1 white).
DARK_REPORT = """() => {
  const luminance = (element) => {
    const colour = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).map(Number);
    const [r, g, b] = colour;
    return (colour.length > 3 && colour[3] === 0) ? null : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  return {
    page: luminance(document.body),
    figures: [...document.querySelectorAll('article div.cell_output img')].map(luminance),
  };
}"""


def blocking(page, options):
    return [v for v in page.evaluate(RUN_AXE, options) if v["impact"] in BLOCKING]


def describe(violations):
    return "\n".join(
        f"  {v['impact']}: {v['id']} ({v['help']}) on {v['count']} elements, e.g. {v['targets']}"
        for v in violations
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation_in_light_or_dark(page, site, name, artifacts):
    if not AXE.is_file():
        unavailable(f"{AXE} is missing: run `npm ci --prefix book` (.ci/book.sh does)")
    read(page, site, name)
    page.add_script_tag(path=str(AXE))
    stem = name.replace("/", "_")
    found = blocking(page, {"resultTypes": ["violations"]})

    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(100)
    shots = artifacts / "book"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"dark_{name.split('/')[-1]}.png", full_page=True)
    dark = blocking(page, {"runOnly": ["color-contrast"], "resultTypes": ["violations"]})
    report = page.evaluate(DARK_REPORT)

    if found or dark:
        failed = artifacts / "axe"
        failed.mkdir(exist_ok=True)
        page.emulate_media(color_scheme="light")
        page.screenshot(path=failed / f"{stem}.png", full_page=True)
    assert not found, f"axe-core, light theme, {name}:\n{describe(found)}"
    assert not dark, f"axe-core, dark theme, {name}:\n{describe(dark)}"
    assert report["page"] is not None and report["page"] < 0.3, (
        f"prefers-color-scheme: dark did not give a dark page (luminance {report['page']})"
    )
    pale = [k for k, lum in enumerate(report["figures"]) if lum is None or lum < 0.9]
    assert not pale, f"figures {pale} are not on a light card in the dark theme"
