"""Guard: every Markdown table the reader sees renders as the table its author wrote (issue 15).

Chapter 4's conventions table once had the row label `|z|² (real)`: its unescaped pipes split
the row into extra cells, so JupyterLab shifted two rows by one column and put the JAX entry
under the wrong header. nbval compared the stored outputs and the asserts checked the data,
so nothing noticed. This test parses every Markdown source with a real CommonMark parser with
GitHub's table extension (markdown-it-py), in Markdown cells, in stored ``text/markdown``
outputs, and in README.md and CONTRIBUTING.md, and fails unless

- every row of every table has as many cells as its header (GFM silently drops extra cells
  and pads missing ones, so a renderer never complains), and
- no paragraph looks like a table that failed to parse (a header row and a ``|---|`` line
  whose cell counts differ are rendered as a paragraph of raw pipes).

Cells are split as the parser splits them: on every pipe not escaped with a backslash,
inside code spans too (GFM: write ``\\|`` for a literal pipe in a cell).
"""

import importlib
import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt
from notebook_tools import ROOT, chapter_paths

# markdown-it-py's own cell splitter, so this test counts exactly what the renderer counts.
_split = importlib.import_module("markdown_it.rules_block.table").escapedSplit

PARSER = MarkdownIt("commonmark").enable("table")
DELIMITER_ROW = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
DOCUMENTS = ("README.md", "CONTRIBUTING.md")


def cells(line):
    """The cells of one table row, as GFM splits them (outer pipes optional)."""
    parts = _split(line.strip())
    if parts and parts[0].strip() == "":
        parts.pop(0)
    if parts and parts[-1].strip() == "":
        parts.pop()
    return parts


def _row_text(lines, index):
    return re.sub(r"^\s*(>\s*)*", "", lines[index])  # a table inside a blockquote


def table_problems(markdown):
    """What is wrong with the tables of one Markdown text: a list of readable strings."""
    lines = markdown.splitlines()
    problems = []
    tokens = PARSER.parse(markdown)
    header = None
    for token in tokens:
        if token.type == "table_open":
            header = None
        elif token.type == "tr_open" and token.map:
            row = _row_text(lines, token.map[0])
            count = len(cells(row))
            if header is None:
                header = (count, row.strip())
            elif count != header[0]:
                problems.append(
                    f"line {token.map[0] + 1}: {count} cells under a header of {header[0]} "
                    f"({header[1][:60]!r}); row {row.strip()[:80]!r}. Escape a pipe inside a "
                    "cell as \\| (also inside backticks)."
                )
        elif token.type == "paragraph_open" and token.map:
            block = [_row_text(lines, i).strip() for i in range(*token.map)]
            if any(line.startswith("|") for line in block) and any(
                "-" in line and DELIMITER_ROW.match(line) for line in block
            ):
                problems.append(
                    f"line {token.map[0] + 1}: looks like a table but renders as a paragraph of "
                    f"raw pipes (the header row and the |---| row must have the same number of "
                    f"cells): {block[0][:80]!r}"
                )
    return problems


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def notebook_markdown(nb):
    """(where, Markdown text) for every Markdown cell and every stored text/markdown output."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found.append((f"cell {index}", cell.source))
        for number, out in enumerate(cell.get("outputs", [])):
            if "text/markdown" in out.get("data", {}):
                found.append((f"cell {index} output {number}", _text(out["data"]["text/markdown"])))
    return found


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_chapter_tables_have_equal_rows(path):
    nb = nbformat.read(path, as_version=4)
    problems = [
        f"{where}, {problem}"
        for where, text in notebook_markdown(nb)
        for problem in table_problems(text)
    ]
    assert not problems, f"{path.name}: broken Markdown tables:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_tables_have_equal_rows(name):
    path = ROOT / name
    if not path.exists():
        pytest.skip(f"{name} does not exist yet")
    problems = table_problems(Path(path).read_text(encoding="utf-8"))
    assert not problems, f"{name}: broken Markdown tables:\n" + "\n".join(problems)


# --- the guard itself ------------------------------------------------------------------------

CHAPTER_4_TABLE = """\
| f | TensorFlow | PyTorch | JAX |
|---|---|---|---|
| {label} | 2∂f/∂z̄ | 2∂f/∂z̄ | 2∂f/∂z |
| sum(conj(z)) | 1 | 1 | 1 |
"""


def test_the_guard_catches_chapter_4s_unescaped_pipes():
    """The bug of issue 15 on a scratch copy: `|z|² (real)` with its pipes makes 6 cells under 4."""
    broken = CHAPTER_4_TABLE.format(label="`|z|²` (real)")
    problems = table_problems(broken)
    assert len(problems) == 1 and "line 3: 6 cells under a header of 4" in problems[0], problems
    # what a renderer does with it: the JAX column shows the PyTorch entry
    html = PARSER.render(broken)
    assert "<td>2∂f/∂z̄</td>\n</tr>" in html
    fixed = CHAPTER_4_TABLE.format(label="`\\|z\\|²` (real)")
    assert table_problems(fixed) == []
    assert table_problems(CHAPTER_4_TABLE.format(label="\\|z\\|² (real)")) == []


def test_the_guard_catches_a_table_that_renders_as_a_paragraph():
    broken = "| a | b |\n|---|---|---|\n| 1 | 2 |\n"
    problems = table_problems(broken)
    assert problems and "renders as a paragraph" in problems[0]


def test_the_guard_passes_over_code_blocks_and_short_rows_are_caught():
    code = "```text\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n```\n"
    assert table_problems(code) == []
    assert "1 cells under a header of 2" in table_problems("| a | b |\n|---|---|\n| 1 |\n")[0]


def test_the_guard_reads_stored_markdown_outputs():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("Markdown(table)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/markdown": CHAPTER_4_TABLE.format(label="|z|² (real)"), "text/plain": ""},
        )
    ]
    nb.cells = [cell]
    (where, text), *_ = notebook_markdown(nb)
    assert where == "cell 0 output 0" and table_problems(text)


def test_the_guard_catches_chapter_4s_stored_table_with_its_pipes_put_back():
    """The same on a scratch copy of chapter 4's real stored output: unescape its pipes."""
    path = ROOT / "chapters" / "04_complex_derivatives.ipynb"
    nb = nbformat.read(path, as_version=4)
    escaped = [text for _, text in notebook_markdown(nb) if "\\|z\\|" in text]
    if not escaped:
        pytest.skip("chapter 4 shows no table with an escaped |z| any more")
    for text in escaped:
        assert table_problems(text) == []
        broken = table_problems(text.replace("\\|", "|"))
        assert broken and "cells under a header of" in broken[0], broken
