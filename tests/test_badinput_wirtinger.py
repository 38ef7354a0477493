"""Bad input for companion.wirtinger and companion.frameworks (issue 16), plus hypothesis properties.

What used to go wrong: ``is_holomorphic(np.conj, 1j, tol=inf)`` returned True (every f passes
an infinite tolerance); ``wirtinger(np.abs)(0j)`` returned autograd's subgradient (0, 0) as if
|z| had derivatives at 0; a smooth loss at a subnormal distance from its minimum was called
non-differentiable; ``verified_note(["torch"])`` failed with "unhashable type"; a function
written with plain NumPy failed deep inside autograd. Each is now a named error or a
documented value. The properties: finite valid input gives finite derivatives or a named
error, never a silent NaN, and the caller's z and cotangent are never changed.
"""

import math

import autograd.numpy as anp
import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import frameworks as fw
from companion import wirtinger as W

abs2 = lambda z: anp.abs(z) ** 2
Z = 0.7 - 1.3j
ZS = onp.array([1 + 2j, -0.5 + 0.25j])
ROW = ("|z|²", abs2, Z, None)


def jacobian_at(f, z):
    return W.real_jacobian(f)(z)


def wirtinger_at(f, z):
    return W.wirtinger(f)(z)


CASES = [
    # wirtinger: f, z, and where f has no derivative
    Bad(W.wirtinger, (3.0,), raises=TypeError, match="f must be a callable", id="wirtinger-f-number"),
    Bad(wirtinger_at, (abs2, 1.5), raises=TypeError, match="z must be complex", covers=W.wirtinger, id="wirtinger-z-real"),
    Bad(wirtinger_at, (abs2, complex("nan+1j")), raises=ValueError, match="z must be finite", covers=W.wirtinger, id="wirtinger-z-nan"),
    Bad(wirtinger_at, (abs2, complex("inf")), raises=ValueError, match="z must be finite", covers=W.wirtinger, id="wirtinger-z-inf"),
    Bad(wirtinger_at, (abs2, "1+2j"), raises=TypeError, match="z must be numeric", covers=W.wirtinger, id="wirtinger-z-string"),
    Bad(wirtinger_at, (abs2, onp.array([], complex)), raises=ValueError, match="z must not be empty", covers=W.wirtinger, id="wirtinger-z-empty"),
    Bad(wirtinger_at, (abs2, [True, False]), raises=TypeError, match="z must be complex", covers=W.wirtinger, id="wirtinger-z-bool"),
    Bad(wirtinger_at, (anp.abs, 0j), raises=W.NotDifferentiableError, match="not differentiable at z = 0j", covers=W.wirtinger, id="wirtinger-abs-at-0"),
    Bad(wirtinger_at, (lambda z: anp.sqrt(anp.real(z) ** 2 + anp.imag(z) ** 2), 0j), raises=W.NotDifferentiableError, match="not differentiable", covers=W.wirtinger, id="wirtinger-sqrt-at-0"),
    Bad(wirtinger_at, (lambda z: anp.maximum(anp.real(z), 0.0), 2j), raises=W.NotDifferentiableError, match="does not settle", covers=W.wirtinger, id="wirtinger-relu-kink"),
    Bad(wirtinger_at, (lambda z: 1 / (z - 1), 1 + 0j), raises=ValueError, match="f returned the non-finite value", covers=W.wirtinger, id="wirtinger-f-pole"),
    Bad(wirtinger_at, (lambda z: "high", Z), raises=TypeError, match="f must return numbers", covers=W.wirtinger, id="wirtinger-f-string"),
    Bad(wirtinger_at, (lambda z: z > 0, Z), raises=TypeError, match="f must return numbers", covers=W.wirtinger, id="wirtinger-f-bool"),
    Bad(wirtinger_at, (lambda z: anp.ones(4) * z[0], ZS), raises=ValueError, match="shaped like z", covers=W.wirtinger, id="wirtinger-f-shape"),
    Bad(wirtinger_at, (lambda z: float(anp.real(z)), Z), raises=TypeError, match="differentiable by autograd", covers=W.wirtinger, id="wirtinger-f-not-autograd"),
    Bad(wirtinger_at, (lambda z: anp.exp(z**2), 26.6 + 0j), match="the derivative of f is not finite", covers=W.wirtinger, id="wirtinger-derivative-overflow"),
    # real_jacobian
    Bad(W.real_jacobian, ("z**2",), raises=TypeError, match="f must be a callable", id="jacobian-f-string"),
    Bad(jacobian_at, (abs2, onp.ones(2)), raises=TypeError, match="z must be complex", covers=W.real_jacobian, id="jacobian-z-real"),
    Bad(jacobian_at, (anp.abs, 0j), raises=W.NotDifferentiableError, match="not differentiable", covers=W.real_jacobian, id="jacobian-abs-at-0"),
    Bad(jacobian_at, (abs2, [1j, complex("nan")]), raises=ValueError, match="z must be finite", covers=W.real_jacobian, id="jacobian-z-nan"),
    # is_holomorphic: every tolerance by name
    Bad(W.is_holomorphic, (anp.conj, 1j), {"tol": math.inf}, match="tol must be finite", id="holo-tol-inf"),
    Bad(W.is_holomorphic, (anp.conj, 1j), {"tol": math.nan}, match="tol must be finite", id="holo-tol-nan"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"tol": 0}, match="tol must be in (0.0, 0.01]", id="holo-tol-zero"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"tol": -1e-8}, match="tol must be in (0.0, 0.01]", id="holo-tol-negative"),
    Bad(W.is_holomorphic, (anp.conj, 1j), {"tol": 0.5}, match="tol must be in (0.0, 0.01]", id="holo-tol-large"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"tol": "1e-8"}, raises=TypeError, match="tol must be a real number", id="holo-tol-string"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"tol": True}, raises=TypeError, match="tol must be a real number", id="holo-tol-bool"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"radius": 0.0}, match="radius must be in (0.0, 0.5]", id="holo-radius-zero"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"radius": 2.0}, match="radius must be in (0.0, 0.5]", id="holo-radius-large"),
    Bad(W.is_holomorphic, (anp.exp, 1j), {"radius": math.nan}, match="radius must be finite", id="holo-radius-nan"),
    Bad(W.is_holomorphic, (anp.exp, 1.0), raises=TypeError, match="z must be complex", id="holo-z-real"),
    Bad(W.is_holomorphic, (None, 1j), raises=TypeError, match="f must be a callable", id="holo-f-none"),
    Bad(W.is_holomorphic, (lambda z: anp.log(z), 0j), match="f returned the non-finite value", id="holo-f-singular-at-z"),
    Bad(W.is_holomorphic, (anp.abs, 0j), expect=lambda r: r is False, id="holo-abs-at-0-is-false"),
    Bad(W.is_holomorphic, (abs2, 0j), expect=lambda r: r is False, id="holo-abs2-at-0-is-false"),
    # descent_direction
    Bad(W.descent_direction, (anp.exp, 1j), match="f must be real-valued", id="descent-f-complex"),
    Bad(W.descent_direction, (anp.abs, ZS), match="scalar loss", id="descent-f-vector"),
    Bad(W.descent_direction, (abs2, 2.0), raises=TypeError, match="z must be complex", id="descent-z-real"),
    Bad(W.descent_direction, (abs2, [1j, complex("inf")]), match="z must be finite", id="descent-z-inf"),
    Bad(W.descent_direction, (anp.abs, 0j), raises=W.NotDifferentiableError, match="not differentiable", id="descent-kink"),
    Bad(W.descent_direction, ([1, 2], 1j), raises=TypeError, match="f must be a callable", id="descent-f-list"),
    Bad(W.descent_direction, (lambda t: anp.abs(t - 2.2e-313j) ** 2, 0j), match="cannot be resolved", id="descent-subnormal-derivative-refused"),
    Bad(W.descent_direction, (lambda t: anp.abs(t - 2.2e-309j) ** 2, 0j), match="cannot be resolved", id="descent-subnormal-2e-309-refused"),
    Bad(W.descent_direction, (lambda t: anp.abs(t - 1e-200j) ** 2, 0j), expect=lambda d: d == pytest.approx(2e-200j, rel=1e-14), id="descent-1e-200-not-underflowed"),
    # framework_grad
    Bad(W.framework_grad, (abs2, Z, "pytorch"), match="unknown framework 'pytorch'", id="fg-framework-unknown"),
    Bad(W.framework_grad, (abs2, Z, None), match="unknown framework None", id="fg-framework-none"),
    Bad(W.framework_grad, (abs2, Z, "torch"), {"cotangent": math.nan}, match="cotangent must be finite", id="fg-cotangent-nan"),
    Bad(W.framework_grad, (abs2, Z, "torch"), {"cotangent": "1"}, raises=TypeError, match="cotangent must be numeric", id="fg-cotangent-string"),
    Bad(W.framework_grad, (lambda z: z**2, ZS, "jax"), {"cotangent": onp.ones(3)}, match="cotangent must be a scalar or shaped like", id="fg-cotangent-shape"),
    Bad(W.framework_grad, (abs2, Z, "tensorflow"), {"cotangent": 1j}, raises=fw.FrameworkRaises, match="cotangent must be real", id="fg-cotangent-complex-real-f"),
    Bad(W.framework_grad, (lambda z: z**2, Z, "jax-holomorphic"), {"cotangent": 1}, match="takes no cotangent", id="fg-holomorphic-cotangent"),
    Bad(W.framework_grad, (anp.conj, Z, "torch"), raises=W.ComplexOutputError, match="grad can be implicitly created only", id="fg-complex-output"),
    Bad(W.framework_grad, (lambda z: z**2, ZS, "jax"), raises=fw.FrameworkRaises, match="needs a cotangent", id="fg-nonscalar"),
    Bad(W.framework_grad, (abs2, Z, "jax-holomorphic"), raises=fw.FrameworkRaises, match="needs a complex output", id="fg-holomorphic-real-f"),
    Bad(W.framework_grad, (abs2, 1.0, "torch"), raises=TypeError, match="z must be complex", id="fg-z-real"),
    Bad(W.framework_grad, (lambda z: anp.sqrt(anp.real(z) ** 2 + anp.imag(z) ** 2), 0j, "torch"), raises=W.NotDifferentiableError, match="not differentiable", id="fg-nan-derivative"),
    Bad(W.framework_grad, (anp.abs, 0j, "torch"), expect=lambda g: g == 0, id="fg-abs-at-0-is-the-frameworks-0"),
    # convention and the table
    Bad(W.convention, (abs2, Z, "mxnet"), match="unknown framework 'mxnet'", id="convention-framework"),
    Bad(W.convention, (abs2, 1.0, "torch"), raises=TypeError, match="z must be complex", id="convention-z-real"),
    Bad(W.convention, (abs2, Z, "torch"), {"cotangent": math.inf}, match="cotangent must be finite", id="convention-cotangent-inf"),
    Bad(W.conventions_table, (3,), raises=TypeError, match="rows must be a list", id="table-rows-int"),
    Bad(W.conventions_table, ([],), match="rows must hold at least one", id="table-rows-empty"),
    Bad(W.conventions_table, ([("a", abs2, Z)],), raises=TypeError, match="rows[0] must be a tuple (label, f, z, cotangent)", id="table-row-short"),
    Bad(W.conventions_table, ([("", abs2, Z, None)],), raises=TypeError, match="the label must be a non-empty string", id="table-label-empty"),
    Bad(W.conventions_table, ([("a", "f", Z, None)],), raises=TypeError, match="f must be a callable", id="table-f-string"),
    Bad(W.conventions_table, ([("a", abs2, Z, onp.ones(2))],), raises=TypeError, match="the cotangent must be None or a number", id="table-cotangent-array"),
    Bad(W.conventions_table, ([ROW, ROW],), match="repeats the row", id="table-row-twice"),
    Bad(W.conventions_table, ([ROW],), {"frameworks": ()}, match="at least one framework", id="table-frameworks-empty"),
    Bad(W.conventions_table, ([ROW],), {"frameworks": ("torch", "pytorch")}, match="unknown framework 'pytorch'", id="table-frameworks-unknown"),
    Bad(W.conventions_table, ([ROW],), {"frameworks": ("torch", "torch")}, match="must not repeat", id="table-frameworks-repeat"),
    Bad(W.conventions_table, ([ROW],), {"frameworks": 3}, raises=TypeError, match="frameworks must be a tuple", id="table-frameworks-int"),
    Bad(W.ConventionsTable, ([ROW], (1,)), raises=TypeError, match="frameworks must hold names", id="table-class-frameworks"),
    Bad(W.ConventionsTable, ({"a": ROW},), raises=TypeError, match="rows must be a list", id="table-class-rows-dict"),
    # frameworks
    Bad(fw.verified_note, ("pytorch",), match="unknown framework 'pytorch'", id="note-unknown"),
    Bad(fw.verified_note, (["torch"],), raises=TypeError, match="must be a string", id="note-list"),
    Bad(fw.verified_note, (3,), raises=TypeError, match="must be a string", id="note-int"),
    Bad(fw.installed_version, ("numpy",), match="unknown framework 'numpy'", id="installed-unknown"),
    Bad(fw.installed_version, (None,), raises=TypeError, match="must be a string", id="installed-none"),
    Bad(fw.installed_version, ({"torch"},), raises=TypeError, match="must be a string", id="installed-set"),
]  # fmt: skip


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


def test_the_issue_examples():
    with pytest.raises(ValueError, match="tol must be finite"):
        W.is_holomorphic(anp.conj, 1j, tol=math.inf)
    assert W.is_holomorphic(anp.abs, 0j) is False
    with pytest.raises(W.NotDifferentiableError):
        W.wirtinger(anp.abs)(0j)
    assert issubclass(W.NotDifferentiableError, ValueError)


# --- properties -------------------------------------------------------------------------------

FUNCTIONS = {
    "z^2": lambda z: z**2,
    "exp": anp.exp,
    "conj": anp.conj,
    "|z|^2": abs2,
    "Re z": anp.real,
    "|z|": anp.abs,
    "z conj z": lambda z: z * anp.conj(z),
    "sin(z) conj(z)": lambda z: anp.sin(z) * anp.conj(z),
    "1/z": lambda z: 1 / z,
}
NAMED = (TypeError, ValueError, fw.FrameworkRaises)
coordinate = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=True) | st.sampled_from(
    [0.0, -0.0, 1e-310, 5e-324, 1.0]
)
complex_numbers = st.builds(complex, coordinate, coordinate)
points = st.lists(complex_numbers, min_size=1, max_size=3).map(onp.array)
names = st.sampled_from(sorted(FUNCTIONS))


def finite_or_named(call):
    """The call's result, which must be finite, or None when it raised a named error."""
    try:
        result = call()
    except NAMED:
        return None
    for part in result if isinstance(result, tuple) else (result,):
        assert onp.all(onp.isfinite(part)), f"silent non-finite result {result}"
    return result


@settings(max_examples=40, deadline=None)
@given(name=names, z=points)
def test_wirtinger_and_jacobian_are_finite_or_refused_and_never_mutate(name, z):
    before = z.copy()
    finite_or_named(lambda: W.wirtinger(FUNCTIONS[name])(z))
    finite_or_named(lambda: W.real_jacobian(FUNCTIONS[name])(z))
    onp.testing.assert_array_equal(z, before)


@settings(max_examples=40, deadline=None)
@given(
    name=names,
    z=points,
    framework=st.sampled_from(W.FRAMEWORK_MODES),
    cotangent=st.none() | complex_numbers | st.floats(-10, 10),
)
def test_framework_grad_is_finite_or_refused_and_never_mutates(name, z, framework, cotangent):
    before = z.copy()
    c = None if cotangent is None else onp.full(z.shape, cotangent)
    c_before = None if c is None else c.copy()
    finite_or_named(lambda: W.framework_grad(FUNCTIONS[name], z, framework, c))
    onp.testing.assert_array_equal(z, before)
    if c is not None:
        onp.testing.assert_array_equal(c, c_before)


@settings(max_examples=30, deadline=None)
@given(name=names, z=points, tol=st.floats(1e-12, 0.01))
def test_is_holomorphic_is_a_bool_or_refused(name, z, tol):
    before = z.copy()
    try:
        result = W.is_holomorphic(FUNCTIONS[name], z, tol=tol)
    except NAMED:
        result = None
    assert result in (True, False, None)
    if result is not None and name in ("conj", "|z|^2", "Re z", "|z|", "z conj z"):
        assert result is False  # holomorphic nowhere, so on no neighbourhood
    onp.testing.assert_array_equal(z, before)


@settings(max_examples=30, deadline=None)
@given(z=complex_numbers, a=complex_numbers)
def test_descent_direction_is_finite_or_refused(z, a):
    loss = lambda t: anp.abs(t - a) ** 2 + anp.abs(t) ** 2
    d = finite_or_named(lambda: W.descent_direction(loss, z))
    if d is not None:  # smooth everywhere, so never refused; 2∂L/∂z̄ = 2(z − a) + 2z
        assert d == pytest.approx(-(4 * z - 2 * a), rel=1e-6, abs=1e-6)


# --- extreme but finite magnitudes (issue 23): 1e-300 .. 1e300 in every real input --------------


def magnitude():
    """A float of either sign with magnitude 10**e, e in [-300, 300], or 0."""
    exponent = st.integers(-300, 300)
    mantissa = st.floats(1.0, 9.99)
    sign = st.sampled_from([-1.0, 1.0])
    return st.builds(lambda s, m, e: s * m * 10.0**e, sign, mantissa, exponent) | st.just(0.0)


@settings(max_examples=60, deadline=None)
@given(magnitude(), magnitude(), magnitude(), magnitude())
def test_descent_direction_at_extreme_magnitudes_is_exact_or_named(x, y, ax, ay):
    """−2∂L/∂z̄ of L = |z − a|² is −2(z − a) exactly (the oracle, computed in exact rationals):
    the companion returns it to 1e-12 relative, or a named error, never a silent wrong value."""
    from fractions import Fraction

    z, a = complex(x, y), complex(ax, ay)
    want = [-2 * (Fraction(x) - Fraction(ax)), -2 * (Fraction(y) - Fraction(ay))]
    try:
        got = W.descent_direction(lambda t: anp.abs(t - a) ** 2, z)
    except (ValueError, TypeError) as err:  # a named error, said in words
        assert "overflow" in str(err) or "cannot be resolved" in str(err) or "finite" in str(err)
        return
    for part, exact in zip((got.real, got.imag), want):
        scale = max(abs(float(w)) for w in want)
        assert abs(Fraction(float(part)) - exact) <= Fraction(1e-12) * Fraction(scale), (z, a, got)
