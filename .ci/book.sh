#!/usr/bin/env bash
# CI stage: the rendered book and the browser tests (issue 10).
#   1. install: Debian's chromium (if missing), the `book` dependency group into its own
#      environment (book/.venv; the main .venv is left as it is), MathJax and axe-core with
#      `npm ci`;
#   2. build:   book/build.sh, chapters/ -> _build/html from the stored outputs (fails on a
#      figure without alt text);
#   3. pdf:     book/pdf.py, _build/html -> _build/pdf/gradient-field-guide.pdf (Chromium);
#   4. browser: tests/browser with Playwright driving chromium: every page of the book (math,
#      tables, figures, axe-core in light and dark, framework tabs, search, downloads), the
#      PDF read with pypdf, then chapter 2 run in JupyterLab from the main .venv.
#      BROWSER_TESTS_REQUIRED=1 turns a missing browser into a failure instead of a skip.
#      Screenshots: test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
if ! command -v chromium >/dev/null 2>&1; then
    sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null
export UV_PROJECT_ENVIRONMENT="${BOOK_VENV:-book/.venv}"
uv sync --quiet --locked --no-default-groups --group book --compile-bytecode
npm ci --prefix book --no-audit --no-fund --loglevel=error
install_time=$((SECONDS - start))

start=$SECONDS
book/build.sh
build_time=$((SECONDS - start))

start=$SECONDS
"$UV_PROJECT_ENVIRONMENT/bin/python" book/pdf.py
pdf_time=$((SECONDS - start))

start=$SECONDS
status=0
BROWSER_TESTS_REQUIRED=1 "$UV_PROJECT_ENVIRONMENT/bin/python" -m pytest tests/browser \
    -p no:cacheprovider -o addopts="" -rsxX --durations=8 || status=$?
browser_time=$((SECONDS - start))
echo "book: install ${install_time} s, build ${build_time} s, pdf ${pdf_time} s," \
    "browser tests ${browser_time} s"
exit "$status"
