"""The rendered book (_build/html from book/build.sh), read in chromium as a person reads it.

Served from 127.0.0.1 on a free port. For the landing page and every chapter page: the
equations are typeset by MathJax (every math element holds an mjx-container, none is a
MathJax error, no raw TeX or $$ is left in the text), no Markdown table is left as a paragraph
of pipes and every table's rows are equally wide, every image has loaded
(naturalWidth > 0) and there are as many as the notebook has stored figures, no console
error, no failed request, no request to another host; a full-page screenshot of each page
goes to test-artifacts/book/. The chapter list, the prev/next navigation and the folded
exercise hints are checked too.
"""

import json
import re
from pathlib import Path

import pytest
from browser_support import CHAPTERS, PAGES, SOURCE, read

# Text outside code and outputs must not look like TeX: $$, \( or \[, or $...$ with TeX inside.
MATH_REPORT = r"""() => {
  const rawTex = /\$\$|\\\(|\\\[|\$[^$\n]*[\\^_{}][^$\n]*\$/;
  const math = [...document.querySelectorAll('span.math, div.math')];
  const skip = 'pre, code, script, style, mjx-container, .highlight, .output, .cell_output';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    if (rawTex.test(node.textContent)) raw.push(node.textContent.trim().slice(0, 80));
  }
  return {
    math: math.length,
    typeset: math.filter(m => m.querySelector('mjx-container')).length,
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)),
    raw: raw,
  };
}"""

# Markdown tables that did not become tables: a paragraph of pipes with a |--- separator row
# (which Sphinx's smartquotes turn into |—|),
# and tables whose rows have different widths (a stray | in a cell shifts the row).
TABLE_REPORT = r"""() => {
  const rawTables = [...document.querySelectorAll('article p')]
    .map(p => p.textContent.trim())
    .filter(text => text.startsWith('|') && /\|\s*:?(-{3,}|[—–]-?)\s*:?\|/.test(text))
    .map(text => text.slice(0, 80));
  const width = row => [...row.cells].reduce((n, cell) => n + (cell.colSpan || 1), 0);
  const ragged = [...document.querySelectorAll('article table')]
    .map(table => [...table.rows].map(width))
    .filter(widths => new Set(widths).size > 1)
    .map(widths => widths.join(','));
  return {tables: document.querySelectorAll('article table').length, rawTables, ragged};
}"""

IMAGE_REPORT = """() => [...document.images].map(img => ({
  src: img.getAttribute('src'), complete: img.complete, width: img.naturalWidth,
}))"""


def stored_figures(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(
        1
        for cell in cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )


def exercise_stubs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(
        1
        for cell in cells
        if cell["cell_type"] == "code"
        and re.match(r"#\s*Exercise\s+\d+\.\d+", "".join(cell["source"]).lstrip())
    )


def test_landing_page_lists_every_chapter(page, site):
    read(page, site, "index")
    table = page.locator("article table a.reference.internal")
    linked = [
        href.split("#")[0]
        for href in table.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    ]
    assert linked == [f"chapters/{p.stem}.html" for p in CHAPTERS], (
        "the landing page's chapter list differs from chapters/NN_*.ipynb: rebuild the book"
    )
    sidebar = page.locator(".sidebar-tree a.reference.internal").count()
    assert sidebar >= len(CHAPTERS), "the sidebar does not list every chapter"


def test_next_links_walk_through_every_chapter_in_order(page, site):
    read(page, site, "index")
    visited = []
    for _ in range(len(CHAPTERS) + 1):
        following = page.locator("a.next-page")
        if not following.count():
            break
        following.first.click()
        page.wait_for_load_state("load")
        visited.append(page.url.split("/chapters/")[-1].removesuffix(".html"))
        if len(visited) > 1:
            assert page.locator("a.prev-page").count(), f"{visited[-1]} has no link back"
    assert visited == [p.stem for p in CHAPTERS]


@pytest.mark.parametrize("name", PAGES)
def test_page_renders(page, site, name, artifacts):
    read(page, site, name)
    shots = artifacts / "book"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"{Path(name).name}.png", full_page=True)

    math = page.evaluate(MATH_REPORT)
    assert math["typeset"] == math["math"], (
        f"{math['math'] - math['typeset']} of {math['math']} equations were not typeset"
    )
    assert not math["errors"], f"MathJax could not typeset: {math['errors']}"
    assert not math["raw"], f"raw TeX left in the text: {math['raw']}"

    tables = page.evaluate(TABLE_REPORT)
    assert not tables["rawTables"], f"Markdown tables rendered as text: {tables['rawTables']}"
    assert not tables["ragged"], f"tables whose rows differ in width: {tables['ragged']}"

    images = page.evaluate(IMAGE_REPORT)
    broken = [img["src"] for img in images if not img["complete"] or img["width"] == 0]
    assert not broken, f"images that did not load: {broken}"
    if name != "index":
        notebook = SOURCE / f"{Path(name).name}.ipynb"
        shown = page.locator("article img").count()
        assert shown >= stored_figures(notebook), (
            f"the notebook stores {stored_figures(notebook)} figures, the page shows {shown}"
        )
        assert page.locator("article h1").count() == 1, "a chapter page has exactly one title"

    assert not page.watch.problems(), page.watch.problems()


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_exercise_hints_are_folded(page, site, notebook, artifacts):
    read(page, site, f"chapters/{notebook.stem}")
    stubs = exercise_stubs(notebook)
    hints = page.locator("details.exercise-hints")
    solutions = page.locator("details.exercise-solution")
    assert hints.count() == stubs and solutions.count() == stubs, (
        f"{stubs} exercises, {hints.count()} folded hint blocks, {solutions.count()} solutions"
    )
    for block in [*hints.all(), *solutions.all()]:
        assert block.get_attribute("open") is None, "a hint or solution is unfolded on load"
        body = block.locator(":scope > :not(summary)").first
        assert not body.is_visible(), "folded content is visible"
        block.locator("summary").click()
        assert body.is_visible(), "clicking the summary does not unfold it"
    if stubs:
        hints.first.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "book" / f"{notebook.stem}_hints_unfolded.png")
