"""Chapter 5, issue 21: one huge but finite gradient, for every optimizer in every framework.

g = 1e200 is finite, but g² overflows float64. ``companion.optimizers`` refuses that step with
a FloatingPointError whose message says what the real framework does instead. This file runs
the real framework on float64 weights with the gradients below (coordinate 1 gets 1e200 once,
then −2) and checks that the message told the truth:

- "the weight freezes": coordinate 1 never moves again (a zero delta, ±0, at every step);
- "never moves that weight again": only weight decay moves it, w ← w − η·λ·w;
- "becomes NaN at step 2": finite after the spike, NaN after the next step, as happens where
  the average is written s + (1 − β)·(g² − s) and inf − inf = NaN;
- "the delta became ...": NaN at once (centred RMSProp: inf − inf in s − m²); PyTorch forms
  s − m² with one fused multiply-add in its AVX2 and AVX-512 CPU kernels, and then freezes.

Where the emulation does not refuse (SGD, momentum: no square), the framework's weights must
equal the emulation's, 1e198 and all. In every case coordinate 0, which sees ordinary
gradients, must match the emulation run on that coordinate alone: the spike stays local.
"""

import numpy as onp
import pytest
from conformance_support import TOL64, assert_close, companion_module

W0 = onp.array([1.0, -2.0])
GRADS = onp.array([[0.5, 1e200], [0.5, -2.0], [0.5, -2.0], [0.5, -2.0]])

# (framework, id, how to build it, companion factory, companion kwargs)
VARIANTS = [
    ("torch", "sgd", ("SGD", {"lr": 0.01}), "sgd", {"lr": 0.01}),
    ("torch", "momentum", ("SGD", {"lr": 0.01, "momentum": 0.9}), "momentum", {"lr": 0.01, "momentum": 0.9}),
    ("torch", "nesterov", ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}), "nesterov", {"lr": 0.01, "momentum": 0.9}),
    ("torch", "adagrad", ("Adagrad", {}), "adagrad", {}),
    ("torch", "rmsprop", ("RMSprop", {}), "rmsprop", {}),
    ("torch", "rmsprop/momentum", ("RMSprop", {"momentum": 0.9}), "rmsprop", {"momentum": 0.9}),
    ("torch", "rmsprop/centered", ("RMSprop", {"centered": True}), "rmsprop", {"centered": True}),
    ("torch", "adam", ("Adam", {}), "adam", {}),
    ("torch", "adam/wd_coupled", ("Adam", {"weight_decay": 0.1}), "adam", {"weight_decay": 0.1}),
    ("torch", "adamw", ("AdamW", {}), "adamw", {}),
    ("keras", "sgd", ("SGD", {}), "sgd", {}),
    ("keras", "momentum", ("SGD", {"momentum": 0.9}), "momentum", {"momentum": 0.9}),
    ("keras", "nesterov", ("SGD", {"momentum": 0.9, "nesterov": True}), "nesterov", {"momentum": 0.9}),
    ("keras", "adagrad", ("Adagrad", {}), "adagrad", {}),
    ("keras", "rmsprop", ("RMSprop", {}), "rmsprop", {}),
    ("keras", "rmsprop/momentum", ("RMSprop", {"momentum": 0.9}), "rmsprop", {"momentum": 0.9}),
    ("keras", "rmsprop/centered", ("RMSprop", {"centered": True}), "rmsprop", {"centered": True}),
    ("keras", "adam", ("Adam", {}), "adam", {}),
    ("keras", "adamw", ("AdamW", {}), "adamw", {}),
    ("tf1", "sgd", ("GradientDescentOptimizer", {"learning_rate": 0.01}), "sgd", {"lr": 0.01}),
    ("tf1", "momentum", ("MomentumOptimizer", {"learning_rate": 0.01, "momentum": 0.9}), "momentum", {"lr": 0.01, "momentum": 0.9}),
    ("tf1", "nesterov", ("MomentumOptimizer", {"learning_rate": 0.01, "momentum": 0.9, "use_nesterov": True}), "nesterov", {"lr": 0.01, "momentum": 0.9}),
    ("tf1", "adagrad", ("AdagradOptimizer", {"learning_rate": 0.1}), "adagrad", {"lr": 0.1}),
    ("tf1", "rmsprop", ("RMSPropOptimizer", {"learning_rate": 0.01}), "rmsprop", {"lr": 0.01}),
    ("tf1", "rmsprop/momentum", ("RMSPropOptimizer", {"learning_rate": 0.01, "momentum": 0.9}), "rmsprop", {"lr": 0.01, "momentum": 0.9}),
    ("tf1", "rmsprop/centered", ("RMSPropOptimizer", {"learning_rate": 0.01, "centered": True}), "rmsprop", {"lr": 0.01, "centered": True}),
    ("tf1", "adam", ("AdamOptimizer", {}), "adam", {}),
    ("optax", "sgd", ("sgd", {"learning_rate": 0.01}), "sgd", {"lr": 0.01}),
    ("optax", "momentum", ("sgd", {"learning_rate": 0.01, "momentum": 0.9}), "momentum", {"lr": 0.01, "momentum": 0.9}),
    ("optax", "nesterov", ("sgd", {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True}), "nesterov", {"lr": 0.01, "momentum": 0.9}),
    ("optax", "adagrad", ("adagrad", {"learning_rate": 0.1}), "adagrad", {"lr": 0.1}),
    ("optax", "rmsprop", ("rmsprop", {"learning_rate": 0.01}), "rmsprop", {"lr": 0.01}),
    ("optax", "rmsprop/momentum", ("rmsprop", {"learning_rate": 0.01, "momentum": 0.9}), "rmsprop", {"lr": 0.01, "momentum": 0.9}),
    ("optax", "rmsprop/centered", ("rmsprop", {"learning_rate": 0.01, "centered": True}), "rmsprop", {"lr": 0.01, "centered": True}),
    ("optax", "adam", ("adam", {"learning_rate": 0.01}), "adam", {"lr": 0.01}),
    ("optax", "adamw", ("adamw", {"learning_rate": 0.01}), "adamw", {"lr": 0.01}),
]  # fmt: skip


def run_torch(cls, kwargs):
    torch = pytest.importorskip("torch")
    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, cls)([w], **kwargs)
    out = []
    for g in GRADS:
        w.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append(w.detach().numpy().copy())
    return out


def run_keras(cls, kwargs):
    pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    w = keras.Variable(W0, dtype="float64", name="w")
    opt = getattr(keras.optimizers, cls)(**kwargs)
    out = []
    for g in GRADS:
        opt.apply([keras.ops.convert_to_tensor(g, dtype="float64")], [w])
        out.append(w.numpy().copy())
    return out


def run_tf1(cls, kwargs):
    tf = pytest.importorskip("tensorflow")
    w = tf.Variable(W0, dtype=tf.float64)
    opt = getattr(tf.compat.v1.train, cls)(**kwargs)
    out = []
    for g in GRADS:
        opt.apply_gradients([(tf.constant(g, tf.float64), w)])
        out.append(w.numpy().copy())
    return out


def run_optax(name, kwargs):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    optax = pytest.importorskip("optax")
    opt = getattr(optax, name)(**kwargs)
    w = jax.numpy.asarray(W0)
    state, out = opt.init(w), []
    for g in GRADS:
        updates, state = opt.update(jax.numpy.asarray(g), state, w)
        w = optax.apply_updates(w, updates)
        out.append(onp.array(w))
    return out


RUN = {"torch": run_torch, "keras": run_keras, "tf1": run_tf1, "optax": run_optax}


def emulate(factory, kwargs, coordinates):
    """The emulation's weights after each step on ``coordinates`` of the problem, or the
    FloatingPointError it raises."""
    optimizers = companion_module("optimizers")
    o = getattr(optimizers, factory)(**kwargs)
    w = W0[coordinates]
    state, out = o.init(w), []
    try:
        for g in GRADS:
            delta, state = o.update(g[coordinates], state, w)
            w = optimizers.apply(w, delta)
            out.append(w)
    except FloatingPointError as err:
        return o, err
    return o, onp.array(out)


@pytest.mark.parametrize(
    ("framework", "build", "factory", "ckwargs"),
    [pytest.param(f, b, fac, ck, id=f"ch05-huge-{f}-{vid}") for f, vid, b, fac, ck in VARIANTS],
)
def test_one_huge_gradient(framework, build, factory, ckwargs):
    real = onp.array(RUN[framework](*build))
    kwargs = {**ckwargs, "convention": framework}
    o, outcome = emulate(factory, kwargs, [0, 1])
    _, rest = emulate(factory, kwargs, [0])
    assert_close(real[:, 0], rest[:, 0], TOL64, f"{framework} {build}: the ordinary coordinate")
    w1 = real[:, 1]
    if not isinstance(outcome, FloatingPointError):  # no square to overflow: same numbers
        assert_close(real, outcome, TOL64, f"{framework} {build}")
        return
    message = str(outcome)
    assert "step 1: at grads index (1,)" in message, message
    if "the weight freezes" in message:
        assert (w1 == W0[1]).all(), f"message says frozen, framework gives {w1}\n{message}"
    elif "never moves that weight again" in message:
        lam, lr = o.hyper["weight_decay"], o.hyper["lr_used"]
        decay_only = W0[1] * (1 - lr * lam) ** onp.arange(1, len(GRADS) + 1)
        assert_close(w1, decay_only, TOL64, f"{framework} {build}: decay alone\n{message}")
    elif "the weight becomes NaN at step 2" in message:
        assert onp.isfinite(w1[0]) and onp.isnan(w1[1:]).all(), f"{w1}\n{message}"
    elif "AVX2 and AVX-512 CPU kernels" in message:  # frozen there, NaN in ATen's default kernel
        frozen = (w1 == W0[1]).all()
        assert frozen or onp.isnan(w1).all(), f"{w1}\n{message}"
    elif "the delta became" in message:
        assert onp.isnan(w1).all(), f"{w1}\n{message}"
    else:
        pytest.fail(f"the message names no outcome the test knows: {message}")
