"""CI cannot be bypassed (issue 20): `.ci/run` runs the portability stage, that stage runs every
notebook under strict nbval with each perturbation, and the nbval sanitizer rewrites no number."""

import configparser
import re

import pytest
from notebook_tools import ROOT

CI = ROOT / ".ci"

# Outputs of the kind the chapters print, including those that once differed between machines.
NUMBERS = [
    "3.61e-11",
    "6.65e-11",
    "0.881840",
    "0.881750, difference 7.0e-05",
    "after 35 evaluations",
    "after 20 evaluations",
    "3.01e-13",
    "12.4 / 12.2",
    "LRE 12.5",
    "-1.5",
    "1,234,567",
    "[1.  2.5 3. ]",
    "below 1e-9",
    "R² = 0.912345",
    "p = 2.3e-16",
    "42",
    "1e+308",
    "nan",
    "(0.5+1.25j)",
    "step 1000000",
]


def sanitizer_rules():
    """The (section, regex, replacement) rules of tests/nbval_sanitize.cfg, read as nbval does."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(s, config[s]["regex"], config[s]["replace"]) for s in config.sections()]


def test_the_sanitizer_has_rules_to_check():
    assert sanitizer_rules(), "tests/nbval_sanitize.cfg holds no rule: was it moved?"


@pytest.mark.parametrize("sample", NUMBERS)
def test_no_sanitizer_rule_rewrites_a_number(sample):
    for section, regex, replace in sanitizer_rules():
        assert re.sub(regex, replace, sample) == sample, (
            f"rule [{section}] rewrites {sample!r}: a printed number must reproduce, not be hidden"
        )


def test_the_sanitizer_rules_still_do_their_job():
    rewritten = {
        section: re.sub(regex, replace, "at 0x7f3a2c1b9d90 <Figure size 640x480 with 2 Axes>")
        for section, regex, replace in sanitizer_rules()
    }
    assert all(
        text != "at 0x7f3a2c1b9d90 <Figure size 640x480 with 2 Axes>" for text in rewritten.values()
    ), rewritten


def test_ci_runs_the_portability_stage():
    run = (CI / "run").read_text()
    loop = re.search(r"^for extra in ([\w ]+); do\n(.*?)^done", run, re.MULTILINE | re.DOTALL)
    assert loop, ".ci/run no longer loops over its stages"
    stages, body = loop.group(1).split(), loop.group(2)
    assert "portability" in stages and "compat" in stages, stages
    assert stages.index("compat") < stages.index("portability"), (
        "portability reuses compat's environments"
    )
    assert re.search(r'^\s*"\.ci/\$extra\.sh"\s*$', body, re.MULTILINE), (
        "each stage must run unconditionally, and its failure must fail CI"
    )
    assert "set -euo pipefail" in run
    for stage in stages:
        assert (CI / f"{stage}.sh").stat().st_mode & 0o111, f".ci/{stage}.sh is not executable"


def test_the_portability_stage_covers_each_perturbation():
    script = (CI / "portability.sh").read_text()
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))
    for needed in (
        "OPENBLAS_CORETYPE=Nehalem",
        "OPENBLAS_CORETYPE=Sandybridge",
        "OPENBLAS_NUM_THREADS=1",
        'NPY_DISABLE_CPU_FEATURES="$("$main" .ci/numerics.py simd-above-baseline)"',
        "ci_env py3.13",
        "ci_env lowest",
        "--nbval ",
        "--nbval-sanitize-with=tests/nbval_sanitize.cfg",
        "-m pytest chapters ",
        ".ci/numerics.py;",  # checks that the settings took effect before each run
    ):
        assert needed in code, f".ci/portability.sh no longer has {needed!r}"
    assert "--nbval-lax" not in code and "|| true" not in code
    assert 'exit "$status"' in code


def test_no_notebook_ignores_its_output():
    from notebook_tools import chapter_paths

    marked = [p.name for p in chapter_paths() if "NBVAL_IGNORE_OUTPUT" in p.read_text()]
    assert not marked, f"outputs hidden from nbval in {marked}: print them in a stable form instead"
