"""Jupyter server settings that `uv sync` installs into the environment (etc/jupyter).

- `uv run jupyter lab` opens the preface, and JupyterLab never checks for updates.
- Reading a chapter leaves its file byte-identical. When a kernel starts, JupyterLab copies
  the kernel's `language_info` (which holds the Python version, 3.10 to 3.13 here) into the
  notebook's metadata, marks the notebook changed, and autosave writes it out, so merely
  opening a chapter used to modify it. The chapters store `{"name": "python"}` there
  (tests/notebook_tools.py writes it), because the full value depends on the reader's Python
  and no stored value can match every reader's. A pre-save hook keeps that stored value
  when JupyterLab saves a chapter: the version-dependent field never reaches the file, on
  any Python, whether the save comes from autosave or from the reader. Nothing else about a
  save changes: edits, outputs and the metadata of any other notebook are written as usual.
"""

import json
from pathlib import Path

c = get_config()  # noqa: F821 (traitlets provides get_config to configuration files)

c.LabApp.default_url = "/lab/tree/chapters/00_preface.ipynb"
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

BOOK_LANGUAGE_INFO = {"name": "python"}


def keep_book_language_info(model, path, contents_manager, **kwargs):
    """Before a notebook is saved: if the file on disk stores the book's `language_info`,
    write that again instead of the kernel's (which names the running Python's version)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    on_disk = Path(contents_manager.root_dir, path.lstrip("/"))
    try:
        stored = json.loads(on_disk.read_text(encoding="utf-8"))["metadata"]["language_info"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # a new notebook, or not one of the book's: save what JupyterLab sends
    if stored == BOOK_LANGUAGE_INFO:
        model["content"].setdefault("metadata", {})["language_info"] = dict(stored)


c.ContentsManager.pre_save_hook = keep_book_language_info
