"""Bad input for companion.gates (issue 16): every public function, each case a call and the
named error (type and a phrase of its message) or the documented value it must give. Lists are
accepted wherever arrays are. Then hypothesis properties: finite valid input gives a finite
output (and a finite surrogate gradient) or a named error, never a silent NaN, and the
caller's arrays are never changed."""

import copy
from fractions import Fraction

import autograd.numpy as np
import numpy as onp
import pytest
from autograd import elementwise_grad
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import gates as g

NAN, INF = float("nan"), float("inf")
X = onp.array([-0.9, 0.0, 0.8])
Y = onp.array([1.0, 2.0, 3.0])
TASK = g.band_task(3, steps=6, seed=0)
P0 = g.init_gated_rnn(2, seed=0)
sigmoid = lambda t: 1 / (1 + np.exp(-t)) * np.ones(2)  # noqa: E731
total = lambda v: float(onp.sum(v))  # noqa: E731
exact = lambda u: (onp.asarray(u) > 0) * 1.0  # noqa: E731


def with_param(path, value):
    """P0 with one leaf replaced: path ('leak_logit',) or ('readout', 1) for readout's b."""
    p = copy.deepcopy(P0)
    if len(path) == 1:
        p[path[0]] = value
    else:
        W, b = p[path[0]][0]
        p[path[0]] = [(value, b) if path[1] == 0 else (W, value)]
    return p


def is_array(expected):
    return lambda r: onp.array_equal(onp.asarray(r), expected)


def finite(r):
    return bool(onp.all(onp.isfinite(onp.asarray(r, dtype=float))))


CASES = [
    # --- pulse_gate
    Bad(g.pulse_gate, ([0.1, NAN], 1.0, 0.3), match="x must be finite", id="pulse_gate-x-nan"),
    Bad(
        g.pulse_gate,
        ([0.1j], 1.0, 0.3),
        raises=TypeError,
        match="x must be real",
        id="pulse_gate-x-complex",
    ),
    Bad(
        g.pulse_gate,
        ("0.8", 1.0, 0.3),
        raises=TypeError,
        match="x must be numeric",
        id="pulse_gate-x-str",
    ),
    Bad(
        g.pulse_gate, (X, 0.0, 0.3), match="x_max must be in (0.0, inf)", id="pulse_gate-x_max-zero"
    ),
    Bad(g.pulse_gate, (X, NAN, 0.3), match="x_max must be finite", id="pulse_gate-x_max-nan"),
    Bad(
        g.pulse_gate,
        (X, True, 0.3),
        raises=TypeError,
        match="x_max must be a real number",
        id="pulse_gate-x_max-bool",
    ),
    Bad(g.pulse_gate, (X, 1.0, -0.2), match="e must be in (0.0, inf)", id="pulse_gate-e-negative"),
    Bad(
        g.pulse_gate,
        (X, 1.0, "0.3"),
        raises=TypeError,
        match="e must be a real number",
        id="pulse_gate-e-str",
    ),
    Bad(g.pulse_gate, (X, 1.0, 1.5), match="e must be <= x_max", id="pulse_gate-e-overlap"),
    Bad(
        g.pulse_gate,
        ([-0.9, 0.0, 0.8], 1.0, 0.3),
        expect=is_array([1.0, 0.0, 1.0]),
        id="pulse_gate-x-list",
    ),
    # --- heaviside
    Bad(g.heaviside, ([INF],), match="x must be finite", id="heaviside-x-inf"),
    Bad(
        g.heaviside,
        ([0.1], "fast_sigmoid", 0.0),
        match="scale must be in (0.0, inf)",
        id="heaviside-scale-zero",
    ),
    Bad(
        g.heaviside,
        ([0.1], "fast_sigmoid", -1.0),
        match="scale must be in (0.0, inf)",
        id="heaviside-scale-negative",
    ),
    Bad(
        g.heaviside, ([0.1], "sigmoid", NAN), match="scale must be finite", id="heaviside-scale-nan"
    ),
    Bad(
        g.heaviside,
        ([0.1], "sigmoid", "0.1"),
        raises=TypeError,
        match="scale must be a real number",
        id="heaviside-scale-str",
    ),
    Bad(
        g.heaviside,
        ([0.1], "sigmod"),
        match="unknown surrogate 'sigmod'",
        id="heaviside-surrogate-typo",
    ),
    Bad(
        g.heaviside,
        ([0.1], 3),
        raises=TypeError,
        match="surrogate must be a name",
        id="heaviside-surrogate-int",
    ),
    Bad(g.heaviside, ([-0.2, 0.3],), expect=is_array([0.0, 1.0]), id="heaviside-x-list"),
    # --- soft_step
    Bad(g.soft_step, ([NAN],), match="x must be finite", id="soft_step-x-nan"),
    Bad(
        g.soft_step, ([0.1], "tri"), match="unknown surrogate 'tri'", id="soft_step-surrogate-typo"
    ),
    Bad(
        g.soft_step, ([0.1], "sigmoid", INF), match="scale must be finite", id="soft_step-scale-inf"
    ),
    Bad(g.soft_step, ([0.0, 0.0],), expect=is_array([0.5, 0.5]), id="soft_step-x-list"),
    # --- pulse_from_steps
    Bad(
        g.pulse_from_steps,
        (X, 1.0, 0.3, 2.0),
        raises=TypeError,
        match="step must be a callable",
        id="pulse_from_steps-step-float",
    ),
    Bad(
        g.pulse_from_steps,
        (X, 1.0, 2.0, exact),
        match="e must be <= x_max",
        id="pulse_from_steps-e-overlap",
    ),
    Bad(
        g.pulse_from_steps,
        ([1j], 1.0, 0.3, exact),
        raises=TypeError,
        match="x must be real",
        id="pulse_from_steps-x-complex",
    ),
    Bad(
        g.pulse_from_steps,
        ([-0.9, 0.0], 1.0, 0.3, exact),
        expect=is_array([1.0, 0.0]),
        id="pulse_from_steps-x-list",
    ),
    # --- surrogate_pulse_gate
    Bad(
        g.surrogate_pulse_gate,
        (X, 1.0, 0.3, "boxcar", 0),
        match="scale must be in (0.0, inf)",
        id="surrogate_pulse_gate-scale-zero",
    ),
    Bad(
        g.surrogate_pulse_gate,
        ([NAN], 1.0, 0.3),
        match="x must be finite",
        id="surrogate_pulse_gate-x-nan",
    ),
    Bad(
        g.surrogate_pulse_gate,
        (X, 1.0, 0.3, None),
        raises=TypeError,
        match="surrogate must be a name",
        id="surrogate_pulse_gate-surrogate-none",
    ),
    Bad(
        g.surrogate_pulse_gate,
        (X, -1.0, 0.3),
        match="x_max must be in (0.0, inf)",
        id="surrogate_pulse_gate-x_max-negative",
    ),
    Bad(
        g.surrogate_pulse_gate,
        ([-0.9, 0.8], 1.0, 0.3),
        expect=is_array([1.0, 1.0]),
        id="surrogate_pulse_gate-x-list",
    ),
    # --- soft_pulse_gate
    Bad(
        g.soft_pulse_gate,
        (X, 1.0, 0.3, "straight_through"),
        match="no smooth step",
        id="soft_pulse_gate-surrogate-ste",
    ),
    Bad(
        g.soft_pulse_gate,
        (X, 1.0, 0.0),
        match="e must be in (0.0, inf)",
        id="soft_pulse_gate-e-zero",
    ),
    Bad(g.soft_pulse_gate, ([INF], 1.0, 0.3), match="x must be finite", id="soft_pulse_gate-x-inf"),
    Bad(
        g.soft_pulse_gate,
        ([0.0, 0.85], 1.0, 0.3, "sigmoid", 0.01),
        expect=lambda r: onp.allclose(r, [0.0, 1.0]),
        id="soft_pulse_gate-x-list",
    ),
    # --- averaged_gate_loss
    Bad(
        g.averaged_gate_loss,
        ([1.5, 0.5], Y[:2], Y[:2]),
        match="p must hold probabilities in [0, 1], found 1.5",
        id="averaged_gate_loss-p-above-one",
    ),
    Bad(
        g.averaged_gate_loss,
        ([-0.1], [1.0], [1.0]),
        match="p must hold probabilities",
        id="averaged_gate_loss-p-negative",
    ),
    Bad(
        g.averaged_gate_loss,
        ([NAN], [1.0], [1.0]),
        match="p must be finite",
        id="averaged_gate_loss-p-nan",
    ),
    Bad(
        g.averaged_gate_loss,
        ([0.5, 0.5], Y, Y),
        match="must have the same shape",
        id="averaged_gate_loss-shape",
    ),
    Bad(
        g.averaged_gate_loss,
        ([0.5], [INF], [1.0]),
        match="y must be finite",
        id="averaged_gate_loss-y-inf",
    ),
    Bad(
        g.averaged_gate_loss,
        ([0.5], [1.0], [1j]),
        raises=TypeError,
        match="r must be real",
        id="averaged_gate_loss-r-complex",
    ),
    Bad(
        g.averaged_gate_loss,
        ([0.5, 1.0], [2.0, 1.0], [1.0, 1.0]),
        expect=lambda r: abs(r - 0.5) < 1e-15,
        id="averaged_gate_loss-lists",
    ),
    # --- score_function_grad
    Bad(
        g.score_function_grad,
        (0.5, total, 0.0),
        raises=TypeError,
        match="p must be a callable",
        id="score_function_grad-p-float",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, "sum", 0.0),
        raises=TypeError,
        match="loss must be a callable",
        id="score_function_grad-loss-str",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, NAN),
        match="theta must be finite",
        id="score_function_grad-theta-nan",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, [1j]),
        raises=TypeError,
        match="theta must be real",
        id="score_function_grad-theta-complex",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"n_samples": 0},
        match="n_samples must be in [1, 10000000]",
        id="score_function_grad-n_samples-zero",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"n_samples": 10**9},
        match="n_samples must be in [1, 10000000]",
        id="score_function_grad-n_samples-huge",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"n_samples": 10.0},
        raises=TypeError,
        match="n_samples must be an integer",
        id="score_function_grad-n_samples-float",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"seed": -1},
        match="seed must be in [0, inf]",
        id="score_function_grad-seed-negative",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"baseline": NAN},
        match="baseline must be finite",
        id="score_function_grad-baseline-nan",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"samples": [[0.5, 1.0]]},
        match="only 0 and 1",
        id="score_function_grad-samples-half",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"samples": [0.0, 1.0]},
        match="samples must have shape (n, *p(theta).shape)",
        id="score_function_grad-samples-shape",
    ),
    Bad(
        g.score_function_grad,
        (lambda t: np.array([0.0, 0.5]) + 0 * t, total, 0.0),
        {"samples": [[1.0, 0.0]]},
        match="outcome of probability 0",
        id="score_function_grad-samples-impossible",
    ),
    Bad(
        g.score_function_grad,
        (lambda t: 2 * sigmoid(t), total, 1.0),
        match="p(theta) must hold probabilities",
        id="score_function_grad-p-above-one",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, lambda v: NAN, 0.0),
        {"n_samples": 4},
        match="loss must return finite numbers",
        id="score_function_grad-loss-nan",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, lambda v: onp.sum(v), 0.0),
        {"n_samples": 4, "batched": True},
        match="one value per sample",
        id="score_function_grad-batched-shape",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, 0.0),
        {"batched": "yes"},
        raises=TypeError,
        match="batched must be True or False",
        id="score_function_grad-batched-str",
    ),
    Bad(
        g.score_function_grad,
        (sigmoid, total, [0.0]),
        {"n_samples": 3},
        expect=lambda r: r.shape == (3, 1) and finite(r),
        id="score_function_grad-theta-list",
    ),
    # --- framework_gate_grad
    Bad(
        g.framework_gate_grad,
        ("theano", X, Y, 1.0, 0.3),
        match="unknown framework 'theano'",
        id="framework_gate_grad-framework-typo",
    ),
    Bad(
        g.framework_gate_grad,
        (None, X, Y, 1.0, 0.3),
        raises=TypeError,
        match="framework must be a name",
        id="framework_gate_grad-framework-none",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", X, Y[:2], 1.0, 0.3),
        match="same shape",
        id="framework_gate_grad-y-shape",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", X, Y, 1.0, 0.3),
        {"allow_unused": True},
        match="allow_unused is an option of torch",
        id="framework_gate_grad-allow_unused-jax",
    ),
    Bad(
        g.framework_gate_grad,
        ("torch", X, Y, 1.0, 0.3),
        {"allow_unused": "yes"},
        raises=TypeError,
        match="allow_unused must be True or False",
        id="framework_gate_grad-allow_unused-str",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", [NAN], [1.0], 1.0, 0.3),
        match="x must be finite",
        id="framework_gate_grad-x-nan",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", X, Y * 1j, 1.0, 0.3),
        raises=TypeError,
        match="y must be real",
        id="framework_gate_grad-y-complex",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", X, Y, 1.0, 3.0),
        match="e must be <= x_max",
        id="framework_gate_grad-e-overlap",
    ),
    Bad(
        g.framework_gate_grad,
        ("jax", [0.8], [2.0], 1.0, 0.3),
        expect=lambda r: r[0][0] == 0.0 and r[1][0] == 1.0,
        id="framework_gate_grad-lists",
    ),
    # --- framework_cast_grad
    Bad(
        g.framework_cast_grad,
        ("mxnet", X),
        match="unknown framework 'mxnet'",
        id="framework_cast_grad-framework-typo",
    ),
    Bad(
        g.framework_cast_grad,
        ("jax", [INF]),
        match="x must be finite",
        id="framework_cast_grad-x-inf",
    ),
    Bad(
        g.framework_cast_grad,
        ("torch", X),
        {"allow_unused": 1},
        raises=TypeError,
        match="allow_unused must be True or False",
        id="framework_cast_grad-allow_unused-int",
    ),
    Bad(
        g.framework_cast_grad,
        ("autograd", [-1.7, 0.4]),
        expect=is_array([1.0, 1.0]),
        id="framework_cast_grad-x-list",
    ),
    # --- band_task
    Bad(g.band_task, (0,), match="n_seq must be in [1, 1000000]", id="band_task-n_seq-zero"),
    Bad(
        g.band_task,
        (2.5,),
        raises=TypeError,
        match="n_seq must be an integer",
        id="band_task-n_seq-float",
    ),
    Bad(g.band_task, (4, 0), match="steps must be in [1, 100000]", id="band_task-steps-zero"),
    Bad(
        g.band_task,
        (4,),
        {"leak": 1.0},
        match="leak must be in [0.0, 1.0)",
        id="band_task-leak-one",
    ),
    Bad(g.band_task, (4,), {"leak": NAN}, match="leak must be finite", id="band_task-leak-nan"),
    Bad(
        g.band_task,
        (4,),
        {"band": (0.6, 0.2)},
        match="band must be (lo, hi) with lo < hi",
        id="band_task-band-reversed",
    ),
    Bad(
        g.band_task,
        (4,),
        {"band": 0.4},
        raises=TypeError,
        match="band must be a pair",
        id="band_task-band-scalar",
    ),
    Bad(
        g.band_task,
        (4,),
        {"seed": -1},
        match="seed must be in [0, inf]",
        id="band_task-seed-negative",
    ),
    # --- init_gated_rnn
    Bad(
        g.init_gated_rnn,
        (0,),
        match="n_units must be in [1, 10000]",
        id="init_gated_rnn-n_units-zero",
    ),
    Bad(
        g.init_gated_rnn,
        ("4",),
        raises=TypeError,
        match="n_units must be an integer",
        id="init_gated_rnn-n_units-str",
    ),
    Bad(
        g.init_gated_rnn,
        (4, 1.5),
        raises=TypeError,
        match="seed must be an integer",
        id="init_gated_rnn-seed-float",
    ),
    # --- gated_rnn
    Bad(
        g.gated_rnn,
        (with_param(("leak_logit",), onp.array([0.0, NAN])), TASK["u"], TASK["y"]),
        match="params['leak_logit'] must be finite",
        id="gated_rnn-params-leak-nan",
    ),
    Bad(
        g.gated_rnn,
        (with_param(("readout", 1), onp.array([NAN])), TASK["u"], TASK["y"]),
        match="params['readout'][0][1] must be finite",
        id="gated_rnn-params-readout-b-nan",
    ),
    Bad(
        g.gated_rnn,
        (with_param(("input", 0), onp.ones((2, 2))), TASK["u"], TASK["y"]),
        match="params['input'][0][0] must have shape (1, 2)",
        id="gated_rnn-params-input-W-shape",
    ),
    Bad(
        g.gated_rnn,
        ({"leak_logit": onp.zeros(2)}, TASK["u"], TASK["y"]),
        raises=TypeError,
        match="params must be a dict with keys",
        id="gated_rnn-params-missing",
    ),
    Bad(
        g.gated_rnn,
        (P0, onp.full((3, 2), NAN), onp.ones((3, 2))),
        match="u must be finite",
        id="gated_rnn-u-nan",
    ),
    Bad(
        g.gated_rnn,
        (P0, onp.ones((3, 2)), onp.ones(3)),
        match="u and y must both have shape (T, batch)",
        id="gated_rnn-y-shape",
    ),
    Bad(
        g.gated_rnn,
        (P0, TASK["u"], TASK["y"], "hard"),
        match="unknown route 'hard'",
        id="gated_rnn-route-typo",
    ),
    Bad(
        g.gated_rnn,
        (P0, TASK["u"], TASK["y"], "soft"),
        {"surrogate": "straight_through"},
        match="no smooth step",
        id="gated_rnn-surrogate-ste-soft",
    ),
    Bad(
        g.gated_rnn,
        (P0, TASK["u"], TASK["y"]),
        {"scale": 0.0},
        match="scale must be in (0.0, inf)",
        id="gated_rnn-scale-zero",
    ),
    Bad(
        g.gated_rnn,
        (P0, TASK["u"], TASK["y"]),
        {"e": 2.0},
        match="e must be <= x_max",
        id="gated_rnn-e-overlap",
    ),
    Bad(
        g.gated_rnn,
        (P0, [[0.1, 0.2]], [[1.0, 1.0]]),
        expect=lambda r: r[0].shape == (1, 2) and finite(r[0]),
        id="gated_rnn-u-list",
    ),
    # --- train_gated_rnn
    Bad(
        g.train_gated_rnn, ("hard",), match="unknown route 'hard'", id="train_gated_rnn-route-typo"
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"steps": 0},
        match="steps must be in [1, 100000]",
        id="train_gated_rnn-steps-zero",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"steps": 10**9},
        match="steps must be in [1, 100000]",
        id="train_gated_rnn-steps-huge",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"lr": 0.0},
        match="lr must be in (0.0, inf)",
        id="train_gated_rnn-lr-zero",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"lr": NAN},
        match="lr must be finite",
        id="train_gated_rnn-lr-nan",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"n_test": 0},
        match="n_test must be in [1, 1000000]",
        id="train_gated_rnn-n_test-zero",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"scale": -1.0},
        match="scale must be in (0.0, inf)",
        id="train_gated_rnn-scale-negative",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"n_units": 0, "steps": 1},
        match="n_units must be in [1, 10000]",
        id="train_gated_rnn-n_units-zero",
    ),
    Bad(
        g.train_gated_rnn,
        ("surrogate",),
        {"n_seq": -3},
        match="n_seq must be in [1, 1000000]",
        id="train_gated_rnn-n_seq-negative",
    ),
]


@pytest.mark.filterwarnings("ignore:Output seems independent")
@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


# --- properties: finite valid input -> finite output and gradient, or a named error; no mutation

xs = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=12)
names = st.sampled_from(tuple(g.SURROGATES))
scales = st.floats(1e-3, 10.0)


@settings(max_examples=80, deadline=None)
@given(xs, st.floats(0.05, 100.0), st.floats(0.01, 1.0), names, scales)
def test_gates_are_finite_and_leave_their_input_alone(values, x_max, frac, name, scale):
    x = onp.array(values)
    before = x.copy()
    e = frac * x_max
    for f, args in (
        (g.pulse_gate, (x_max, e)),
        (g.surrogate_pulse_gate, (x_max, e, name, scale)),
        (g.heaviside, (name, scale)),
    ):
        out = f(x, *args)
        assert out.shape == x.shape and finite(out), f.__name__
    with onp.errstate(over="ignore"):  # a fast-sigmoid tail may square a huge |x/s| to inf: 0
        slope = elementwise_grad(g.surrogate_pulse_gate)(x, x_max, e, name, scale)
        assert finite(slope)
        if name != "straight_through":
            assert finite(g.soft_pulse_gate(x, x_max, e, name, scale))
            assert finite(g.soft_step(x, name, scale))
    onp.testing.assert_array_equal(x, before)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8),
    st.floats(-1e3, 1e3),
    st.floats(-1e3, 1e3),
)
def test_averaged_gate_loss_is_finite_and_between_its_extremes(ps, y0, r0):
    p = onp.array(ps)
    y, r = onp.full_like(p, y0), onp.full_like(p, r0)
    copies = p.copy(), y.copy(), r.copy()
    value = g.averaged_gate_loss(p, y, r)
    assert finite(value)
    assert min((y0 - r0) ** 2, r0**2) - 1e-9 * (1 + r0**2 + y0**2) <= value
    assert value <= max((y0 - r0) ** 2, r0**2) + 1e-9 * (1 + r0**2 + y0**2)
    for a, b in zip((p, y, r), copies):
        onp.testing.assert_array_equal(a, b)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 50), st.integers(1, 3), st.floats(-3.0, 3.0), names)
def test_gated_rnn_is_finite_and_leaves_params_alone(seed, units, shift, name):
    p = g.init_gated_rnn(units, seed=seed)
    before = copy.deepcopy(p)
    u = onp.asarray(TASK["u"]) + shift
    z, x = g.gated_rnn(p, u, TASK["y"], "surrogate", surrogate=name)
    assert finite(z) and finite(x)
    onp.testing.assert_array_equal(p["leak_logit"], before["leak_logit"])
    for key in ("input", "readout"):
        for a, b in zip(p[key][0], before[key][0]):
            onp.testing.assert_array_equal(a, b)


@settings(max_examples=25, deadline=None)
@given(st.floats(-20.0, 20.0), st.integers(0, 1000))
def test_score_function_estimates_are_finite(theta, seed):
    est = g.score_function_grad(sigmoid, total, theta, n_samples=50, seed=seed)
    assert est.shape == (50,) and finite(est)


# --- issue 23: the silent results and wrong-culprit messages that were found, each by name ------


def test_pulse_from_steps_refuses_a_step_that_returns_nan():
    with pytest.raises(
        ValueError, match=r"step must return finite values; step\(x - \(x_max - e\)\)"
    ):
        g.pulse_from_steps(0.5, 1.0, 0.3, lambda u: u * NAN)
    with pytest.raises(ValueError, match=r"step\(x_max - x\) returned inf"):
        g.pulse_from_steps(0.5, 1.0, 0.3, lambda u: onp.where(u == 0.5, INF, u))
    with pytest.raises(TypeError, match="step must return real numbers"):
        g.pulse_from_steps(0.5, 1.0, 0.3, lambda u: u * 1j)


def test_scale_whose_reciprocal_overflows_is_refused():
    for f in (g.heaviside, g.soft_step):
        with pytest.raises(ValueError, match="scale must be at least 1e-300"):
            f(onp.array([0.0, 1e-300]), "fast_sigmoid", 1e-320)
    with pytest.raises(ValueError, match=r"gates.MIN_SCALE"):
        g.surrogate_pulse_gate(0.5, 1.0, 0.3, "triangle", g.MIN_SCALE / 2)
    # at the limit every peak, 1/(4s) to 1/s, is still a finite float
    for name in g.SURROGATES:
        slope = elementwise_grad(g.heaviside)(onp.array([0.0, 1e-300, -1e300]), name, g.MIN_SCALE)
        assert finite(slope), name
    with onp.errstate(over="ignore"):
        assert not onp.isfinite(1 / onp.float64(1e-320))  # what the limit protects against


def test_train_gated_rnn_with_a_huge_lr_names_lr_not_x():
    with pytest.raises(FloatingPointError, match=r"training diverged with lr = 1e\+300.*Lower lr"):
        g.train_gated_rnn("surrogate", lr=1e300, steps=3, n_seq=4, n_test=4)


def test_fast_sigmoid_step_at_an_infinite_ratio_x_over_s_is_not_nan():
    # x/s = 1e600 overflows to inf; the smooth step is then 0 or 1, and its slope 0
    assert g.soft_step(1e300, "fast_sigmoid", 1e-300) == 1.0
    assert g.soft_step(-1e300, "fast_sigmoid", 1e-300) == 0.0
    assert elementwise_grad(g.heaviside)(onp.array([1e300]), "fast_sigmoid", 1e-300)[0] == 0.0


def test_overflowing_averaged_loss_and_score_estimates_are_named():
    with pytest.raises(FloatingPointError, match="averaged loss overflows"):
        g.averaged_gate_loss([0.5], [1e300], [-1e300])
    with pytest.raises(FloatingPointError, match="an estimate overflows"):
        g.score_function_grad(
            lambda t: onp.full(2, 1e-300) * t,
            lambda s: 1e300 * (1 + s.sum()),
            1.0,
            samples=[[1.0, 0.0]],
        )


# --- extreme but finite magnitudes (issue 23): 0 and 1e-300 .. 1e300 in every real input ------


def magnitudes(lo=-300, hi=299, signed=True):
    """Finite floats whose size spans 10^lo .. 10^(hi+1), of either sign (or positive)."""
    sign = st.sampled_from((-1.0, 1.0) if signed else (1.0,))
    return st.builds(
        lambda s, m, k: s * m * 10.0**k, sign, st.floats(1.0, 9.99), st.integers(lo, hi)
    )


extreme = st.one_of(st.just(0.0), magnitudes())
positive = magnitudes(signed=False)


@settings(max_examples=120, deadline=None)
@given(st.lists(extreme, min_size=1, max_size=6), positive, st.floats(0.001, 1.0), names, positive)
def test_gates_at_extreme_magnitudes_are_finite_or_named(values, x_max, frac, name, scale):
    x = onp.array(values)
    before = x.copy()
    e = frac * x_max
    for f, args in (
        (g.pulse_gate, (x_max, e)),
        (g.surrogate_pulse_gate, (x_max, e, name, scale)),
        (g.heaviside, (name, scale)),
    ):
        out = f(x, *args)
        assert out.shape == x.shape and finite(out), f.__name__
    with onp.errstate(under="ignore"):
        assert finite(elementwise_grad(g.surrogate_pulse_gate)(x, x_max, e, name, scale))
        assert finite(elementwise_grad(g.heaviside)(x, name, scale))
        if name != "straight_through":
            assert finite(g.soft_pulse_gate(x, x_max, e, name, scale))
            assert finite(g.soft_step(x, name, scale))
    onp.testing.assert_array_equal(x, before)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(0.0), st.just(1.0), magnitudes(-300, -1, signed=False)),
        min_size=1,
        max_size=6,
    ),
    extreme,
    extreme,
)
def test_averaged_gate_loss_at_extreme_magnitudes_is_finite_or_named(ps, y0, r0):
    p = onp.array(ps)
    y, r = onp.full_like(p, y0), onp.full_like(p, r0)
    try:
        value = g.averaged_gate_loss(p, y, r)
    except FloatingPointError as err:
        assert "overflows" in str(err)
        with onp.errstate(over="ignore"):  # only when a square overflows
            assert not onp.isfinite(max((onp.float64(y0) - r0) ** 2, onp.float64(r0) ** 2))
        return
    assert finite(value) and value >= 0


def test_averaged_gate_loss_finite_terms_whose_sum_overflows():
    # regression (hypothesis found it): each term r² = 1e308 is finite, their plain sum is not
    r0 = -1e154
    exact = float(Fraction(r0) ** 2)  # the mean of equal terms, in exact arithmetic
    for p in ([0.0, 0.0], [0.0, 0.0, 0.0]):
        value = g.averaged_gate_loss(onp.array(p), onp.zeros(len(p)), onp.full(len(p), r0))
        assert value == exact


@settings(max_examples=40, deadline=None)
@given(extreme, st.one_of(st.just(0.0), magnitudes(-300, 150)), st.integers(0, 100))
def test_score_function_at_extreme_magnitudes_is_finite_or_named(theta, baseline, seed):
    try:
        est = g.score_function_grad(
            sigmoid, total, theta, n_samples=20, seed=seed, baseline=baseline
        )
    except FloatingPointError as err:
        assert "overflows" in str(err)
        return
    assert est.shape == (20,) and finite(est)


@settings(max_examples=30, deadline=None)
@given(extreme, positive, st.integers(0, 20))
def test_gated_rnn_at_extreme_inputs_is_finite_or_named(shift, y_size, seed):
    p = g.init_gated_rnn(2, seed=seed)
    u = onp.asarray(TASK["u"]) + shift
    y = onp.asarray(TASK["y"]) * y_size
    try:
        z, x = g.gated_rnn(p, u, y, "surrogate")
    except FloatingPointError as err:
        assert "overflowed" in str(err)
        return
    assert finite(z) and finite(x)
