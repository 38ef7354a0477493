#!/usr/bin/env bash
# CI stage 2: the companion's framework emulations against the real TensorFlow, PyTorch,
# JAX, Keras and optax (tests/conformance). It builds its own virtual environment with
# python -m venv and pip (not uv: pip's find-links sees the local CPU torch wheel, where uv
# would download a multi-GB CUDA build), so the main .venv is never touched.
#
#   .ci/conformance.sh                      fresh venv in a temp dir, removed afterwards
#   CONFORMANCE_VENV=/path .ci/conformance.sh   build or reuse a venv there and keep it
#   PYTHON=python3.11 .ci/conformance.sh    choose the interpreter (the torch wheel is cp311)
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [[ -n "${CONFORMANCE_VENV:-}" ]]; then
    venv="$CONFORMANCE_VENV"
else
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    venv="$tmp/venv"
fi

# pip --quiet still warns about every configured local index without that package; drop those.
pip() {
    "$venv/bin/python" -m pip --quiet "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
}

start=$SECONDS
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
pip install --upgrade pip
pip install -r tests/conformance/requirements.txt
pip install -e .
install_time=$((SECONDS - start))
echo "conformance: environment ready in ${install_time} s ($venv)"

start=$SECONDS
status=0
CONFORMANCE_STRICT=1 TF_CPP_MIN_LOG_LEVEL=3 JAX_PLATFORMS=cpu \
    "$venv/bin/python" -m pytest tests/conformance -p no:cacheprovider -o addopts="" -rsxX \
    || status=$?
run_time=$((SECONDS - start))
echo "conformance: install ${install_time} s, run ${run_time} s"
exit "$status"
