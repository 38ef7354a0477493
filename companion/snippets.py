"""Show the book's framework snippets: one plain Python file per (chapter, route, framework).

Offers
    show(route)      the snippets of one route, for display in a notebook cell
    files(route)     their paths, in the book's framework order
    FRAMEWORKS       framework key -> the label of its tab

A snippet is a self-contained, seeded file that a reader can copy and run with only its
framework installed: ``chapters/snippets/NN_route_framework.py``, e.g.
``01_maximize_torch.py``. A chapter displays every framework of a route with one call,
``cp.snippets.show("01_maximize")``. The cell's output is the files' text as Markdown code
blocks, so strict nbval fails a chapter that shows a stale snippet; its metadata names the
files, so the HTML book can render them as synced tabs. The conformance stage runs each
file against its real framework and compares its numbers with the companion's.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for key in ("jax", "keras"):
...     _ = (folder / f"09_demo_{key}.py").write_text(f"print({key!r})\\n")
>>> show("09_demo", folder)
Snippets('09_demo': keras, jax)
>>> print(show("09_demo", folder)._repr_markdown_().splitlines()[0])
**TensorFlow / Keras** (`chapters/snippets/09_demo_keras.py`)
"""

import re
from pathlib import Path

__all__ = ["FRAMEWORKS", "Snippets", "files", "show"]

# Tab order and labels. Keys are the last part of a snippet's file name.
FRAMEWORKS = {
    "keras": "TensorFlow / Keras",
    "tf1": "TensorFlow 1 (tf.compat.v1)",
    "torch": "PyTorch",
    "jax": "JAX",
}

DIRECTORY = Path(__file__).resolve().parent.parent / "chapters" / "snippets"
_ROUTE = re.compile(r"^\d\d_[a-z0-9_]+$")


def files(route, directory=None):
    """The snippet files of ``route`` (e.g. ``"01_maximize"``), in the order of ``FRAMEWORKS``.

    Raises ValueError naming the route when it is malformed or has no files.

    >>> files("1_maximize")
    Traceback (most recent call last):
    ...
    ValueError: route must look like 'NN_name' (e.g. '01_maximize'), got '1_maximize'
    """
    if not isinstance(route, str) or not _ROUTE.match(route):
        raise ValueError(f"route must look like 'NN_name' (e.g. '01_maximize'), got {route!r}")
    if directory is not None and not isinstance(directory, (str, Path)):
        raise TypeError(
            f"directory must be a str or a pathlib.Path, got {type(directory).__name__} {directory!r}"
        )
    folder = Path(directory) if directory is not None else DIRECTORY
    found = [folder / f"{route}_{key}.py" for key in FRAMEWORKS]
    found = [p for p in found if p.is_file()]
    if not found:
        raise ValueError(
            f"route {route!r} has no snippet files {route}_<{'|'.join(FRAMEWORKS)}>.py in {folder}"
        )
    return found


class Snippets:
    """The snippets of one route; a notebook displays them as Markdown code blocks."""

    def __init__(self, route, directory=None):
        self.route = route
        self.paths = files(route, directory)

    def entries(self):
        """(framework key, tab label, path relative to the repository, source) per file."""
        out = []
        for path in self.paths:
            key = path.stem[len(self.route) + 1 :]
            shown = f"chapters/snippets/{path.name}"
            out.append((key, FRAMEWORKS[key], shown, path.read_text(encoding="utf-8")))
        return out

    def _repr_markdown_(self):
        blocks = [
            f"**{label}** (`{shown}`)\n\n```python\n{source.rstrip()}\n```"
            for _, label, shown, source in self.entries()
        ]
        return "\n\n".join(blocks)

    def _repr_mimebundle_(self, include=None, exclude=None):
        metadata = {
            "text/markdown": {
                "gfg_snippets": [
                    {"framework": key, "label": label, "path": shown}
                    for key, label, shown, _ in self.entries()
                ]
            }
        }
        return {"text/markdown": self._repr_markdown_()}, metadata

    def __repr__(self):
        keys = ", ".join(p.stem[len(self.route) + 1 :] for p in self.paths)
        return f"Snippets({self.route!r}: {keys})"


def show(route, directory=None):
    """Display every framework's snippet of ``route``; the last expression of a chapter's cell.

    >>> show("09_no_such_route", directory=".")
    Traceback (most recent call last):
    ...
    ValueError: route '09_no_such_route' has no snippet files 09_no_such_route_<keras|tf1|torch|jax>.py in .
    """
    return Snippets(route, directory)
