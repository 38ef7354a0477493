#!/usr/bin/env bash
# CI stage (issue 20): every notebook (chapters/*.ipynb, companion notebooks NNb_* included)
# under strict nbval with perturbed numerics, so that no stored digit depends on the machine
# that executed it. Stage 1 (`uv run pytest`) already ran them with this machine's defaults.
#
#   old-cpu   main env; OpenBLAS's Nehalem kernel (SSE only), NumPy with every SIMD extension
#             above its baseline switched off, one BLAS thread
#   py3.13    the locked environment on Python 3.13 (a newer NumPy) with OpenBLAS's
#             Sandybridge kernel (AVX)
#   lowest    Python 3.11 at the dependency floors (NumPy 2.0), as an AVX2 machine without
#             AVX-512: OpenBLAS's Haswell kernel, NumPy's AVX-512 paths off
#
# Perturbations are combined into three runs (about 100 s each on 2 cores) to keep .ci/run
# near 15 minutes.
# Before each run .ci/numerics.py prints what the run really got (SIMD in use, OpenBLAS kernel
# and threads of NumPy and SciPy) and fails the run if a setting did not take effect. A forced
# kernel this CPU cannot execute is skipped with a message. The py3.13 and lowest environments
# come from .ci/envs.sh, shared with the compat stage (built once per CI run).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/envs.sh

main=".venv/bin/python"
flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)" || flags=""
has() { [[ " $flags " == *" $1 "* ]]; }

status=0
summary=()
run() {  # run NAME PYTHON [VAR=value ...]
    local name="$1" python="$2" start=$SECONDS result=passed
    shift 2
    echo "-- portability $name: $*"
    if ! env "$@" "$python" .ci/numerics.py; then
        result="FAILED (settings did not take effect)"
    elif ! env "$@" "$python" -m pytest chapters -p no:cacheprovider -o addopts="" \
        --nbval --nbval-current-env --nbval-sanitize-with=tests/nbval_sanitize.cfg \
        --ignore=chapters/snippets -n 2 --dist loadscope -q; then
        result=FAILED
    fi
    [[ "$result" == passed ]] || status=1
    summary+=("portability $name: $result in $((SECONDS - start)) s")
    echo "${summary[-1]}"
}

if has sse4_2; then
    run old-cpu "$main" OPENBLAS_CORETYPE=Nehalem OPENBLAS_NUM_THREADS=1 \
        NPY_DISABLE_CPU_FEATURES="$("$main" .ci/numerics.py simd-above-baseline)"
else
    run no-simd "$main" OPENBLAS_NUM_THREADS=1 \
        NPY_DISABLE_CPU_FEATURES="$("$main" .ci/numerics.py simd-above-baseline)"
fi
py313="$(ci_env py3.13)/bin/python"
if has avx; then
    run py3.13 "$py313" OPENBLAS_CORETYPE=Sandybridge
else
    run py3.13 "$py313"
fi
lowest="$(ci_env lowest)/bin/python"
if has avx2; then
    run lowest "$lowest" OPENBLAS_CORETYPE=Haswell \
        NPY_DISABLE_CPU_FEATURES="$("$lowest" .ci/numerics.py avx512)"
else
    run lowest "$lowest"
fi
printf '%s\n' "${summary[@]}"
exit "$status"
