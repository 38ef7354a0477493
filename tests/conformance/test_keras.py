"""Keras 3 (TensorFlow backend) against the companion's emulations: its optimizers
(companion.optimizers, convention="keras") and keras.metrics.R2Score
(companion.regression.keras_r2_score).
"""

import warnings

import numpy as onp
import pytest
from conformance_support import (
    OPT_STEPS,
    OPT_W0,
    assert_close,
    assert_same_trajectory,
    companion_attr,
    companion_module,
    opt_grad,
)

pytest.importorskip("tensorflow")  # the backend these emulations were measured with
keras = pytest.importorskip("keras")


def test_backend_is_tensorflow():
    assert keras.backend.backend() == "tensorflow"


# ---- chapter 5: optimizers ------------------------------------------------------------------

# (id, keras.optimizers class, its kwargs, companion factory, its kwargs, {companion slot: keras
# variable name}). Keras keeps the learning rate in a float32 variable but the weights and
# slots here are float64 and its update arithmetic runs in the weights' dtype; the emulation
# rounds the hyperparameters to float32 the same way, so agreement is to 1e-12.
KERAS_OPTIMIZERS = [
    ("sgd/default", "SGD", {}, "sgd", {}, {}),
    ("sgd/wd", "SGD", {"learning_rate": 0.01, "weight_decay": 0.1}, "sgd", {"lr": 0.01, "weight_decay": 0.1}, {}),
    ("momentum", "SGD", {"momentum": 0.9}, "momentum", {"momentum": 0.9}, {"mom": "momentum"}),
    ("momentum/wd", "SGD", {"momentum": 0.9, "weight_decay": 0.1}, "momentum", {"momentum": 0.9, "weight_decay": 0.1}, {"mom": "momentum"}),
    ("nesterov", "SGD", {"momentum": 0.9, "nesterov": True}, "nesterov", {"momentum": 0.9}, {"mom": "momentum"}),
    ("adagrad/default", "Adagrad", {}, "adagrad", {}, {"acc": "accumulator"}),
    ("adagrad/wd", "Adagrad", {"learning_rate": 0.1, "weight_decay": 0.1}, "adagrad", {"lr": 0.1, "weight_decay": 0.1}, {"acc": "accumulator"}),
    ("rmsprop/default", "RMSprop", {}, "rmsprop", {}, {"ms": "velocity"}),
    ("rmsprop/momentum", "RMSprop", {"momentum": 0.9}, "rmsprop", {"momentum": 0.9}, {"ms": "velocity", "mom": "momentum"}),
    ("rmsprop/centered", "RMSprop", {"centered": True}, "rmsprop", {"centered": True}, {"ms": "velocity", "mg": "average_gradient"}),
    ("rmsprop/centered_momentum", "RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5}, "rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}, {"ms": "velocity", "mg": "average_gradient", "mom": "momentum"}),
    ("rmsprop/wd", "RMSprop", {"weight_decay": 0.1}, "rmsprop", {"weight_decay": 0.1}, {"ms": "velocity"}),
    ("rmsprop/custom", "RMSprop", {"learning_rate": 0.05, "rho": 0.8, "epsilon": 1e-6}, "rmsprop", {"lr": 0.05, "rho": 0.8, "eps": 1e-6}, {"ms": "velocity"}),
    ("adam/default", "Adam", {}, "adam", {}, {"m": "momentum", "v": "velocity"}),
    ("adam/wd_decoupled", "Adam", {"weight_decay": 0.1}, "adam", {"weight_decay": 0.1}, {"m": "momentum", "v": "velocity"}),
    ("adamw/default", "AdamW", {}, "adamw", {}, {"m": "momentum", "v": "velocity"}),
    ("adamw/custom", "AdamW", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6, "weight_decay": 0.1}, "adamw", {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, {"m": "momentum", "v": "velocity"}),
]  # fmt: skip


def _slot(opt, name):
    (var,) = [v for v in opt.variables if v.path.endswith(f"w_{name}")]
    return var.numpy()


@pytest.mark.parametrize(
    ("cls", "kwargs", "factory", "ckwargs", "slots"),
    [pytest.param(*v[1:], id=v[0]) for v in KERAS_OPTIMIZERS],
)
def test_optimizer_trajectory(cls, kwargs, factory, ckwargs, slots):
    w = keras.Variable(OPT_W0, dtype="float64", name="w")
    opt = getattr(keras.optimizers, cls)(**kwargs)
    params, real_slots = [OPT_W0.copy()], []
    for _ in range(OPT_STEPS):
        opt.apply([keras.ops.convert_to_tensor(opt_grad(w.numpy()), dtype="float64")], [w])
        params.append(w.numpy().copy())
        real_slots.append({k: _slot(opt, v) for k, v in slots.items()})
    assert_same_trajectory(
        params, real_slots, factory, {**ckwargs, "convention": "keras"}, what=f"keras {cls}{kwargs}"
    )


# ---- chapter 6: keras.metrics.R2Score ------------------------------------------------------

# R2Score keeps its state in float32 (the metric's default dtype) and reduces in float32, so
# the two can only be compared to float32 precision: a few float32 ulps of the result.
TOL32 = 4 * float(onp.finfo(onp.float32).eps)


def _data(n, outputs, seed, offset=0.0):
    rng = onp.random.default_rng(seed)
    y = offset + rng.normal(size=(n, outputs)) * rng.uniform(0.5, 3.0, size=outputs)
    return y, y + rng.normal(scale=0.4, size=(n, outputs))


R2_CASES = {
    "n=30,1 output": _data(30, 1, 0),
    "n=50,3 outputs": _data(50, 3, 1),
    "n=8,2 outputs": _data(8, 2, 2),
    "n=200,1 output,mean 10": _data(200, 1, 3, offset=10.0),
    "constant y": (onp.full((6, 1), 2.0), onp.arange(6.0)[:, None]),
}


def _keras_r2(y, yhat, num_regressors, aggregation, sample_weight=None):
    m = keras.metrics.R2Score(class_aggregation=aggregation, num_regressors=num_regressors)
    with warnings.catch_warnings():  # p >= n - 1: Keras warns and returns the plain R²
        warnings.simplefilter("ignore")
        m.update_state(y, yhat, sample_weight=sample_weight)
        return keras.ops.convert_to_numpy(m.result())


@pytest.mark.parametrize("aggregation", ["uniform_average", "variance_weighted_average", None])
@pytest.mark.parametrize("num_regressors", [0, 1, 3, 20])
@pytest.mark.parametrize("case", list(R2_CASES))
def test_r2_score(case, num_regressors, aggregation):
    regression = companion_module("regression")
    emulate = companion_attr(regression, "keras_r2_score")
    y, yhat = R2_CASES[case]
    real = _keras_r2(y, yhat, num_regressors, aggregation)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = onp.asarray(
            emulate(y, yhat, num_regressors=num_regressors, class_aggregation=aggregation)
        )
    what = f"R2Score({aggregation}, num_regressors={num_regressors}) on {case}"
    assert onp.array_equal(onp.isnan(got), onp.isnan(real)), f"{what}: {got} vs {real}"
    keep = ~onp.isnan(real)
    assert_close(got[keep], real[keep], TOL32, what)


@pytest.mark.parametrize("num_regressors", [0, 2])
def test_r2_score_sample_weight(num_regressors):
    regression = companion_module("regression")
    emulate = companion_attr(regression, "keras_r2_score")
    y, yhat = R2_CASES["n=50,3 outputs"]
    w = onp.random.default_rng(7).uniform(0.1, 2.0, size=len(y))
    real = _keras_r2(y, yhat, num_regressors, "uniform_average", sample_weight=w)
    got = emulate(y, yhat, num_regressors=num_regressors, sample_weight=w)
    assert_close(got, real, TOL32, f"weighted R2Score, num_regressors={num_regressors}")
