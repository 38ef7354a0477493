import autograd.numpy as np
import numpy as onp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.gradcheck import check_grad, numerical_grad


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=5))
def test_numerical_grad_matches_closed_form(values):
    x = onp.array(values)
    # f = Σ sin(x)·x has the independent closed form ∇f = cos(x)·x + sin(x)
    numeric = numerical_grad(lambda v: onp.sum(onp.sin(v) * v), x)
    onp.testing.assert_allclose(numeric, onp.cos(x) * x + onp.sin(x), rtol=1e-7, atol=1e-8)


def test_complex_convention_is_real_gradient_packed():
    z = onp.array([1.0 + 2.0j, -0.5 + 0.3j])
    # f = Σ|z|² = Σ(a² + b²): ∂f/∂a + i∂f/∂b = 2a + 2ib = 2z
    onp.testing.assert_allclose(
        numerical_grad(lambda v: onp.sum(onp.abs(v) ** 2), z), 2 * z, rtol=1e-8
    )


def test_check_grad_with_autograd_real_and_complex():
    assert check_grad(lambda x: np.sum(np.tanh(x) ** 2), onp.linspace(-1, 1, 4)).passed
    result = check_grad(lambda z: np.sum(np.abs(z) ** 2 + np.real(z)), onp.array([1 + 1j, 2 - 1j]))
    assert result.passed and "conjugated" in result.note


def test_check_grad_reports_worst_coordinate():
    result = check_grad(
        lambda x: np.sum(x**2),
        onp.array([1.0, 2.0, 3.0]),
        grad=lambda x: 2 * x + onp.array([0, 0, 1.0]),
    )
    assert not result.passed and result.worst_index == (2,)
    assert "FAILED" in str(result) and "(2,)" in str(result)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (onp.array([1.0, onp.nan]), "x must be finite"),
        (onp.array([onp.inf]), "x must be finite"),
        ("a", "numeric"),
    ],
)
def test_rejects_non_finite_or_non_numeric_points(x, message):
    with pytest.raises((ValueError, TypeError), match=message):
        numerical_grad(lambda v: onp.sum(v), x)


def test_rejects_functions_that_are_not_real_scalars():
    with pytest.raises(TypeError, match="real scalar"):
        numerical_grad(lambda v: v * 2, onp.ones(3))
    with pytest.raises(TypeError, match="complex value"):
        numerical_grad(lambda v: onp.sum(v) * 1j, onp.ones(2))
    with pytest.raises(ValueError, match="non-finite"), onp.errstate(invalid="ignore"):
        numerical_grad(lambda v: onp.log(onp.sum(v) - 3.0), onp.ones(2))
    with pytest.raises(ValueError, match="shape"):
        check_grad(lambda v: onp.sum(v), onp.ones(2), grad=lambda v: onp.ones(3))


def test_a_passed_check_prints_its_tolerances_not_its_rounding():
    """Issue 20: a right gradient's error is rounding, whose digits vary between machines; the
    report prints the verdict and tolerances (the error stays available as max_rel_error)."""
    result = check_grad(lambda x: np.sum(np.sin(x)), onp.array([0.3, 1.1]), rtol=1e-5, atol=1e-9)
    assert str(result) == (
        "gradient check passed: within rtol 1e-05 and atol 1e-09 of central differences "
        "at every coordinate"
    )
    assert 0 <= result.max_rel_error < 1e-5


def test_a_failed_check_names_a_coordinate_that_fails():
    """Review of chapter 0: coordinate 0 passes its test (|g − n| <= atol + rtol·|n|) with a
    relative error of 1.9e-6, coordinate 1 fails with 1.5e-6; the report names coordinate 1."""
    result = check_grad(
        lambda x: 1e-2 * x[0] + x[1],
        onp.array([0.3, 0.7]),
        grad=lambda x: onp.array([1e-2 + 1.9e-8, 1 + 1.5e-6]),
    )
    assert not result.passed and result.worst_index == (1,), str(result)
    assert result.max_rel_error == pytest.approx(1.5e-6, rel=1e-3)
