"""Bad input for companion.nets (issue 16): every public function, each case a call and the
named error (type and a phrase of its message) or the documented value it must give. Then
hypothesis properties: finite valid input gives a finite output or a named error, never a
silent NaN, and the caller's arrays are never changed. Issue 23 added the named regressions
below and properties at every scale from 1e-300 to 1e300, one layer against exact arithmetic."""

from fractions import Fraction

import autograd.numpy as np
import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import nets as cn

NAN = float("nan")
NET = cn.init_mlp([2, 3, 1], seed=0)
RNN = cn.init_rnn(1, 2, 1, seed=0)
ONES = onp.ones((4, 1))
sq = lambda p: np.sum(p**2)  # noqa: E731

CASES = [
    # --- init_mlp
    Bad(cn.init_mlp, ([3],), match="at least two positive integers", id="init_mlp-sizes-short"),
    Bad(
        cn.init_mlp, ([2, True],), match="at least two positive integers", id="init_mlp-sizes-bool"
    ),
    Bad(
        cn.init_mlp, ([2, 3.0],), match="at least two positive integers", id="init_mlp-sizes-float"
    ),
    Bad(cn.init_mlp, (3,), raises=TypeError, match="sizes must be a list", id="init_mlp-sizes-int"),
    Bad(
        cn.init_mlp,
        ([2, 3],),
        {"scale": 0},
        match="scale must be in (0.0, inf)",
        id="init_mlp-scale-zero",
    ),
    Bad(
        cn.init_mlp,
        ([2, 3],),
        {"scale": NAN},
        match="scale must be finite",
        id="init_mlp-scale-nan",
    ),
    Bad(
        cn.init_mlp,
        ([2, 3],),
        {"seed": "a"},
        raises=TypeError,
        match="seed must be an integer",
        id="init_mlp-seed-str",
    ),
    Bad(
        cn.init_mlp,
        ([2, 3],),
        {"seed": 1.5},
        raises=TypeError,
        match="seed must be an integer",
        id="init_mlp-seed-float",
    ),
    Bad(
        cn.init_mlp,
        ((2, 3),),
        {"seed": onp.int64(4)},
        expect=lambda p: p[0][0].shape == (2, 3),
        id="init_mlp-tuple-numpy-seed",
    ),
    # --- mlp
    Bad(
        cn.mlp,
        (NET, onp.ones(2) * 1j),
        raises=TypeError,
        match="x must be real",
        id="mlp-x-complex",
    ),
    Bad(
        cn.mlp,
        (NET, ["a", "b"]),
        raises=TypeError,
        match="x must be a real numeric array",
        id="mlp-x-str",
    ),
    Bad(cn.mlp, (NET, onp.ones((4, 3))), match="last dimension 2", id="mlp-x-shape"),
    Bad(
        cn.mlp,
        (NET, [0.1, 0.2]),
        expect=lambda h: h.shape == (1,) and onp.isfinite(h).all(),
        id="mlp-x-list",
    ),
    Bad(
        cn.mlp,
        (NET, [NAN, 0.2]),
        expect=lambda h: onp.isnan(h).all(),
        id="mlp-x-nan-passes-through",
    ),
    Bad(
        cn.mlp,
        (NET, onp.ones(2)),
        {"activation": "gelu"},
        match="unknown activation 'gelu'",
        id="mlp-activation",
    ),
    Bad(
        cn.mlp,
        (NET, onp.ones(2)),
        {"final_activation": None},
        match="unknown final_activation",
        id="mlp-final_activation",
    ),
    Bad(
        cn.mlp,
        ({"W": 1}, onp.ones(2)),
        raises=TypeError,
        match="non-empty list of (W, b)",
        id="mlp-params-dict",
    ),
    Bad(
        cn.mlp,
        ([], onp.ones(2)),
        raises=TypeError,
        match="non-empty list of (W, b)",
        id="mlp-params-empty",
    ),
    Bad(
        cn.mlp,
        ([(onp.ones((2, 3)),)], onp.ones(2)),
        raises=TypeError,
        match="params[0] must be a pair",
        id="mlp-params-single",
    ),
    Bad(
        cn.mlp,
        ([(onp.ones((2, 3)), onp.ones(2))], onp.ones(2)),
        match="b of shape (n_out,)",
        id="mlp-params-bias-shape",
    ),
    Bad(
        cn.mlp,
        ([(onp.ones((2, 3)), onp.ones(3)), (onp.ones((4, 1)), onp.ones(1))], onp.ones(2)),
        match="params[1] W has 4 rows",
        id="mlp-params-chain",
    ),
    Bad(
        cn.mlp,
        ([(onp.ones((2, 1)) * 1j, onp.ones(1))], onp.ones(2)),
        raises=TypeError,
        match="params[0] W must be real",
        id="mlp-weights-complex",
    ),
    # --- init_rnn and rnn
    Bad(cn.init_rnn, (1, 0, 1), match="at least two positive integers", id="init_rnn-hidden-zero"),
    Bad(
        cn.init_rnn,
        (1, 2, 1),
        {"seed": "s"},
        raises=TypeError,
        match="seed must be an integer",
        id="init_rnn-seed",
    ),
    Bad(
        cn.rnn,
        ({"W_x": 1}, onp.ones((3, 1, 1))),
        raises=TypeError,
        match="params must be a dict with keys",
        id="rnn-params",
    ),
    Bad(
        cn.rnn,
        (RNN, onp.ones((3, 1, 1)) * 1j),
        raises=TypeError,
        match="xs must be real",
        id="rnn-xs-complex",
    ),
    Bad(
        cn.rnn,
        (RNN, onp.ones((3, 1))),
        match="xs must have shape (T, batch, n_in)",
        id="rnn-xs-ndim",
    ),
    Bad(cn.rnn, (RNN, onp.ones((3, 1, 2))), match="with n_in = 1", id="rnn-xs-n_in"),
    Bad(
        cn.rnn,
        (RNN, onp.ones((3, 1, 1))),
        {"h0": onp.zeros(3)},
        match="h0 must have shape (batch, n_hidden)",
        id="rnn-h0-shape",
    ),
    Bad(
        cn.rnn,
        (RNN, [[[1.0]], [[2.0]]]),
        expect=lambda out: out.shape == (2, 1, 1),
        id="rnn-xs-list",
    ),
    # --- adam_fit: every hyperparameter named
    Bad(
        cn.adam_fit,
        (None, onp.ones(2)),
        raises=TypeError,
        match="loss must be a callable",
        id="adam_fit-loss",
    ),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2)),
        {"b1": 1.0},
        match="b1 must be in [0.0, 1.0)",
        id="adam_fit-b1-one",
    ),
    Bad(
        cn.adam_fit, (sq, onp.ones(2)), {"b2": NAN}, match="b2 must be finite", id="adam_fit-b2-nan"
    ),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2)),
        {"eps": 0.0},
        match="eps must be in (0.0, inf)",
        id="adam_fit-eps-zero",
    ),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2)),
        {"lr": -1.0},
        match="lr must be in (0.0, inf)",
        id="adam_fit-lr",
    ),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2)),
        {"steps": 0},
        match="steps must be in [1, 1000000]",
        id="adam_fit-steps-zero",
    ),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2)),
        {"steps": 10**9},
        match="steps must be in [1, 1000000]",
        id="adam_fit-steps-hours",
    ),
    Bad(cn.adam_fit, (sq, [1.0, NAN]), match="params must be finite", id="adam_fit-params-nan"),
    Bad(
        cn.adam_fit,
        (sq, onp.ones(2) * 1j),
        raises=TypeError,
        match="params must be real",
        id="adam_fit-params-complex",
    ),
    Bad(
        cn.adam_fit,
        (sq, {"a": "x"}),
        raises=TypeError,
        match="params must hold arrays",
        id="adam_fit-params-str",
    ),
    Bad(
        cn.adam_fit,
        (lambda p: np.sum(p**2) * 1e300, onp.ones(2) * 1e10),
        {"steps": 3},
        raises=FloatingPointError,
        match="at the initial params",
        id="adam_fit-loss-overflow",
    ),
    Bad(
        cn.adam_fit,
        (lambda p: np.sum(p[0] ** 2), [onp.ones(2)]),
        {"steps": 3},
        expect=lambda r: r[1].shape == (3,),
        id="adam_fit-params-list",
    ),
    # --- train_mlp
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(4)),
        {"hidden": "a"},
        raises=TypeError,
        match="hidden must be a tuple",
        id="train_mlp-hidden-str",
    ),
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(4)),
        {"hidden": (0,)},
        raises=TypeError,
        match="positive layer widths",
        id="train_mlp-hidden-zero",
    ),
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(4)),
        {"activation": "gelu"},
        match="unknown activation",
        id="train_mlp-activation",
    ),
    Bad(
        cn.train_mlp,
        (ONES * 1j, onp.ones(4)),
        raises=TypeError,
        match="inputs must be real",
        id="train_mlp-inputs-complex",
    ),
    Bad(
        cn.train_mlp,
        (onp.ones(4), onp.ones(4)),
        match="inputs must have shape",
        id="train_mlp-inputs-1d",
    ),
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(5)),
        match="targets must have shape",
        id="train_mlp-targets-length",
    ),
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(4)),
        {"steps": 0},
        match="steps must be in",
        id="train_mlp-steps",
    ),
    Bad(
        cn.train_mlp,
        (ONES, onp.ones(4)),
        {"seed": "s"},
        raises=TypeError,
        match="seed must be an integer",
        id="train_mlp-seed",
    ),
    Bad(
        cn.train_mlp,
        ([[0.0], [1.0]], [0.0, 1.0]),
        {"hidden": 2, "steps": 3},
        expect=lambda r: r[1].shape == (3,),
        id="train_mlp-lists-int-hidden",
    ),
    # --- issue 23: NaN weights, empty data, a vector loss, a NaN start gradient, huge sizes
    Bad(
        cn.init_mlp,
        ([10**6, 10**6],),
        match="more than MAX_PARAMS = 10,000,000",
        id="init_mlp-too-large",
    ),
    Bad(cn.init_rnn, (1, 10**4, 1), match="more than MAX_PARAMS", id="init_rnn-too-large"),
    Bad(
        cn.mlp,
        ([(NET[0][0] * NAN, NET[0][1]), NET[1]], [0.1, 0.2]),
        match="params[0][0] (W of layer 0) must be finite; found nan",
        id="mlp-weight-nan",
    ),
    Bad(
        cn.mlp,
        ([NET[0], (NET[1][0], NET[1][1] + onp.inf)], [0.1, 0.2]),
        match="params[1][1] (b of layer 1) must be finite; found inf",
        id="mlp-bias-inf",
    ),
    Bad(
        cn.mlp,
        ([(onp.array([[1e300], [-1e300]]), onp.zeros(1))], [1e300, 1e300]),
        raises=FloatingPointError,
        match="layer 0's pre-activation h W + b is beyond the range of float64",
        id="mlp-preactivation-overflow",
    ),
    Bad(
        cn.rnn,
        (RNN, onp.ones((0, 1, 1))),
        match="xs must hold at least one time step, got shape (0, 1, 1)",
        id="rnn-xs-empty",
    ),
    Bad(
        cn.rnn,
        ({**RNN, "W_h": RNN["W_h"] * NAN}, onp.ones((2, 1, 1))),
        match="params['W_h'] must be finite",
        id="rnn-weight-nan",
    ),
    Bad(
        cn.adam_fit,
        (lambda p: p["w"] * 2, {"w": onp.zeros(3)}),
        {"steps": 1},
        raises=TypeError,
        match="loss must return a real scalar, got shape (3,)",
        id="adam_fit-loss-vector",
    ),
    Bad(
        cn.adam_fit,
        (lambda p: np.sum(np.abs(p["w"]) ** 0.5), {"w": onp.zeros(1)}),
        {"steps": 1},
        raises=FloatingPointError,
        match="the gradient of loss is nan at the initial params, before any step",
        id="adam_fit-grad-nan-at-start",
    ),
    Bad(
        cn.train_mlp,
        (onp.zeros((0, 2)), onp.zeros(0)),
        match="inputs must not be empty, got shape (0, 2)",
        id="train_mlp-inputs-empty",
    ),
    Bad(
        lambda: cn.freeze(NET, [0.5])(NAN),
        match="y must be finite; found nan",
        covers=cn.freeze,
        id="freeze-y-nan",
    ),
    Bad(
        lambda: cn.freeze(NET, [0.5])(onp.array([0.1, onp.inf])),
        match="y must be finite; found inf at index (1,)",
        covers=cn.freeze,
        id="freeze-y-inf",
    ),
    # --- freeze
    Bad(cn.freeze, (NET, [1j]), raises=TypeError, match="x must be real", id="freeze-x-complex"),
    Bad(
        cn.freeze,
        (NET, [0.1, 0.2]),
        match="fewer than the network's 2 inputs",
        id="freeze-x-too-long",
    ),
    Bad(
        cn.freeze,
        (NET, [0.1]),
        {"output": True},
        match="output must be an index",
        id="freeze-output-bool",
    ),
    Bad(
        cn.freeze,
        (NET, [0.1]),
        {"output": 1},
        match="output must be an index in [0, 1)",
        id="freeze-output-range",
    ),
    Bad(
        cn.freeze,
        ("p", [0.1]),
        raises=TypeError,
        match="non-empty list of (W, b)",
        id="freeze-params",
    ),
    Bad(
        cn.freeze,
        (NET, [0.1]),
        {"activation": "x"},
        match="unknown activation 'x'",
        id="freeze-activation",
    ),
    Bad(
        lambda: cn.freeze(NET, [0.1])(1j),
        raises=TypeError,
        match="y must be real",
        covers=cn.freeze,
        id="freeze-y-complex",
    ),
    Bad(
        lambda: cn.freeze(cn.init_mlp([3, 1]), [0.1])(onp.ones(3)),
        match="y must have last dimension 2",
        covers=cn.freeze,
        id="freeze-y-shape",
    ),
    # --- export_weights
    Bad(
        cn.export_weights,
        ("p",),
        raises=TypeError,
        match="non-empty list of (W, b)",
        id="export_weights-params",
    ),
    Bad(cn.export_weights, (NET, "int8"), match="unknown dtype 'int8'", id="export_weights-dtype"),
    Bad(
        cn.export_weights,
        (NET, onp.float32),
        expect=lambda a: a[0].dtype == onp.float32,
        id="export_weights-numpy-dtype",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


# --- properties ------------------------------------------------------------------------------

PROPS = settings(max_examples=25, deadline=None)
finite = st.floats(-1e3, 1e3, allow_nan=False)


@PROPS
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    seed=st.integers(0, 2**32 - 1),
    x=st.lists(finite, min_size=4, max_size=4),
    activation=st.sampled_from(sorted(cn.ACTIVATIONS)),
)
def test_mlp_and_freeze_are_finite_and_never_mutate(sizes, seed, x, activation):
    weights = cn.init_mlp(sizes, seed=seed)
    kept = [(W.copy(), b.copy()) for W, b in weights]
    xs = onp.resize(onp.array(x), (3, sizes[0]))
    x_kept = xs.copy()
    out = cn.mlp(weights, xs, activation)
    assert out.shape == (3, sizes[-1]) and onp.all(onp.isfinite(out))
    if sizes[0] > 1:
        f = cn.freeze(weights, xs[0, :-1], activation)
        assert onp.isfinite(f(xs[0, -1]))
    arrays = cn.export_weights(weights)
    arrays[0][...] = 7.0
    assert onp.array_equal(xs, x_kept)
    for (W, b), (W0, b0) in zip(weights, kept):
        assert onp.array_equal(W, W0) and onp.array_equal(b, b0)


@PROPS
@given(
    w=st.lists(finite, min_size=1, max_size=3),
    lr=st.floats(1e-4, 10.0),
    b1=st.floats(0.0, 0.99),
    b2=st.floats(0.0, 0.999),
    eps=st.floats(1e-12, 1.0),
)
def test_adam_fit_is_finite_or_named_and_never_mutates(w, lr, b1, b2, eps):
    start = {"w": onp.array(w)}
    kept = start["w"].copy()
    loss = lambda p: np.sum((p["w"] - 1.0) ** 2)  # noqa: E731
    try:
        params, history = cn.adam_fit(loss, start, steps=5, lr=lr, b1=b1, b2=b2, eps=eps)
    except FloatingPointError as err:
        assert "step" in str(err)
    else:
        assert onp.all(onp.isfinite(history)) and onp.all(onp.isfinite(params["w"]))
    assert onp.array_equal(start["w"], kept)


@PROPS
@given(xs=st.lists(finite, min_size=2, max_size=6), seed=st.integers(0, 100))
def test_rnn_is_finite_and_never_mutates(xs, seed):
    p = cn.init_rnn(1, 3, 2, seed=seed)
    kept = {k: v.copy() for k, v in p.items()}
    seq = onp.array(xs).reshape(-1, 1, 1)
    seq_kept = seq.copy()
    out = cn.rnn(p, seq)
    assert out.shape == (len(xs), 1, 2) and onp.all(onp.isfinite(out))
    assert onp.array_equal(seq, seq_kept) and all(onp.array_equal(p[k], kept[k]) for k in p)


# --- issue 23: the issue's examples, by name ----------------------------------------------


def test_issue23_adam_fit_names_a_nan_gradient_at_the_start_not_lr():
    """adam_fit(Σ|w|^½, w = 0) advised lowering lr, and lr = 1e-8 gave the same advice."""
    for lr in (0.01, 1e-8):
        with pytest.raises(FloatingPointError, match="gradient of loss is nan") as err:
            cn.adam_fit(
                lambda p: np.sum(np.abs(p["w"]) ** 0.5), {"w": onp.zeros(1)}, steps=1, lr=lr
            )
        assert "lr is not the problem" in str(err.value)


def test_issue23_vector_losses_and_empty_data_name_their_cause():
    with pytest.raises(TypeError, match="loss must return a real scalar"):
        cn.adam_fit(lambda p: p["w"] * 2, {"w": onp.zeros(3)}, steps=1)
    with pytest.raises(ValueError, match="inputs must not be empty"):
        cn.train_mlp(onp.zeros((0, 2)), onp.zeros(0))


def test_issue23_nan_weights_and_nan_y_are_refused_like_nan_x_in_freeze():
    """mlp with a NaN weight returned NaN, and freeze(P, [0.5])(nan) returned NaN while
    freeze(P, [nan]) was refused. Now a weight and both of freeze's inputs must be finite;
    only mlp's own x passes NaN through (documented)."""
    with pytest.raises(ValueError, match="params"):
        cn.mlp([(NET[0][0] * NAN, NET[0][1]), NET[1]], [0.1, 0.2])
    with pytest.raises(ValueError, match="y must be finite"):
        cn.freeze(NET, [0.5])(NAN)
    with pytest.raises(ValueError, match="x must be finite"):
        cn.freeze(NET, [NAN])
    assert onp.isnan(cn.mlp(NET, [NAN, 0.2])).all()


def test_issue23_empty_sequence_and_huge_sizes():
    with pytest.raises(ValueError, match="at least one time step"):
        cn.rnn(RNN, onp.ones((0, 1, 1)))
    with pytest.raises(ValueError, match="MAX_PARAMS"):
        cn.init_mlp([10**6, 10**6])
    assert len(cn.init_mlp([1000, 9000], seed=0)) == 1  # 9 million weights: allowed


# --- extreme but finite magnitudes (1e-300 .. 1e300), against exact arithmetic ---------------


def magnitudes(lo=-300, hi=300):
    """A float ±m·10^e with m in [1, 10) and e in [lo, hi]."""
    return st.builds(
        lambda sign, m, e: sign * m * 10.0**e,
        st.sampled_from([-1.0, 1.0]),
        st.floats(1.0, 9.99),
        st.integers(lo, hi),
    )


@settings(max_examples=60, deadline=None)
@given(
    x=st.lists(magnitudes(), min_size=3, max_size=3),
    W=st.lists(magnitudes(), min_size=6, max_size=6),
    b=st.lists(magnitudes(), min_size=2, max_size=2),
    final=st.sampled_from(["identity", "relu"]),
)
def test_one_layer_is_exact_up_to_rounding_or_a_named_overflow(x, W, b, final):
    """One layer, a = x W + b, at any scale: the exact value (Fractions) is matched to
    rounding, 4·eps_mach·Σ|terms| (+ underflow), or the layer overflows and says so (only
    where Σ|terms| passes float64's range); relu cannot hide an overflow as 0."""
    x, W, b = onp.array(x), onp.array(W).reshape(3, 2), onp.array(b)
    columns = [
        [Fraction(x[i]) * Fraction(W[i, j]) for i in range(3)] + [Fraction(b[j])] for j in range(2)
    ]
    try:
        out = cn.mlp([(W, b)], x, final_activation=final)
    except FloatingPointError as err:
        assert "beyond the range of float64" in str(err)
        sizes = [sum(abs(t) for t in terms) for terms in columns]
        assert max(sizes) > Fraction(1.7e308), "an overflow needs |terms| summing past 1.8e308"
        return
    for j, terms in enumerate(columns):
        size = sum(abs(t) for t in terms)
        assert onp.isfinite(out[j])
        exact = sum(terms)
        exact = max(exact, Fraction(0)) if final == "relu" else exact
        tol = 4 * Fraction(onp.finfo(float).eps) * size + Fraction(1e-300)
        assert abs(Fraction(out[j]) - exact) <= tol, (out[j], float(exact))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    scale=magnitudes().map(abs),
    y=st.lists(magnitudes(), min_size=2, max_size=2),
    activation=st.sampled_from(sorted(cn.ACTIVATIONS)),
)
def test_networks_at_any_scale_are_finite_or_named(seed, scale, y, activation):
    """A 2-4-1 network whose weights and inputs range over 1e-300..1e300: mlp and freeze give a
    finite output or the named overflow, never a silent NaN."""
    weights = cn.init_mlp([2, 4, 1], seed=seed, scale=scale)
    try:
        out = cn.mlp(weights, onp.array(y), activation)
        frozen = cn.freeze(weights, [y[0]], activation)(y[1])
    except FloatingPointError as err:
        assert "beyond the range" in str(err)
    else:
        assert onp.all(onp.isfinite(out)) and onp.isfinite(frozen)


def test_issue23_relu_cannot_hide_an_overflow():
    """x W + b = 1e308 exactly, but x·W overflows term by term: relu turned the −inf into 0."""
    x, W = onp.array([1e265, -1e143, -1.0]), onp.array([[-9e43], [-1e166], [-1.0]])
    with pytest.raises(FloatingPointError, match="beyond the range of float64"):
        cn.mlp([(W, onp.array([-1.0]))], x, final_activation="relu")


@settings(max_examples=25, deadline=None)
@given(w=st.lists(magnitudes(), min_size=1, max_size=3), lr=magnitudes(-300, 0).map(abs))
def test_adam_fit_at_any_scale_is_finite_or_named(w, lr):
    start = {"w": onp.array(w)}
    try:
        params, history = cn.adam_fit(lambda p: np.sum(p["w"] ** 2), start, steps=3, lr=lr)
    except FloatingPointError as err:
        assert "step" in str(err)
    else:
        assert onp.all(onp.isfinite(history)) and onp.all(onp.isfinite(params["w"]))
