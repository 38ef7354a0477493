"""Tests of companion.losses against independent oracles: plain-Python counting, finite
differences, the formulas the reader wrote, live autograd, and gradients recorded from the
real frameworks (torch 2.13.0, tensorflow 2.21.0, jax 0.10.2)."""

import warnings

import autograd.numpy as np
import numpy as onp
import pytest
from autograd import elementwise_grad, grad
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import losses as L
from companion.gradcheck import check_grad
from companion.nets import mlp

# --- oracles ----------------------------------------------------------------------------------


def counts_by_loop(y, p, threshold=0.5):
    tp = fp = fn = 0
    for yi, pi in zip(y, p):
        pred = pi > threshold
        tp += pred and yi == 1
        fp += pred and yi == 0
        fn += (not pred) and yi == 1
    return tp, fp, fn


def div0(a, b):
    return a / b if b else 0.0


labels_and_binary = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
    )
)
labels_and_probs = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
        st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n),
    )
)


# --- hard metrics -----------------------------------------------------------------------------


@given(labels_and_probs, st.floats(0.0, 1.0))
def test_hard_metrics_match_counting_by_hand(data, threshold):
    y, p = data
    tp, fp, fn = counts_by_loop(y, p, threshold)
    assert L.confusion_counts(y, p, threshold) == (tp, fp, fn)
    assert L.precision(y, p, threshold) == div0(tp, tp + fp)
    assert L.recall(y, p, threshold) == div0(tp, tp + fn)
    P, R = div0(tp, tp + fp), div0(tp, tp + fn)
    for beta in (0.5, 1.0, 2.0):
        expected = div0((1 + beta**2) * P * R, beta**2 * P + R)
        assert L.f_beta(y, p, beta, threshold) == pytest.approx(expected, abs=1e-12)


def test_threshold_is_strict_like_keras():
    # keras.metrics.Precision/Recall (keras 3.15.1) count p = 0.5 as negative at threshold 0.5
    assert L.recall([1, 1, 0], [0.5, 0.6, 0.3]) == 0.5
    assert L.precision([1, 1, 0], [0.5, 0.6, 0.3]) == 1.0


def test_zero_division_convention_is_zero_never_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert L.precision([1, 0], [0.1, 0.2]) == 0.0
        assert L.recall([0, 0], [0.9, 0.2]) == 0.0
        assert L.f_beta([0, 0], [0.1, 0.2]) == 0.0
        assert float(L.soft_precision([1, 0], [0.0, 0.0])) == 0.0
        assert float(L.soft_recall([0, 0], [0.3, 0.2])) == 0.0
        assert float(L.soft_f1([0, 0], [0.0, 0.0])) == 0.0
        g = grad(lambda p: L.soft_precision(onp.array([1.0, 0.0]), p))(onp.zeros(2))
    assert onp.all(onp.isfinite(g))


@given(labels_and_probs, st.sampled_from([0.5, 1.0, 2.0]))
@settings(max_examples=50)
def test_best_threshold_and_precision_at_recall_match_brute_force(data, beta):
    y, p = data
    candidates = sorted({0.0, *p})
    f = [L.f_beta(y, p, beta, t) for t in candidates]
    assert L.f_beta(y, p, beta, L.best_threshold(y, p, beta)) == pytest.approx(max(f))
    for min_recall in (0.0, 0.5, 1.0):
        feasible = [
            L.precision(y, p, t) for t in candidates if L.recall(y, p, t) >= min_recall - 1e-12
        ]
        expected = max(feasible) if feasible else 0.0
        assert L.precision_at_recall(y, p, min_recall) == pytest.approx(expected)
        meeting = [t for t in candidates if L.recall(y, p, t) >= min_recall]
        if meeting:
            assert L.threshold_at_recall(y, p, min_recall) == max(meeting)
        else:
            with pytest.raises(ValueError, match="no threshold reaches recall"):
                L.threshold_at_recall(y, p, min_recall)


@given(labels_and_probs)
@settings(max_examples=60)
def test_roc_auc_is_the_mann_whitney_statistic(data):
    y, p = (onp.array(v) for v in data)
    pos, neg = p[y == 1], p[y == 0]
    if not pos.size or not neg.size:
        with pytest.raises(ValueError, match="both labels"):
            L.roc_auc(y, p)
        return
    pairs = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    assert L.roc_auc(y, p) == pytest.approx(pairs / (pos.size * neg.size), abs=1e-12)
    q = 1 - p  # the ranking reversed, except where 1 − p rounds two values together
    flipped = sum((a > b) + 0.5 * (a == b) for a in q[y == 1] for b in q[y == 0])
    assert L.roc_auc(y, q) == pytest.approx(flipped / (pos.size * neg.size), abs=1e-12)


def test_sweep_is_exact_on_ties_and_large_inputs():
    # the sorted sweep counts ties exactly: p = t is negative at every threshold t
    y = onp.array([1, 0, 1, 1, 0, 0, 1, 0], float)
    p = onp.array([0.3, 0.3, 0.7, 0.7, 0.7, 0.1, 0.0, 1.0])
    for t in (0.0, 0.1, 0.3, 0.7, 1.0):
        assert L._sweep(y, p)[1][list(L._sweep(y, p)[0]).index(t)] == counts_by_loop(y, p, t)[0]
    rng = onp.random.default_rng(2)
    y = (rng.random(50_000) < 0.1).astype(float)
    p = onp.round(rng.random(50_000), 3)  # many ties
    t = L.best_threshold(y, p)
    assert L.f_beta(y, p, threshold=t) >= max(L.f_beta(y, p, threshold=s) for s in (0.1, 0.5, 0.9))


# --- soft metrics -----------------------------------------------------------------------------


@given(labels_and_binary)
def test_soft_metrics_equal_hard_metrics_on_zero_one_inputs(data):
    y, b = data
    assert tuple(float(c) for c in L.soft_counts(y, b)) == L.confusion_counts(y, b)
    assert float(L.soft_precision(y, b)) == pytest.approx(L.precision(y, b), abs=1e-15)
    assert float(L.soft_recall(y, b)) == pytest.approx(L.recall(y, b), abs=1e-15)
    for beta in (0.5, 1.0, 3.0):
        assert float(L.soft_f_beta(y, b, beta)) == pytest.approx(L.f_beta(y, b, beta), abs=1e-15)
    assert float(L.soft_f1(y, b)) == pytest.approx(L.f_beta(y, b), abs=1e-15)


@given(labels_and_probs)
def test_soft_counts_are_expected_counts(data):
    y, p = data
    tp = sum(yi * pi for yi, pi in zip(y, p))
    fp = sum((1 - yi) * pi for yi, pi in zip(y, p))
    fn = sum(yi * (1 - pi) for yi, pi in zip(y, p))
    onp.testing.assert_allclose([float(c) for c in L.soft_counts(y, p)], [tp, fp, fn], atol=1e-12)
    P, R = div0(tp, tp + fp), div0(tp, tp + fn)
    assert float(L.soft_f1(y, p)) == pytest.approx(div0(2 * P * R, P + R), abs=1e-12)


def test_soft_metric_gradients_match_finite_differences():
    rng = onp.random.default_rng(1)
    y = (rng.random(12) < 0.4).astype(float)
    y[:2] = 1, 0
    p = rng.uniform(0.1, 0.9, 12)
    z = rng.normal(size=12)
    for f in (
        lambda q: L.soft_precision(y, q),
        lambda q: L.soft_precision(y, q, eps=0.5),
        lambda q: L.soft_recall(y, q),
        lambda q: L.soft_f_beta(y, q, beta=2.0),
        lambda q: L.soft_f1(y, q),
    ):
        assert check_grad(f, p).passed
    for f in (
        lambda v: L.sigmoid_f1_loss(y, v, slope=3.0, offset=0.2),
        lambda v: L.bce_with_logits(y, v),
        lambda v: np.sum(L.sigmoid(v) ** 2),
    ):
        assert check_grad(f, z).passed


def test_sigmoid_f1_is_soft_f1_of_a_sigmoid_and_bce_matches_its_formula():
    y = onp.array([1.0, 0.0, 1.0, 0.0])
    z = onp.array([2.0, -1.0, -0.5, 0.3])
    S = 1 / (1 + onp.exp(-3.0 * (z + 0.2)))
    assert float(L.sigmoid_f1_loss(y, z, 3.0, 0.2)) == pytest.approx(1 - float(L.soft_f1(y, S)))
    p = 1 / (1 + onp.exp(-z))
    bce = -onp.mean(y * onp.log(p) + (1 - y) * onp.log(1 - p))
    assert float(L.bce_with_logits(y, z)) == pytest.approx(bce, rel=1e-12)
    assert float(L.bce_with_logits([1.0], [-1000.0])) == pytest.approx(1000.0)


@given(
    st.integers(1, 25).flatmap(
        lambda n: st.tuples(
            st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
            st.lists(st.floats(-5, 5).filter(lambda v: v != 0), min_size=n, max_size=n),
        )
    ),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_hinge_bounds_bound_the_hard_counts(data, beta):
    y, z = data
    tp, fp, fn = counts_by_loop(y, z, threshold=0.0)
    tp_l, fp_u = (float(b) for b in L.hinge_bounds(y, z))
    assert tp_l <= tp + 1e-12 and fp_u >= fp - 1e-12
    f = div0((1 + beta**2) * tp, (1 + beta**2) * tp + beta**2 * fn + fp)
    assert float(L.hinge_f_beta_bound(y, z, beta)) <= f + 1e-12


# --- steps ------------------------------------------------------------------------------------


def test_precision_at_recall_lagrangian_is_the_weighted_hinge_of_eban_et_al():
    y = onp.array([1.0, 1.0, 0.0, 0.0, 1.0])
    z = onp.array([2.0, -0.5, 0.2, -3.0, 0.4])
    hinge = onp.maximum(0.0, 1.0 - z)
    tp_l = onp.sum(y * (1 - hinge))
    fp_u = onp.sum((1 - y) * onp.maximum(0.0, 1.0 + z))
    for alpha, lam in ((0.5, 0.0), (0.8, 2.5)):
        expected = fp_u / 3 + lam * (alpha - tp_l / 3)
        got = float(L.precision_at_recall_lagrangian(y, z, alpha, lam))
        assert got == pytest.approx(expected, abs=1e-14)
    zk = z + 0.05  # away from the kinks at ±1
    assert check_grad(lambda v: L.precision_at_recall_lagrangian(y, v, 0.7, 1.5), zk).passed


def test_fit_precision_at_recall_is_seeded_and_approaches_its_target():
    rng = onp.random.default_rng(3)
    y = (rng.random(300) < 0.2).astype(float)
    X = rng.normal(size=(300, 2)) + onp.outer(y, [1.5, 1.0])
    params, lam = L.fit_precision_at_recall(X, y, 0.8, seed=0, rounds=60)
    tp_l, _ = L.hinge_bounds(y, mlp(params, X)[:, 0])
    assert lam > 0 and float(tp_l) >= (0.8 - 0.05) * y.sum()  # dual ascent: near the saddle
    again, lam_again = L.fit_precision_at_recall(X, y, 0.8, seed=0, rounds=60)
    assert lam_again == lam
    assert all(onp.array_equal(a, b) for la, lb in zip(again, params) for a, b in zip(la, lb))


def _chapter3_task():
    gen = onp.random.default_rng(0)
    y = (gen.random(1000) < 0.1).astype(float)
    return gen.normal(size=(1000, 2)) + onp.outer(y, [1.5, 1.0]), y


def test_finite_dual_ascent_does_not_guarantee_the_recall_target():
    """Issue 21, the docstring's known failure: chapter 3's task with α = 0.9 ends below it,
    and threshold_at_recall then meets it on the training data by construction."""
    X, y = _chapter3_task()
    params, _ = L.fit_precision_at_recall(X, y, 0.9, seed=0)
    p = L.predict_proba(params, X)
    tp_l, _ = L.hinge_bounds(y, mlp(params, X)[:, 0])
    assert float(tp_l) / y.sum() < 0.7 and L.recall(y, p) < 0.9  # 0.658 and 0.854
    t = L.threshold_at_recall(y, p, 0.9)
    assert L.recall(y, p, t) >= 0.9 and t < 0.5
    higher = onp.unique(p)[onp.unique(p) > t]
    assert L.recall(y, p, higher[0]) < 0.9  # and it is the highest threshold that does


def test_round_ste_rounds_forward_and_passes_gradients_straight_through():
    x = onp.array([-1.7, -0.5, 0.2, 0.5, 0.7, 1.5, 2.4])
    onp.testing.assert_array_equal(L.round_ste(x), onp.round(x))
    w = onp.arange(1.0, 8.0)
    onp.testing.assert_array_equal(grad(lambda v: np.sum(w * L.round_ste(v)))(x), w)
    clipped = grad(lambda v: np.sum(w * L.round_ste(v, clip=(0, 1))))(x)
    onp.testing.assert_array_equal(clipped, w * ((x >= 0) & (x <= 1)))
    # autograd alone gives zero through round, which is why round_ste exists
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        onp.testing.assert_array_equal(grad(lambda v: np.sum(w * np.round(v)))(x), 0 * w)


def test_ramp_and_softsign_reproduce_the_readers_formulas():
    y = onp.linspace(-1, 1.5, 101)
    reader_ramp = onp.maximum(0, onp.minimum(1, (y + 0.0625) / 0.125))
    onp.testing.assert_allclose(L.ramp_step(y, 0.125, center=0.0), reader_ramp, atol=1e-15)
    for m in (1.0, 10.0, 100.0):
        reader = onp.maximum(0, onp.minimum(1, 0.5 * (1 + m * y / (1 + m * onp.abs(y)))))
        onp.testing.assert_allclose(L.softsign_step(y, m / 2, center=0.0), reader, atol=1e-15)


@pytest.mark.parametrize("max_gradient", [0.5, 4.0, 50.0])
def test_softsign_peak_slope_is_max_gradient_at_the_centre(max_gradient):
    xs = onp.linspace(0.0, 1.0, 201)
    slopes = elementwise_grad(lambda x: L.softsign_step(x, max_gradient))(xs)
    assert slopes.max() == pytest.approx(max_gradient) and xs[slopes.argmax()] == 0.5
    step = 1e-9  # the slope has a cusp at the centre: the O(s·step) bias stays below 1e-6
    numeric = L.softsign_step(0.5 + step, max_gradient) - L.softsign_step(0.5 - step, max_gradient)
    assert numeric / (2 * step) == pytest.approx(max_gradient, rel=1e-5)
    values = L.softsign_step(onp.array([-1e6, 1e6]), max_gradient)
    assert 0 < values[0] < values[1] < 1


def test_ramp_slope_is_one_over_width_inside_and_zero_outside():
    x = onp.array([0.3, 0.45, 0.5, 0.55, 0.7])
    slopes = elementwise_grad(lambda v: L.ramp_step(v, 0.25))(x)
    onp.testing.assert_allclose(slopes, [0, 4, 4, 4, 0])


# --- training ---------------------------------------------------------------------------------


def test_fit_classifier_is_seeded_and_learns():
    rng = onp.random.default_rng(0)
    y = (rng.random(200) < 0.3).astype(float)
    X = rng.normal(size=(200, 2)) + 3 * y[:, None]
    fit = lambda seed: L.fit_classifier(L.bce_with_logits, X, y, hidden=(3,), seed=seed, steps=60)
    (a, ha), (_, hb), (c, _) = fit(1), fit(1), fit(2)
    onp.testing.assert_array_equal(ha, hb)
    assert not onp.array_equal(a[0][0], c[0][0])
    assert ha[-1] < 0.5 * ha[0]
    assert L.f_beta(y, L.predict_proba(a, X)) > 0.9


# --- what the frameworks return -----------------------------------------------------------------

POINTS = [-1.5, -1.0, -0.5, -0.3, 0.0, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0]
POINTS += [-0.0, 1e-300, -1e-300, 0.9999999999999999, 1.0000000000000002]
ZERO, ONE = [0] * 16, [1] * 16
ABS = [-1, -1, -1, -1, 0, 1, 1, 1, 1, 1, 1, 0, 1, -1, 1, 1]
RELU = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1]
MAX_HALF = [0, 0, 0, 0, 0.5, 1, 1, 1, 1, 1, 1, 0.5, 1, 0, 1, 1]
CLIP = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0]
# Recorded with /work/fwenv (torch 2.13.0+cpu, tensorflow 2.21.0, jax 0.10.2, float64 inputs)
# through the calls listed in framework_op_grad's docstring.
MEASURED = {
    "tensorflow": {
        "round": None,
        "floor": None,
        "sign": ZERO,
        "cast": None,
        "abs": ABS,
        "relu": RELU,
        "maximum": [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1],
        "maximum_self": ONE,
        "clip": CLIP,
    },
    "torch": {
        "round": ZERO,
        "floor": ZERO,
        "sign": ZERO,
        "cast": "RuntimeError",
        "abs": ABS,
        "relu": RELU,
        "maximum": MAX_HALF,
        "maximum_self": ONE,
        "clip": CLIP,
    },
    "jax": {
        "round": ZERO,
        "floor": ZERO,
        "sign": ZERO,
        "cast": ZERO,
        "abs": [-1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1],
        "relu": RELU,
        "maximum": MAX_HALF,
        "maximum_self": ONE,
        "clip": [0, 0, 0, 0, 0.5, 1, 1, 1, 0.5, 0, 0, 0.5, 1, 0, 1, 0],
    },
}
AUTOGRAD_OPS = {
    "round": np.round,
    "floor": np.floor,
    "sign": np.sign,
    "cast": lambda x: x.astype(int).astype(float),
    "abs": np.abs,
    "relu": lambda x: np.maximum(x, 0.0),
    "maximum": lambda x: np.maximum(x, 0.0),
    "maximum_self": lambda x: np.maximum(x, x),
    "clip": lambda x: np.clip(x, 0.0, 1.0),
}


@pytest.mark.parametrize("framework", sorted(MEASURED))
@pytest.mark.parametrize("op", L.FRAMEWORK_OPS)
def test_framework_op_grad_matches_the_recorded_frameworks(op, framework):
    expected = MEASURED[framework][op]
    if expected is None:
        assert L.framework_op_grad(op, POINTS, framework) is None
    elif isinstance(expected, str):
        with pytest.raises(L.FrameworkRaises, match=expected) as info:
            L.framework_op_grad(op, POINTS, framework)
        assert info.value.error == expected
    else:
        got = L.framework_op_grad(op, POINTS, framework)
        assert isinstance(got, onp.ndarray) and got.dtype == float
        onp.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("op", L.FRAMEWORK_OPS)
def test_framework_op_grad_matches_live_autograd(op):
    x = onp.array(POINTS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Output seems independent of input" for round etc.
        live = grad(lambda v: np.sum(AUTOGRAD_OPS[op](v)))(x)
    onp.testing.assert_array_equal(L.framework_op_grad(op, x, "autograd"), live)
    assert L.framework_op_grad(op, onp.zeros((2, 3)), "autograd").shape == (2, 3)


def test_lagrangian_is_convex_in_linear_weights_and_the_f_beta_bound_is_not():
    """The table's claim (ch. 3 review finding 5), against the definition of convexity:
    f((a + b)/2) <= (f(a) + f(b))/2 for every pair of weight vectors of z = Xw + c."""
    rng = onp.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (rng.random(60) < 0.3).astype(float)

    def lagrangian(w):
        return float(L.precision_at_recall_lagrangian(y, X @ w[:2] + w[2], 0.8, 2.5))

    def f_bound(w):
        return 1 - float(L.hinge_f_beta_bound(y, X @ w[:2] + w[2]))

    violations = {"lagrangian": 0, "F_beta bound": 0}
    for _ in range(500):
        a, b = rng.normal(size=3), rng.normal(size=3)
        for name, f in (("lagrangian", lagrangian), ("F_beta bound", f_bound)):
            violations[name] += f((a + b) / 2) > (f(a) + f(b)) / 2 + 1e-12
    assert violations["lagrangian"] == 0
    assert violations["F_beta bound"] > 0  # a ratio of bounds: not convex


# Bad input: tests/test_badinput_losses.py.
