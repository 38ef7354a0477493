"""The answer-first shape of every chapter (issue 26; CONTRIBUTING.md, "How a chapter reads").

For chapters 01-06: a Short answer in the first two cells; framework code (the first
`cp.snippets.show(`) before 40% of the chapter's prose words; exactly one
`## When to use which` heading; and each exercise stated under a `### Exercise N.M` heading
before its stub. The measures of `notebook_tools.metrics` are tested on a small notebook whose
counts are known.
"""

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_tools import (
    chapter_paths,
    first_snippet_cell,
    metrics,
    prose_share_before,
    short_answer_at_top,
    stub_cells,
    words,
)

CHAPTERS = [p for p in chapter_paths(companions=False) if p.name[:2] != "00"]


@pytest.fixture(params=CHAPTERS, ids=[p.name for p in CHAPTERS])
def chapter(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_every_chapter_is_checked():
    assert [p.name[:2] for p in CHAPTERS] == ["01", "02", "03", "04", "05", "06"]


def test_short_answer_in_the_first_two_cells(chapter):
    path, nb = chapter
    assert short_answer_at_top(nb), f"{path.name}: no 'Short answer' in the first two cells"


def test_framework_code_before_40_percent_of_the_prose(chapter):
    path, nb = chapter
    first = first_snippet_cell(nb)
    assert first is not None, f"{path.name} never shows its snippets (cp.snippets.show)"
    share = prose_share_before(nb, first)
    assert share < 0.4, (
        f"{path.name}: the first snippets (cell {first}) come after {share:.0%} of the prose"
    )


def test_one_when_to_use_which_heading(chapter):
    path, nb = chapter
    headings = [
        line
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if re.match(r"#+ .*when to use which", line, re.IGNORECASE)
    ]
    assert headings == ["## When to use which"], f"{path.name}: {headings}"


def test_exercises_are_stated_under_their_headings(chapter):
    path, nb = chapter
    stubs = stub_cells(nb)
    assert stubs, f"{path.name} has no exercise stubs"
    for exercise, index in stubs:
        assert exercise.split(".")[0] == str(int(path.name[:2])), (path.name, exercise)
        heading = re.compile(rf"^### Exercise {re.escape(exercise)}\b", re.MULTILINE)
        stated = [
            i
            for i, c in enumerate(nb.cells[:index])
            if c.cell_type == "markdown" and heading.search(c.source)
        ]
        assert stated, (
            f"{path.name}: exercise {exercise} has no '### Exercise {exercise}' heading before its stub"
        )
        statement = nb.cells[stated[-1]].source.split(f"### Exercise {exercise}", 1)[1]
        assert words(statement) >= 10, f"{path.name}: exercise {exercise} has no prose statement"


def test_the_measures_on_a_notebook_with_known_counts():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title\n\n**Short answer.** Two words $x^2$ here."),
            new_code_cell('cp.snippets.show("09_answer")'),
            new_code_cell(
                "x = 1\n\nfig, ax = plt.subplots()\nax.plot([x])\nassert x == 1\n"
                'print(f"{x:>8}|")\nfor k in range(3):\n    assert k < 3\nprint(x)'
            ),
            new_code_cell("y = 2\nassert y", metadata={"tags": ["remove-input"]}),
            new_markdown_cell("## Exercises\n\n### Exercise 9.1: one\n\nWrite it."),
            new_code_cell("# Exercise 9.1\ndef f():\n    raise NotImplementedError"),
            new_code_cell('cp.exercises.check("9.1", f)'),
            new_markdown_cell("## Going deeper\n\nThree more words."),
            new_code_cell("z = 3"),
        ]
    )
    m = metrics(nb)
    assert words("**Short answer.** Two words $x^2$ here.") == 5
    assert (
        m["prose"] == 1 + 5 + 1 + 4 + 2
    )  # title, answer, Exercises, 'Exercise 9.1: one', 'Write it'
    assert m["deeper"] == 2 + 3
    assert m["code"] == 1 + 8  # the snippet cell and cell 2 (blank line excluded)
    assert m["hidden"] == 2
    assert m["plumbing"] == 6  # subplots, plot, assert, table print, the for loop of asserts
    assert m["first_framework"] == 1
    assert m["framework_at"] == pytest.approx(6 / 18)
