"""Chapter 4: which built-in optimizers train a complex parameter (issue 21, wrong claim 5).

companion.wirtinger.COMPLEX_OPTIMIZERS says, per framework and optimizer, "safe", "wrong point"
or "raises ...". Each entry is re-measured here against the real framework: a "safe" optimizer
on the complex parameter (given the framework's gradient as it comes; JAX's conjugated first)
reaches the loss the same optimizer reaches on the real and imaginary parts as two real
parameters; a "wrong point" one ends with a loss more than ten times that, without an error;
a raising one raises the named error. Where an entry also names complex64 (Keras' Adam family),
the complex64 run is checked the same way. The runs happen in a fresh process per framework
(complex_optimizers_probe.py), so JAX's x64 flag stays there.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conformance_support import companion_module

PROBE = Path(__file__).with_name("complex_optimizers_probe.py")
MODULE = {"keras": "keras", "torch": "torch", "optax": "optax"}


@pytest.mark.parametrize(
    "framework", list(MODULE), ids=[f"ch04-complex-optimizers-{f}" for f in MODULE]
)
def test_complex_optimizer_table_matches_the_framework(framework):
    pytest.importorskip(MODULE[framework])
    table = companion_module("wirtinger").COMPLEX_OPTIMIZERS[framework]
    done = subprocess.run(
        [sys.executable, str(PROBE), framework, *table],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    for name, verdict in table.items():
        check(verdict.split(";")[0], measured[name], (framework, name))
        if "complex64" in verdict:
            check(verdict.split(";")[1], measured[name]["complex64"], (framework, name, "c64"))


def check(verdict, got, where):
    """One measured run against its verdict: safe, a wrong point, or the named error."""
    verdict = verdict.strip()
    if verdict.startswith("raises"):
        assert got.get("raises") == verdict.split()[1], (where, got)
        return
    assert "raises" not in got, (where, got)
    if verdict == "safe":
        assert got["complex"] <= 1.05 * got["split"] + 1e-12, (where, got)
    else:
        assert verdict.startswith("wrong point"), verdict
        assert got["complex"] > 10 * got["split"], (where, got)
