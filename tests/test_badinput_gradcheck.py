"""Bad input for companion.gradcheck (issue 16), plus hypothesis properties.

Issue 23 added: an f(x ± h) difference that overflowed (now halved first), no upper bound on
eps (now MAX_EPS), check_grad's message for a vector f, and hypothesis properties at every
scale from 1e-300 to 1e300 against exact rational arithmetic.

What used to go wrong: ``numerical_grad(f, 2.0, eps=1e-320)`` returned 0 (x ± h rounded back
to x), ``check_grad(..., atol=inf)`` passed a wrong gradient, ``check_grad(f, [])`` failed
inside argmax, and ``rtol=0`` divided by zero. Each is now a named error or a documented
value. The properties: finite valid input gives a finite gradient or a named error, never a
silent NaN, and the caller's x is never changed.
"""

import math
from fractions import Fraction

import autograd.numpy as anp
import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import example, given, settings
from hypothesis import strategies as st

from companion import gradcheck as gc


def square_sum(x):
    return anp.sum(x**2)


def right_grad(x):
    return 2 * x


def wrong_grad(x):
    return 3 * x


CASES = [
    # numerical_grad: f
    Bad(gc.numerical_grad, (3.0, 1.0), raises=TypeError, match="f must be a callable", id="ng-f-number"),
    Bad(gc.numerical_grad, (lambda v: v * 2, onp.ones(3)), raises=TypeError, match="real scalar", id="ng-f-vector"),
    Bad(gc.numerical_grad, (lambda v: onp.sum(v) * 1j, onp.ones(2)), raises=TypeError, match="complex value", id="ng-f-complex"),
    Bad(gc.numerical_grad, (lambda v: "high", 1.0), raises=TypeError, match="real scalar", id="ng-f-string"),
    Bad(gc.numerical_grad, (lambda v: v > 0, 1.0), raises=TypeError, match="real scalar", id="ng-f-bool"),
    Bad(gc.numerical_grad, (lambda v: math.nan, 1.0), match="non-finite value nan", id="ng-f-nan"),
    Bad(gc.numerical_grad, (lambda v: math.inf if v < 0.5 else float(v), 0.5), match="non-finite value inf", id="ng-f-inf-left"),
    # numerical_grad: x
    Bad(gc.numerical_grad, (square_sum, [1.0, math.nan]), match="x must be finite", id="ng-x-nan"),
    Bad(gc.numerical_grad, (square_sum, [math.inf]), match="x must be finite", id="ng-x-inf"),
    Bad(gc.numerical_grad, (square_sum, "abc"), raises=TypeError, match="x must be numeric", id="ng-x-string"),
    Bad(gc.numerical_grad, (square_sum, [1.0, None]), raises=TypeError, match="x must be numeric", id="ng-x-object"),
    Bad(gc.numerical_grad, (square_sum, []), match="x must not be empty", id="ng-x-empty"),
    Bad(gc.numerical_grad, (square_sum, onp.zeros((2, 0))), match="x must not be empty", id="ng-x-empty-2d"),
    # numerical_grad: eps
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": 1e-320}, match="eps must be >= 2.22e-16", id="ng-eps-subnormal"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": 1e-17}, match="machine epsilon", id="ng-eps-below-epsilon"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": 0.0}, match="eps must be in (0.0, inf)", id="ng-eps-zero"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": -1e-6}, match="eps must be in (0.0, inf)", id="ng-eps-negative"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": math.nan}, match="eps must be finite", id="ng-eps-nan"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": math.inf}, match="eps must be finite", id="ng-eps-inf"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": "1e-6"}, raises=TypeError, match="eps must be a real number", id="ng-eps-string"),
    Bad(gc.numerical_grad, (square_sum, 2.0), {"eps": True}, raises=TypeError, match="eps must be a real number", id="ng-eps-bool"),
    Bad(gc.numerical_grad, (square_sum, 10.0), {"eps": 1e308}, match="is too large", id="ng-eps-overflow"),
    Bad(gc.numerical_grad, (lambda z: anp.abs(z) ** 2, onp.array([1 + 1j], dtype=onp.complex64)), {"eps": 1e-12}, match="too small for x of dtype complex64", id="ng-eps-complex64"),
    # check_grad: tolerances
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], wrong_grad), {"atol": math.inf}, match="atol must be finite", id="cg-atol-inf"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0]), {"atol": -1.0}, match="atol must be in [0.0, inf)", id="cg-atol-negative"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0]), {"atol": "0"}, raises=TypeError, match="atol must be a real number", id="cg-atol-string"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], wrong_grad), {"rtol": math.inf}, match="rtol must be finite", id="cg-rtol-inf"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], wrong_grad), {"rtol": 1.0}, match="rtol must be in [0.0, 1.0)", id="cg-rtol-one"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0]), {"rtol": -1e-6}, match="rtol must be in [0.0, 1.0)", id="cg-rtol-negative"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0]), {"rtol": math.nan}, match="rtol must be finite", id="cg-rtol-nan"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0]), {"rtol": True}, raises=TypeError, match="rtol must be a real number", id="cg-rtol-bool"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], right_grad), {"rtol": 0}, expect=lambda r: r.passed and math.isfinite(r.max_rel_error), id="cg-rtol-zero-passes"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], wrong_grad), {"rtol": 0}, expect=lambda r: not r.passed and r.max_rel_error == pytest.approx(1 / 3), id="cg-rtol-zero-fails"),
    Bad(gc.check_grad, (square_sum, [0.0], right_grad), {"rtol": 0, "atol": 0}, expect=lambda r: r.max_rel_error == 0.0, id="cg-both-zero-exact"),
    # check_grad: f, x, grad, eps
    Bad(gc.check_grad, ("f", [1.0]), raises=TypeError, match="f must be a callable", id="cg-f-string"),
    Bad(gc.check_grad, (square_sum, []), match="x must not be empty", id="cg-x-empty"),
    Bad(gc.check_grad, (square_sum, [[1.0, math.nan]]), match="x must be finite", id="cg-x-nan"),
    Bad(gc.check_grad, (square_sum, {"a": 1.0}), raises=TypeError, match="x must be numeric", id="cg-x-dict"),
    Bad(gc.check_grad, (square_sum, [1.0], 3.0), raises=TypeError, match="grad must be a callable", id="cg-grad-number"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], lambda x: onp.ones(3)), match="grad returned shape (3,)", id="cg-grad-shape"),
    Bad(gc.check_grad, (square_sum, [1.0, 2.0], lambda x: onp.array([1.0, math.nan])), match="grad returned the non-finite value nan at index (1,)", id="cg-grad-nan"),
    Bad(gc.check_grad, (square_sum, [1.0], lambda x: onp.array(["a"])), raises=TypeError, match="grad must return a numeric array", id="cg-grad-strings"),
    Bad(gc.check_grad, (square_sum, [2.0]), {"eps": 1e-320}, match="eps must be >= 2.22e-16", id="cg-eps-subnormal"),
    Bad(gc.check_grad, (lambda v: anp.sum(v) * 1j, [1.0], lambda x: x), raises=TypeError, match="complex value", id="cg-f-complex"),
]  # fmt: skip


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


def test_the_issue_examples():
    """Issue 16's four gradcheck findings, as the issue states them."""
    with pytest.raises(ValueError, match="eps"):
        gc.numerical_grad(lambda x: x**3, 2.0, eps=1e-320)
    with pytest.raises(ValueError, match="atol"):
        gc.check_grad(square_sum, onp.array([1.0, 2.0]), grad=wrong_grad, atol=math.inf)
    with pytest.raises(ValueError, match="x must not be empty"):
        gc.check_grad(square_sum, [])
    assert gc.check_grad(square_sum, onp.array([1.0, 2.0]), grad=right_grad, rtol=0).passed


# --- properties ------------------------------------------------------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(finite, min_size=1, max_size=5), st.floats(gc.MIN_EPS, 1e-2))
def test_numerical_grad_is_finite_or_refused_and_never_mutates(values, eps):
    x = onp.array(values)
    before = x.copy()
    try:
        g = gc.numerical_grad(lambda v: onp.sum(onp.sin(v) * v), x, eps=eps)
    except ValueError as err:  # a named refusal, e.g. a step that rounds back to x
        assert "eps" in str(err)
    else:
        assert g.shape == x.shape and onp.all(onp.isfinite(g))
    onp.testing.assert_array_equal(x, before)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.complex_numbers(max_magnitude=100, allow_nan=False), min_size=1, max_size=4))
@example(values=[91 + 0j, 0.25 + 0j, 91 + 0j])  # rounding error 1.6e-6 on the middle coordinate
def test_complex_numerical_grad_is_finite_and_never_mutates(values):
    z = onp.array(values, dtype=complex)
    before = z.copy()
    f = lambda v: onp.sum(onp.abs(v) ** 2)
    g = gc.numerical_grad(f, z)
    assert onp.all(onp.isfinite(g))
    # Central differences carry truncation error ~h² (none for a quadratic) and rounding error
    # ~eps_mach·|f|/h, h = 1e-6 at |x| <= 1: e.g. f = 16562 gives 3.7e-6 on a small coordinate.
    rounding = 4 * onp.finfo(float).eps * f(z) / 1e-6
    onp.testing.assert_allclose(g, 2 * z, rtol=1e-6, atol=1e-6 + rounding)
    onp.testing.assert_array_equal(z, before)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(finite, min_size=1, max_size=4),
    st.floats(0.0, 0.999),
    st.floats(0.0, 1e3),
    st.floats(-3.0, 3.0),
)
def test_check_grad_reports_a_number_never_nan(values, rtol, atol, error):
    """Any finite valid tolerance gives a finite worst error (no 0/0, no division by rtol = 0),
    and a gradient off by ``error`` in one coordinate fails exactly when it exceeds the bound."""
    x = onp.array(values)
    before = x.copy()
    offset = onp.zeros_like(x)
    offset[0] = error
    result = gc.check_grad(square_sum, x, grad=lambda v: 2 * v + offset, rtol=rtol, atol=atol)
    assert math.isfinite(result.max_rel_error) and result.max_rel_error >= 0
    bound = atol + rtol * onp.abs(result.numeric) + 1e-6  # central differences are ~1e-10 off
    if abs(error) > bound[0] + 1e-3:
        assert not result.passed
    onp.testing.assert_array_equal(x, before)


@settings(max_examples=25, deadline=None)
@given(st.lists(finite, min_size=1, max_size=4))
def test_check_grad_does_not_hand_the_callers_array_to_grad(values):
    x = onp.array(values)
    before = x.copy()

    def mutating_grad(v):
        v *= 0  # a careless grad that edits its argument in place
        return 2 * before

    gc.check_grad(square_sum, x, grad=mutating_grad)
    onp.testing.assert_array_equal(x, before)


# --- issue 23: overflow, steps too large, the minimum-eps reason, a vector f ---------------


def test_issue23_difference_that_overflows_is_halved_first():
    """numerical_grad(Σ sin(v)·v, [1e308], 0.787) returned −inf: f(x ± h) were finite but their
    difference overflowed. That step is now refused (eps > MAX_EPS); within the bound, where
    the difference still overflows, the quotient matches exact rational arithmetic."""
    f = lambda v: onp.sum(onp.sin(v) * v)
    with pytest.raises(ValueError, match=r"eps = 0.787 is too large: it must be <= 0.1"):
        gc.numerical_grad(f, [1e308], 0.787)
    x = 9.984962406015037e307  # h = 0.1x: f(x + h) − f(x − h) overflows, the slope is ≈ 9.1
    up, down = f(onp.array([x + 0.1 * x])), f(onp.array([x - 0.1 * x]))
    with onp.errstate(over="ignore"):
        assert not onp.isfinite(up - down), "the case must exercise the overflow path"
    exact = (Fraction(float(up)) - Fraction(float(down))) / (2 * Fraction(0.1 * x))
    assert gc.numerical_grad(f, [x], 0.1)[0] == pytest.approx(float(exact), rel=1e-15)
    g = lambda v: 1.5e308 * anp.tanh(anp.sum(v) - 10.0)  # up − down = 2.3e308
    assert gc.numerical_grad(g, 10.0, 0.1) == pytest.approx(1.5e308 * math.tanh(1.0), rel=1e-15)


def test_issue23_a_slope_beyond_float64_is_a_named_overflow():
    with pytest.raises(OverflowError, match="beyond float64's range"):
        gc.numerical_grad(lambda v: 1.5e308 * anp.tanh(1e10 * anp.sum(v)), 0.0)


def test_issue23_eps_has_an_upper_bound():
    """numerical_grad(sin, 2.0, eps=1e10) returned 1.77e-11 where cos 2 = −0.416."""
    with pytest.raises(ValueError, match=r"eps = 1e\+10 is too large: it must be <= 0.1"):
        gc.numerical_grad(onp.sin, 2.0, eps=1e10)
    assert gc.numerical_grad(onp.sin, 2.0, eps=gc.MAX_EPS) == pytest.approx(math.cos(2.0), rel=1e-2)


def test_issue21_minimum_eps_gives_the_right_reason():
    """At x = 0 a step of 1e-300 does not round back to x; the reason to refuse it is that
    f(x ± h) then differ by rounding only. The message says that, not 'rounds back to x'."""
    with pytest.raises(ValueError, match="eps must be >= 2.22e-16") as refused:
        gc.numerical_grad(onp.sin, 0.0, eps=1e-300)
    message = str(refused.value)
    assert "rounding error of f" in message and "rounds x ± h back" not in message


def test_issue23_check_grad_names_a_vector_f():
    """check_grad with a vector-valued f surfaced autograd's 'Grad only applies to real
    scalar-output functions'; it now names f and what it returned."""
    with pytest.raises(
        TypeError, match=r"f must return a real scalar; at x it returned ndarray with shape \(3,\)"
    ):
        gc.check_grad(lambda v: v * 2, onp.ones(3))


# --- extreme but finite magnitudes (1e-300 .. 1e300), against exact arithmetic ---------------


def magnitudes(lo=-300, hi=300):
    """A float ±m·10^e with m in [1, 10) and e in [lo, hi]: every scale from 1e-300 to 1e300."""
    return st.builds(
        lambda sign, m, e: sign * m * 10.0**e,
        st.sampled_from([-1.0, 1.0]),
        st.floats(1.0, 9.99),
        st.integers(lo, hi),
    )


@settings(max_examples=60, deadline=None)
@given(magnitudes(), magnitudes(), magnitudes(), magnitudes(), st.sampled_from([1e-6, 1e-3, 0.1]))
def test_central_difference_of_a_quadratic_at_any_scale(x, a, b, c, eps):
    """p(v) = a + b·v + c·v·v at x anywhere in ±[1e-300, 1e300], coefficients capped so that no
    term passes 1e300: the central difference of a quadratic is exactly p'(x) = b + 2cx
    (computed in Fractions), so numerical_grad may differ from it only by rounding, of f
    (≈ eps_mach·Σ|terms|/h) and of the steps x ± h (≈ eps_mach·|p'|·|x|/h)."""
    scale = max(1.0, abs(x)) * (1 + eps)
    b = b if abs(b) * scale <= 1e300 else math.copysign(1e300 / scale, b)
    c = c if abs(c) * scale <= 1e300 / scale else math.copysign(1e300 / scale / scale, c)
    f = lambda v: a + b * v[0] + c * v[0] * v[0]  # (c·v)·v: no intermediate overflow
    exact = Fraction(b) + 2 * Fraction(c) * Fraction(x)
    h = eps * max(1.0, abs(x))
    terms = sum(abs(a) + abs(b * t) + abs(c * t) * abs(t) for t in (x + h, x - h))
    machine = onp.finfo(float).eps
    tol = 8 * machine * (terms + abs(float(exact)) * abs(x)) / h + 1e-300
    g = gc.numerical_grad(f, onp.array([x]), eps=eps)[0]
    assert math.isfinite(g)
    assert abs(Fraction(g) - exact) <= Fraction(tol), (g, float(exact), tol)


@settings(max_examples=40, deadline=None)
@given(st.lists(magnitudes(), min_size=1, max_size=4))
def test_gradient_of_a_linear_function_at_any_scale(values):
    """f(x) = Σ w·x with |w·x| ≤ 1e300: each central difference is w_k up to the rounding of f,
    eps_mach·Σ|w·x|/h_k per coordinate; never NaN or inf, whatever the scale of x."""
    x = onp.array(values)
    w = onp.array([math.copysign(min(1.0, 1e300 / max(1.0, abs(v))), v) for v in values])
    g = gc.numerical_grad(lambda v: anp.sum(w * v), x)
    h = 1e-6 * onp.maximum(1.0, onp.abs(x))
    rounding = 8 * onp.finfo(float).eps * (onp.sum(onp.abs(w * x)) + onp.abs(w * x)) / h
    assert onp.all(onp.isfinite(g))
    assert onp.all(onp.abs(g - w) <= 1e-9 * onp.abs(w) + rounding), (g, w, rounding)
