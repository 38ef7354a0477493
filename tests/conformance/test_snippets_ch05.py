"""Chapter 5's snippets (route 05_delta_slots) against companion.optimizers: each framework's
RMSProp with momentum 0.9, three steps on the chapter's quadratic, read back as the reader
would read it. The delta and the slots must equal the emulation's for the same gradients.

The snippets compute in float32, as the frameworks do by default, and the emulation in
float64 (with the float32 hyperparameters that Keras and TF1 use), so the comparison is
relative 1e-5 elementwise. The delta that a snippet gets by differencing float32 weights
must agree to the float32 spacing at the weight, which is all that differencing can keep.
"""

import numpy as onp
import pytest
from conformance_support import companion_module, run_snippet

STEPS = 3
A = onp.array([40.0, 1.0, 1e-2, 1e-8])
W0 = onp.array([1.0, -2.0, 0.5, -1.5])
REL32 = 1e-5

# framework -> (companion convention, {companion slot or "delta": the snippet's variable})
SNIPPETS = {
    "keras": ("keras", {"delta": "delta", "ms": "velocity", "mom": "momentum"}),
    "tf1": ("tf1", {"delta": "delta", "ms": "rms", "mom": "momentum"}),
    "torch": ("torch", {"delta": "delta", "ms": "square_avg", "mom": "momentum_buffer"}),
    "jax": ("optax", {"delta": "delta", "ms": "nu", "mom": "trace"}),
}
FRAMEWORK_MODULE = {"keras": "keras", "tf1": "tensorflow", "torch": "torch", "jax": "optax"}


def reference(convention):
    """(params, delta, state) after STEPS steps of the emulation on the same problem."""
    optimizers = companion_module("optimizers")
    o = optimizers.rmsprop(lr=0.01, momentum=0.9, convention=convention)
    w, state = W0.copy(), o.init(W0)
    for _ in range(STEPS):
        delta, state = o.update(A * w, state, w)
        w = optimizers.apply(w, delta)
    return w, delta, state


def assert_relative(got, expected, rtol, what):
    got, expected = onp.asarray(got, dtype=float), onp.asarray(expected, dtype=float)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    err = onp.abs(got - expected) / onp.abs(expected)
    assert err.max() <= rtol, (
        f"{what}: relative error {err.max():.3g} > {rtol:g}\n{got}\n{expected}"
    )


@pytest.mark.parametrize(
    "framework", list(SNIPPETS), ids=[f"ch05-delta_slots-{f}" for f in SNIPPETS]
)
def test_delta_and_slots_equal_the_emulation(framework):
    pytest.importorskip(FRAMEWORK_MODULE[framework])
    convention, names = SNIPPETS[framework]
    stdout, got = run_snippet(
        f"05_delta_slots_{framework}.py",
        *names.values(),
        *(["delta_diffed"] * (framework != "jax")),
    )
    _, delta, state = reference(convention)
    assert "delta" in stdout
    for ours, theirs in names.items():
        expected = delta if ours == "delta" else state[ours]
        assert_relative(got[theirs], expected, REL32, f"{framework} {theirs} vs companion {ours}")
    if framework != "jax":  # differencing float32 weights keeps the delta to w's spacing only
        w_before = reference(convention)[0] - delta
        spacing = onp.finfo(onp.float32).eps * onp.abs(w_before)
        assert (onp.abs(got["delta_diffed"] - delta) <= spacing).all(), got["delta_diffed"]


# ---- route 05_delta (the short answer): one RMSprop step, lr = 0.01, float64 weights -------

DELTA_SNIPPETS = {"keras": "keras", "torch": "torch", "jax": "optax"}


@pytest.mark.parametrize(
    "framework", list(DELTA_SNIPPETS), ids=[f"ch05-delta-{f}" for f in DELTA_SNIPPETS]
)
def test_one_step_delta_equals_the_emulation(framework):
    """In float64 the framework's delta equals the emulation's to 1e-12, and is not −lr·g."""
    from conformance_support import TOL64, assert_close

    pytest.importorskip(FRAMEWORK_MODULE[framework])
    stdout, got = run_snippet(f"05_delta_{framework}.py", "delta")
    o = companion_module("optimizers").rmsprop(lr=0.01, convention=DELTA_SNIPPETS[framework])
    delta = o.update(A * W0, o.init(W0))[0]
    assert_close(got["delta"], delta, TOL64, f"{framework} delta")
    assert not onp.allclose(got["delta"], -0.01 * A * W0, rtol=0.1)
    assert "delta" in stdout and "-lr*grad" in stdout


def test_tf1_snippet_prints_no_warning():
    """The TF1 snippet keeps TF's own deprecation warning (from TF's rmsprop.py) off stderr."""
    import subprocess
    import sys

    pytest.importorskip("tensorflow")
    from conformance_support import SNIPPETS

    done = subprocess.run(
        [sys.executable, str(SNIPPETS / "05_delta_slots_tf1.py")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=SNIPPETS.parent,
    )
    assert done.returncode == 0, done.stderr
    assert "deprecated" not in done.stderr, done.stderr
