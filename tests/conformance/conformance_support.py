"""Helpers shared by the conformance tests (plain module, imported by the test files)."""

import os

import numpy as onp
import pytest

from companion.frameworks import FrameworkRaises

STRICT = os.environ.get("CONFORMANCE_STRICT") == "1"

# Agreement in float64: the framework and the emulation evaluate the same formula in
# double precision, so only rounding differs.
TOL64 = 1e-12


def companion_module(name):
    """Import companion.<name>; skip while a chapter has not written it yet (fail when strict)."""
    import importlib

    try:
        return importlib.import_module(f"companion.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"companion.{name}":
            raise
        if STRICT:
            pytest.fail(f"companion.{name} is missing; the conformance suite verifies it")
        pytest.skip(f"companion.{name} not written yet")


def companion_attr(module, name):
    """module.<name>; skip while the module does not offer it yet (fail when strict)."""
    if not hasattr(module, name):
        if STRICT:
            pytest.fail(f"{module.__name__}.{name} is missing; the conformance suite verifies it")
        pytest.skip(f"{module.__name__}.{name} not written yet")
    return getattr(module, name)


def assert_close(got, expected, tol=TOL64, what=""):
    """|got - expected| <= tol * max(1, |expected|) elementwise, real or complex."""
    got = onp.asarray(got)
    expected = onp.asarray(expected)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    err = onp.abs(got - expected) / onp.maximum(1.0, onp.abs(expected))
    worst = float(err.max()) if err.size else 0.0
    assert worst <= tol, (
        f"{what}: worst relative error {worst:.3g} > {tol:g}\n got {got}\n expected {expected}"
    )


# ---- outcomes: a value, None, or an exception, compared exactly --------------------------------


class Raised:
    """The outcome of a call that raised: only the exception's type name is compared. An
    emulation may name several (a set), where the framework's type depends on f's last op."""

    def __init__(self, name, message=""):
        self.name, self.message = name, message

    def __repr__(self):
        return f"raises {self.name}"


def run_real(call):
    """The real framework's outcome: its value (None included) or Raised(type name)."""
    try:
        return call()
    except Exception as err:  # the framework's own exception is the thing under test
        return Raised(type(err).__name__, str(err).splitlines()[0] if str(err) else "")


def run_emulated(call, error_type, name_of):
    """The emulation's outcome: its value, or Raised(name_of(err)) for its documented error."""
    try:
        return call()
    except error_type as err:
        return Raised(name_of(err), str(err))


def assert_same_outcome(real, emulated, tol=TOL64, what=""):
    """None against None, the same exception type, or values that agree to ``tol``."""
    if isinstance(real, Raised) or isinstance(emulated, Raised):
        assert isinstance(real, Raised) and isinstance(emulated, Raised), (
            f"{what}: framework gives {real!r}, emulation gives {emulated!r}"
        )
        names = {emulated.name} if isinstance(emulated.name, str) else set(emulated.name)
        assert real.name in names, (
            f"{what}: framework raises {real.name} ({real.message}), emulation says "
            f"{' or '.join(sorted(names))}"
        )
        return
    if real is None or emulated is None:
        assert real is None and emulated is None, (
            f"{what}: framework gives {real!r}, emulation gives {emulated!r} (None is not zeros)"
        )
        return
    assert_close(emulated, real, tol, what)


# ---- shared inputs ---------------------------------------------------------------------------

# Non-differentiable ops: every kink, tie and bound, both zeros, subnormal-adjacent values,
# the neighbours of 1 (clip's upper bound) and round's halves (ties to even).
OP_POINTS = [-2.5, -1.5, -1.0, -0.5, -0.3, -0.0, 0.0, 1e-300, -1e-300, 0.3, 0.5, 0.7]
OP_POINTS += [1 - 2**-53, 1.0, 1 + 2**-52, 1.5, 2.0, 2.5]

# The pulse gate of chapter 2 with x_max = 1, e = 0.3: inside, outside and exactly on each of
# the four edges (-1, -0.7, 0.7, 1), and y with a different value at every point.
GATE_BAND = (1.0, 0.3)
GATE_X = [-1.5, -1.0, -0.9, -0.7, -0.5, 0.0, 0.5, 0.7, 0.8, 0.95, 1.0, 1.2]
GATE_Y = [0.5 + 0.25 * i for i in range(len(GATE_X))]

# Complex functions, each written once against a namespace ``xp`` with the five operations
# every framework spells differently. Kinds: holomorphic, real-valued, and complex-valued
# non-holomorphic (the classes whose conventions differ).
COMPLEX_FUNCTIONS = {
    "z**2": ("holomorphic", lambda xp, z: z * z),
    "z**3 - 2z": ("holomorphic", lambda xp, z: z * z * z - 2 * z),
    "exp(z)": ("holomorphic", lambda xp, z: xp.exp(z)),
    "sin(z)": ("holomorphic", lambda xp, z: xp.sin(z)),
    "|z|**2": ("real", lambda xp, z: xp.real(z * xp.conj(z))),
    "|z|": ("real", lambda xp, z: xp.abs(z)),
    "Re z": ("real", lambda xp, z: xp.real(z)),
    "Im(z**2)": ("real", lambda xp, z: xp.imag(z * z)),
    "(Re z)**2": ("real", lambda xp, z: xp.real(z) * xp.real(z)),
    "conj(z)": ("non-holomorphic", lambda xp, z: xp.conj(z)),
    "z*conj(z)": ("non-holomorphic", lambda xp, z: z * xp.conj(z)),
    "z**2*conj(z)": ("non-holomorphic", lambda xp, z: z * z * xp.conj(z)),
    "exp(conj(z))": ("non-holomorphic", lambda xp, z: xp.exp(xp.conj(z))),
}
# Several points: a 2x2 matrix (the reader's example in chapter 4 is a 2x2 sum(conj(x)))
# and a scalar, away from 0 where |z| has no derivative.
COMPLEX_POINTS = {
    "2x2": onp.array([[0.3 + 0.7j, -1.2 + 0.4j], [2.0 - 1.5j, -0.5 - 0.25j]]),
    "scalar": onp.array(0.8 - 0.6j),
}


class Namespace:
    """A framework's spelling of the operations COMPLEX_FUNCTIONS use."""

    def __init__(self, **ops):
        self.__dict__.update(ops)


def autograd_namespace():
    import autograd.numpy as anp

    return Namespace(
        conj=anp.conj, abs=anp.abs, real=anp.real, imag=anp.imag, exp=anp.exp, sin=anp.sin
    )


def complex_cases(known=None):
    """pytest params (name, point, reduce, cotangent) over COMPLEX_FUNCTIONS x COMPLEX_POINTS x
    {sum, elementwise} x {default call, cotangent 1, cotangent 1j}. ``known`` maps
    (name, cotangent) to the reason of a confirmed disagreement: those cases are strict xfails,
    so they turn green (and fail as XPASS) the moment the emulation is fixed."""
    known = known or {}
    cases = []
    for name in COMPLEX_FUNCTIONS:
        for point in COMPLEX_POINTS:
            for reduce in (True, False):
                for cot, cot_id in ((None, "default"), (1, "cot=1"), (1j, "cot=1j")):
                    reason = known.get((name, cot))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    case_id = f"{name}-{point}-{'sum' if reduce else 'elementwise'}-{cot_id}"
                    cases.append(pytest.param(name, point, reduce, cot, marks=marks, id=case_id))
    return cases


# ---- optimizers: one problem, ten steps, the emulation run beside the framework ---------------

# f(w) = 1/2 Σ a_i (w_i − c_i)²: at w0 the gradient runs from 40 down to 3.5e-9, ten orders of
# magnitude, so a tiny coordinate shows where ε sits (inside or outside the square root, before
# or after bias correction); c ≠ 0 makes weight decay (which pulls towards 0) visible.
OPT_STEPS = 10
OPT_W0 = onp.array([1.0, -2.0, 0.5, 3.0, -1.5])
OPT_CURVATURE = onp.array([50.0, 2.0, 1e-2, 1e-5, 1e-9])
OPT_CENTRE = onp.array([0.2, 1.0, -1.0, 0.0, 2.0])


def opt_grad(w):
    """The gradient, always in float64 numpy from the parameters the framework holds."""
    return OPT_CURVATURE * (onp.asarray(w, dtype=onp.float64) - OPT_CENTRE)


def emulated_run(factory, kwargs):
    """(params after each step 0..OPT_STEPS, states after each step 1..OPT_STEPS)."""
    optimizers = companion_module("optimizers")
    opt = companion_attr(optimizers, factory)(**kwargs)
    w = OPT_W0.copy()
    state, params, states = opt.init(w), [w], []
    for _ in range(OPT_STEPS):
        delta, state = opt.update(opt_grad(w), state, w)
        w = optimizers.apply(w, delta)
        params.append(onp.asarray(w))
        states.append(state)
    return onp.array(params), states


def assert_same_trajectory(real_params, real_slots, factory, kwargs, tol=TOL64, what=""):
    """The emulation's parameters after every step, and the named slots, equal the framework's.

    ``real_slots`` is a list (one per step) of {companion slot name: framework slot value}."""
    params, states = emulated_run(factory, kwargs)
    real_params = onp.asarray(real_params)
    assert real_params.shape == params.shape
    for t in range(1, OPT_STEPS + 1):
        assert_close(params[t], real_params[t], tol, f"{what}: params after step {t}")
    for t, slots in enumerate(real_slots, start=1):
        for name, value in slots.items():
            assert_close(states[t - 1][name], value, tol, f"{what}: slot {name!r} after step {t}")


def wirtinger_raises(err):
    """The exception names in a FrameworkRaises's ``raises``, e.g. "TypeError: ..." or
    "InvalidArgumentError (...) or TypeError (...): ..." (the part before the colon)."""
    import re

    return frozenset(re.findall(r"\b\w+(?:Error|Exception)\b", err.raises.split(":")[0]))


def emulated_complex_grad(framework, g, z0, cotangent, reduce):
    """companion.wirtinger.framework_grad on the autograd spelling of ``g`` (summed or not)."""
    import autograd.numpy as anp

    wirtinger = companion_module("wirtinger")
    ns = autograd_namespace()
    f = (lambda z: anp.sum(g(ns, z))) if reduce else (lambda z: g(ns, z))
    return run_emulated(
        lambda: companion_attr(wirtinger, "framework_grad")(f, z0, framework, cotangent=cotangent),
        FrameworkRaises,
        wirtinger_raises,
    )


# |z| has no derivative at 0; chapter 4 names the value each framework returns there anyway.
COMPLEX_AT_ZERO = onp.array([0j, 1 + 1j, -2j])
AT_ZERO_FUNCTIONS = ("|z|", "|z|**2", "z*conj(z)")


# ---- snippets: the chapters' framework files, run as a reader would -----------------------------

SNIPPETS = __import__("pathlib").Path(__file__).resolve().parents[2] / "chapters" / "snippets"

_DRIVER = """
import runpy, sys
import numpy as np
ns = runpy.run_path(sys.argv[1], run_name="__main__")
def arr(v):
    if isinstance(v, (list, tuple)):
        return np.stack([arr(x) for x in v])
    if hasattr(v, "detach"):
        v = v.detach()
    if hasattr(v, "numpy"):
        v = v.numpy()
    return np.asarray(v)
np.savez(sys.argv[2], **{k: arr(ns[k]) for k in sys.argv[3:]})
"""


def run_snippet(name, *names, timeout=600):
    """Run chapters/snippets/<name> as a reader would (``python file.py``, in a fresh process,
    working directory chapters/) and return (its printed output, {n: ndarray for n in names}).

    Values are read from the file's global variables after it has run: tensors of any framework
    become NumPy arrays; a list of arrays is stacked. The process is fresh, so a TF1 snippet's
    graph mode or a JAX x64 flag cannot leak into another test.
    """
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    path = SNIPPETS / name
    assert path.is_file(), f"no snippet {path}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "values.npz"
        done = subprocess.run(
            [sys.executable, "-c", _DRIVER, str(path), str(out), *names],
            cwd=SNIPPETS.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
        with onp.load(out) as data:
            values = {k: data[k] for k in names}
    return done.stdout, values
