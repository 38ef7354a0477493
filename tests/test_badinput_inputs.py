"""Bad input for companion.inputs (issue 16): every public function, each case a call and the
named error (type and a phrase of its message) or the documented value it must give. Then
hypothesis properties: finite valid input gives a finite result or a named error, never a silent
NaN, and the caller's arrays are never changed."""

import math

import autograd.numpy as np
import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import inputs as ci

NAN, INF = float("nan"), float("inf")
sq = lambda y: -(y**2)  # noqa: E731
bowl = lambda y: -np.sum(y**2)  # noqa: E731
M, S, P, C = ci.maximize, ci.asymptotic_slope, ci.stationary_points, ci.classify_stationary

CASES = [
    # --- maximize: the objective and the start
    Bad(M, (3.0, 0.0), raises=TypeError, match="f must be a callable", id="maximize-f"),
    Bad(M, (sq, NAN), match="y0 must be finite", id="maximize-y0-nan"),
    Bad(M, (sq, INF), match="y0 must be finite", id="maximize-y0-inf"),
    Bad(M, (sq, 1j), raises=TypeError, match="y0 must be real", id="maximize-y0-complex"),
    Bad(M, (sq, "a"), raises=TypeError, match="y0 must be numeric", id="maximize-y0-str"),
    Bad(M, (bowl, []), match="y0 must not be empty", id="maximize-y0-empty"),
    Bad(M, (lambda y: y * 1j, 0.0), raises=TypeError, match="real scalar", id="maximize-f-complex"),
    Bad(M, (lambda y: "a", 0.0), raises=TypeError, match="real scalar", id="maximize-f-str"),
    Bad(
        M,
        (lambda y: np.array([y, y]), 0.0),
        raises=TypeError,
        match="shape (2,)",
        id="maximize-f-vector",
    ),
    Bad(M, (lambda y: y + NAN, 0.0), match="f returned nan at step 0", id="maximize-f-nan"),
    Bad(
        M,
        (lambda y: np.sqrt(np.abs(y)), 0.0),
        match="gradient of f is not finite",
        id="maximize-grad-inf",
    ),
    # --- maximize: the box
    Bad(M, (sq, 0.0), {"bounds": (1.0, -1.0)}, match="lower <= upper", id="maximize-bounds-order"),
    Bad(
        M,
        (sq, 0.0),
        {"bounds": (NAN, 1.0)},
        match="bounds lower must be finite",
        id="maximize-bounds-nan",
    ),
    Bad(
        M,
        (sq, 0.0),
        {"bounds": (1.0, 2.0, 3.0)},
        match="bounds must be a pair",
        id="maximize-bounds-three",
    ),
    Bad(
        M,
        (sq, 0.0),
        {"bounds": "ab"},
        raises=TypeError,
        match="bounds lower must be numeric",
        id="maximize-bounds-str",
    ),
    Bad(
        M,
        (bowl, onp.zeros(2)),
        {"bounds": (onp.zeros(3), 1.0)},
        match="y0's shape (2,)",
        id="maximize-bounds-shape",
    ),
    Bad(
        M,
        (lambda y: y, 5.0),
        {"bounds": (-1.0, 1.0)},
        expect=lambda r: r.y == 1.0 and r.starts[0] == 1.0,
        id="maximize-start-outside-box-projected",
    ),
    Bad(
        M,
        (lambda y: np.sum(y), [5.0]),
        {"bounds": ([-1.0], [1.0])},
        expect=lambda r: r.y[0] == 1.0,
        id="maximize-lists",
    ),
    # --- maximize: hyperparameters, each named
    Bad(M, (sq, 0.0), {"method": "sgd"}, match="unknown method 'sgd'", id="maximize-method"),
    Bad(M, (sq, 0.0), {"lr": 0.0}, match="lr must be in (0.0, inf)", id="maximize-lr-zero"),
    Bad(M, (sq, 0.0), {"lr": INF}, match="lr must be finite", id="maximize-lr-inf"),
    Bad(
        M,
        (sq, 0.0),
        {"lr": "0.1"},
        raises=TypeError,
        match="lr must be a real number",
        id="maximize-lr-str",
    ),
    Bad(M, (sq, 0.0), {"b1": 1.0}, match="b1 must be in [0.0, 1.0)", id="maximize-b1-one"),
    Bad(M, (sq, 0.0), {"b2": -0.1}, match="b2 must be in [0.0, 1.0)", id="maximize-b2-negative"),
    Bad(M, (sq, 0.0), {"eps": 0.0}, match="eps must be in (0.0, inf)", id="maximize-eps-zero"),
    Bad(M, (sq, 0.0), {"gtol": NAN}, match="gtol must be finite", id="maximize-gtol-nan"),
    Bad(
        M,
        (sq, 0.0),
        {"gtol": -1.0},
        match="gtol must be in [0.0, inf)",
        id="maximize-gtol-negative",
    ),
    Bad(M, (sq, 0.0), {"steps": 0}, match="steps must be in [1, inf]", id="maximize-steps-zero"),
    Bad(
        M,
        (sq, 0.0),
        {"steps": 10.0},
        raises=TypeError,
        match="steps must be an integer",
        id="maximize-steps-float",
    ),
    Bad(
        M,
        (sq, 0.0),
        {"restarts": -1},
        match="restarts must be in [0, inf]",
        id="maximize-restarts-negative",
    ),
    Bad(
        M,
        (sq, 0.0),
        {"restarts": True},
        raises=TypeError,
        match="restarts must be an integer",
        id="maximize-restarts-bool",
    ),
    Bad(
        M,
        (sq, 0.0),
        {"restarts": 10**7},
        match="exceeds MAX_ITERATIONS",
        id="maximize-restarts-hours",
    ),
    Bad(M, (sq, 0.0), {"steps": 10**9}, match="exceeds MAX_ITERATIONS", id="maximize-steps-hours"),
    Bad(
        M,
        (sq, 0.0),
        {"seed": "x"},
        raises=TypeError,
        match="seed must be an integer",
        id="maximize-seed-str",
    ),
    Bad(M, (sq, 0.0), {"seed": -1}, match="seed must be in [0, inf]", id="maximize-seed-negative"),
    Bad(
        M,
        (sq, onp.float32(0.0)),
        {"lr": 1e39},
        match="not representable in float32",
        id="maximize-float32-lr-overflow",
    ),
    Bad(
        M,
        (sq, onp.float32(0.0)),
        {"eps": 1e-50},
        match="eps = 1e-50 is not representable",
        id="maximize-float32-eps-underflow",
    ),
    Bad(
        M,
        (lambda y: np.exp(y**2), 1.0),
        {"method": "plain", "lr": 1.0, "steps": 100},
        expect=lambda r: r.unbounded and not r.attained,
        id="maximize-overflow-is-unbounded",
    ),
    Bad(
        M,
        (np.tanh, 0.0),
        expect=lambda r: not r.attained and r.unbounded is None and "rise fades" in r.message,
        id="maximize-supremum-not-attained",
    ),
    # --- asymptotic_slope
    Bad(
        S, (None, 0.0, 1.0), raises=TypeError, match="f must be a callable", id="asymptotic_slope-f"
    ),
    Bad(S, (np.sin, NAN, 1.0), match="y must be finite", id="asymptotic_slope-y-nan"),
    Bad(
        S,
        (np.sin, 0.0, 0.0),
        match="direction must be non-zero",
        id="asymptotic_slope-direction-zero",
    ),
    Bad(S, (np.sin, 0.0, [1.0, 2.0]), match="y's shape ()", id="asymptotic_slope-direction-shape"),
    Bad(
        S,
        (np.sin, 0.0, 1j),
        raises=TypeError,
        match="direction must be real",
        id="asymptotic_slope-direction-complex",
    ),
    Bad(
        S,
        (np.sin, 0.0, 1.0),
        {"far": 0},
        match="far must be in (0.0, inf)",
        id="asymptotic_slope-far-zero",
    ),
    Bad(
        S,
        (np.sin, 0.0, 1.0),
        {"far": INF},
        match="far must be finite",
        id="asymptotic_slope-far-inf",
    ),
    Bad(
        S,
        (np.sin, 0.0, 1.0),
        {"far": 1e308},
        match="beyond float range",
        id="asymptotic_slope-far-overflow",
    ),
    Bad(
        S,
        (lambda y: np.exp(y), 0.0, 1.0),
        expect=lambda s: s == INF,
        id="asymptotic_slope-overflow-is-inf",
    ),
    Bad(
        S,
        (lambda y: np.sum(y), [0.0, 0.0], [1.0, 0.0]),
        expect=lambda s: s == pytest.approx(1.0),
        id="asymptotic_slope-lists",
    ),
    # --- stationary_points
    Bad(
        P,
        ("f", (0.0, 1.0)),
        raises=TypeError,
        match="f must be a callable",
        id="stationary_points-f",
    ),
    Bad(P, (np.sin, (1.0, 0.0)), match="a < b", id="stationary_points-interval-order"),
    Bad(
        P,
        (np.sin, (0.0, INF)),
        match="interval must be finite",
        id="stationary_points-interval-inf",
    ),
    Bad(
        P,
        (np.sin, (0.0, 1.0, 2.0)),
        match="interval must be a pair",
        id="stationary_points-interval-three",
    ),
    Bad(P, (np.sin, 1.0), match="interval must be a pair", id="stationary_points-interval-scalar"),
    Bad(
        P,
        (np.sin, "ab"),
        raises=TypeError,
        match="pair of real numbers",
        id="stationary_points-interval-str",
    ),
    Bad(
        P,
        (np.sin, (0j, 1.0)),
        raises=TypeError,
        match="pair of real numbers",
        id="stationary_points-interval-complex",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"gtol": NAN},
        match="gtol must be finite",
        id="stationary_points-gtol-nan",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"gtol": -1.0},
        match="gtol must be in [0.0, inf)",
        id="stationary_points-gtol-negative",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"xtol": 0.0},
        match="xtol must be in (0.0, inf)",
        id="stationary_points-xtol-zero",
    ),
    Bad(  # issue 23: the width b - a overflows; f' is fine, and the message says so
        P,
        (np.sin, (-1e308, 1e308)),
        match="too wide: its width b - a overflows float64",
        id="stationary_points-interval-width-overflows",
    ),
    Bad(  # issue 23: was NumPy's "need at least one array to stack"
        C,
        (bowl, onp.array([])),
        match="y must not be empty",
        id="classify_stationary-y-empty",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"n": 1},
        match="n must be in [2, 1000000]",
        id="stationary_points-n-one",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"n": 10**9},
        match="n must be in [2, 1000000]",
        id="stationary_points-n-huge",
    ),
    Bad(
        P,
        (np.sin, (0.0, 10.0)),
        {"n": 20.0},
        raises=TypeError,
        match="n must be an integer",
        id="stationary_points-n-float",
    ),
    Bad(
        P,
        (lambda y: np.array([y, y]), (0.0, 1.0)),
        raises=TypeError,
        match="real scalar",
        id="stationary_points-f-vector",
    ),
    Bad(P, (np.sin, [0.0, 10.0]), expect=lambda r: r.shape == (3,), id="stationary_points-list"),
    # --- classify_stationary
    Bad(C, ("f", 0.0), raises=TypeError, match="f must be a callable", id="classify_stationary-f"),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"tol": -1.0},
        match="tol must be in [0.0, inf)",
        id="classify_stationary-tol-negative",
    ),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"tol": NAN},
        match="tol must be finite",
        id="classify_stationary-tol-nan",
    ),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"gtol": -1.0},
        match="gtol must be in [0.0, inf)",
        id="classify_stationary-gtol-negative",
    ),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"max_order": 1},
        match="max_order must be in [2, 12]",
        id="classify_stationary-max_order-one",
    ),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"max_order": 2.0},
        raises=TypeError,
        match="max_order must be an integer",
        id="classify_stationary-max_order-float",
    ),
    Bad(
        C,
        (lambda y: y**2, 1j),
        raises=TypeError,
        match="y must be real",
        id="classify_stationary-y-complex",
    ),
    Bad(C, (lambda y: y**2, NAN), match="y must be finite", id="classify_stationary-y-nan"),
    Bad(C, (np.sin, 0.0), match="not a stationary point", id="classify_stationary-not-stationary"),
    Bad(
        C,
        (lambda y: np.sum(y**2), [0.0, 0.0]),
        expect=lambda k: k == "minimum",
        id="classify_stationary-list",
    ),
    Bad(
        C,
        (lambda y: y**2, 0.0),
        {"tol": 0.0},
        expect=lambda k: k == "minimum",
        id="classify_stationary-tol-zero",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


# --- properties ------------------------------------------------------------------------------

PROPS = settings(max_examples=25, deadline=None)
real = st.floats(-5, 5, allow_nan=False)


@PROPS
@given(
    c=st.lists(real, min_size=1, max_size=3),
    y0=st.lists(real, min_size=1, max_size=3),
    width=st.floats(0.0, 4.0),
    method=st.sampled_from(ci.METHODS),
    lr=st.floats(1e-3, 2.0),
    steps=st.integers(1, 40),
    boxed=st.booleans(),
)
def test_maximize_is_finite_or_named_and_never_mutates(c, y0, width, method, lr, steps, boxed):
    n = min(len(c), len(y0))
    c, y0 = onp.array(c[:n]), onp.array(y0[:n])
    lower, upper = c - 1.0, c - 1.0 + width
    kept = (y0.copy(), lower.copy(), upper.copy())
    f = lambda y: -np.sum((y - c) ** 2) + np.sum(np.tanh(y))  # noqa: E731
    bounds = (lower, upper) if boxed else None
    try:
        r = ci.maximize(f, y0, bounds=bounds, method=method, lr=lr, steps=steps)
    except (ValueError, TypeError, FloatingPointError) as err:
        assert str(err)
    else:
        assert math.isfinite(r.value) and onp.all(onp.isfinite(r.path))
        assert onp.all(onp.isfinite(r.y))
        if boxed:
            assert onp.all(r.y >= lower) and onp.all(r.y <= upper)
        r.path[...] = 0.0  # the result is the caller's to edit: it shares nothing with y0
    for before, after in zip(kept, (y0, lower, upper)):
        assert onp.array_equal(before, after)


@PROPS
@given(a=st.floats(-3, 0), width=st.floats(0.5, 5), k=st.floats(0.5, 4))
def test_stationary_points_and_their_classes_are_finite(a, width, k):
    f = lambda y: np.sin(k * y)  # noqa: E731
    interval = [a, a + width]
    roots = ci.stationary_points(f, interval)
    assert interval == [a, a + width] and onp.all(onp.isfinite(roots))
    for root in roots:
        assert ci.classify_stationary(f, root, gtol=1e-4) in ("maximum", "minimum")


@PROPS
@given(y=st.lists(real, min_size=1, max_size=3), d=st.lists(real, min_size=1, max_size=3))
def test_asymptotic_slope_is_finite_or_named_and_never_mutates(y, d):
    n = min(len(y), len(d))
    y, d = onp.array(y[:n]), onp.array(d[:n])
    kept = (y.copy(), d.copy())
    f = lambda v: np.sum(np.tanh(v)) + 0.5 * np.sum(np.maximum(v, 0.0))  # noqa: E731
    try:
        slope = ci.asymptotic_slope(f, y, d)
    except ValueError as err:
        assert "direction must be non-zero" in str(err)
    else:
        # tanh changes by less than 2 per coordinate over [R, 2R], R ≥ 1e3: |its share| < 2n/1e3
        assert math.isfinite(slope) and -2 * n / 1e3 <= slope <= 0.5 * onp.sqrt(n) + 2 * n / 1e3
    assert onp.array_equal(kept[0], y) and onp.array_equal(kept[1], d)


# --- extreme but finite magnitudes (issue 23): 1e-300 to 1e300, either sign ------------------

extreme = st.builds(
    lambda m, e, sign: sign * m * 10.0**e,
    st.floats(1.0, 9.99),
    st.integers(-300, 299),
    st.sampled_from([-1.0, 1.0]),
)
NAMED = (ValueError, TypeError, FloatingPointError)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # f itself
@PROPS
@given(c=extreme, y0=extreme, lr=extreme, boxed=st.booleans())
def test_maximize_at_extreme_magnitudes_is_finite_or_named(c, y0, lr, boxed):
    f = lambda y: -((y - c) ** 2) + np.tanh(y)  # noqa: E731
    bounds = (min(c, y0), max(c, y0)) if boxed else None
    try:
        r = ci.maximize(f, y0, bounds=bounds, method="plain", lr=abs(lr), steps=5)
    except NAMED as err:
        assert str(err) and "Traceback" not in str(err)
    else:
        assert math.isfinite(r.value) and onp.all(onp.isfinite(r.path))
        assert r.unbounded in (True, False, None)
        if boxed:
            assert bounds[0] <= r.y <= bounds[1]


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # f itself
@PROPS
@given(a=extreme, b=extreme)
def test_stationary_points_at_extreme_magnitudes_is_finite_or_named(a, b):
    a, b = min(a, b), max(a, b)
    try:
        roots = ci.stationary_points(lambda y: np.tanh(y - a) - (y - a) ** 2 / 4, (a, b), n=20)
    except NAMED as err:
        assert str(err)
    else:
        assert onp.all(onp.isfinite(roots)) and onp.all((roots >= a) & (roots <= b))


@PROPS
@given(y=extreme, d=extreme)
def test_asymptotic_slope_and_classify_at_extreme_magnitudes_are_finite_or_named(y, d):
    f = lambda v: np.tanh(v) + 0.5 * np.maximum(v, 0.0)  # noqa: E731
    try:
        slope = ci.asymptotic_slope(f, y, d)
    except NAMED as err:
        assert str(err)
    else:
        assert math.isfinite(slope) and -1e-6 <= slope <= 0.5 + 1e-9
    try:
        kind = ci.classify_stationary(lambda v: -((v - y) ** 2), y)
    except NAMED as err:
        assert str(err)
    else:
        assert kind in ("maximum", "degenerate")
