# Sourced by .ci/compat.sh and .ci/portability.sh: the extra environments, built once per CI run.
#
#   ci_env lowest   Python 3.11, every direct dependency at its declared floor
#                   (uv pip install --resolution lowest-direct): the floors in pyproject.toml are true
#   ci_env py3.10   the locked environment (uv.lock) on the oldest supported Python
#   ci_env py3.13   the locked environment on the newest supported Python
#
# ci_env prints the environment's path. Environments live in $CI_ENVS: .ci/run sets it to one
# temporary folder for all its stages (and removes it); a script run on its own makes its own.
# Building is idempotent, so a second call (the next stage) only checks the environment.
# Interpreters come from uv's discovery or from pyenv (this machine's route; uv cannot
# download Pythons here).

if [[ -z "${CI_ENVS:-}" ]]; then
    CI_ENVS="$(mktemp -d)"
    trap 'rm -rf "$CI_ENVS"' EXIT
fi

find_python() {  # find_python 3.10 -> a path to that interpreter
    local found
    if found="$(uv python find --no-python-downloads "$1" 2>/dev/null)"; then
        echo "$found"
        return
    fi
    for found in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/"$1".*/bin/python"$1"; do
        [[ -x "$found" ]] && { echo "$found"; return; }
    done
    echo "ci: no Python $1 found (install it with pyenv or uv python install $1)" >&2
    return 1
}

ci_env() {
    local venv="$CI_ENVS/$1"
    case "$1" in
        lowest)
            [[ -x "$venv/bin/python" ]] || uv venv --quiet "$venv" --python "$(find_python 3.11)" >&2
            uv pip install --quiet --python "$venv/bin/python" --resolution lowest-direct \
                -e . --group dev >&2
            ;;
        py3.*)
            UV_PROJECT_ENVIRONMENT="$venv" uv sync --quiet --locked --compile-bytecode \
                --python "$(find_python "${1#py}")" >&2
            ;;
        *)
            echo "ci_env: unknown environment $1" >&2
            return 1
            ;;
    esac
    echo "$venv"
}

env_versions() {  # one line: the Python and the numerical stack of an interpreter
    "$1" -c 'import platform
from importlib.metadata import version
names = ("numpy", "scipy", "statsmodels", "matplotlib", "autograd", "dask")
print(f"python {platform.python_version()},", ", ".join(f"{n} {version(n)}" for n in names))'
}
