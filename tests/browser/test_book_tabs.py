"""The "In your framework" snippets in the rendered book: synced framework tabs (issue 13).

Every ``cp.snippets.show(route)`` output of a chapter is a sphinx-design tab set in the book,
one tab per framework file, with the code highlighted as Python and the call itself hidden.
Choosing PyTorch on one tab set selects PyTorch on every tab set of the page, and the choice
holds on the next chapter page (sphinx-design keeps it in localStorage; nothing online).
Screenshots: test-artifacts/book/tabs_*.png.
"""

import json

import pytest
from browser_support import CHAPTERS, read

TABS = "div.sd-tab-set.framework-snippets"

# For each framework tab set on the page: the sync ids of its tabs and the one selected.
TAB_REPORT = """(selector) => [...document.querySelectorAll(selector)].map(set => {
  const labels = [...set.querySelectorAll(':scope > label.sd-tab-label')];
  const checked = set.querySelector(':scope > input:checked');
  const selected = checked ? checked.nextElementSibling : null;
  const panel = selected ? selected.nextElementSibling : null;
  return {
    ids: labels.map(l => l.dataset.syncId),
    selected: selected ? selected.dataset.syncId : null,
    visibleCode: panel ? panel.querySelector('div.highlight-python pre') !== null
      && panel.offsetHeight > 0 : false,
  };
})"""


def snippet_displays(notebook):
    """The frameworks of each snippet display stored in the notebook, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        [entry["framework"] for entry in output["metadata"]["text/markdown"]["gfg_snippets"]]
        for cell in cells
        for output in cell.get("outputs", [])
        if "gfg_snippets" in output.get("metadata", {}).get("text/markdown", {})
    ]


WITH_SNIPPETS = [p for p in CHAPTERS if snippet_displays(p)]
# Pages where switching can be seen: two tab sets that both offer PyTorch.
SYNCABLE = [p for p in WITH_SNIPPETS if sum("torch" in d for d in snippet_displays(p)) >= 2]


def need(pages, what):
    if not pages:
        pytest.skip(f"no chapter has {what} yet (cp.snippets.show cells)")


@pytest.mark.parametrize("notebook", WITH_SNIPPETS or [None], ids=lambda p: p and p.stem)
def test_snippet_tabs_render(page, site, notebook, artifacts):
    need(WITH_SNIPPETS, "snippet displays")
    read(page, site, f"chapters/{notebook.stem}")
    displays = snippet_displays(notebook)
    report = page.evaluate(TAB_REPORT, TABS)
    assert [tabs["ids"] for tabs in report] == displays, (
        "the page's framework tab sets differ from the notebook's snippet displays"
    )
    for tabs in report:
        assert tabs["selected"] == tabs["ids"][0], "a tab set opens on no tab or not the first"
        assert tabs["visibleCode"], "the selected tab shows no highlighted Python code"
    text = page.locator("article").inner_text()
    assert "snippets.show(" not in text, "the cp.snippets.show call is shown in the book"
    page.locator(TABS).first.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "book" / f"tabs_{notebook.stem}.png")


def test_choosing_pytorch_switches_every_tab_set_and_persists(page, site, artifacts):
    need(SYNCABLE, "two snippet displays with a PyTorch tab on one page")
    first = SYNCABLE[0]
    read(page, site, f"chapters/{first.stem}")
    tab_sets = page.locator(TABS)
    tab_sets.first.locator(":scope > label.sd-tab-label[data-sync-id='torch']").click()
    report = page.evaluate(TAB_REPORT, TABS)
    for number, tabs in enumerate(report):
        if "torch" in tabs["ids"]:
            assert tabs["selected"] == "torch", f"tab set {number} did not switch to PyTorch"
            assert tabs["visibleCode"], f"tab set {number} shows no code after the switch"
    tab_sets.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "book" / "tabs_switched_to_pytorch.png")

    others = [p for p in WITH_SNIPPETS if p != first]
    need(others, "snippet displays on a second page")
    read(page, site, f"chapters/{others[0].stem}")
    report = page.evaluate(TAB_REPORT, TABS)
    with_torch = [tabs for tabs in report if "torch" in tabs["ids"]]
    assert with_torch, f"{others[0].stem} has no PyTorch tab to check"
    assert all(tabs["selected"] == "torch" for tabs in with_torch), (
        "the PyTorch choice was not remembered on the next page"
    )
