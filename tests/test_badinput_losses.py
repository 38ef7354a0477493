"""Bad input for companion.losses (issue 16): every public function, each case a call and the
named error (type and a phrase of its message) or the documented value it must give. Then
hypothesis properties: finite valid input gives a finite result or a named error, never a silent
NaN, and the caller's arrays are never changed."""

import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import losses as L
from companion.nets import init_mlp

NAN, INF, BIG = float("nan"), float("inf"), 1e308
Y, P, Z = [1, 0, 1], [0.9, 0.2, 0.4], [2.0, -1.0, 0.5]
X2 = onp.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
NET = init_mlp([2, 1], seed=0)


def is_(value):
    return lambda got: onp.allclose(got, value)


CASES = [
    # --- labels and probabilities, through the hard metrics
    Bad(L.confusion_counts, ([1, 0, 1], [0.2, 0.3]), match="shape of y_true", id="counts-shape"),
    Bad(
        L.confusion_counts, ([1, 2], [0.2, 0.3]), match="labels 0 or 1; found 2", id="counts-label"
    ),
    Bad(L.confusion_counts, ([], []), match="y_true must not be empty", id="counts-empty"),
    Bad(
        L.confusion_counts, (Y, P), {"threshold": 1.5}, match="threshold must be in", id="counts-t"
    ),
    Bad(
        L.confusion_counts,
        (Y, P),
        {"threshold": NAN},
        match="threshold must be finite",
        id="counts-t-nan",
    ),
    Bad(
        L.confusion_counts,
        (Y, P),
        {"threshold": True},
        raises=TypeError,
        match="threshold must be a real",
        id="counts-t-bool",
    ),
    Bad(
        L.confusion_counts,
        (Y, [0.9j, 0.2, 0.4]),
        raises=TypeError,
        match="y_prob must be real",
        id="counts-complex",
    ),
    Bad(
        L.confusion_counts,
        (Y, ["a", "b", "c"]),
        raises=TypeError,
        match="y_prob must be numeric",
        id="counts-str",
    ),
    Bad(
        L.confusion_counts,
        ([1, 0, 1], [0.9, 0.2, 0.4]),
        expect=lambda r: r == (1, 0, 1),
        id="counts-lists",
    ),
    Bad(
        L.precision,
        (Y, P),
        {"threshold": -0.1},
        match="threshold must be in [0.0, 1.0]",
        id="precision-t",
    ),
    Bad(L.precision, (Y, [1.2, 0.2, 0.4]), match="probabilities in [0, 1]", id="precision-prob"),
    Bad(L.precision, ([1, INF], [0.1, 0.3]), match="y_true must be finite", id="precision-inf"),
    Bad(L.recall, ([1, 0.5], [0.2, 0.3]), match="labels 0 or 1", id="recall-label"),
    Bad(L.recall, ([[1, 0]], [0.2, 0.3]), match="shape of y_true", id="recall-shape"),
    Bad(L.f_beta, (Y, P), {"beta": 0}, match="beta must be in (0.0, 1e+100]", id="f_beta-beta-0"),
    Bad(L.f_beta, (Y, P), {"beta": INF}, match="beta must be finite", id="f_beta-beta-inf"),
    Bad(L.f_beta, (Y, P), {"beta": 1e200}, match="beta must be in", id="f_beta-beta-overflow"),
    Bad(
        L.f_beta,
        (Y, P),
        {"beta": "2"},
        raises=TypeError,
        match="beta must be a real",
        id="f_beta-beta-str",
    ),
    Bad(L.best_threshold, ([1], [0.1, 0.2]), match="shape of y_true", id="best_threshold-shape"),
    Bad(
        L.best_threshold, (Y, P), {"beta": -1.0}, match="beta must be in", id="best_threshold-beta"
    ),
    Bad(L.best_threshold, ([], []), match="y_true must not be empty", id="best_threshold-empty"),
    Bad(
        L.precision_at_recall, ([1], [0.1], 2.0), match="min_recall must be in", id="p_at_r-recall"
    ),
    Bad(L.precision_at_recall, (Y, P, NAN), match="min_recall must be finite", id="p_at_r-nan"),
    Bad(L.precision_at_recall, (Y, P, 0.5), expect=is_(1.0), id="p_at_r-lists"),
    # --- soft metrics
    Bad(L.soft_counts, ([1, 0], [0.2, 0.3, 0.1]), match="shape of y_true", id="soft_counts-shape"),
    Bad(L.soft_counts, ([1, 0], [-0.1, 0.3]), match="Apply sigmoid", id="soft_counts-logits"),
    Bad(
        L.soft_counts,
        ([1, 0], [0.1j, 0.3]),
        raises=TypeError,
        match="y_prob must be real",
        id="soft_counts-complex",
    ),
    Bad(L.soft_precision, (Y, P), {"eps": -1}, match="eps must be >= 0", id="soft_precision-eps"),
    Bad(
        L.soft_precision,
        (Y, P),
        {"eps": INF},
        match="eps must be >= 0",
        id="soft_precision-eps-inf",
    ),
    Bad(L.soft_precision, ([1, 0.5], [0.2, 0.3]), match="labels 0 or 1", id="soft_precision-label"),
    Bad(L.soft_recall, ([1, 0], [NAN, 0.3]), match="y_prob must be finite", id="soft_recall-nan"),
    Bad(L.soft_recall, ([], []), match="y_true must not be empty", id="soft_recall-empty"),
    Bad(L.soft_f_beta, (Y, P), {"beta": 0.0}, match="beta must be in", id="soft_f_beta-beta"),
    Bad(L.soft_f_beta, (Y, P), {"beta": 1e101}, match="beta must be in", id="soft_f_beta-beta-big"),
    Bad(
        L.soft_f1,
        (Y, P),
        {"eps": "0"},
        raises=TypeError,
        match="eps must be a number",
        id="soft_f1-eps",
    ),
    Bad(L.soft_f1, ([1, 0], [0.2, 0.3, 0.1]), match="shape of y_true", id="soft_f1-shape"),
    Bad(L.soft_f1, ([1, 1], [0.25, 0.75]), expect=is_(2 / 3), id="soft_f1-lists"),
    # --- logits: sigmoidF1, hinge bounds, precision at recall
    Bad(
        L.sigmoid_f1_loss,
        ([1, 0], [0.1]),
        match="logits must have the shape",
        id="sigmoid_f1-shape",
    ),
    Bad(
        L.sigmoid_f1_loss,
        ([1, 0], [0.1, 0.2]),
        {"slope": 0},
        match="slope must be > 0",
        id="sigmoid_f1-slope",
    ),
    Bad(
        L.sigmoid_f1_loss,
        ([1, 0], [0.1, 0.2]),
        {"offset": NAN},
        match="offset must be finite",
        id="sigmoid_f1-offset",
    ),
    Bad(
        L.sigmoid_f1_loss,
        ([1, 0], [0.1, 0.2]),
        {"offset": 1j},
        raises=TypeError,
        match="offset must be a real",
        id="sigmoid_f1-offset-complex",
    ),
    Bad(L.hinge_bounds, ([1, 0], [INF, 0.0]), match="logits must be finite", id="hinge_bounds-inf"),
    Bad(
        L.hinge_bounds,
        ([0, 0], [BIG, BIG]),
        match="fp_u overflowed to inf",
        id="hinge_bounds-overflow",
    ),
    Bad(
        L.hinge_bounds,
        ([1, 0], ["a", "b"]),
        raises=TypeError,
        match="logits must be numeric",
        id="hinge_bounds-str",
    ),
    Bad(L.hinge_f_beta_bound, ([1, 3], [0.0, 0.0]), match="labels 0 or 1", id="hinge_f_beta-label"),
    Bad(L.hinge_f_beta_bound, (Y, Z), {"beta": 0}, match="beta must be in", id="hinge_f_beta-beta"),
    Bad(
        L.precision_at_recall_lagrangian,
        (Y, Z, 1.5, 1.0),
        match="min_recall must be in",
        id="lagrangian-recall",
    ),
    Bad(
        L.precision_at_recall_lagrangian,
        (Y, Z, 0.5, -1.0),
        match="lam must be >= 0",
        id="lagrangian-lam",
    ),
    Bad(
        L.precision_at_recall_lagrangian,
        ([0, 0], [1.0, 2.0], 0.5, 1.0),
        match="at least one positive",
        id="lagrangian-no-positive",
    ),
    Bad(
        L.precision_at_recall_lagrangian,
        (Y, [-10.0, 0.0, -10.0], 0.5, BIG),
        match="Lagrangian overflowed",
        id="lagrangian-overflow",
    ),
    Bad(
        L.fit_precision_at_recall,
        (X2, [0, 0, 0], 0.5),
        match="at least one positive",
        id="fit_p_at_r-no-positive",
    ),
    Bad(
        L.fit_precision_at_recall,
        (X2, Y, 0.5),
        {"rounds": 0},
        match="rounds must be in [1, 10000]",
        id="fit_p_at_r-rounds",
    ),
    Bad(
        L.fit_precision_at_recall,
        (X2, Y, 0.5),
        {"steps": 10**9},
        match="steps must be in [1, 10000]",
        id="fit_p_at_r-steps",
    ),
    Bad(
        L.fit_precision_at_recall,
        (X2, Y, 0.5),
        {"lr_lambda": 0},
        match="lr_lambda must be > 0",
        id="fit_p_at_r-lr_lambda",
    ),
    Bad(
        L.fit_precision_at_recall,
        ([0.0, 1.0, 2.0], Y, 0.5),
        match="X must have shape (n, d)",
        id="fit_p_at_r-X",
    ),
    Bad(
        L.fit_precision_at_recall,
        (X2, Y, -0.5),
        match="min_recall must be in",
        id="fit_p_at_r-recall",
    ),
    # --- steps with a usable gradient
    Bad(L.round_ste, ([0.5, NAN],), match="x must be finite", id="round_ste-nan"),
    Bad(L.round_ste, ([0.5],), {"clip": (1, 0)}, match="lo < hi", id="round_ste-clip-order"),
    Bad(
        L.round_ste,
        ([0.5],),
        {"clip": "ab"},
        raises=TypeError,
        match="clip[0] must be a real",
        id="round_ste-clip-str",
    ),
    Bad(
        L.round_ste,
        ([0.5],),
        {"clip": 1.0},
        raises=TypeError,
        match="clip must be a pair",
        id="round_ste-clip-scalar",
    ),
    Bad(L.round_ste, ([0.5j],), raises=TypeError, match="x must be real", id="round_ste-complex"),
    Bad(L.round_ste, ([0.4, 0.6],), expect=lambda r: r.tolist() == [0.0, 1.0], id="round_ste-list"),
    Bad(L.ramp_step, ([0.5],), {"width": 0}, match="width must be > 0", id="ramp-width"),
    Bad(L.ramp_step, ([NAN],), match="x must be finite", id="ramp-nan"),
    Bad(L.ramp_step, ([0.5],), {"center": NAN}, match="center must be finite", id="ramp-center"),
    Bad(L.ramp_step, ([0.4, 0.6],), expect=lambda r: r.tolist() == [0.0, 1.0], id="ramp-list"),
    Bad(L.softsign_step, ([0.5], -1), match="max_gradient must be in", id="softsign-max_gradient"),
    Bad(
        L.softsign_step,
        ([0.5], 1e308),
        match="max_gradient must be in",
        id="softsign-max_gradient-big",
    ),
    Bad(
        L.softsign_step,
        ([0.5], 4.0),
        {"center": INF},
        match="center must be finite",
        id="softsign-center",
    ),
    Bad(
        L.softsign_step,
        ([BIG], 4.0),
        {"center": -BIG},
        match="the magnitude of x − center is too large",
        id="softsign-overflow",
    ),
    Bad(L.softsign_step, ([0.5], 4.0), expect=is_(0.5), id="softsign-list"),
    # --- training
    Bad(L.sigmoid, (1j,), raises=TypeError, match="z must be real", id="sigmoid-complex"),
    Bad(L.sigmoid, ("a",), raises=TypeError, match="z must be numeric", id="sigmoid-str"),
    Bad(L.sigmoid, ([NAN],), match="z must be finite", id="sigmoid-nan"),
    Bad(L.sigmoid, ([0.0, -800.0],), expect=lambda r: r.tolist() == [0.5, 0.0], id="sigmoid-list"),
    Bad(L.bce_with_logits, ([1, 0], [[0.0, 0.0]]), match="logits must have", id="bce-shape"),
    Bad(
        L.bce_with_logits, ([0, 0], [BIG, BIG]), match="cross-entropy overflowed", id="bce-overflow"
    ),
    Bad(L.bce_with_logits, ([1, 0], [0.0, 0.0]), expect=is_(onp.log(2)), id="bce-lists"),
    Bad(
        L.fit_classifier,
        ("bce", onp.ones((2, 1)), [0, 1]),
        raises=TypeError,
        match="loss must be",
        id="fit-loss",
    ),
    Bad(
        L.fit_classifier,
        (L.bce_with_logits, onp.ones(2), [0, 1]),
        match="X must have shape",
        id="fit-X-1d",
    ),
    Bad(
        L.fit_classifier,
        (L.bce_with_logits, onp.ones((3, 1)), [0, 1]),
        match="X must have shape",
        id="fit-y-length",
    ),
    Bad(
        L.fit_classifier,
        (L.bce_with_logits, onp.ones((2, 1)), [0, 2]),
        match="labels 0 or 1",
        id="fit-labels",
    ),
    Bad(
        L.fit_classifier,
        (L.bce_with_logits, onp.ones((2, 1)), [0, 1]),
        {"steps": 0},
        match="steps must be",
        id="fit-steps",
    ),
    Bad(L.predict_proba, (NET, [[NAN, 0.0]]), match="X must be finite", id="predict-nan"),
    Bad(L.predict_proba, (NET, [0.0, 1.0]), match="X must have ndim 2", id="predict-1d"),
    Bad(
        L.predict_proba,
        ([1, 2], [[0.0, 1.0]]),
        raises=TypeError,
        match="params[0] must be a pair",
        id="predict-params",
    ),
    Bad(L.predict_proba, (NET, [[0.0, 0.0]]), expect=is_(0.5), id="predict-list"),
    # issue 23: NaN weights were blamed on z, an argument predict_proba does not have
    Bad(
        L.predict_proba,
        ([(onp.array([[NAN], [0.0]]), onp.zeros(1))], X2),
        match="params[0][0] (W of layer 0) must be finite; found nan",
        id="predict-params-nan",
    ),
    Bad(
        L.predict_proba,
        ([(onp.ones((2, 1)), onp.array([INF]))], X2),
        match="params[0][1] (b of layer 0) must be finite; found inf",
        id="predict-params-inf",
    ),
    Bad(
        L.predict_proba,
        ([(onp.full((2, 1), BIG), onp.zeros(1))], X2 + 10.0),
        raises=FloatingPointError,
        match="beyond the range of float64",
        id="predict-overflow",
    ),
    Bad(L.roc_auc, ([1, 1], [0.2, 0.3]), match="both labels", id="roc_auc-one-class"),
    Bad(L.roc_auc, (Y, [0.2, 0.3]), match="shape of y_true", id="roc_auc-shape"),
    Bad(L.roc_auc, ([1, 0], [0.2, 0.3]), expect=is_(0.0), id="roc_auc-list-inverted"),
    Bad(
        L.threshold_at_recall,
        (Y, P, 1.5),
        match="min_recall must be in",
        id="threshold_at_recall-range",
    ),
    Bad(
        L.threshold_at_recall,
        ([1, 1, 0], [0.0, 0.7, 0.2], 0.9),
        match="no threshold reaches recall 0.9: the best, at t = 0, is 0.5",
        id="threshold_at_recall-unreachable",
    ),
    Bad(
        L.threshold_at_recall,
        ([1, 1, 0], [0.9, 0.7, 0.2], 0.5),
        expect=lambda t: t == 0.7,
        id="threshold_at_recall-list",
    ),
    # --- what the frameworks return
    Bad(L.framework_op_grad, ("ceil", [0.0], "torch"), match="unknown op 'ceil'", id="op_grad-op"),
    Bad(
        L.framework_op_grad,
        ("round", [0.0], "mxnet"),
        match="unknown framework",
        id="op_grad-framework",
    ),
    Bad(L.framework_op_grad, ("round", [NAN], "jax"), match="x must be finite", id="op_grad-nan"),
    Bad(
        L.framework_op_grad,
        ("abs", [1j], "jax"),
        raises=TypeError,
        match="x must be real",
        id="op_grad-complex",
    ),
    Bad(
        L.framework_op_grad,
        ("abs", [-1, 2], "torch"),
        expect=lambda r: r.tolist() == [-1.0, 1.0],
        id="op_grad-list",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


# --- properties ----------------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False)
unit = st.floats(0.0, 1.0)
labelled = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
        st.lists(unit, min_size=n, max_size=n),
        st.lists(finite, min_size=n, max_size=n),
    )
)
METRICS = [
    lambda y, p, z: L.confusion_counts(y, p),
    lambda y, p, z: L.precision(y, p, 0.3),
    lambda y, p, z: L.recall(y, p),
    lambda y, p, z: L.f_beta(y, p, 2.0),
    lambda y, p, z: L.best_threshold(y, p, 0.5),
    lambda y, p, z: L.precision_at_recall(y, p, 0.5),
    lambda y, p, z: L.threshold_at_recall(y, p, 0.5),
    lambda y, p, z: L.roc_auc(y, p),
    lambda y, p, z: L.soft_counts(y, p),
    lambda y, p, z: L.soft_precision(y, p, 1e-7),
    lambda y, p, z: L.soft_recall(y, p),
    lambda y, p, z: L.soft_f_beta(y, p, 3.0),
    lambda y, p, z: L.soft_f1(y, p),
    lambda y, p, z: L.sigmoid_f1_loss(y, z, 4.0, 0.1),
    lambda y, p, z: L.hinge_bounds(y, z),
    lambda y, p, z: L.hinge_f_beta_bound(y, z),
    lambda y, p, z: L.bce_with_logits(y, z),
    lambda y, p, z: L.round_ste(z, clip=(0, 1)),
    lambda y, p, z: L.ramp_step(z),
    lambda y, p, z: L.softsign_step(z, 4.0),
    lambda y, p, z: L.sigmoid(z),
    lambda y, p, z: L.framework_op_grad("clip", z, "jax"),
]


@settings(max_examples=60, deadline=None)
@given(labelled, st.sampled_from(range(len(METRICS))))
def test_finite_valid_input_gives_a_finite_result_or_a_named_error(data, which):
    y, p, z = (onp.array(v) for v in data)
    try:
        result = METRICS[which](y, p, z)
    except (ValueError, TypeError) as err:  # a named refusal is allowed, a silent NaN is not
        assert any(
            name in str(err) for name in ("y_true", "y_prob", "logits", "x", "z", "threshold")
        ), err
        return
    assert onp.all(onp.isfinite(onp.asarray(result, dtype=float))), (which, result)


@settings(max_examples=40, deadline=None)
@given(labelled, st.sampled_from(range(len(METRICS))))
def test_inputs_are_never_mutated(data, which):
    y, p, z = (onp.array(v) for v in data)
    copies = [a.copy() for a in (y, p, z)]
    try:
        METRICS[which](y, p, z)
    except (ValueError, TypeError):
        pass
    for before, after in zip(copies, (y, p, z)):
        assert onp.array_equal(before, after)


@settings(max_examples=30, deadline=None)
@given(labelled, st.sampled_from(range(len(METRICS))))
def test_plain_lists_give_what_arrays_give(data, which):
    y, p, z = data
    try:
        from_arrays = METRICS[which](*(onp.array(v) for v in data))
    except (ValueError, TypeError) as err:
        with pytest.raises(type(err)):
            METRICS[which](y, p, z)
        return
    onp.testing.assert_array_equal(
        onp.asarray(METRICS[which](y, p, z), dtype=float), onp.asarray(from_arrays, dtype=float)
    )


# autograd's own tanh VJP, g/cosh(x)², overflows cosh to inf for |x| > 710 and so gives the
# correct 0 with a RuntimeWarning; the property is about the values, which stay finite
@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=25, deadline=None)
@given(st.lists(finite, min_size=1, max_size=8), st.floats(0.01, 1e3), st.floats(-10, 10))
def test_steps_and_their_gradients_stay_finite(x, scale, center):
    from autograd import elementwise_grad

    x = onp.array(x)
    for step in (
        lambda v: L.softsign_step(v, scale, center),
        lambda v: L.ramp_step(v, scale, center),
        lambda v: L.sigmoid(v / scale),
    ):
        assert onp.all(onp.isfinite(step(x))) and onp.all(onp.isfinite(elementwise_grad(step)(x)))


# issue 23: extreme but finite magnitudes, 1e-300 to 1e300 and both signs, in every real input
extreme = st.one_of(
    st.just(0.0),
    st.floats(1e-300, 1e300),
    st.floats(-1e300, -1e-300),
    st.floats(-1e6, 1e6),
)
LOGIT_FUNCTIONS = [
    lambda y, z: L.sigmoid_f1_loss(y, z, 4.0, 0.1),
    lambda y, z: L.hinge_bounds(y, z),
    lambda y, z: L.hinge_f_beta_bound(y, z, 2.0),
    lambda y, z: L.bce_with_logits(y, z),
    lambda y, z: L.precision_at_recall_lagrangian(onp.r_[1.0, y], onp.r_[0.0, z], 0.5, 2.0),
    lambda y, z: L.round_ste(z),
    lambda y, z: L.ramp_step(z, 0.125),
    lambda y, z: L.softsign_step(z, 5.0),
    lambda y, z: L.sigmoid(z),
]


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n),
            st.lists(extreme, min_size=n, max_size=n),
        )
    ),
    st.sampled_from(range(len(LOGIT_FUNCTIONS))),
)
def test_extreme_logits_give_a_finite_result_or_a_named_error(data, which):
    y, z = (onp.array(v) for v in data)
    try:
        result = LOGIT_FUNCTIONS[which](y, z)
    except ValueError as err:  # an overflow is refused by name, never returned as inf or nan
        assert any(name in str(err) for name in ("logits", "x", "lam")), err
        return
    assert onp.all(onp.isfinite(onp.asarray(result, dtype=float))), (which, result)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(st.lists(extreme, min_size=3, max_size=3), st.lists(extreme, min_size=2, max_size=2))
def test_predict_proba_with_extreme_weights_is_a_probability_or_names_params(weights, x):
    params = [(onp.array(weights[:2]).reshape(2, 1), onp.array(weights[2:]))]
    try:
        p = L.predict_proba(params, onp.array([x]))
    except FloatingPointError as err:  # named by predict_proba or by nets.mlp
        assert "beyond the range of float64" in str(err), err
        return
    assert onp.all((p >= 0) & (p <= 1)), p


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@settings(max_examples=40, deadline=None)
@given(st.lists(extreme, min_size=1, max_size=6), st.floats(1e-300, 1e300), extreme)
def test_steps_at_extreme_scales_stay_finite_or_name_the_culprit(x, scale, center):
    x = onp.array(x)
    for step in (
        lambda v: L.softsign_step(v, scale, center),
        lambda v: L.ramp_step(v, scale, center),
    ):
        try:
            value = step(x)
        except ValueError as err:
            assert "the magnitude of x − center is too large" in str(err), err
            continue
        assert onp.all((value >= 0) & (value <= 1)), value
