"""The book build's staging step (book/build.py), without Sphinx: what the book makes of a cell.

Snippet displays become synced framework tabs with the call hidden, and figures without alt
text are refused with a message naming the chapter and the cell.
"""

import importlib.util
from pathlib import Path

import nbformat
import pytest

from companion import snippets

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("book_build", ROOT / "book" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.fixture
def snippet_cell(tmp_path):
    """A cell as a chapter stores it after ``cp.snippets.show("09_demo")`` ran."""
    for key in ("keras", "torch", "jax"):
        code = (
            f"import numpy as np\n\nvalue = np.float64(1.5)  # {key}, a ``` inside\nprint(value)\n"
        )
        (tmp_path / f"09_demo_{key}.py").write_text(code)
    shown = snippets.show("09_demo", tmp_path)
    data, metadata = shown._repr_mimebundle_()
    data["text/plain"] = repr(shown)
    cell = nbformat.v4.new_code_cell('cp.snippets.show("09_demo")')
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    return cell


def test_a_snippet_display_becomes_one_synced_tab_per_framework(snippet_cell):
    staged = build.stage_snippets(snippet_cell, "09_demo.ipynb, cell 3")
    assert len(staged) == 1 and staged[0].cell_type == "markdown", "the call must be hidden"
    text = staged[0].source
    assert text.count("{tab-set}") == 1 and ":sync-group: framework" in text
    assert [line for line in text.splitlines() if line.startswith(":sync: ")] == [
        ":sync: keras",
        ":sync: torch",
        ":sync: jax",
    ]
    for label in ("TensorFlow / Keras", "PyTorch", "JAX"):
        assert f"{{tab-item}} {label}" in text
    assert text.count("{code-block} python") == 3
    assert ":caption: chapters/snippets/09_demo_torch.py" in text
    # the code's own ``` cannot close a fence: every fence is longer than it
    fences = {line.split("{")[0] for line in text.splitlines() if "{" in line and "`" in line}
    assert min(len(f) for f in fences) >= 4


def test_other_code_in_the_cell_stays_and_only_the_call_goes(snippet_cell):
    snippet_cell.source = 'x = 1\nprint(x)\ncp.snippets.show("09_demo")'
    snippet_cell.outputs.insert(0, nbformat.v4.new_output("stream", name="stdout", text="1\n"))
    code, tabs = build.stage_snippets(snippet_cell, "09_demo.ipynb, cell 3")
    assert code.source == "x = 1\nprint(x)"
    assert [o["output_type"] for o in code.outputs] == ["stream"]
    assert "{tab-set}" in tabs.source


def test_a_display_whose_blocks_do_not_match_its_files_is_refused(snippet_cell):
    output = snippet_cell.outputs[0]
    output["data"]["text/markdown"] = output["data"]["text/markdown"].split("\n\n**PyTorch")[0]
    with pytest.raises(SystemExit, match=r"09_demo.ipynb, cell 3: .* names 3 files but shows 1"):
        build.stage_snippets(snippet_cell, "09_demo.ipynb, cell 3")


def test_a_show_call_with_a_comment_is_hidden_too(snippet_cell):
    snippet_cell.source = 'cp.snippets.show("09_demo")  # the short answer in your framework'
    staged = build.stage_snippets(snippet_cell, "09_demo.ipynb, cell 1")
    assert len(staged) == 1 and "{tab-set}" in staged[0].source


def test_cells_without_snippets_are_left_alone():
    cell = nbformat.v4.new_code_cell("print(1)")
    assert build.stage_snippets(cell, "x") == [cell]


def figure_cell(alt=None):
    cell = nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0K"})]
    if alt is not None:
        cell.metadata["mystnb"] = {"image": {"alt": alt}}
    return cell


def test_a_figure_without_alt_text_is_refused_naming_chapter_and_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), figure_cell(), figure_cell("  ")]
    nb.cells.append(figure_cell("Two lines that cross at the origin."))
    found = build.missing_alt(Path("07_demo.ipynb"), nb)
    assert found == [
        "07_demo.ipynb, cell 1 ('fig, ax = plt.subplots()')",
        "07_demo.ipynb, cell 2 ('fig, ax = plt.subplots()')",
    ]


def test_the_built_pages_are_checked_for_images_without_alt(tmp_path):
    (tmp_path / "a.html").write_text(
        '<img alt="A curve that rises." src="_images/x.png">'
        '<img alt="_images/y.png" src="_images/y.png"><img src="z.png"><img alt="" src="w.png">'
    )
    assert build.images_without_alt(tmp_path) == [
        "a.html: _images/y.png",
        "a.html: z.png",
        "a.html: w.png",
    ]


def test_each_chapter_links_to_its_notebook_and_says_when_it_was_verified():
    from companion.frameworks import VERIFIED_VERSIONS

    nb = nbformat.v4.new_notebook()
    nb.metadata["last_executed"] = "2026-11-30"
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter 7: Demo\n\n**Aim.** Show.")]
    build.download_link(nb, Path("07_demo.ipynb"))
    lines = nb.cells[0].source.splitlines()
    assert lines[0] == "# Chapter 7: Demo"
    assert lines[2] == (
        "{download}`Download this chapter as a notebook (07_demo.ipynb) "
        "<../notebooks/07_demo.ipynb>`"
    )
    assert lines[4].startswith('<p class="last-verified">Last verified: 2026-11-30, against ')
    for name in ("tensorflow", "torch", "jax"):
        assert VERIFIED_VERSIONS[name] in lines[4]


def test_a_chapter_without_its_execution_date_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter 7: Demo")]
    with pytest.raises(SystemExit, match=r"07_demo.ipynb records no execution date"):
        build.download_link(nb, Path("07_demo.ipynb"))


def test_every_notebook_records_its_execution_date():
    """The "Last verified" date of each page comes from here (tests/notebook_tools.py writes it)."""
    from notebook_tools import chapter_paths

    missing = [
        p.name
        for p in chapter_paths()
        if not nbformat.read(p, as_version=4).metadata.get("last_executed")
    ]
    assert not missing, f"re-run with tests/notebook_tools.py: {missing}"


_pdf_spec = importlib.util.spec_from_file_location("book_pdf", ROOT / "book" / "pdf.py")
pdf = importlib.util.module_from_spec(_pdf_spec)
_pdf_spec.loader.exec_module(pdf)

PAGE = """<html><head><title>Preface - Book</title><link rel="stylesheet" href="../_static/furo.css"></head><body>
<article role="main" id="furo-main-content"><section><h1>Chapter 7: R² and <code>round</code>
<a class="headerlink" href="#x">#</a></h1><p>Text.</p></section></article>
<script>window.MathJax = {"options": {}}</script>
<script defer src="../_static/mathjax/tex-chtml.js"></script><script src="furo.js"></script>
</body></html>"""


def test_the_print_page_takes_each_chapter_article_title_and_mathjax():
    body = pdf.article(PAGE)
    assert body.startswith("<section><h1>") and body.endswith("</section>")
    assert pdf.title_of(body) == "Chapter 7: R² and round"
    assert 'href="../_static/furo.css"' in pdf.head(PAGE)
    assert "<title>" not in pdf.head(PAGE), "the chapter's title would become the PDF's"
    scripts = pdf.math_scripts(PAGE)
    assert "window.MathJax" in scripts and "tex-chtml.js" in scripts
    assert "furo.js" not in scripts


def test_outline_titles_match_across_line_breaks():
    assert pdf._normal("Chapter 1: Which input maximizes a trainednetwork?") == pdf._normal(
        "Chapter 1: Which input maximizes a trained\n network?"
    )
