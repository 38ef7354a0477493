"""Sphinx configuration of the rendered book (built by book/build.sh from a staged copy of chapters/).

Offline by construction: notebooks are not executed, MathJax is copied from book/node_modules
into _static/mathjax, and no setting points at another host (Sphinx 9 defaults to a MathJax
CDN, and myst-nb to require.js from one for widgets: both are overridden here).
"""

import shutil
from pathlib import Path

BOOK = Path(__file__).resolve().parent
MATHJAX = BOOK / "node_modules" / "mathjax" / "es5"

project = "The Gradient Field Guide"
author = "The Gradient Field Guide authors"
copyright = "The Gradient Field Guide authors; prose and figures CC BY 4.0, code MIT"

extensions = ["myst_nb", "sphinx_design", "sphinx_copybutton"]
root_doc = "index"
# notebooks/ holds the committed notebooks that each chapter page offers for download.
exclude_patterns = ["**.ipynb_checkpoints", "notebooks/**"]

# Notebooks: show the stored outputs, never execute.
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no require.js / widget manager from a CDN
# text/markdown outputs (chapter 4's tables, the snippet blocks) are parsed as MyST, with
# the same extensions as the Markdown cells: tables and $math$ render as they do in
# JupyterLab (myst-nb's default, plain CommonMark, leaves a table as a paragraph of pipes).
nb_render_markdown_format = "myst"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# Math: MathJax 3 from npm (its fonts ship with it), served from _static/mathjax.
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"options": {}}  # myst-parser fills in which HTML classes to typeset

html_theme = "furo"
html_title = project
html_static_path = ["static"]
html_css_files = ["book.css"]
html_js_files = ["a11y.js"]
html_copy_source = False
html_show_sourcelink = False
html_permalinks_icon = "#"
# The tab's icon; favicon.ico also sits at the site's root, where browsers ask for it by default.
html_favicon = "static/favicon.svg"
html_extra_path = ["extra"]

# A copy button on every code block that a reader would paste: cell inputs, the framework
# snippets, exercise solutions. Not on stored outputs (there is nothing to run in them), and
# prompts (">>> ", "... ", "$ ") are left out of what is copied, as are the output lines
# between prompted lines. sphinx-copybutton ships its script and clipboard.js: offline.
copybutton_selector = "div.cell_input div.highlight pre, div.highlight-python div.highlight pre, div.highlight-bash div.highlight pre"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
copybutton_exclude = ".linenos, .gp, .go"


def _mathjax_files(directory, names):
    """Copy the CHTML TeX bundle and what it loads on demand, not the other bundles."""
    if Path(directory) == MATHJAX:
        return [n for n in names if n.endswith(".js") and n != "tex-chtml.js"]
    if Path(directory) == MATHJAX / "output":
        return [n for n in names if n.startswith("svg")]
    return []


def _check_mathjax(app):
    if not (MATHJAX / "tex-chtml.js").is_file():
        raise RuntimeError(f"{MATHJAX} is missing: run `npm ci --prefix book` (book/build.sh does)")


def _copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / "mathjax"
        shutil.copytree(MATHJAX, target, ignore=_mathjax_files, dirs_exist_ok=True)


def setup(app):
    app.connect("builder-inited", _check_mathjax)
    app.connect("build-finished", _copy_mathjax)
