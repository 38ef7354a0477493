"""Reader polish in the rendered book (issue 25): tables fit, copy buttons copy only code,
import names are not decorated in either theme, the favicon is served, and each chapter page
says when it was last verified.

Screenshots: test-artifacts/polish/ (chapter 4's table at 1280 px, a copy button, dark-mode
imports).
"""

import json
import re
import urllib.request

import pytest
from browser_support import CHAPTERS, PAGES, read

WIDTHS = (1280, 800)

# Every <table> of the page against the content column (the article's content box): the table
# must end inside it, and neither the table nor its wrapper may need a sideways scroll.
TABLES = """() => {
  const article = document.querySelector('article[role=main]');
  const style = getComputedStyle(article);
  const box = article.getBoundingClientRect();
  const right = box.right - parseFloat(style.paddingRight);
  return [...article.querySelectorAll('table')].map((table, index) => {
    const wrapper = table.closest('.table-wrapper') || table.parentElement;
    const r = table.getBoundingClientRect();
    return {
      index,
      header: (table.querySelector('tr') || table).textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
      width: Math.round(r.width),
      column: Math.round(right - box.left - parseFloat(style.paddingLeft)),
      overflow: r.right > right + 1 || table.scrollWidth > table.clientWidth + 1
        || wrapper.scrollWidth > wrapper.clientWidth + 1,
    };
  });
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_table_fits_its_column(browser, site, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wide, counted = [], 0
    try:
        for name in PAGES:
            read(page, site, name)
            tables = page.evaluate(TABLES)
            counted += len(tables)
            wide += [
                f"{name} table {t['index']} ({t['header']!r}): {t['width']} px in {t['column']} px"
                for t in tables
                if t["overflow"]
            ]
            if name.startswith("chapters/04_") and tables and width == 1280:
                shots = artifacts / "polish"
                shots.mkdir(exist_ok=True)
                page.locator("article table").first.scroll_into_view_if_needed()
                page.screenshot(path=shots / "04_table_1280.png")
    finally:
        context.close()
    assert counted, "no table measured: did the book build?"
    assert not wide, f"tables wider than their column at {width} px:\n" + "\n".join(wide)


def first_chapter_page():
    return next(p for p in PAGES if p.startswith("chapters/0") and not p.startswith("chapters/00"))


def test_copy_button_copies_the_code_without_prompts_or_output(browser, site, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    try:
        read(page, site, first_chapter_page())
        page.wait_for_selector("div.cell_input button.copybtn", state="attached")
        cell = page.locator("div.cell_input:visible").first  # a folded setup cell is not
        code = cell.locator("pre").first.inner_text()
        button = cell.locator("button.copybtn").first
        cell.hover()
        button.click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        shots = artifacts / "polish"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=shots / "copy_button.png", clip=cell.bounding_box())
        assert copied.strip() == code.strip(), (
            "the clipboard holds something else than the cell's code"
        )
        assert copied.strip(), "nothing was copied"

        # stored outputs get no button: there is nothing in them to run
        assert page.locator("div.cell_output button.copybtn").count() == 0
        # framework snippets do
        if page.locator(".framework-snippets").count():
            assert page.locator(".framework-snippets button.copybtn").count() >= 1

        # prompts and the output between prompted lines are left out: a doctest-style block
        # with its own copy button, which the page's clipboard handler (delegated to every
        # .copybtn, configured in book/conf.py) serves like any other
        page.evaluate(
            """() => {
              const block = document.createElement('div');
              block.className = 'highlight-python';
              block.innerHTML = '<div class="highlight"><pre id="prompted">&gt;&gt;&gt; x = 1 + 1\\n'
                + '&gt;&gt;&gt; print(x)\\n2\\n$ uv run pytest\\n</pre>'
                + '<button class="copybtn" data-clipboard-target="#prompted">copy</button></div>';
              document.querySelector('article').prepend(block);
            }"""
        )
        page.locator("#prompted ~ button.copybtn").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.splitlines() == ["x = 1 + 1", "print(x)", "uv run pytest"], copied
    finally:
        context.close()


IMPORT_NAMES = """() => [...document.querySelectorAll('div.highlight .nn')].map(el => {
  const style = getComputedStyle(el);
  return {text: el.textContent, line: style.textDecorationLine, color: style.color};
})"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_import_names_are_not_decorated(browser, site, artifacts, theme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=theme)
    page = context.new_page()
    try:
        page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
        read(page, site, first_chapter_page())
        assert page.evaluate("() => document.body.dataset.theme") == theme
        names = page.evaluate(IMPORT_NAMES)
        assert names, "no import name (Pygments class nn) on the page"
        decorated = [n for n in names if n["line"] != "none"]
        assert not decorated, f"{theme}: import names drawn as links: {decorated[:5]}"
        if theme == "dark":
            shots = artifacts / "polish"
            shots.mkdir(exist_ok=True)
            first = page.locator("div.highlight .nn").first
            first.scroll_into_view_if_needed()
            box = first.locator(
                "xpath=ancestor::div[contains(@class,'highlight')][1]"
            ).bounding_box()
            page.screenshot(path=shots / "dark_imports.png", clip=box)
    finally:
        context.close()


def test_the_favicon_is_served(page, site):
    read(page, site, "index")
    icon = page.evaluate("() => document.querySelector('link[rel~=icon]').href")
    for url in (icon, f"{site}/favicon.ico"):
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200 and len(response.read()) > 100, url
    assert not page.watch.problems(), page.watch.problems()


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_each_chapter_says_when_it_was_last_verified(page, site, notebook):
    date = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("last_executed")
    read(page, site, f"chapters/{notebook.stem}")
    line = page.locator("p.last-verified").inner_text()
    assert re.fullmatch(
        r"Last verified: \d{4}-\d\d-\d\d, against TensorFlow [\d.]+ \(Keras [\d.]+\), "
        r"PyTorch [\d.]+, JAX [\d.]+ \(optax [\d.]+\)\.",
        line,
    ), line
    assert line.startswith(f"Last verified: {date},"), f"{line!r}: not the notebook's date {date}"
