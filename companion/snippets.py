"""Show the book's framework snippets: one plain Python file per (chapter, route, framework).

Offers
    show(route)      the snippets of one route, for display in a notebook cell
    files(route)     their paths, in the book's framework order
    requirements()   what each file imports beyond its framework, read from its import lines
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

import ast
import re
import sys
from pathlib import Path

__all__ = ["FRAMEWORKS", "Snippets", "files", "requirements", "show"]

# Tab order and labels. Keys are the last part of a snippet's file name.
FRAMEWORKS = {
    "keras": "TensorFlow / Keras",
    "tf1": "TensorFlow 1 (tf.compat.v1)",
    "torch": "PyTorch",
    "jax": "JAX",
}

DIRECTORY = Path(__file__).resolve().parent.parent / "chapters" / "snippets"
_ROUTE = re.compile(r"^\d\d_[a-z0-9_]+$")
# The package that provides each framework key's own imports (keras ships with tensorflow).
FRAMEWORK_MODULES = {
    "keras": {"tensorflow", "keras"},
    "tf1": {"tensorflow", "keras"},
    "torch": {"torch"},
    "jax": {"jax"},
}


def _folder(directory):
    if directory is not None and not isinstance(directory, (str, Path)):
        raise TypeError(
            f"directory must be a str or a pathlib.Path, got {type(directory).__name__} {directory!r}"
        )
    return Path(directory) if directory is not None else DIRECTORY


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
    folder = _folder(directory)
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


def _imports(path):
    """The top-level modules a file needs: those it imports (at any depth), standard library
    left out, and numpy for a torch file that converts tensors with ``.numpy()`` or
    ``torch.from_numpy`` (torch, unlike TensorFlow and JAX, does not install NumPy)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Attribute) and node.attr in ("numpy", "from_numpy"):
            if path.stem.endswith("_torch"):
                found.add("numpy")
    return {m for m in found if m not in sys.stdlib_module_names}


def requirements(directory=None):
    """{module: the snippets that need it} for every module beyond a file's own framework
    (numpy, scipy, optax, companion, ...), read from the files' import statements with ``ast``
    (and a torch file's ``.numpy()`` calls, which need NumPy without importing it).

    Files are named by their stem, or ``NN_route_*`` when every framework of the route needs
    the module. A file's own framework is ``FRAMEWORK_MODULES[key]``: tensorflow (with the
    keras it ships) for ``keras`` and ``tf1``, torch, jax.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "09_demo_jax.py").write_text("import jax\\nimport optax\\nimport math\\n")
    >>> _ = (folder / "09_demo_torch.py").write_text("import torch\\nfrom scipy import stats\\n")
    >>> requirements(folder)
    {'optax': ['09_demo_jax'], 'scipy': ['09_demo_torch']}
    """
    folder = _folder(directory)
    by_route, needs = {}, {}
    for path in sorted(folder.glob("[0-9][0-9]_*.py")):
        route, key = path.stem.rsplit("_", 1)
        if key not in FRAMEWORK_MODULES:
            continue
        by_route.setdefault(route, []).append(path.stem)
        for module in _imports(path) - FRAMEWORK_MODULES[key]:
            needs.setdefault(module, []).append(path.stem)
    if not by_route:
        raise ValueError(f"directory {str(folder)!r} holds no snippet files NN_route_framework.py")
    out = {}
    for module in sorted(needs):
        names = []
        for route, stems in by_route.items():
            using = [stem for stem in stems if stem in needs[module]]
            names += [f"{route}_*"] if len(using) == len(stems) > 1 else using
        out[module] = names
    return out
