"""Time every chapter's execution, the whole book, and `import companion` in a fresh process.

Budgets (CONTRIBUTING.md, 'Notebook rules'): under 20 s per chapter and 25 s for the book on a
2-core machine, `import companion` under 0.3 s. Run it alone (BLAS threads fight on 2 cores):

    uv run python benchmarks/book_time.py            # every chapter and companion notebook
    uv run python benchmarks/book_time.py 02 05      # those whose name starts so (06 takes 06b too)

Execution is timed as a reader sees it, "Restart Kernel and Run All": from a started kernel
to the last cell's output; kernel start-up is timed separately. The numbers are reported,
never asserted in tests.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_BUDGET, BOOK_BUDGET, IMPORT_BUDGET = 20.0, 25.0, 0.3


def time_import(repeats=5):
    """Median wall time of `python -c "import companion"`, minus a bare interpreter start."""

    def run(code):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(run("pass") for _ in range(repeats))
    full = statistics.median(run("import companion") for _ in range(repeats))
    return full - bare, full


def time_chapter(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
    return started - start, done - started


def main(prefixes):
    chapters = ROOT / "chapters"  # chapters NN_* and their companion notebooks NNb_*
    paths = sorted(
        [*chapters.glob("[0-9][0-9]_*.ipynb"), *chapters.glob("[0-9][0-9][a-z]_*.ipynb")]
    )
    if prefixes:
        paths = [p for p in paths if p.name.startswith(tuple(prefixes))]
    net, full = time_import()
    print(
        f"import companion: {net:.3f} s over a bare interpreter ({full:.3f} s in all), budget {IMPORT_BUDGET} s"
    )
    print(f"{'chapter':40} {'kernel start':>12} {'run all':>9}  budget")
    total = 0.0
    for path in paths:
        start, run = time_chapter(path)
        total += run
        verdict = "ok" if run < CHAPTER_BUDGET else "OVER"
        print(f"{path.name:40} {start:11.2f}s {run:8.2f}s  {verdict}")
    verdict = "ok" if total < BOOK_BUDGET else "OVER"
    print(f"{'whole book':40} {'':>12} {total:8.2f}s  {verdict} (budget {BOOK_BUDGET:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
