"""companion.gates against independent oracles: finite differences of the smooth steps,
the gate's definition by comparisons, a step-by-step recurrence, and the framework
outputs recorded with /work/fwenv (torch 2.13.0, tensorflow 2.21.0, jax 0.10.2)."""

import warnings

import autograd.numpy as np
import numpy as onp
import pytest
from autograd import elementwise_grad, grad
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import gates
from companion.gradcheck import numerical_grad

NAMES = tuple(gates.SURROGATES)
SMOOTH = tuple(n for n in NAMES if n != "straight_through")
finite = st.floats(-3, 3, allow_nan=False)


def definition(x, x_max, e):
    """The gate straight from the question, element by element, in plain Python."""
    return onp.array(
        [float((x_max - e < v < x_max) or (-x_max < v < -x_max + e)) for v in onp.ravel(x)]
    )


# --- the exact gate and the exact-step forward ---------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=1, max_size=20), st.floats(0.1, 2.0), st.floats(0.01, 1.0))
def test_pulse_gate_and_every_surrogate_forward_match_the_definition(xs, x_max, frac):
    e = frac * x_max
    x = onp.array(xs + [x_max, x_max - e, -x_max, -x_max + e])  # the four edges included
    expected = definition(x, x_max, e)
    onp.testing.assert_array_equal(gates.pulse_gate(x, x_max, e), expected)
    for name in NAMES:
        onp.testing.assert_array_equal(gates.surrogate_pulse_gate(x, x_max, e, name, 0.1), expected)


def test_gate_at_its_edges_is_closed_and_open_inside():
    x = onp.array([-1.0, -0.7, 0.7, 1.0, -0.85, 0.85, 0.0])
    onp.testing.assert_array_equal(gates.pulse_gate(x, 1.0, 0.3), [0, 0, 0, 0, 1, 1, 0])


def test_touching_bands_e_equal_x_max_is_accepted():
    x = onp.array([-0.5, 0.0, 0.5])
    onp.testing.assert_array_equal(gates.pulse_gate(x, 1.0, 1.0), [1, 0, 1])
    onp.testing.assert_array_equal(gates.surrogate_pulse_gate(x, 1.0, 1.0), [1, 0, 1])


# --- surrogate VJPs against finite differences of their smooth counterparts ------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("scale", [0.05, 0.3, 1.5])
def test_surrogate_vjp_is_the_derivative_of_its_smooth_step(name, scale):
    x = onp.linspace(-2, 2, 41) * scale + 0.0123 * scale  # avoid the boxcar's and triangle's kinks
    vjp = elementwise_grad(gates.heaviside)(x, name, scale)
    fd = onp.array([numerical_grad(lambda v: gates.soft_step(v, name, scale), v) for v in x])
    onp.testing.assert_allclose(vjp, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", SMOOTH)
def test_surrogates_have_unit_area_and_are_even(name):
    s = 0.2
    x = onp.linspace(-60 * s, 60 * s, 240001)
    d = gates.SURROGATES[name](x, s)
    area = onp.sum((d[1:] + d[:-1]) / 2 * onp.diff(x))
    assert area == pytest.approx(1.0, abs=0.02)  # fast sigmoid's tails decay like 1/x²
    onp.testing.assert_allclose(d, gates.SURROGATES[name](-x, s), atol=1e-12)


@pytest.mark.parametrize("name", SMOOTH)
def test_surrogate_gate_gradient_is_the_smooth_gates_derivative(name):
    x = onp.linspace(-1.3, 1.3, 53) + 0.003
    dg = elementwise_grad(gates.surrogate_pulse_gate)(x, 1.0, 0.4, name, 0.1)
    fd = onp.array(
        [numerical_grad(lambda v: gates.soft_pulse_gate(v, 1.0, 0.4, name, 0.1), v) for v in x]
    )
    onp.testing.assert_allclose(dg, fd, rtol=1e-6, atol=1e-7)


@pytest.mark.filterwarnings("ignore:Output seems independent")  # the boxcar is flat: d' = 0
@pytest.mark.parametrize("name", SMOOTH)
def test_heaviside_is_differentiable_again(name):
    x = onp.array([-0.13, 0.021, 0.07])
    second = elementwise_grad(elementwise_grad(gates.heaviside))(x, name, 0.1)
    fd = onp.array([numerical_grad(lambda v: gates.SURROGATES[name](v, 0.1), v) for v in x])
    onp.testing.assert_allclose(second, fd, rtol=1e-5, atol=1e-6)


def test_pulse_from_steps_with_a_smooth_step_is_the_four_term_formula():
    x = onp.linspace(-1.5, 1.5, 31)
    S = lambda v: gates.soft_step(v, "sigmoid", 0.1)
    four = S(x - 0.6) - S(x - 1.0) + S(x + 1.0) - S(x + 0.6)
    onp.testing.assert_allclose(gates.pulse_from_steps(x, 1.0, 0.4, S), four, atol=1e-12)


def test_edge_signs_and_straight_through_cancellation():
    edges = onp.array([-1.0, -0.6, 0.6, 1.0])
    dg = elementwise_grad(gates.surrogate_pulse_gate)(edges, 1.0, 0.4, "triangle", 0.05)
    onp.testing.assert_array_equal(onp.sign(dg), [1, -1, 1, -1])
    ste = elementwise_grad(gates.surrogate_pulse_gate)(edges, 1.0, 0.4, "straight_through")
    onp.testing.assert_array_equal(ste, 0.0)


def test_exact_gate_gradient_is_zero_in_autograd():
    x = onp.array([-0.9, 0.65, 0.0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dx = grad(lambda v: np.sum(gates.pulse_gate(v, 1.0, 0.4) * 3.0))(x)
    onp.testing.assert_array_equal(dx, 0.0)
    assert "independent of input" in str(caught[0].message)


# --- framework facts, as recorded from the real frameworks -----------------------------------

X = onp.array([-0.95, -0.7, -0.3, 0.0, 0.3, 0.7, 0.95, 1.2])
Y = onp.arange(1.0, 9.0)
G = onp.array([1.0, 1, 0, 0, 0, 1, 1, 0])  # recorded dz/dy of all four frameworks, x_max=1, e=0.4


def test_framework_gate_grad_matches_the_recorded_outputs():
    for name in ("jax", "autograd"):
        dx, dy = gates.framework_gate_grad(name, X, Y, 1.0, 0.4)
        onp.testing.assert_array_equal(dx, onp.zeros(8))
        onp.testing.assert_array_equal(dy, G)
    dx, dy = gates.framework_gate_grad("tensorflow", X, Y, 1.0, 0.4)
    assert dx is None and onp.array_equal(dy, G)
    dx, dy = gates.framework_gate_grad("torch", X, Y, 1.0, 0.4, allow_unused=True)
    assert dx is None and onp.array_equal(dy, G)
    with pytest.raises(gates.FrameworkRaises, match="Set allow_unused=True") as info:
        gates.framework_gate_grad("torch", X, Y, 1.0, 0.4)
    assert info.value.error == "RuntimeError" and info.value.framework == "torch"


def test_framework_cast_grad_matches_the_recorded_outputs():
    x = onp.array([-1.7, -0.2, 0.4, 2.6])
    onp.testing.assert_array_equal(gates.framework_cast_grad("autograd", x), 1.0)
    onp.testing.assert_array_equal(gates.framework_cast_grad("jax", x), 0.0)
    assert gates.framework_cast_grad("tensorflow", x) is None
    for allow in (False, True):
        with pytest.raises(gates.FrameworkRaises, match="does not require grad"):
            gates.framework_cast_grad("torch", x, allow_unused=allow)


# --- the recurrent cell and its training ----------------------------------------------------


def test_unrolled_recurrence_equals_the_step_by_step_loop():
    task = gates.band_task(6, steps=15, seed=3)
    p = gates.init_gated_rnn(3, seed=2)
    _, x = gates.gated_rnn(p, task["u"], task["y"], "exact")
    lam = 1 / (1 + onp.exp(-p["leak_logit"]))
    (w, b), (W, c) = p["input"][0], p["readout"][0]
    h = onp.zeros((6, 3))
    for t in range(15):
        h = lam * h + (1 - lam) * (task["u"][t][:, None] * w + b)
        onp.testing.assert_allclose(x[t], (h @ W + c)[:, 0], atol=1e-12)


def test_band_task_target_follows_its_definition():
    task = gates.band_task(4, steps=20, seed=1, leak=0.5)
    s = onp.zeros(4)
    for t in range(20):
        s = 0.5 * s + 0.5 * task["u"][t]
        onp.testing.assert_allclose(task["s"][t], s)
        onp.testing.assert_array_equal(task["inside"][t], (s > 0.2) & (s < 0.6))
    onp.testing.assert_allclose(task["target"], task["inside"] * task["y"])


def test_gated_rnn_gradient_matches_finite_differences_of_the_soft_route():
    task = gates.band_task(4, steps=10, seed=0)
    p = gates.init_gated_rnn(2, seed=0)
    f = lambda a: np.sum(gates.gated_rnn({**p, "leak_logit": a}, task["u"], task["y"], "soft")[0])
    onp.testing.assert_allclose(
        grad(f)(p["leak_logit"]), numerical_grad(f, p["leak_logit"]), rtol=1e-6
    )


def test_surrogate_learns_and_exact_stays_flat():
    exact = gates.train_gated_rnn("exact", steps=40)
    surrogate = gates.train_gated_rnn("surrogate", steps=40)
    assert onp.ptp(exact.history) == 0.0
    assert surrogate.train_loss < 0.6 * exact.train_loss
    assert surrogate.test_accuracy > exact.test_accuracy + 0.05


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: gates.pulse_gate([0.1], 1.0, 0.0), "e must be > 0"),
        (lambda: gates.pulse_gate([0.1], 1.0, -0.2), "e must be > 0"),
        (lambda: gates.pulse_gate([0.1], 1.0, 1.5), "e must be <= x_max"),
        (lambda: gates.pulse_gate([0.1], 0.0, 0.1), "x_max must be > 0"),
        (lambda: gates.pulse_gate([0.1, onp.nan], 1.0, 0.3), "x must be finite"),
        (lambda: gates.heaviside([onp.inf]), "x must be finite"),
        (lambda: gates.heaviside([0.1], "fast_sigmoid", 0.0), "scale must be > 0"),
        (lambda: gates.heaviside([0.1], "fast_sigmoid", -1.0), "scale must be > 0"),
        (lambda: gates.heaviside([0.1], "sigmod"), "valid: 'fast_sigmoid', 'sigmoid'"),
        (lambda: gates.surrogate_pulse_gate([0.1], 1.0, 0.3, "boxcar", 0), "scale must be > 0"),
        (lambda: gates.soft_step([0.1], "tri"), "unknown surrogate 'tri'"),
        (lambda: gates.soft_pulse_gate([0.1], 1.0, 0.3, "straight_through"), "no smooth step"),
        (lambda: gates.framework_gate_grad("theano", X, Y, 1.0, 0.4), "valid: 'tensorflow'"),
        (lambda: gates.framework_gate_grad("jax", X, Y[:3], 1.0, 0.4), "same shape"),
        (lambda: gates.framework_gate_grad("jax", X, Y, 1.0, 0.4, allow_unused=True), "torch"),
        (lambda: gates.gated_rnn(gates.init_gated_rnn(), onp.ones((3, 2)), onp.ones(3)), "shape"),
        (lambda: gates.train_gated_rnn("hard"), "unknown route"),
        (lambda: gates.band_task(0), "n_seq"),
    ],
)
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_non_finite_x_inside_autograd_is_named():
    with pytest.raises(ValueError, match="x must be finite"):
        grad(lambda v: np.sum(gates.surrogate_pulse_gate(v * onp.inf, 1.0, 0.3)))(onp.ones(2))
