"""Print the rendered book to one PDF: _build/pdf/gradient-field-guide.pdf (issue 17).

Run it through ``book/build.sh --pdf``, which builds the HTML book first: this script reads
_build/html, never the notebooks, and executes nothing.

Route, and why: Chromium's print-to-PDF, driven by Playwright, on one page assembled from the
HTML build. Both are already installed for the browser tests (Debian's chromium, the `book`
group's playwright), so the PDF costs no new install. The HTML is the book's tested form:
MathJax has typeset every equation before the page is printed (the browser tests check that
no raw TeX is left), Markdown tables, highlighted code and the figures are exactly those
of the web pages. Sphinx's LaTeX builder would need a TeX distribution (about 1 GB of Debian
packages to download in CI, and minutes to install) and a second rendering of every myst-nb
output, sphinx-design tab set and HTML fold, each a place for the two editions to disagree.

Steps
    1. assemble  _build/html/_print/book.html: a title page, a table of contents, every
                 chapter's <article> in order, each on new pages, and an appendix. The page
                 sits one folder deep, like the chapter pages, so their relative links to
                 _static/ and _images/ hold as they are.
    2. adapt     in the browser, before printing: each exercise's folded hints and solution
                 move to the appendix, with a pointer left in the chapter; every framework
                 tab of a snippet is shown, one after another; figures keep their on-screen
                 size, never wider than the text, and every stored pixel is embedded (no
                 resampling; the printed density is reported); a stored text output (a
                 printed table) is set smaller until its longest line fits, so its rows stay
                 whole; book/static/print.css wraps long code lines and sets the pages.
    3. print     twice: the first print's outline (Chromium builds it from the headings)
                 says on which page each chapter starts; those numbers fill the table of
                 contents, then the final print has the right page numbers. Every page
                 carries its number in the footer.
"""

import functools
import html
import re
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from browser_support import CHROMIUM_ARGS, chromium_executable  # noqa: E402

HTML = ROOT / "_build" / "html"
PRINT = HTML / "_print" / "book.html"
PDF = ROOT / "_build" / "pdf" / "gradient-field-guide.pdf"
CHAPTER_PAGE = re.compile(r"^(\d\d)b?_\w+\.html$")
# A4 less the margins, in CSS pixels: the page is laid out at the printed text width.
TEXT_WIDTH = round((210 - 2 * 18) / 25.4 * 96)

TITLE = "The Gradient Field Guide"
SUBTITLE = (
    "Where automatic differentiation, optimizers and fitted-model statistics stop doing "
    "what practitioners expect"
)

FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#555;'
    'font-family:sans-serif"><span class="pageNumber"></span></div>'
)


def chapter_pages(html_dir=HTML):
    return sorted(p for p in (html_dir / "chapters").glob("*.html") if CHAPTER_PAGE.match(p.name))


def article(page_html):
    """The inner HTML of the page's <article role="main">."""
    start = page_html.index(">", page_html.index('<article role="main"')) + 1
    end = page_html.rindex("</article>")
    return page_html[start:end]


def head(page_html):
    """The chapter page's <head> content: stylesheets, MathJax and its configuration; not
    its <title>, since the first <title> becomes the PDF's title (the book's, set below)."""
    start = page_html.index(">", page_html.index("<head")) + 1
    return re.sub(
        r"<title>.*?</title>", "", page_html[start : page_html.index("</head>")], flags=re.S
    )


def math_scripts(page_html):
    """MathJax's configuration and loader, which Sphinx puts at the end of the page."""
    return "\n".join(
        tag
        for tag in re.findall(r"<script\b[^>]*>.*?</script>", page_html, re.S)
        if "mathjax" in tag.casefold()
    )


def title_of(article_html):
    found = re.search(r"<h1>(.*?)</h1>", article_html, re.S)
    text = re.sub(r"<[^>]+>", "", found.group(1)) if found else "Untitled"
    return html.unescape(text).replace("#", "").strip()


def assemble(html_dir=HTML):
    """Write the single print page; return [(anchor, title)] of its chapters, in order."""
    pages = chapter_pages(html_dir)
    if not pages:
        raise SystemExit(f"no chapter pages under {html_dir}/chapters: build the book first")
    first = pages[0].read_text(encoding="utf-8")
    scripts = math_scripts(first)
    if "tex-chtml.js" not in scripts:
        raise SystemExit(f"pdf: {pages[0].name} does not load MathJax: was the book built?")
    chapters, bodies = [], []
    for path in pages:
        body = article(path.read_text(encoding="utf-8"))
        anchor = f"chapter-{path.stem}"
        chapters.append((anchor, title_of(body)))
        bodies.append(
            f'<section class="print-chapter" id="{anchor}" data-chapter="{path.stem}">'
            f"{body}</section>"
        )
    toc = "\n".join(
        f'<li><a href="#{anchor}"><span class="contents-title">{html.escape(title)}</span>'
        f'<span class="contents-page" data-target="{anchor}">000</span></a></li>'
        for anchor, title in [*chapters, ("appendix", "Appendix: hints and solutions")]
    )
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
{head(first)}
<link rel="stylesheet" type="text/css" href="../_static/print.css" />
<title>{TITLE}</title>
</head>
<body data-theme="light" class="print-book">
<section class="title-page">
  <h1 class="book-title">{TITLE}</h1>
  <p class="book-subtitle">{SUBTITLE}</p>
  <p class="book-authors">The Gradient Field Guide authors</p>
  <p class="book-licence">Prose and figures CC BY 4.0, code MIT. Printed from the HTML edition
  and the notebooks' stored outputs.</p>
</section>
<div class="print-toc" role="navigation" aria-label="Contents">
  <h1>Contents</h1>
  <ol>
{toc}
  </ol>
</div>
{"".join(bodies)}
<section class="print-appendix" id="appendix">
  <h1>Appendix: hints and solutions</h1>
  <p>The hints and the reference solution of every exercise, in the order of the chapters.
  In JupyterLab, <code>cp.exercises.hint(id)</code> and <code>cp.exercises.solution(id)</code>
  show the same text.</p>
</section>
{scripts}
</body>
</html>
"""
    PRINT.parent.mkdir(exist_ok=True)
    PRINT.write_text(document, encoding="utf-8")
    return chapters


# Step 2, in the page: folds to the appendix, every tab shown, figures at their own size.
ADAPT = r"""() => {
  const appendix = document.getElementById('appendix');
  for (const chapter of document.querySelectorAll('section.print-chapter')) {
    const folds = [...chapter.querySelectorAll('details.exercise-fold')];
    if (!folds.length) continue;
    const heading = document.createElement('h2');
    heading.textContent = chapter.querySelector('h1').textContent.replace('#', '').trim();
    appendix.appendChild(heading);
    for (const fold of folds) {
      const summary = fold.querySelector('summary');
      const title = summary.textContent.replace(/\s*\(?;?\s*click to unfold\)?/, '')
        .replace(/\s*;\s*$/, '').replace(/\(\s*$/, '').trim();
      const block = document.createElement('div');
      block.className = 'appendix-item';
      const h3 = document.createElement('h3');
      h3.textContent = title.endsWith(')') || !title.includes('(') ? title : title + ')';
      block.appendChild(h3);
      summary.remove();
      while (fold.firstChild) block.appendChild(fold.firstChild);
      appendix.appendChild(block);
      if (fold.classList.contains('exercise-hints')) {
        const note = document.createElement('p');
        note.className = 'fold-note';
        note.textContent = `Hints and solution: see the appendix, ${title.replace(/^Hints for /, '')}.`;
        fold.replaceWith(note);
      } else {
        fold.remove();
      }
    }
  }
  // any other fold (e.g. a cell's hidden output) prints open
  document.querySelectorAll('details').forEach(d => d.setAttribute('open', ''));
  // figures: at their own size (as on screen), never wider than the text
  for (const img of document.querySelectorAll('section.print-chapter img')) {
    const width = parseFloat(img.getAttribute('width')) || img.naturalWidth;
    img.style.width = `${width}px`;
    img.style.maxWidth = '100%';
    img.style.height = 'auto';
  }
  // stored text output (a printed table): set in a smaller size until its longest line fits
  // the text width, down to 6 pt, so no row wraps onto a second line; longer ones wrap
  for (const pre of document.querySelectorAll('section.print-chapter div.cell_output pre')) {
    pre.style.setProperty('white-space', 'pre', 'important');
    let size = parseFloat(getComputedStyle(pre).fontSize);
    while (pre.scrollWidth > pre.clientWidth + 1 && size > 6 * 96 / 72) {
      size -= 0.25;
      pre.style.setProperty('font-size', `${size}px`, 'important');
    }
    if (pre.scrollWidth > pre.clientWidth + 1) pre.style.removeProperty('white-space');
  }
  return document.querySelectorAll('.appendix-item').length;
}"""

# Printed density of each figure: its pixels over its printed width in inches (96 px/inch).
FIGURE_DPI_REPORT = """() => [...document.querySelectorAll('section.print-chapter img')].map(
  img => img.naturalWidth / (img.getBoundingClientRect().width / 96))"""

SETTLED = """() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"""


def _print(page, path):
    page.pdf(
        path=str(path),
        format="A4",
        margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"},
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        outline=True,
        tagged=True,
    )


def _normal(text):
    """Compare titles without spaces: Chromium's outline drops the space at a line break."""
    return re.sub(r"\s+", "", text.replace("#", "")).casefold()


def start_pages(pdf_path, targets):
    """{anchor: 1-based page} for each (anchor, title) from the PDF's outline."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    found = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.setdefault(_normal(item.title), reader.get_destination_page_number(item))

    walk(reader.outline)
    pages = {}
    for anchor, title in targets:
        if _normal(title) not in found:
            raise SystemExit(f"pdf: {title!r} is not in the outline Chromium built: {list(found)}")
        pages[anchor] = found[_normal(title)] + 1
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """Serve the build from 127.0.0.1 (MathJax's fonts do not load from file:// pages)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    executable = chromium_executable()
    if executable is None:
        raise SystemExit("pdf: chromium is not installed (apt-get install chromium)")
    shutil.copy2(BOOK / "static" / "print.css", HTML / "_static" / "print.css")
    chapters = assemble()
    targets = [*chapters, ("appendix", "Appendix: hints and solutions")]
    PDF.parent.mkdir(parents=True, exist_ok=True)
    server = serve(HTML)
    url = f"http://127.0.0.1:{server.server_address[1]}/{PRINT.relative_to(HTML).as_posix()}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": TEXT_WIDTH, "height": 1100})
        page.goto(url, wait_until="load")
        page.wait_for_function(SETTLED)
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
        page.emulate_media(media="print")
        items = page.evaluate(ADAPT)
        dpi = min(page.evaluate(FIGURE_DPI_REPORT), default=0)
        with tempfile.TemporaryDirectory() as scratch:
            draft = Path(scratch) / "draft.pdf"
            _print(page, draft)
            numbers = start_pages(draft, targets)
            page.evaluate(
                """(numbers) => document.querySelectorAll('.contents-page').forEach(
                    span => { span.textContent = numbers[span.dataset.target]; })""",
                numbers,
            )
            _print(page, PDF)
        browser.close()
    server.shutdown()
    server.server_close()
    final = start_pages(PDF, targets)
    if final != numbers:
        raise SystemExit(f"pdf: the contents moved between the two prints: {numbers} -> {final}")
    from pypdf import PdfReader

    count = len(PdfReader(PDF).pages)
    seconds = time.perf_counter() - start
    print(
        f"pdf: {len(chapters)} chapters, {items} appendix items, figures at >= {dpi:.0f} dpi, "
        f"{count} pages -> {PDF.relative_to(ROOT)} in {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
