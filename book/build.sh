#!/usr/bin/env bash
# Build the rendered book into _build/html from the stored outputs of chapters/NN_*.ipynb.
#
#   book/build.sh                 install what is missing, then build (offline once installed)
#   book/build.sh -W --keep-going extra arguments go to sphinx-build
#   book/build.sh --pdf           then print the book to _build/pdf/gradient-field-guide.pdf
#                                 (book/pdf.py: Chromium's print-to-PDF; needs chromium)
#
# The book's tools live in their own environment (the `book` dependency group synced into
# book/.venv, or $BOOK_VENV), so the main .venv is never touched; MathJax comes from npm
# (book/node_modules). No notebook is executed and no page loads anything from another host.
set -euo pipefail
cd "$(dirname "$0")/.."

export UV_PROJECT_ENVIRONMENT="${BOOK_VENV:-book/.venv}"
uv sync --quiet --locked --no-default-groups --group book --compile-bytecode
if [[ ! -f book/node_modules/mathjax/es5/tex-chtml.js ]]; then
    npm ci --prefix book --no-audit --no-fund --loglevel=error
fi
pdf=0
args=()
for arg in "$@"; do
    if [[ "$arg" == "--pdf" ]]; then pdf=1; else args+=("$arg"); fi
done
"$UV_PROJECT_ENVIRONMENT/bin/python" book/build.py "${args[@]}"
if [[ "$pdf" == 1 ]]; then
    "$UV_PROJECT_ENVIRONMENT/bin/python" book/pdf.py
fi
