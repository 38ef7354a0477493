#!/usr/bin/env bash
# CI stage: the companion's unit tests and doctests in three environments that never touch
# .venv (issue 16). The notebooks stay on the locked environment of stage 1.
#
#   lowest   Python 3.11 with every direct dependency at its declared floor
#            (uv pip install --resolution lowest-direct): the floors in pyproject.toml are true
#   py3.10   the locked environment (uv.lock) on the oldest supported Python
#   py3.13   the locked environment on the newest supported Python
#
# Each environment lives in a temporary folder removed afterwards. Interpreters come from uv's
# discovery or from pyenv (this machine's route; uv cannot download Pythons here).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

find_python() {  # find_python 3.10 -> a path to that interpreter
    local found
    if found="$(uv python find --no-python-downloads "$1" 2>/dev/null)"; then
        echo "$found"
        return
    fi
    for found in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/"$1".*/bin/python"$1"; do
        [[ -x "$found" ]] && { echo "$found"; return; }
    done
    echo "compat: no Python $1 found (install it with pyenv or uv python install $1)" >&2
    return 1
}

# Unit tests, property tests and doctests; not the chapters (nbval) nor the test that executes
# every chapter with the exercise solutions pasted in (marked slow).
run_tests() {
    "$1/bin/python" -m pytest tests companion -p no:cacheprovider -o addopts="" \
        --doctest-modules --ignore=tests/conformance --ignore=tests/browser \
        -m "not slow" -n 2 -q
}

status=0
for env in lowest py3.10 py3.13; do
    start=$SECONDS
    venv="$tmp/$env"
    case "$env" in
        lowest)
            uv venv --quiet "$venv" --python "$(find_python 3.11)"
            uv pip install --quiet --python "$venv/bin/python" --resolution lowest-direct \
                -e . --group dev
            ;;
        py3.*)
            UV_PROJECT_ENVIRONMENT="$venv" uv sync --quiet --locked --python "$(find_python "${env#py}")"
            ;;
    esac
    versions="$("$venv/bin/python" -c 'import platform
from importlib.metadata import version
names = ("numpy", "scipy", "statsmodels", "matplotlib", "autograd", "pytest", "hypothesis")
print(f"python {platform.python_version()},", ", ".join(f"{n} {version(n)}" for n in names))')"
    echo "compat $env: $versions"
    run_tests "$venv" || status=1
    echo "compat $env: $((SECONDS - start)) s"
done
exit "$status"
