"""The chapters' framework snippets (issue 13), in the main environment: every file in
chapters/snippets/ parses, passes ruff, fits on a screen, and is shown by its chapter exactly
as it is on disk. Running them against the real frameworks is the conformance stage's job
(tests/conformance/test_snippets_chNN.py); this environment has no framework installed."""

import ast
import re
import subprocess
import sys

import nbformat
import pytest
from notebook_tools import CHAPTERS, chapter_paths

from companion import snippets

SNIPPET_FILES = sorted((CHAPTERS / "snippets").glob("*.py"))
MAX_LINES, MAX_WIDTH = 50, 100


def shown_snippets():
    """path -> the source a chapter's stored output displays, from the outputs' metadata."""
    shown = {}
    for path in chapter_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                meta = out.get("metadata", {}).get("text/markdown", {}).get("gfg_snippets")
                if meta:
                    route = meta[0]["path"].split("/")[-1].rsplit("_", 1)[0]
                    for _, _, shown_path, source in snippets.show(route).entries():
                        text = out["data"]["text/markdown"]
                        if f"```python\n{source.rstrip()}\n```" in text:
                            shown[shown_path] = path.name
    return shown


def test_there_are_snippets():
    assert SNIPPET_FILES, "chapters/snippets/ holds no snippet"


@pytest.mark.parametrize("path", SNIPPET_FILES, ids=lambda p: p.name)
def test_snippet_parses_fits_and_is_named_for_a_framework(path):
    source = path.read_text(encoding="utf-8")
    ast.parse(source, filename=str(path))
    lines = source.splitlines()
    assert len(lines) <= MAX_LINES, f"{path.name}: {len(lines)} lines, more than one screen"
    assert max(map(len, lines)) <= MAX_WIDTH, f"{path.name}: a line is wider than {MAX_WIDTH}"
    assert path.stem.rsplit("_", 1)[-1] in snippets.FRAMEWORKS, path.name


def test_snippets_pass_ruff():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *map(str, SNIPPET_FILES)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_snippet_is_shown_as_it_is_on_disk():
    shown = shown_snippets()
    missing = [f"chapters/snippets/{p.name}" for p in SNIPPET_FILES]
    missing = [p for p in missing if p not in shown]
    assert not missing, f"not shown by any chapter, or shown stale (re-run the chapter): {missing}"


def test_requirements_list_exactly_the_non_framework_imports():
    """Issue 21 (ch 0, cell 9): the preface lists what each snippet needs besides its
    framework, computed by snippets.requirements(); checked here against a plain reading of
    each file's import lines (a regex, not ast)."""
    needs = snippets.requirements()
    for path in SNIPPET_FILES:
        route, key = path.stem.rsplit("_", 1)
        text = path.read_text(encoding="utf-8")
        imported = set(re.findall(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", text, re.M))
        if key == "torch" and re.search(r"\.(?:numpy|from_numpy)\(", text):
            imported.add("numpy")  # torch does not install NumPy; .numpy() needs it
        own = snippets.FRAMEWORK_MODULES[key]
        for module in imported - own - set(sys.stdlib_module_names):
            names = needs.get(module, [])
            assert path.stem in names or f"{route}_*" in names, (path.name, module, names)
        for module, names in needs.items():
            if path.stem in names or f"{route}_*" in names:
                assert module in imported, (path.name, module)
    assert "scipy" in needs and any(n.startswith("01_lbfgsb") for n in needs["scipy"])


def test_a_torch_file_that_calls_numpy_needs_numpy(tmp_path):
    """Review of chapter 0: torch does not install NumPy, so a torch snippet calling .numpy()
    fails with only PyTorch installed although it imports no numpy; requirements() lists it.
    TensorFlow and JAX ship NumPy, so their .numpy() calls need nothing more."""
    (tmp_path / "09_demo_torch.py").write_text("import torch\nprint(torch.ones(2).numpy())\n")
    (tmp_path / "09_demo_keras.py").write_text(
        "import tensorflow as tf\nprint(tf.ones(2).numpy())\n"
    )
    (tmp_path / "09_other_torch.py").write_text("import torch\nprint(torch.ones(2).tolist())\n")
    assert snippets.requirements(tmp_path) == {"numpy": ["09_demo_torch"]}
