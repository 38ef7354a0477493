"""companion.inputs against closed forms, finite differences and dense grids."""

import autograd.numpy as np
import numpy as onp
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import inputs, nets

FAST = settings(max_examples=15, deadline=None)
finite = st.floats(-3, 3, allow_nan=False)


def second_difference(f, y, h=1e-4):
    return (f(y + h) - 2 * f(y) + f(y - h)) / h**2


# --- maximize -------------------------------------------------------------------------


@FAST
@given(c=finite, a=st.floats(0.2, 5), lo=st.floats(-3, 0), width=st.floats(0.1, 4))
def test_projected_ascent_on_a_parabola_lands_on_the_clipped_vertex(c, a, lo, width):
    hi = lo + width
    f = lambda y: -a * (y - c) ** 2
    for method, lr in (("plain", 0.4 / a), ("adam", 0.05)):
        r = inputs.maximize(f, (lo + hi) / 2, bounds=(lo, hi), method=method, lr=lr, steps=3000)
        assert r.y == pytest.approx(min(max(c, lo), hi), abs=1e-5)
        assert r.hit_bound == (c <= lo or c >= hi) or abs(r.y - c) < 1e-6
        assert r.converged and not r.unbounded


@FAST
@given(c=st.lists(finite, min_size=2, max_size=4))
def test_vector_y_reaches_the_closed_form_maximizer(c):
    c = onp.array(c)
    scales = onp.arange(1, c.size + 1.0)
    f = lambda y: -np.sum(scales * (y - c) ** 2)
    r = inputs.maximize(f, onp.zeros_like(c), method="adam", lr=0.1, steps=3000)
    onp.testing.assert_allclose(r.y, c, atol=1e-6)
    assert r.path.shape[1:] == c.shape and r.path.shape[0] == r.steps + 1
    assert r.value == pytest.approx(f(r.y)) and r.values[-1] == pytest.approx(r.value)


def double_well(y):
    return np.exp(-((y - 1.0) ** 2)) + 0.5 * np.exp(-((y + 1.5) ** 2))


def test_restarts_escape_a_local_maximum_and_are_seeded():
    local = inputs.maximize(double_well, -1.8, method="plain", lr=0.2, steps=500)
    assert local.y == pytest.approx(-1.5, abs=0.05)
    r1 = inputs.maximize(
        double_well, -1.8, bounds=(-3, 3), method="plain", lr=0.2, steps=500, restarts=8, seed=1
    )
    r2 = inputs.maximize(
        double_well, -1.8, bounds=(-3, 3), method="plain", lr=0.2, steps=500, restarts=8, seed=1
    )
    grid = onp.linspace(-3, 3, 600001)
    assert r1.y == pytest.approx(grid[onp.argmax(double_well(grid))], abs=1e-5)
    assert r1.y == r2.y and r1.starts.shape == (9,) and r1.finals.shape == (9,)
    assert r1.value == r1.finals.max()


def test_trained_network_maximum_matches_a_dense_grid():
    rng = onp.random.default_rng(0)
    data = onp.column_stack([rng.uniform(-1, 1, 80), rng.uniform(-2, 2, 80)])
    params, _ = nets.train_mlp(
        data, onp.exp(-((data[:, 1] - 0.5) ** 2)), (8,), steps=300, lr=0.05, seed=0
    )
    f = nets.freeze(params, [0.2])
    grid = onp.linspace(-2, 2, 400001)
    truth = grid[onp.argmax(f(grid))]
    for method, lr in (("plain", 0.1), ("adam", 0.05)):
        assert inputs.maximize(f, 0.0, method=method, lr=lr).y == pytest.approx(truth, abs=1e-4)


def test_relu_objective_is_flagged_unbounded_and_a_box_fixes_it():
    f = lambda y: np.maximum(0.3 * y, 1 - np.abs(y))  # peak 1 at 0, then slope 0.3 forever
    r = inputs.maximize(f, 1.5, steps=200)
    assert r.unbounded and not r.converged and r.y > 5 and "linear as far as sampled" in r.message
    boxed = inputs.maximize(f, 1.5, bounds=(-2, 2), steps=200)
    assert boxed.unbounded is False and boxed.hit_bound and boxed.y == 2.0
    assert inputs.maximize(np.tanh, 0.0, steps=200).unbounded is None
    assert not r.attained and boxed.attained


# --- the three cases: a maximum, unbounded, a supremum not attained -----------------------


# Far out, a finite run sees finitely many values of f. Only exact linear growth (a ReLU
# network beyond its last kink, or y itself) is called unbounded; log (unbounded) and arctan,
# y/(1+|y|), −1/√(1+y²), tanh (bounded, supremum not attained) are all undecided, and the message
# says so with the evidence: the gains over the last two doublings of the distance.
VERDICTS = [  # (name, f, y0, options, unbounded, how the gains behave far out)
    ("y", lambda y: y, 0.0, {}, True, "linear"),
    ("log(1+y)", lambda y: np.log(1 + y), 0.0, {"method": "plain"}, None, "rising"),
    ("arctan", np.arctan, 0.0, {"steps": 5000}, None, "fading"),
    ("y/(1+|y|)", lambda y: y / (1 + np.abs(y)), 0.0, {}, None, "fading"),
    ("-1/sqrt(1+y^2)", lambda y: -1 / np.sqrt(1 + y**2), 1.0, {}, None, "fading"),
    ("tanh", np.tanh, 0.0, {}, None, "fading"),
]


@pytest.mark.parametrize(
    "name, f, y0, options, unbounded, growth", VERDICTS, ids=[v[0] for v in VERDICTS]
)
def test_verdicts_far_out_never_claim_what_a_finite_run_cannot_know(
    name, f, y0, options, unbounded, growth
):
    r = inputs.maximize(f, y0, **options)
    assert not r.converged and not r.attained and r.unbounded is unbounded
    assert r.slope is not None and r.gain is not None and r.gain >= 0
    if unbounded:
        assert "linear as far as sampled" in r.message and "kink further out" in r.message
        assert r.slope == pytest.approx(1.0, rel=1e-6)  # y's slope, found far out
    else:
        assert "no finite run can" in r.message and "without bound" not in r.message
        assert "finite limit" not in r.message  # the old false certainty (log)
        assert ("rise fades" in r.message) == (growth == "fading")
        assert ("does not fade" in r.message) == (growth == "rising")
    # the reported gain is f's rise over the last doubling [4R, 8R], an independent recomputation
    # from where the ray begins: the last iterate, in the late direction of ascent
    d = onp.sign(r.path[-1] - r.path[len(r.path) // 2])
    radius = 1e3 * max(1.0, abs(float(r.path[-1])))
    far = [float(f(r.path[-1] + k * radius * d)) for k in (1.0, 2.0, 4.0, 8.0)]
    gains = onp.diff(far)
    assert r.gain == r.gains[2] and r.slope == pytest.approx(gains[2] / (4 * radius))
    onp.testing.assert_allclose(r.gains, gains, rtol=1e-9, atol=1e-15)


def test_log_is_not_called_bounded_and_arctan_not_unbounded():
    # the two misfires of the first verdicts: log(1+y) "rises towards a finite limit" and
    # arctan "grows without bound"; both are now undecided, with the gains that show why
    log = inputs.maximize(lambda y: np.log(1 + y), 0.0, method="plain")
    assert log.gain == pytest.approx(onp.log(2), rel=1e-3)  # log gains log 2 per doubling
    arctan = inputs.maximize(np.arctan, 0.0, steps=5000)
    assert 0 < arctan.gain < 1e-4 and arctan.unbounded is None
    assert log.gains[2] / log.gains[1] == pytest.approx(1.0, rel=1e-3)  # steady: log 2 each time
    assert arctan.gains[2] / arctan.gains[1] == pytest.approx(0.5, rel=1e-3)  # halving: arctan


def test_an_interior_maximum_is_found_and_nothing_is_claimed_about_elsewhere():
    r = inputs.maximize(lambda y: -((y - 1.5) ** 2), 0.0, method="plain", lr=0.25)
    assert r.converged and r.attained and r.y == pytest.approx(1.5, abs=1e-8)
    assert r.unbounded is None and r.slope is None  # a local maximum says nothing of far out
    # and indeed y³ − 3y converges to its local maximum at −1 while being unbounded
    r = inputs.maximize(lambda y: y**3 - 3 * y, -2.0, method="plain", lr=0.05)
    assert r.converged and r.y == pytest.approx(-1.0, abs=1e-6) and r.unbounded is None


def test_known_failure_of_the_linear_heuristic_min_y_million():
    # linear as far as maximize samples (8R ≈ 2e5 here), flat beyond 1e6: called unbounded.
    # The docstring names this case; the verdict is a heuristic, not a proof.
    r = inputs.maximize(lambda y: np.minimum(y, 1e6), 0.0)
    assert r.unbounded is True and "linear" in r.message


def test_known_failure_of_converged_a_start_at_a_minimum():
    # "converged" means the projected gradient vanished, not that y is a maximum
    r = inputs.maximize(lambda y: y**2, 0.0)
    assert r.converged and r.steps == 0 and r.y == 0.0
    assert inputs.classify_stationary(lambda y: y**2, r.y) == "minimum"


# --- review findings 1, 2, 3, 7, 8 (regressions) -----------------------------------------------


def test_a_saturating_f_that_converges_far_out_is_not_called_attained():
    # tanh converges (|f'| ≤ 1e-8) near y = 9.9 after enough Adam steps; tanh has no maximum
    r = inputs.maximize(np.tanh, 0.0, steps=100_000)
    assert r.converged and r.y > 5
    assert np.tanh(r.y + 1000.0) > r.value  # the oracle: f is higher further out
    assert r.attained is False and r.unbounded is None
    assert "still rising" in r.message and "rise fades" in r.message


@pytest.mark.parametrize(
    "f",
    [
        lambda y: -1 / np.sqrt(1 + y**2),
        lambda y: y**2,
        lambda y: np.sqrt(1 + y**2),
        lambda y: np.log(1 + y**2),
    ],
)
def test_a_run_converged_at_a_minimum_is_not_called_attained(f):
    r = inputs.maximize(f, 0.0)
    assert r.converged and r.steps == 0
    assert second_difference(f, 0.0, h=1e-2) > 0  # the oracle: f curves upward at 0
    assert r.attained is False and "minimum, not a maximum" in r.message


def test_a_run_converged_at_a_saddle_is_not_called_attained():
    f = lambda y: y[0] ** 2 - y[1] ** 2
    r = inputs.maximize(f, onp.zeros(2))
    assert f(onp.array([0.1, 0.0])) > r.value  # the oracle: f rises along y[0]
    assert r.converged and r.attained is False and "saddle" in r.message


def test_a_converged_run_with_a_silent_second_order_test_is_undecided():
    r = inputs.maximize(lambda y: y**3, 0.0)
    assert r.converged and r.attained is None and "cannot tell" in r.message


def test_review_finding_6_a_run_that_stopped_short_of_a_known_higher_value_is_undecided():
    f = lambda y: y * np.exp(-y / 1e5)  # its maximum is at 1e5, f = 1e5/e
    r = inputs.maximize(f, 0.0)
    assert f(4e5) > r.value  # the oracle: f is higher far out than where ascent stopped
    assert not r.converged and r.attained is None and "not reached the top" in r.message


def test_a_converged_interior_maximum_is_still_attained_and_hedged():
    f = lambda y: -((y - 1.5) ** 2)
    r = inputs.maximize(f, 0.0)
    assert f(1.5) >= r.value > f(1.5) - 1e-12  # the oracle: the vertex, in closed form
    assert r.converged and r.attained is True and "no guarantee for f elsewhere" in r.message


@pytest.mark.parametrize("y", [6.5, 9.9036])
def test_classify_stationary_refuses_a_nearly_flat_point_that_is_not_stationary(y):
    # |tanh'| < gtol = 1e-5 and tanh'' < 0 there, but tanh' > 0 everywhere: no maximum
    assert float(grad(np.tanh)(y)) > 0 and second_difference(np.tanh, y, h=1e-2) < 0
    with pytest.raises(ValueError, match="not a stationary point: .*Newton step"):
        inputs.classify_stationary(np.tanh, y)


def test_known_failure_of_the_linear_heuristic_a_kink_beyond_the_sampling():
    # f rises with slope 1 up to 1e6 and falls after it: its maximum 1e6 is attained at 1e6,
    # beyond the 8R that maximize samples, so it is called unbounded, and the message says so
    f = lambda y: np.maximum(y, 0.0) - 2 * np.maximum(y - 1e6, 0.0)
    assert f(1e6) > max(f(1e6 - 1.0), f(1e6 + 1.0))  # the oracle: the kink is a maximum
    r = inputs.maximize(f, 1.0)
    assert r.unbounded is True and "unbounded unless f has a kink further out" in r.message
    assert "without bound" not in r.message


def test_one_oscillating_coordinate_is_not_a_kink_when_f_runs_off_in_another():
    f = lambda y: y[0] - 10 * y[1] ** 2
    r = inputs.maximize(f, onp.array([0.0, 1.0]), method="plain", lr=0.1)
    assert r.path[-1][1] * r.path[-2][1] < 0  # y[1] oscillates, as before
    assert r.unbounded is True and r.attained is False and "keep reversing" not in r.message


def test_an_oscillation_in_one_dimension_is_reported_with_both_causes():
    r = inputs.maximize(lambda y: -(y**2), 1.0, method="plain", lr=0.99, steps=50)
    assert not r.converged and "lr too large" in r.message


@pytest.mark.parametrize(
    "f, options",
    [(np.exp, {"method": "plain"}), (lambda y: np.exp(np.minimum(y, 800.0)), {})],
)
def test_overflow_has_its_own_message(f, options):
    r = inputs.maximize(f, 0.0, **options)
    assert r.unbounded is True and r.attained is False
    assert "overflowed to +inf at y = " in r.message and "float64 range" in r.message


@pytest.mark.parametrize(
    "f, y0",
    [
        (lambda y: 1 - 1 / (1 + y**2), 0.5),  # rises like 1 − 1/y², towards 1
        (lambda y: -np.exp(y), 0.0),  # rises towards 0 as y → −∞
        (lambda y: np.tanh(y[0]) - y[1] ** 2, onp.array([0.0, 1.0])),  # a ray in 2-D
    ],
)
def test_a_fading_rise_is_recognised_in_any_direction(f, y0):
    r = inputs.maximize(f, y0)
    assert not r.attained and r.unbounded is None and "rise fades" in r.message


def test_a_maximum_that_ascent_had_not_reached_is_undecided_not_unattained():
    r = inputs.maximize(lambda y: -((y - 50.0) ** 2), 0.0, method="plain", lr=1e-4, steps=50)
    assert r.y < 1.0  # the oracle: the peak is at 50 in closed form, and ascent stopped short
    assert not r.converged and r.attained is None and r.unbounded is None
    assert "not reached the top" in r.message


def test_a_maximum_on_the_way_is_not_taken_for_a_supremum_at_infinity():
    # ascent stopped early on its way to the peak at 3; far out f tends to 1, above where it
    # stopped, but f falls between the peak and infinity: the maximum 2 exists
    f = lambda y: 2 * np.exp(-((y - 3.0) ** 2)) + 0.5 * (1 + np.tanh(y - 10.0))
    r = inputs.maximize(f, 0.0, method="plain", lr=0.05, steps=60)
    assert not r.converged and r.attained is None and "not reached the top" in r.message


def test_a_box_always_attains():
    r = inputs.maximize(np.tanh, 0.0, bounds=(-3.0, 3.0), method="plain", lr=10.0)
    assert r.attained and r.hit_bound and r.y == 3.0 and r.converged


def test_a_start_outside_the_box_is_projected():
    r = inputs.maximize(lambda y: y, 5.0, bounds=(-1.0, 1.0))
    assert r.y == 1.0 and r.starts[0] == 1.0 and r.path[0] == 1.0
    r = inputs.maximize(lambda y: -(y**2), 5.0, bounds=(-1.0, 1.0), method="plain", lr=0.25)
    assert r.y == pytest.approx(0.0, abs=1e-6) and r.path[0] == 1.0


def test_too_much_work_is_refused_before_it_starts(monkeypatch):
    with pytest.raises(ValueError, match="exceeds MAX_ITERATIONS"):
        inputs.maximize(np.sin, 0.0, restarts=10**7)
    with pytest.raises(ValueError, match="exceeds MAX_ITERATIONS"):
        inputs.maximize(np.sin, 0.0, steps=10**9)
    monkeypatch.setattr(inputs, "MAX_ITERATIONS", 10)
    with pytest.raises(ValueError, match="restarts = 1, steps = 10"):
        inputs.maximize(np.sin, 0.0, steps=10, restarts=1)


def test_float32_search_casts_every_update_explicitly():
    # NumPy 1.26's value-based casting promoted a 0-d float32 array combined with a Python
    # float to float64; the search must not depend on that rule, so every iterate is float32
    # whatever f returns (here f computes in float64).
    f = lambda y: -((y * onp.float64(1.0) - 0.25) ** 2)
    for method in ("plain", "adam"):
        r = inputs.maximize(f, onp.float32(0.0), method=method, lr=0.1, steps=50, gtol=0.0)
        assert r.path.dtype == onp.float32 and all(p.dtype == onp.float32 for p in r.path)
        assert isinstance(r.y, float) and r.starts.dtype == onp.float32
    with pytest.raises(ValueError, match="not representable in float32"):
        inputs.maximize(f, onp.float32(0.0), lr=1e39)


def test_a_kink_maximum_is_reported_as_such():
    r = inputs.maximize(lambda y: -np.abs(y - 0.3), 0.0, method="plain", lr=0.07, steps=50)
    assert not r.converged and r.unbounded is None and "kink" in r.message
    assert abs(r.y - 0.3) <= 0.07


def test_overflow_to_infinity_counts_as_unbounded():
    r = inputs.maximize(lambda y: np.exp(y**2), 1.0, method="plain", lr=1.0, steps=100)
    assert r.unbounded is True and r.value == onp.inf and not r.attained


def test_float32_input_stays_float32():
    f = lambda y: -((y - np.float32(0.25)) ** 2)
    r = inputs.maximize(f, onp.float32(0.0), method="plain", lr=0.25, gtol=1e-6)
    assert r.path.dtype == onp.float32 and r.y == pytest.approx(0.25, abs=1e-6)


def test_str_is_readable():
    text = str(
        inputs.maximize(lambda y: -np.sum(y**2), onp.array([1.0, -1.0]), method="plain", lr=0.25)
    )
    assert text.startswith("y = [") and "converged" in text


# --- asymptotic slope ---------------------------------------------------------------------


def test_asymptotic_slope_is_the_outermost_linear_piece_of_a_relu_net():
    params = nets.init_mlp([2, 6, 6, 1], seed=4)
    f = nets.freeze(params, [0.3], activation="relu")
    for d in (1.0, -1.0):
        far_derivative = d * float(grad(f)(d * 1e5))  # independent: autograd far out
        assert inputs.asymptotic_slope(f, 0.0, d) == pytest.approx(far_derivative, rel=1e-9)
    tanh = nets.freeze(params, [0.3])
    assert abs(inputs.asymptotic_slope(tanh, 0.0, 1.0)) < 1e-12


# --- stationary points and their classification ----------------------------------------


def test_stationary_points_of_sine_are_the_odd_multiples_of_half_pi():
    roots = inputs.stationary_points(np.sin, (0.0, 10.0))
    onp.testing.assert_allclose(roots, onp.pi / 2 + onp.pi * onp.arange(3), atol=1e-10)


@settings(max_examples=8, deadline=None)
@given(
    a=st.floats(-2.5, -1.0),
    gaps=st.tuples(st.floats(0.3, 1.5), st.floats(0.3, 1.5)),
    scale=st.floats(0.1, 3.0),
)
def test_stationary_points_of_a_quartic_with_known_critical_points(a, gaps, scale):
    b, c = a + gaps[0], a + gaps[0] + gaps[1]
    # f'(y) = −scale·(y − a)(y − b)(y − c): maxima at a and c, minimum at b
    e1, e2, e3 = a + b + c, a * b + b * c + a * c, a * b * c
    f = lambda y: -scale * (y**4 / 4 - e1 * y**3 / 3 + e2 * y**2 / 2 - e3 * y)
    roots = inputs.stationary_points(f, (-3.0, 3.0))
    onp.testing.assert_allclose(roots, [a, b, c], atol=1e-8)
    kinds = [inputs.classify_stationary(f, r) for r in roots]
    assert kinds == ["maximum", "minimum", "maximum"]
    for r, kind in zip(roots, kinds):
        assert (second_difference(f, r) < 0) == (kind == "maximum")


def test_kinks_are_not_stationary_points():
    assert inputs.stationary_points(lambda y: -np.abs(y - 0.3), (-1.0, 1.0)).size == 0


def test_classification_uses_higher_derivatives_when_the_second_vanishes():
    cases = {
        "maximum": [np.cos, lambda y: -(y**4), lambda y: -(y**6)],
        "minimum": [lambda y: np.cosh(y), lambda y: y**4],
        "inflection": [lambda y: y**3, lambda y: y**5 + y**3],
    }
    for kind, functions in cases.items():
        for f in functions:
            assert inputs.classify_stationary(f, 0.0) == kind, (kind, f)
    assert inputs.classify_stationary(lambda y: y**8, 0.0) == "degenerate"


@FAST
@given(eig=st.lists(st.floats(0.1, 5.0), min_size=2, max_size=4), signs=st.integers(0, 15))
def test_classification_of_quadratic_forms_follows_the_eigenvalue_signs(eig, signs):
    n = len(eig)
    lam = onp.array([e * (-1 if signs >> k & 1 else 1) for k, e in enumerate(eig)])
    q, _ = onp.linalg.qr(onp.random.default_rng(n).normal(size=(n, n)))
    A = q @ onp.diag(lam) @ q.T
    f = lambda y: 0.5 * np.dot(y, np.dot(A, y))
    expected = "maximum" if onp.all(lam < 0) else "minimum" if onp.all(lam > 0) else "saddle"
    assert inputs.classify_stationary(f, onp.zeros(n)) == expected


# --- bad input --------------------------------------------------------------------------


def test_bad_input_is_named():
    f = lambda y: -(y**2)
    with pytest.raises(ValueError, match="y0 must be finite"):
        inputs.maximize(f, float("nan"))
    with pytest.raises(ValueError, match="lower <= upper"):
        inputs.maximize(f, 0.0, bounds=(1.0, -1.0))
    with pytest.raises(ValueError, match=r"y0's shape \(2,\)"):
        inputs.maximize(lambda y: -np.sum(y**2), onp.zeros(2), bounds=(onp.zeros(3), 1.0))
    with pytest.raises(ValueError, match="pair"):
        inputs.maximize(f, 0.0, bounds=(1.0,))
    with pytest.raises(ValueError, match="unknown method 'sgd'; valid: 'adam', 'plain'"):
        inputs.maximize(f, 0.0, method="sgd")
    for steps in (0, -5):
        with pytest.raises(ValueError, match=r"steps must be in \[1, inf\]"):
            inputs.maximize(f, 0.0, steps=steps)
    with pytest.raises(TypeError, match="steps must be an integer"):
        inputs.maximize(f, 0.0, steps=2.5)
    with pytest.raises(ValueError, match=r"lr must be in \(0.0, inf\)"):
        inputs.maximize(f, 0.0, lr=0.0)
    with pytest.raises(ValueError, match="restarts"):
        inputs.maximize(f, 0.0, restarts=-1)
    with pytest.raises(TypeError, match="f must be a callable"):
        inputs.maximize(3.0, 0.0)


def test_f_returning_a_non_scalar_or_nan_names_the_step():
    with pytest.raises(TypeError, match=r"real scalar; at step 0 .* shape \(2,\)"):
        inputs.maximize(lambda y: np.array([y, y]), 0.0)
    nan_after_one = lambda y: y + (onp.nan if y > 1.2 else 0.0)
    with pytest.raises(ValueError, match=r"f returned nan at step 3 \(y = 1.5\)"):
        inputs.maximize(nan_after_one, 0.0, method="plain", lr=0.5)


def test_stationary_and_classify_bad_input():
    with pytest.raises(ValueError, match="a < b"):
        inputs.stationary_points(np.sin, (1.0, 0.0))
    with pytest.raises(ValueError, match="interval must be finite"):
        inputs.stationary_points(np.sin, (0.0, onp.inf))
    with pytest.raises(ValueError, match="pair"):
        inputs.stationary_points(np.sin, (0.0, 1.0, 2.0))
    with pytest.raises(ValueError, match="n must be in"):
        inputs.stationary_points(np.sin, (0.0, 1.0), n=1)
    with pytest.raises(ValueError, match="not a stationary point"):
        inputs.classify_stationary(np.sin, 0.0)
    with pytest.raises(ValueError, match="y must be finite"):
        inputs.classify_stationary(np.sin, onp.nan)
    with pytest.raises(ValueError, match="direction must be non-zero"):
        inputs.asymptotic_slope(np.sin, 0.0, 0.0)


def test_a_relu_peak_can_be_a_flat_piece_where_ascent_converges():
    # a trapezoid: rises on [-1, 0], flat at 1 on [0, 1], falls after: every y in [0, 1] ties
    f = lambda y: np.minimum(np.maximum(y + 1.0, 0.0), 1.0) - np.maximum(y - 1.0, 0.0)
    r = inputs.maximize(f, -0.5, method="plain", lr=0.3)
    assert r.converged and 0.0 <= r.y <= 1.0 and r.value == 1.0
    # the second-order test is silent on a flat piece, so maximize does not claim a maximum
    assert r.attained is None and "cannot tell whether y is a maximum" in r.message
    assert inputs.classify_stationary(f, 0.5) == "degenerate"  # the Hessian test is silent


# --- heuristics name their known failures (issue 21) ------------------------------------------


def test_known_failure_of_stationary_points_a_double_root_between_grid_points():
    # y³ has f' = 3y² ≥ 0: no sign change, and on (−1, 1.1) no grid point falls on 0
    assert inputs.stationary_points(lambda y: y**3, (-1.0, 1.1)).size == 0
    assert inputs.stationary_points(lambda y: y**3, (-1.0, 1.0)).tolist() == [0.0]  # on the grid


def test_known_failure_of_classify_stationary_a_curvature_below_tol():
    # a strict maximum whose f'' = −2e-9 is within the default tol: 'degenerate', until tol drops
    f = lambda y: -1e-9 * y**2
    assert second_difference(f, 0.0, h=1.0) < 0  # it is a maximum
    assert inputs.classify_stationary(f, 0.0) == "degenerate"
    assert inputs.classify_stationary(f, 0.0, tol=1e-12) == "maximum"


def _chapter_network():
    """Chapter 1's trained 2-10-1 tanh network at x = 0.3, from the weights its snippets hold."""
    import ast

    from companion import snippets

    tree = ast.parse(snippets.files("01_maximize")[0].read_text())
    w = {
        t.id: onp.array(ast.literal_eval(node.value))
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name) and t.id in ("W1", "b1", "W2", "b2")
    }
    params = [(w["W1"], w["b1"]), (w["W2"].reshape(-1, 1), w["b2"].reshape(1))]
    return nets.freeze(params, [0.3])


def test_review_finding_1_the_chapter_network_converged_far_out_is_not_attained():
    f = _chapter_network()
    assert f(0.88139) == pytest.approx(0.99889, abs=1e-5)  # the chapter's printed peak
    far = inputs.maximize(f, 1.9, steps=100_000)  # converges near y = 28, still rising
    assert far.converged and far.y > 20 and f(far.y + 1e3) > far.value
    assert far.attained is False and far.unbounded is None and "still rising" in far.message
    peak = inputs.maximize(f, 0.2)  # the interior peak, with no box
    assert peak.converged and peak.attained is True and abs(peak.y - 0.88139) < 1e-5
