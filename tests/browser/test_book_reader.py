"""What a reader does besides reading (issue 17): search the book, download a chapter's notebook.

Search goes through the sidebar's search box, as a reader types it, and Sphinx's own offline
index (searchindex.js): the first hit must be the chapter about the term, and following it
lands on that chapter. Every chapter page links to its notebook; following the link downloads
a file that nbformat reads and validates, and that is the chapter's notebook as committed
(not the book's staged copy).
"""

import json

import pytest
from browser_support import CHAPTERS, SOURCE, read

# term -> the chapter whose subject it is
SEARCHES = {"Wirtinger": "04_complex_derivatives", "RMSProp": "05_optimizer_internals"}


@pytest.mark.parametrize("term", SEARCHES)
def test_search_finds_the_chapter(page, site, term, artifacts):
    expected = SEARCHES[term]
    if not (SOURCE / f"{expected}.ipynb").is_file():
        pytest.skip(f"{expected}.ipynb is not in this book")
    read(page, site, "index")
    box = page.locator("input.sidebar-search").first
    box.fill(term)
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    results = page.locator("#search-results ul.search > li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    page.screenshot(path=artifacts / "book" / f"search_{term}.png")
    assert expected in hrefs[0], f"searching {term!r}: first hit {hrefs[0]}, expected {expected}"
    results.first.click()
    page.wait_for_load_state("load")
    assert f"/chapters/{expected}.html" in page.url
    assert page.locator("article h1").count() == 1
    assert not page.watch.problems(), page.watch.problems()


def test_every_chapter_page_downloads_its_notebook(page, site, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    for notebook in CHAPTERS:
        page.goto(f"{site}/chapters/{notebook.stem}.html", wait_until="load")
        link = page.locator(f"article a.download[href$='/{notebook.name}']")
        assert link.count() == 1, f"{notebook.stem}: no link to {notebook.name}"
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == notebook.name
        target = tmp_path / notebook.name
        download.save_as(target)
        nb = nbformat.read(target, as_version=4)
        nbformat.validate(nb)
        # the chapter's own notebook (same title), not a staged copy with the book's folds
        committed = json.loads(notebook.read_text(encoding="utf-8"))
        assert nb.cells[0].source == "".join(committed["cells"][0]["source"]), (
            f"{notebook.name}: the download is another notebook"
        )
        assert not any("exercise-fold" in c.metadata.get("tags", []) for c in nb.cells), (
            f"{notebook.name}: the download is the book's staged copy, not the notebook"
        )
    assert not page.watch.problems(), page.watch.problems()
