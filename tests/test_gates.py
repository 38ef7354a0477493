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


# --- the stochastic gate: the closed-form averaged loss and the score-function estimator -------

import itertools  # noqa: E402

TH_Y = onp.array([1.3, 0.6, 0.9])
TH_R = onp.array([1.3, 0.0, 0.9])


def gate_probability(theta):
    """p_t(θ): the pulse gate under logistic noise of scale 0.1, at three states moved by θ."""
    x = theta * onp.array([0.75, 0.2, 0.95]) + onp.array([0.0, 0.1, -0.02])
    return gates.soft_pulse_gate(x, 1.0, 0.4, "sigmoid", 0.1)


def sample_loss(g):
    return onp.mean((g * TH_Y - TH_R) ** 2)


def every_outcome(p):
    g = onp.array(list(itertools.product((0.0, 1.0), repeat=p.size)))
    return g, onp.prod(onp.where(g > 0, p, 1 - p), axis=1)


def test_averaged_gate_loss_is_the_expectation_over_every_outcome():
    p = gate_probability(1.0)
    g, weight = every_outcome(p)
    by_enumeration = sum(w * sample_loss(x) for x, w in zip(g, weight))
    assert gates.averaged_gate_loss(p, TH_Y, TH_R) == pytest.approx(by_enumeration, abs=1e-14)


@pytest.mark.parametrize("baseline", [0.0, 0.4])
@pytest.mark.parametrize("theta", [0.8, 1.0, 1.15])
def test_score_function_is_unbiased_exactly_over_every_outcome(theta, baseline):
    """Σ_g P(g)·ĝ(g) equals finite differences of the closed-form L̄: unbiased, not just close."""
    p = gate_probability(theta)
    g, weight = every_outcome(p)
    est = gates.score_function_grad(
        gate_probability, sample_loss, theta, samples=g, baseline=baseline
    )
    exact = numerical_grad(
        lambda t: gates.averaged_gate_loss(gate_probability(t), TH_Y, TH_R), theta
    )
    assert weight @ est == pytest.approx(exact, rel=1e-7, abs=1e-10)
    assert abs(exact) > 0.05  # a case where the gradient is not trivially 0


def test_score_function_monte_carlo_mean_is_within_its_standard_error():
    def p(theta):
        return gates.soft_pulse_gate(
            theta[0] * onp.linspace(0.3, 1.1, 6) + theta[1], 1.0, 0.4, "sigmoid", 0.1
        )

    theta = onp.array([1.0, -0.05])
    est = gates.score_function_grad(p, sample_loss_6, theta, n_samples=20000, seed=3)
    exact = grad(lambda t: gates.averaged_gate_loss(p(t), Y6, R6))(theta)
    se = est.std(axis=0) / onp.sqrt(len(est))
    assert est.shape == (20000, 2)
    assert onp.all(onp.abs(est.mean(axis=0) - exact) < 4 * se)
    batched = lambda g: onp.mean((g * Y6 - R6) ** 2, axis=-1)
    again = gates.score_function_grad(p, batched, theta, n_samples=20000, seed=3, batched=True)
    onp.testing.assert_allclose(est, again, rtol=1e-12)  # seeded; one call or one per sample


Y6 = onp.linspace(0.6, 1.4, 6)
R6 = Y6 * onp.array([0, 1, 1, 0, 1, 0])


def sample_loss_6(g):
    return onp.mean((g * Y6 - R6) ** 2)


def test_score_function_jacobian_routes_agree():
    """Fewer parameters than gates: JVPs; more: one VJP per gate. Same estimates either way."""
    g = onp.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    few = lambda t: gates.soft_step(onp.array([0.1, -0.2]) * t[0] + t[1], "sigmoid", 0.3)
    many = lambda t: few(t[:2]) + 0.0 * t[2]
    theta = onp.array([1.2, 0.05])
    a = gates.score_function_grad(few, lambda v: onp.sum(v * [1.0, 2.0]), theta, samples=g)
    b = gates.score_function_grad(
        many, lambda v: onp.sum(v * [1.0, 2.0]), [1.2, 0.05, 3.0], samples=g
    )
    onp.testing.assert_allclose(b[:, :2], a, rtol=1e-12)
    onp.testing.assert_array_equal(b[:, 2], 0.0)


def test_score_function_refuses_impossible_samples_and_bad_loss():
    p = lambda t: onp.array([0.0, 0.5]) * t
    with pytest.raises(ValueError, match="probability 0"):
        gates.score_function_grad(p, sample_loss, 1.0, samples=[[1.0, 0.0]])
    with pytest.raises(ValueError, match="only 0 and 1"):
        gates.score_function_grad(p, sample_loss, 1.0, samples=[[0.0, 0.5]])
    with pytest.raises(ValueError, match="loss must return finite"):
        gates.score_function_grad(p, lambda g: onp.nan, 1.0, n_samples=3)


# --- bad input (the table of cases is tests/test_badinput_gates.py) -------------------------------------------------------------------------------


def test_non_finite_x_inside_autograd_is_named():
    with pytest.raises(ValueError, match="x must be finite"):
        grad(lambda v: np.sum(gates.surrogate_pulse_gate(v * onp.inf, 1.0, 0.3)))(onp.ones(2))


def test_train_loss_is_the_loss_at_the_returned_params():
    """Issue 21: history[-1] was the loss before the last step; it is now at the returned params."""
    steps, task = 6, gates.band_task(8, 30, 0)
    for route in ("surrogate", "soft"):
        run = gates.train_gated_rnn(route, steps=steps, n_seq=8, n_test=8)

        def loss(params, route=route):  # recomputed here from the returned params
            z, _ = gates.gated_rnn(params, task["u"], task["y"], route)
            return float(onp.mean((z - task["target"]) ** 2))

        assert len(run.history) == steps + 1
        assert run.train_loss == run.history[-1] == loss(run.params)
        assert run.history[0] == loss(gates.init_gated_rnn(4, seed=0))
    # the surrogate's forward pass is the hard gate: its training loss is the hard loss
    assert run.route == "soft" and run.train_loss != run.hard_train_loss
    surrogate = gates.train_gated_rnn("surrogate", steps=steps, n_seq=8, n_test=8)
    assert surrogate.train_loss == surrogate.hard_train_loss
