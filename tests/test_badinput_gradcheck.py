"""Bad input for companion.gradcheck (issue 16), plus hypothesis properties.

What used to go wrong: ``numerical_grad(f, 2.0, eps=1e-320)`` returned 0 (x ± h rounded back
to x), ``check_grad(..., atol=inf)`` passed a wrong gradient, ``check_grad(f, [])`` failed
inside argmax, and ``rtol=0`` divided by zero. Each is now a named error or a documented
value. The properties: finite valid input gives a finite gradient or a named error, never a
silent NaN, and the caller's x is never changed.
"""

import math

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
