"""Structural rules every chapter must keep (DESIGN.md, notebook rules); nbval checks the outputs."""

import json
import re

import nbformat
import pytest
from notebook_tools import ROOT, chapter_paths, is_companion, stub_cells

NOTEBOOKS = chapter_paths()
MACHINE_PATH = re.compile(
    r"(/work/|/root/|/home/\w|/tmp/|/Users/|site-packages|(?<![A-Za-z])[A-Z]:\\\\)"
)  # a drive letter alone: not "SE:\\n"
MAX_BYTES = 1_000_000


def outputs(nb):
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            yield index, out


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_is_a_preface():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_preface.ipynb"


def test_executed_top_to_bottom_in_a_fresh_kernel(notebook):
    path, nb = notebook
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..N; re-run it with "
        "`uv run python tests/notebook_tools.py` to execute it in a fresh kernel"
    )


def test_no_stderr_and_no_errors(notebook):
    path, nb = notebook
    for index, out in outputs(nb):
        assert out.output_type != "error", f"{path.name}: cell {index} stores an error"
        assert not (out.output_type == "stream" and out.name == "stderr"), (
            f"{path.name}: cell {index} wrote to stderr: {out.text[:200]!r}"
        )


def test_size_under_one_megabyte(notebook):
    path, _ = notebook
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


def test_no_machine_paths_in_outputs(notebook):
    path, nb = notebook
    for index, out in outputs(nb):
        text = json.dumps({k: v for k, v in out.items() if k != "data"}) + json.dumps(
            {k: v for k, v in out.get("data", {}).items() if not k.startswith("image/")}
        )
        match = MACHINE_PATH.search(text)
        assert not match, (
            f"{path.name}: cell {index} output contains a machine path near {match.group(0)!r}"
        )


def test_metadata_is_clean(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name
    assert "widgets" not in nb.metadata, f"{path.name} stores widget state"


ANSWER_LINE = re.compile(r"^\s*(import companion as cp|cp\.snippets\.show\(.*\);?)\s*$")


def test_setup_cell_follows_the_book_convention(notebook):
    """The first code cell imports the companion; the setup cell (the first one that does more
    than show the short answer's snippets) also seeds the generator with autograd's NumPy."""
    path, nb = notebook
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code, path.name
    assert "import companion as cp" in code[0], (
        f"{path.name}: first code cell must import companion as cp"
    )
    setup = next(
        (
            source
            for source in code
            if any(line.strip() and not ANSWER_LINE.match(line) for line in source.splitlines())
        ),
        "",
    )
    if path.name != "00_preface.ipynb":
        assert "import autograd.numpy as np" in setup, path.name
        assert "default_rng(SEED)" in setup, path.name


def test_chapters_have_figures_exercises_and_references(notebook):
    path, nb = notebook
    pngs = sum("image/png" in out.get("data", {}) for _, out in outputs(nb))
    if is_companion(path):  # NNb_name: depth moved out of chapter NN, which must exist
        assert list(path.parent.glob(f"{path.name[:2]}_*.ipynb")), f"{path.name}: no chapter"
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        return
    if path.name == "00_preface.ipynb":  # a short how-to: one exercise and one figure suffice
        assert pngs >= 1 and len(stub_cells(nb)) >= 1, path.name
        return
    assert pngs >= 2, f"{path.name}: {pngs} figures, at least 2 expected"
    assert len(stub_cells(nb)) >= 3, f"{path.name}: fewer than 3 exercises"
    assert any(c.cell_type == "markdown" and "## References" in c.source for c in nb.cells), (
        path.name
    )


def test_readme_lists_every_chapter():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert path.name in readme, f"README.md does not link {path.name}"


@pytest.mark.parametrize(
    ("text", "machine"),
    [
        ("/work/main/chapters", True),
        ("C:\\Users\\reader\\book", True),
        ("/home/reader/.venv/lib/python3.11/site-packages/numpy", True),
        ('print("coef, SE, HC3 SE:\\n")', False),
        ("x: 1.5, y: 2", False),
    ],
)
def test_the_machine_path_check(text, machine):
    assert bool(MACHINE_PATH.search(json.dumps(text))) == machine
