"""Execute and tidy the book's notebooks, and measure their shape; shared by the tests and
by chapter authors.

Authors run, after editing a chapter:

    uv run ruff format chapters/NN_name.ipynb
    uv run python tests/notebook_tools.py chapters/NN_name.ipynb

which executes the notebook top to bottom in a fresh kernel (working directory
chapters/), stores the outputs and the date of the run (metadata `last_executed`, the
book's "Last verified" date), and strips metadata that changes from run to run.

    uv run python tests/notebook_tools.py metrics [chapters/NN_name.ipynb ...]

prints the issue-26 measures of each chapter (default: 01-06) as a Markdown table; see
`metrics` for what each column counts.
"""

import ast
import datetime
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
STUB = re.compile(r"^# Exercise (\d+\.\d+)\b")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# What a chapter stores as `language_info`: the kernel's full value names the Python version,
# so it would differ on every reader's machine. jupyter-config/jupyter_server_config.py keeps
# this value when JupyterLab saves a chapter, so that reading one leaves it byte-identical.
LANGUAGE_INFO = {"name": "python"}
NOTEBOOK_NAME = re.compile(r"^\d\d(b?)_\w+\.ipynb$")  # NN_name (chapter), NNb_name (companion)


def chapter_paths(companions=True):
    """The book's notebooks in order: chapters `NN_name.ipynb` and, unless `companions` is
    False, their companion notebooks `NNb_name.ipynb` (depth moved out of chapter NN)."""
    return sorted(
        p
        for p in CHAPTERS.glob("[0-9][0-9]*.ipynb")
        if (m := NOTEBOOK_NAME.match(p.name)) and (companions or not m.group(1))
    )


def is_companion(path):
    """True for a companion notebook `NNb_name.ipynb`."""
    return NOTEBOOK_NAME.match(Path(path).name).group(1) == "b"


def stub_cells(nb):
    """(exercise id, cell index) for every stub cell, marked by a first line '# Exercise N.M'."""
    found = []
    for index, cell in enumerate(nb.cells):
        match = STUB.match(cell.source) if cell.cell_type == "code" else None
        if match:
            found.append((match.group(1), index))
    return found


def execute(nb, timeout=120):
    """Run every cell in a fresh python3 kernel of the current environment, in chapters/."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(CHAPTERS)}},
        record_timing=False,
    )
    client.execute()
    return nb


def _coalesce(outputs):
    """Merge consecutive stream outputs of one name, which a loaded machine splits at random."""
    merged = []
    for out in outputs:
        if (
            merged
            and out.get("output_type") == "stream"
            and merged[-1].get("output_type") == "stream"
            and merged[-1]["name"] == out["name"]
        ):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def tidy(nb):
    """Drop run-dependent metadata (timings, widget state, the interpreter's version)
    and merge split stream outputs, so re-executing an unchanged chapter changes nothing."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _coalesce(cell.get("outputs", []))
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    return nb


def run_in_place(path):
    """Execute the notebook at `path`, record today's date (UTC) as `last_executed`, tidy it
    and write it back."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    tidy(execute(nb))
    nb.metadata["last_executed"] = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    nbformat.write(nb, path)


# ---- the chapter's shape and its issue-26 measures ----------------------------------------

GOING_DEEPER = re.compile(r"^## Going deeper", re.MULTILINE)
EXERCISES = re.compile(r"^## Exercises", re.MULTILINE)
H2 = re.compile(r"^## ", re.MULTILINE)
SNIPPETS = "cp.snippets.show("
HIDDEN_TAGS = {"remove-input", "hide-input", "remove-cell"}
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
FENCE = re.compile(r"```.*?```", re.DOTALL)
# Plumbing: the code that shows a result rather than computing it (issue 26).
PLOT = re.compile(
    r"\b(plt|fig\w*|ax\w*|axes|cp\.plotting|plotting)\.|\b(ax\w*|fig\w*)\s*(,|=)|\bsubplots\("
)
TABLE = re.compile(  # a table row is "| a | b |": a pipe with a space inside the quotes
    r"\bMarkdown\(|\bdisplay\(|:[<>^]?\d+(\.\d+)?[a-z%]?\}|\.[lr]just\(|\bcenter\("
    r"|[\"']\|\s|\s\|[\"']|[\"']-{3,}|\btabulate\b|to_markdown\("
)


def words(text):
    """Prose words of Markdown: words outside math and code fences."""
    return len(WORD.findall(MATH.sub(" ", FENCE.sub(" ", text))))


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def short_answer_at_top(nb):
    """True when one of the first two cells is Markdown that opens the Short answer."""
    return any(
        cell.cell_type == "markdown" and re.search(r"short answer", cell.source, re.IGNORECASE)
        for cell in nb.cells[:2]
    )


def first_snippet_cell(nb):
    """Index of the first cell that shows framework code (`cp.snippets.show(`), or None."""
    return next(
        (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and SNIPPETS in c.source),
        None,
    )


def prose_share_before(nb, index):
    """Share of the notebook's prose words that stand in Markdown cells before `index`."""
    total = sum(words(c.source) for c in nb.cells if c.cell_type == "markdown")
    before = sum(words(c.source) for c in nb.cells[:index] if c.cell_type == "markdown")
    return before / total if total else 0.0


def main_path_end(nb):
    """Index of the cell that opens `## Going deeper` (the end of the main path), or len."""
    return next(
        (
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and GOING_DEEPER.search(c.source)
        ),
        len(nb.cells),
    )


def exercise_cells(nb):
    """Indices of the code cells of the exercises: the stubs, their checks, and every code
    cell between `## Exercises` and the next `##` heading."""
    found, inside = set(), False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and H2.search(cell.source):
            inside = bool(EXERCISES.search(cell.source))
        if cell.cell_type != "code":
            continue
        if inside or STUB.match(cell.source) or "cp.exercises." in cell.source:
            found.add(i)
    return found


def _plumbing_lines(source):
    """Line numbers (1-based) of `source` that are plumbing: assertions, plotting, and table
    printing. A compound statement counts as plumbing when its whole body is."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    lines = source.splitlines()

    def text(node):
        return "\n".join(lines[node.lineno - 1 : node.end_lineno])

    def plumbing(node):
        body = [
            child
            for field in ("body", "orelse", "finalbody")
            for child in getattr(node, field, []) or []
        ]
        if isinstance(node, ast.Assert):
            return True
        if body and not isinstance(node, ast.FunctionDef | ast.ClassDef):
            return all(plumbing(child) for child in body)
        if body:  # a function: plumbing only if every statement in it is
            return all(plumbing(child) for child in body)
        return bool(PLOT.search(text(node)) or TABLE.search(text(node)))

    found = set()
    for node in tree.body:
        if plumbing(node):
            found.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, ast.For | ast.While | ast.With | ast.If | ast.FunctionDef):
            for child in ast.walk(node):
                if isinstance(child, ast.stmt) and child is not node and plumbing(child):
                    if not getattr(child, "body", None):
                        found.update(range(child.lineno, child.end_lineno + 1))
    return {n for n in found if lines[n - 1].strip()}


def metrics(nb):
    """The issue-26 measures of one chapter, as a dict:

    - `cells`: number of cells;
    - `prose`: main-path prose words (Markdown before `## Going deeper`, math and code fences
      excluded);
    - `deeper`: prose words from `## Going deeper` on;
    - `code`: visible non-exercise code lines of the main path: non-blank lines of code cells
      before `## Going deeper` that are not tagged remove-input, hide-input or remove-cell and
      are not exercise cells;
    - `hidden`: non-blank lines of main-path code cells tagged remove-input/hide-input/remove-cell;
    - `plumbing`: how many of the `code` lines are plumbing (asserts, plotting, table printing,
      judged per statement by `_plumbing_lines`), and `share` = plumbing / code;
    - `first_framework`: the cell index of the first `cp.snippets.show(` (None if absent), and
      `framework_at`: the share of prose words before it.
    """
    end = main_path_end(nb)
    exercises = exercise_cells(nb)
    code = hidden = plumbing = 0
    for i, cell in enumerate(nb.cells[:end]):
        if cell.cell_type != "code" or i in exercises:
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        if tags(cell) & HIDDEN_TAGS:
            hidden += len(lines)
            continue
        code += len(lines)
        plumbing += len(_plumbing_lines(cell.source))
    first = first_snippet_cell(nb)
    markdown = [(i, words(c.source)) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    return {
        "cells": len(nb.cells),
        "prose": sum(n for i, n in markdown if i < end),
        "deeper": sum(n for i, n in markdown if i >= end),
        "code": code,
        "hidden": hidden,
        "plumbing": plumbing,
        "share": plumbing / code if code else 0.0,
        "first_framework": first,
        "framework_at": prose_share_before(nb, first) if first is not None else None,
    }


def metrics_table(paths):
    """The measures of `paths` as a Markdown table."""
    rows = [
        "| notebook | cells | main-path prose words | going-deeper words | visible code lines "
        "| plumbing lines | plumbing share | hidden code lines | first framework code |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path in paths:
        m = metrics(nbformat.read(path, as_version=4))
        first = (
            f"cell {m['first_framework']} of {m['cells']}, after {m['framework_at']:.0%} of prose"
            if m["first_framework"] is not None
            else "none"
        )
        rows.append(
            f"| {Path(path).name} | {m['cells']} | {m['prose']} | {m['deeper']} | {m['code']} "
            f"| {m['plumbing']} | {m['share']:.0%} | {m['hidden']} | {first} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    if sys.argv[1:2] == ["metrics"]:
        chosen = sys.argv[2:] or [p for p in chapter_paths(companions=False) if p.name[:2] != "00"]
        print(metrics_table(chosen))
    else:
        for name in sys.argv[1:]:
            run_in_place(name)
            print(f"executed {name}")
