"""Execute and tidy the book's notebooks; shared by the tests and by chapter authors.

Authors run, after editing a chapter:

    uv run ruff format chapters/NN_name.ipynb
    uv run python tests/notebook_tools.py chapters/NN_name.ipynb

which executes the notebook top to bottom in a fresh kernel (working directory
chapters/), stores the outputs, and strips metadata that changes from run to run.
"""

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
STUB = re.compile(r"^# Exercise (\d+\.\d+)\b")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def chapter_paths():
    return sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))


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
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _coalesce(cell.get("outputs", []))
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    return nb


def run_in_place(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    tidy(execute(nb))
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        run_in_place(name)
        print(f"executed {name}")
