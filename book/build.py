"""Build the rendered book: every chapters/NN_*.ipynb, with its stored outputs, into _build/html.

Run it through ``book/build.sh``, which prepares the environment first. Nothing is executed
(myst-nb's execution mode is "off") and nothing is fetched: MathJax comes from book/node_modules.

Steps
    1. stage   copy chapters/ into _build/book-src/chapters/, folding each exercise's hints
               and solution into <details> blocks, turning each ``cp.snippets.show(route)``
               output into synced framework tabs, and write the landing page (index.md)
               with the chapter list read from the notebooks themselves;
    2. sphinx  sphinx-build -b html with book/conf.py, into _build/html;
    3. check   fail if any page or stylesheet would fetch from another host, or if any
               <img> has no alt text (a figure cell without ``metadata.mystnb.image.alt``
               is refused already at step 1, naming the chapter and the cell).

Each chapter page links to its notebook (the committed .ipynb, copied into the build).
``book/build.sh --pdf`` then prints the whole book to one PDF (book/pdf.py).
"""

import contextlib
import io
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
# BOOK_CHAPTERS builds a scratch copy of chapters/ instead (the tests of the build use it).
CHAPTERS = Path(os.environ.get("BOOK_CHAPTERS", ROOT / "chapters"))
SRC = ROOT / "_build" / "book-src"
OUT = ROOT / "_build" / "html"
DOCTREES = ROOT / "_build" / "book-doctrees"

# Chapters NN_name and their companion notebooks NNb_name (depth moved out of chapter NN).
CHAPTER_FILE = re.compile(r"^(\d\d)b?_\w+\.ipynb$")
STUB = re.compile(r"^#\s*Exercise\s+(\d+\.\d+)\b")
CHECK = re.compile(r"""cp\.exercises\.check\(\s*["'](\d+\.\d+)["']""")
REVEAL = re.compile(r"""cp\.exercises\.(hint|solution)\(""")
HINT_LINE = re.compile(r"^Hint \d+/\d+ for [\d.]+: (.*)$")
SHOW = re.compile(
    r"""^\s*(?:cp\.snippets\.|snippets\.)?show\(\s*["'](\d\d_\w+)["']\s*\)\s*;?\s*(?:#.*)?$"""
)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)\n```$", re.S | re.M)


def chapter_files():
    """Every chapters/NN_name.ipynb and NNb_name.ipynb, in order: the book picks up new
    chapters by name alone."""
    return sorted(p for p in CHAPTERS.glob("*.ipynb") if CHAPTER_FILE.match(p.name))


def _captured(function, *args):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        function(*args)
    return buffer.getvalue()


def exercise_fold(exercise_id):
    """Markdown for two folded blocks: the exercise's hints, then its reference solution.

    The text is what ``cp.exercises.hint(id, n)`` and ``cp.exercises.solution(id)`` print in
    a notebook, so a reader of the static book gets the same help, one click away.
    """
    from companion import exercises

    hints = [
        m.group(1)
        for line in _captured(exercises.hint, exercise_id, 10**6).splitlines()
        if (m := HINT_LINE.match(line))
    ]
    solution = _captured(exercises.solution, exercise_id).strip().splitlines()
    header, body = solution[0], solution[1:]
    note = [line for line in body if line.startswith("The book's reference implementation")]
    code = "\n".join(line for line in body if line not in note).strip("\n")
    items = "\n".join(f"{k}. {text}" for k, text in enumerate(hints, 1))
    plural = "hint" if len(hints) == 1 else "hints"
    parts = [
        '<details class="exercise-fold exercise-hints">',
        f"<summary>Hints for exercise {exercise_id} ({len(hints)} {plural}; click to unfold)</summary>",
        "",
        items,
        "",
        "</details>",
        "",
        '<details class="exercise-fold exercise-solution">',
        f"<summary>{header.rstrip(':')} (click to unfold)</summary>",
        "",
        "```python",
        code,
        "```",
        "",
    ]
    if note:
        module_function = note[0].split(": ", 1)[-1]
        parts += [f"The book's reference implementation: `{module_function}`.", ""]
    parts.append("</details>")
    return "\n".join(parts)


def snippet_output(cell):
    """(index, output) of the cell's ``cp.snippets.show`` display, or None."""
    for index, output in enumerate(cell.get("outputs", [])):
        meta = output.get("metadata", {}).get("text/markdown", {})
        if "gfg_snippets" in meta and "text/markdown" in output.get("data", {}):
            return index, output
    return None


def snippet_tabs(output, where):
    """MyST for one sphinx-design tab set: a tab per framework file, synced across the book.

    Each tab's label is the framework's (``companion.snippets.FRAMEWORKS``) and its ``:sync:``
    key the framework's, so choosing PyTorch on one tab set selects PyTorch on every tab set
    of the page, and sphinx-design remembers the choice (localStorage) on the next page. The
    code is the one the notebook displays (the stored Markdown that strict nbval compares), so
    the book cannot show a stale snippet either.
    """
    entries = output["metadata"]["text/markdown"]["gfg_snippets"]
    markdown = output["data"]["text/markdown"]
    if isinstance(markdown, list):
        markdown = "".join(markdown)
    codes = PYTHON_BLOCK.findall(markdown)
    if not entries or len(codes) != len(entries):
        raise SystemExit(
            f"{where}: the snippet display names {len(entries)} files but shows "
            f"{len(codes)} python blocks; re-run the chapter (tests/notebook_tools.py)"
        )
    # Each fence longer than any backtick run inside it: code < tab-item < tab-set.
    longest = max((len(run) for code in codes for run in re.findall(r"`+", code)), default=0)
    block = "`" * max(3, longest + 1)
    item, fence = block + "`", block + "``"
    lines = [f"{fence}{{tab-set}}", ":class: framework-snippets", ":sync-group: framework", ""]
    for entry, code in zip(entries, codes, strict=True):
        lines += [
            f"{item}{{tab-item}} {entry['label']}",
            f":sync: {entry['framework']}",
            "",
            f"{block}{{code-block}} python",
            f":caption: {entry['path']}",
            "",
            code,
            block,
            item,
            "",
        ]
    lines.append(fence)
    return "\n".join(lines)


def stage_snippets(cell, where):
    """Cells that replace one code cell ending in ``cp.snippets.show(route)``.

    The show call itself is hidden (a reader of the book sees tabs, not the call); any other
    code in the cell stays, with its other outputs.
    """
    found = snippet_output(cell)
    if found is None:
        return [cell]
    index, output = found
    tabs = nbformat.v4.new_markdown_cell(snippet_tabs(output, where))
    tabs.metadata["tags"] = ["framework-snippets"]
    kept = [line for line in cell.source.splitlines() if not SHOW.match(line)]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in kept):
        return [tabs]
    cell.source = "\n".join(kept).strip("\n")
    cell.outputs = [o for k, o in enumerate(cell.outputs) if k != index]
    return [cell, tabs]


IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def missing_alt(path, nb):
    """One line per figure cell of ``nb`` that has no alt text for its image."""
    found = []
    for number, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if not any(kind in o.get("data", {}) for o in outputs for kind in IMAGE_TYPES):
            continue
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        if not (isinstance(alt, str) and alt.strip()):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            found.append(f"{path.name}, cell {number} ({first.strip()[:60]!r})")
    return found


def verified_line(nb, path):
    """'Last verified: DATE, against TensorFlow ..., PyTorch ..., JAX ...': the date is the
    notebook's last execution (metadata `last_executed`, written by tests/notebook_tools.py),
    so the page says when its outputs were computed, whenever the book is built."""
    from companion.frameworks import VERIFIED_VERSIONS as v

    date = nb.metadata.get("last_executed")
    if not (isinstance(date, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", date)):
        raise SystemExit(
            f"{path.name} records no execution date (metadata last_executed): re-run it with "
            "`uv run python tests/notebook_tools.py chapters/...`"
        )
    return (
        f"Last verified: {date}, against TensorFlow {v['tensorflow']} (Keras {v['keras']}), "
        f"PyTorch {v['torch']}, JAX {v['jax']} (optax {v['optax']})."
    )


def download_link(nb, path):
    """Put a link to the chapter's notebook and its "Last verified" line right under its
    title (first Markdown cell)."""
    link = (
        f"{{download}}`Download this chapter as a notebook ({path.name}) "
        f"<../notebooks/{path.name}>`"
    )
    verified = f'<p class="last-verified">{verified_line(nb, path)}</p>'
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            at = next((k + 1 for k, line in enumerate(lines) if line.startswith("# ")), 0)
            cell.source = "\n".join([*lines[:at], "", link, "", verified, "", *lines[at:]])
            return
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"{link}\n\n{verified}"))


def stage_notebook(path, known_ids):
    """Copy one chapter, adding folded hints after each exercise's check cell and turning
    snippet displays into framework tabs (``stage_snippets``).

    The check cell is the code cell right after a stub whose first line is
    ``# Exercise N.M``; the folded block is inserted once per exercise. Cells that call
    ``cp.exercises.hint`` or ``cp.exercises.solution`` themselves get their output folded.
    """
    nb = nbformat.read(path, as_version=4)
    cells, previous_stub, folded = [], None, set()
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells += stage_snippets(cell, f"{path.name}, cell {number}")
        source = cell.source
        check = CHECK.search(source)
        if check and check.group(1) == previous_stub and previous_stub not in folded:
            exercise_id = check.group(1)
            if exercise_id not in known_ids:
                raise SystemExit(
                    f"{path.name}: exercise {exercise_id} is not declared in companion.exercises"
                )
            fold = nbformat.v4.new_markdown_cell(exercise_fold(exercise_id))
            fold.metadata["tags"] = ["exercise-fold"]
            cells.append(fold)
            folded.add(exercise_id)
        if REVEAL.search(source):
            kind = REVEAL.search(source).group(1)
            cell.metadata.setdefault("tags", []).append("hide-output")
            cell.metadata.setdefault("mystnb", {}).update(
                code_prompt_show=f"Show the {kind}", code_prompt_hide=f"Hide the {kind}"
            )
        stub = STUB.match(source.lstrip())
        previous_stub = stub.group(1) if stub else None
    nb.cells = cells
    download_link(nb, path)
    return nb


def chapter_entry(path, nb):
    """(document name, title, aim) for the landing page's chapter list."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), None)
    aim = re.search(r"\*\*Aim\.?\*\*\s*(.+)", first)
    return (
        f"chapters/{path.stem}",
        title or path.stem,
        aim.group(1).strip().replace("|", r"\|") if aim else "",
    )


def landing_page(entries):
    rows = "\n".join(
        f"| {Path(doc).name.split('_')[0].lstrip('0') or '0'} | [{title}]({doc}.ipynb) | {aim} |"
        for doc, title, aim in entries
    )
    toc = "\n".join(doc for doc, _, _ in entries)
    return f"""# The Gradient Field Guide

An open textbook about the places where automatic differentiation, optimizers and
fitted-model statistics stop doing what practitioners expect. Each chapter starts from a
question that TensorFlow, PyTorch and JAX users keep asking, shows by running code why the
obvious route fails, and compares at least two routes that work.

This is the read-only edition: every figure and number below was computed when the chapter
was last executed and is shown as stored in the notebook. To run and change the code, open
the same chapters in JupyterLab (`uv run jupyter lab` in the repository; the preface says
more). Exercise hints and solutions are folded under each exercise: click to unfold them.

## Chapters

| | chapter | aim |
|---|---|---|
{rows}

```{{toctree}}
:hidden:
:maxdepth: 1
:caption: Chapters

{toc}
```
"""


def stage():
    from companion import exercises

    known_ids = set(exercises.ids())
    shutil.rmtree(SRC, ignore_errors=True)
    shutil.copytree(
        CHAPTERS,
        SRC / "chapters",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.ipynb"),
    )
    (SRC / "notebooks").mkdir(parents=True)
    entries, no_alt = [], []
    for path in chapter_files():
        shutil.copy2(path, SRC / "notebooks" / path.name)  # the download: the notebook as committed
        nb = stage_notebook(path, known_ids)
        no_alt += missing_alt(path, nb)
        nbformat.write(nb, SRC / "chapters" / path.name)
        entries.append(chapter_entry(path, nb))
    if not entries:
        raise SystemExit(f"no chapters/NN_*.ipynb found under {CHAPTERS}")
    if no_alt:
        raise SystemExit(
            "book: these figure cells have no alt text; give each a one- or two-sentence "
            'description of what the figure shows in its metadata, cell.metadata["mystnb"] = '
            '{"image": {"alt": "..."}}:\n  ' + "\n  ".join(no_alt)
        )
    (SRC / "index.md").write_text(landing_page(entries), encoding="utf-8")
    return entries


# What a browser would fetch by itself from a page or a stylesheet: scripts, stylesheets,
# images, frames, fonts. Plain links (<a href>) are not fetched and may point anywhere.
FETCHED = [
    (
        re.compile(
            r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=[\"']?(?:https?:)?//", re.I
        ),
        "*.html",
    ),
    (re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//", re.I), "*.html"),
    (re.compile(r"(?:url\(|@import)\s*[\"']?(?:https?:)?//", re.I), "*.css"),
]


def external_references(html=OUT):
    """Files of the build that would make a reader's browser ask another host."""
    found = []
    for pattern, glob in FETCHED:
        for path in html.rglob(glob):
            if pattern.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(str(path.relative_to(html)))
    return sorted(set(found))


IMG = re.compile(r"<img\b[^>]*>", re.I)
ALT = re.compile(r"""\balt=("([^"]*)"|'([^']*)')""", re.I)
SRC_ATTR = re.compile(r"""\bsrc=["']?([^"' >]+)""", re.I)


def images_without_alt(html=OUT):
    """'page: src' for every <img> whose alt is missing, empty or just its file name (what
    docutils writes when no alt was given)."""
    found = []
    for path in sorted(html.rglob("*.html")):
        for tag in IMG.findall(path.read_text(encoding="utf-8", errors="replace")):
            alt = ALT.search(tag)
            src = SRC_ATTR.search(tag)
            text = (alt.group(2) or alt.group(3) or "").strip() if alt else ""
            name = src.group(1) if src else ""
            if not text or text == name or re.fullmatch(r"\S+\.(png|jpe?g|svg|gif)", text):
                found.append(f"{path.relative_to(html)}: {name}")
    return found


def fix_accessibility(html=OUT):
    """Repairs of the theme's HTML that axe-core reports as critical.

    Sphinx writes the sidebar's toctree caption as ``<p class="caption" role="heading">``
    without the aria-level that role requires; it is a second-level heading under the title.
    myst-nb labels the fold of a ``hide-input`` cell "Toggle hidden content" while it shows
    "Show code cell source" (axe-core: label-content-name-mismatch); without the label, the
    visible text names it.
    """
    for path in html.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        fixed = text.replace(
            '<p class="caption" role="heading">',
            '<p class="caption" role="heading" aria-level="2">',
        ).replace('<summary aria-label="Toggle hidden content">', "<summary>")
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


def main(argv=()):
    from sphinx.cmd.build import build_main

    start = time.perf_counter()
    entries = stage()
    shutil.rmtree(OUT, ignore_errors=True)
    args = [
        "-b",
        "html",
        "-E",
        "-q",
        "-c",
        str(BOOK),
        "-d",
        str(DOCTREES),
        *argv,
        str(SRC),
        str(OUT),
    ]
    status = build_main(args)
    if status == 0:
        fix_accessibility()
    if status == 0 and (external := external_references()):
        print(f"book: these files would fetch from another host: {external}", file=sys.stderr)
        status = 1
    if status == 0 and (no_alt := images_without_alt()):
        print("book: images without alt text:\n  " + "\n  ".join(no_alt), file=sys.stderr)
        status = 1
    seconds = time.perf_counter() - start
    if status == 0:
        print(
            f"book: {len(entries)} chapters -> {OUT.relative_to(ROOT)}/index.html in {seconds:.1f} s"
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
