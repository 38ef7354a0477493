"""The printed book, _build/pdf/gradient-field-guide.pdf (book/build.sh --pdf), read with pypdf.

Checks: a plausible page count; a title page and a table of contents whose page numbers are
where the outline says each chapter starts; every chapter's title in the text and in the
outline, in order; no raw TeX ($$, \\frac, \\begin) left in the text; every chapter's stored
figures embedded as images on its pages, at least two per numbered chapter; the exercise
hints collected in the appendix, not left folded in the chapters.
"""

import json
import re

import pytest
from browser_support import CHAPTERS, ROOT, unavailable

PDF = ROOT / "_build" / "pdf" / "gradient-field-guide.pdf"
APPENDIX = "Appendix: hints and solutions"


def squeeze(text):
    """Compare without spaces (line breaks in the PDF's text and outline drop or add them) and
    with straight quotes (Sphinx prints ' as ’)."""
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", "", text).casefold()


def chapter_title(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    title = next(line[2:] for line in first.splitlines() if line.startswith("# "))
    return re.sub(r"[`*_]", "", title).strip()


def stored_figures(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))


def images_on(resources):
    """Image XObjects drawn by a page, looking inside form XObjects too."""
    found = 0
    xobjects = resources.get("/XObject") if resources else None
    for reference in (xobjects.get_object() if xobjects else {}).values():
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            found += 1
        elif xobject.get("/Subtype") == "/Form":
            found += images_on(xobject.get("/Resources"))
    return found


@pytest.fixture(scope="module")
def book():
    if not PDF.is_file():
        unavailable(f"{PDF} is missing: build it first (book/build.sh --pdf)")
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    outline = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append((squeeze(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return {
        "reader": reader,
        "text": [page.extract_text() for page in reader.pages],
        "outline": outline,
    }


def starts(book):
    """0-based first page of each chapter and of the appendix, from the outline."""
    first = {}
    for title, page in book["outline"]:
        first.setdefault(title, page)
    titles = [*(chapter_title(p) for p in CHAPTERS), APPENDIX]
    missing = [t for t in titles if squeeze(t) not in first]
    assert not missing, f"not in the PDF's outline: {missing}"
    return [first[squeeze(t)] for t in titles]


def test_pages_title_page_and_contents(book):
    pages = len(book["reader"].pages)
    assert 3 * len(CHAPTERS) + 3 <= pages <= 400, f"{pages} pages"
    assert "thegradientfieldguide" in squeeze(book["text"][0]), "no title page"
    contents = squeeze(book["text"][1])
    assert contents.startswith("contents"), "page 2 is not the table of contents"
    titles = [*(chapter_title(p) for p in CHAPTERS), APPENDIX]
    for title, start in zip(titles, starts(book), strict=True):
        assert f"{squeeze(title)}{start + 1}" in contents, (
            f"the contents do not list {title!r} at page {start + 1}, where it starts"
        )


def test_every_chapter_in_order_in_text_and_outline(book):
    first_pages = starts(book)
    assert first_pages == sorted(first_pages), "chapters are out of order"
    for notebook, start in zip(CHAPTERS, first_pages, strict=False):
        title = squeeze(chapter_title(notebook))
        assert title in squeeze(book["text"][start]), f"{notebook.stem}: title not on page"


def test_no_raw_tex_in_the_text(book):
    raw = [
        (number + 1, match)
        for number, text in enumerate(book["text"])
        for match in re.findall(r"\$\$|\\frac|\\begin\{|\\mathrm|\\partial", text)
    ]
    assert not raw, f"raw TeX on pages: {raw[:10]}"


def test_each_chapter_embeds_its_figures(book):
    reader = book["reader"]
    bounds = starts(book)
    for notebook, start, end in zip(CHAPTERS, bounds, bounds[1:], strict=False):
        images = sum(images_on(reader.pages[k].get("/Resources")) for k in range(start, end))
        wanted = stored_figures(notebook)
        if int(notebook.name[:2]) >= 1 and notebook.name[2] == "_":  # not a companion NNb_
            wanted = max(wanted, 2)
        assert images >= wanted, f"{notebook.stem}: {images} images in the PDF, {wanted} wanted"


def test_hints_and_solutions_are_in_the_appendix(book):
    appendix = starts(book)[-1]
    body = squeeze("".join(book["text"][:appendix]))
    back = squeeze("".join(book["text"][appendix:]))
    assert "clicktounfold" not in body + back, "a folded widget's label is left in the PDF"
    stubs = 0
    for notebook in CHAPTERS:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            found = re.match(r"#\s*Exercise\s+(\d+\.\d+)", "".join(cell["source"]).lstrip())
            if cell["cell_type"] == "code" and found:
                stubs += 1
                assert f"hintsforexercise{found.group(1)}" in back, (
                    f"exercise {found.group(1)}: no hints in the appendix"
                )
    assert back.count("hintsforexercise") == stubs


def test_figures_keep_their_alt_text_in_the_tagged_pdf(book):
    """Chromium writes a tagged PDF: each <img>'s alt becomes a /Alt entry of its figure."""
    raw = PDF.read_bytes()
    if b"/ObjStm" in raw:
        pytest.skip("the structure tree is inside compressed object streams")
    figures = sum(stored_figures(notebook) for notebook in CHAPTERS)
    assert raw.count(b"/Alt") >= figures, f"{raw.count(b'/Alt')} alt texts for {figures} figures"


def test_the_document_title_is_the_books(book):
    assert book["reader"].metadata.title == "The Gradient Field Guide"


def nist_tables():
    """The stored outputs of chapter 6 (and its companion notebooks) that print the NIST
    table: [(kind, rows)], kind "text" (a printed table, one row per line) or "markdown"."""
    found = []
    for notebook in (p for p in CHAPTERS if p.name.startswith("06")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                text = "".join(output.get("text", "")) or "".join(data.get("text/plain", ""))
                markdown = "".join(data.get("text/markdown", ""))
                for kind, body in (("text", text), ("markdown", markdown)):
                    if "Filip" in body and "Wampler" in body and body.count("\n") >= 5:
                        # a printed table's rows: lines with columns (runs of 2+ spaces)
                        rows = [
                            line
                            for line in body.splitlines()
                            if len(re.findall(r"\S {2,}(?=\S)", line)) >= 2
                        ]
                        if kind == "markdown":
                            rows = body.splitlines()
                            rows = [r for r in rows if r.startswith("|") and "---" not in r]
                        found.append((kind, rows))
    return found


def test_each_row_of_the_nist_table_is_whole(book):
    """A printed table whose lines wrap puts its columns on separate lines (issue 25): each
    row of the stored NIST table must be one line of the PDF's text (a Markdown table's row:
    its cells in order on one page)."""
    tables = nist_tables()
    assert tables, "chapter 6 prints no NIST table (Filip, Wampler...): update this test"
    lines = {squeeze(line) for text in book["text"] for line in text.splitlines()}
    pages = [squeeze(text) for text in book["text"]]
    for kind, rows in tables:
        assert len(rows) >= 5, f"the NIST table's rows were not found: {rows}"
        for row in rows:
            if kind == "text":
                assert squeeze(row) in lines, f"split across lines in the PDF: {row!r}"
            else:
                cells = squeeze("".join(c for c in row.strip("|").split("|")))
                assert any(cells in page for page in pages), f"row not whole: {row!r}"


def headings():
    """The squeezed text of every Markdown heading of the chapters and every framework's tab
    label: what must never be the last line of a page."""
    from companion.snippets import FRAMEWORKS

    found = {squeeze(label) for label in FRAMEWORKS.values()}
    for notebook in CHAPTERS:
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                for line in "".join(cell["source"]).splitlines():
                    if re.match(r"#{1,4} ", line):
                        found.add(squeeze(re.sub(r"[`*_$]", "", line.lstrip("#"))))
    return found - {""}


def test_no_heading_is_left_at_the_bottom_of_a_page(book):
    """A heading or a tab label ("PyTorch") alone at the foot of a page, its content on the next
    (issue 25): print.css keeps them with what follows (break-after: avoid)."""
    names = headings()
    stranded = []
    for number, text in enumerate(book["text"], 1):
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and re.fullmatch(r"\s*\d+\s*", lines[-1]):
            lines = lines[:-1]  # the page number in the footer
        if lines and squeeze(lines[-1]) in names:
            stranded.append((number, lines[-1]))
    assert not stranded, f"headings at the bottom of a page: {stranded}"
