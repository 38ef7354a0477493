#!/usr/bin/env bash
# CI stage: the companion's unit tests and doctests in three environments that never touch
# .venv (issue 16): lowest (Python 3.11 at the dependency floors), py3.10 and py3.13 (locked).
# The environments come from .ci/envs.sh; .ci/portability.sh then runs the chapters in
# lowest and py3.13 too, reusing them.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/envs.sh

# Unit tests, property tests and doctests; not the chapters (the portability stage runs them)
# nor the test that executes every chapter with the exercise solutions pasted in (marked slow).
run_tests() {
    "$1/bin/python" -m pytest tests companion -p no:cacheprovider -o addopts="" \
        --doctest-modules --ignore=tests/conformance --ignore=tests/browser \
        -m "not slow" -n 2 -q
}

status=0
for env in lowest py3.10 py3.13; do
    start=$SECONDS
    venv="$(ci_env "$env")"
    echo "compat $env: $(env_versions "$venv/bin/python")"
    run_tests "$venv" || status=1
    echo "compat $env: $((SECONDS - start)) s"
done
exit "$status"
