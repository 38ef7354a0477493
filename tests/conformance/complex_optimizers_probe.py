"""Run one framework's built-in optimizers on complex least squares; print JSON (a subprocess).

For each optimizer in companion.wirtinger.COMPLEX_OPTIMIZERS[framework]: the final loss of the
complex run (the framework's gradient as it comes; JAX's conjugated first), the final loss of
the same optimizer on the real and imaginary parts as two real parameters, or the error raised;
for Keras also the complex64 run (its Adam family behaves differently there).
Used by test_ch04_complex_optimizers.py; a fresh process keeps JAX's x64 flag to itself.
"""

import json
import sys

import numpy as np

STEPS = 150
rng = np.random.default_rng(0)
X = rng.normal(size=(40, 2)) + 1j * rng.normal(size=(40, 2))
Y = X @ np.array([0.8 - 0.6j, -0.3 + 1.2j]) + 0.1 * (rng.normal(size=40) + 1j * rng.normal(size=40))
LR = {"SGD": 0.1, "SGD(momentum=0.9)": 0.05, "RMSprop": 0.01, "Adagrad": 0.5, "Adam": 0.05}
LR.update({"AdamW": 0.05, "Nadam": 0.05, "Adafactor": 0.05, "sm3": 0.05, "rprop": 0.05})


def keras_runs(names):
    import keras
    import tensorflow as tf

    make = {
        "SGD": lambda: keras.optimizers.SGD(LR["SGD"]),
        "SGD(momentum=0.9)": lambda: keras.optimizers.SGD(LR["SGD(momentum=0.9)"], momentum=0.9),
        "RMSprop": lambda: keras.optimizers.RMSprop(LR["RMSprop"]),
        "Adagrad": lambda: keras.optimizers.Adagrad(LR["Adagrad"]),
        "Adam": lambda: keras.optimizers.Adam(LR["Adam"]),
        "AdamW": lambda: keras.optimizers.AdamW(LR["AdamW"], weight_decay=0.0),
        "Nadam": lambda: keras.optimizers.Nadam(LR["Nadam"]),
    }
    x, y = tf.constant(X), tf.constant(Y)

    def run(name, split, dtype=tf.complex128):
        real = tf.float64 if dtype == tf.complex128 else tf.float32
        w = tf.Variable(tf.zeros((2, 2) if split else 2, real if split else dtype))
        xx, yy = tf.cast(x, dtype), tf.cast(y, dtype)
        opt = make[name]()
        for _ in range(STEPS):
            with tf.GradientTape() as tape:
                ww = tf.complex(w[:, 0], w[:, 1]) if split else w
                loss = tf.reduce_mean(tf.abs(tf.linalg.matvec(xx, ww) - yy) ** 2)
            opt.apply_gradients([(tape.gradient(loss, w), w)])
        return float(loss)

    out = {n: _both(run, n) for n in names}
    for n in names:  # complex64, as float32 pipelines make
        out[n]["complex64"] = _both(lambda name, split: run(name, split, tf.complex64), n)
    return out


def torch_runs(names):
    import torch

    make = {
        "SGD": lambda p: torch.optim.SGD(p, LR["SGD"]),
        "SGD(momentum=0.9)": lambda p: torch.optim.SGD(p, LR["SGD(momentum=0.9)"], momentum=0.9),
        "RMSprop": lambda p: torch.optim.RMSprop(p, LR["RMSprop"]),
        "Adagrad": lambda p: torch.optim.Adagrad(p, LR["Adagrad"]),
        "Adam": lambda p: torch.optim.Adam(p, LR["Adam"]),
        "Adafactor": lambda p: torch.optim.Adafactor(p, LR["Adafactor"]),
    }
    x, y = torch.from_numpy(X), torch.from_numpy(Y)

    def run(name, split):
        shape, dtype = ((2, 2), torch.float64) if split else (2, torch.complex128)
        w = torch.zeros(shape, dtype=dtype, requires_grad=True)
        opt = make[name]([w])
        for _ in range(STEPS):
            opt.zero_grad()
            ww = torch.complex(w[:, 0], w[:, 1]) if split else w
            loss = (x @ ww - y).abs().pow(2).mean()
            loss.backward()
            opt.step()
        return loss.item()

    return {n: _both(run, n) for n in names}


def optax_runs(names):
    import jax
    import jax.numpy as jnp
    import optax

    jax.config.update("jax_enable_x64", True)
    make = {
        "sgd": lambda: optax.sgd(LR["SGD"]),
        "sgd(momentum=0.9)": lambda: optax.sgd(LR["SGD(momentum=0.9)"], momentum=0.9),
        "rmsprop": lambda: optax.rmsprop(LR["RMSprop"]),
        "adagrad": lambda: optax.adagrad(LR["Adagrad"]),
        "adam": lambda: optax.adam(LR["Adam"]),
        "sm3": lambda: optax.sm3(LR["sm3"]),
        "rprop": lambda: optax.rprop(LR["rprop"]),
    }
    x, y = jnp.asarray(X), jnp.asarray(Y)

    def run(name, split):
        def loss_fn(w):
            ww = w[:, 0] + 1j * w[:, 1] if split else w
            return jnp.mean(jnp.abs(x @ ww - y) ** 2)

        w = jnp.zeros((2, 2)) if split else jnp.zeros(2, jnp.complex128)
        opt = make[name]()
        state = opt.init(w)
        for _ in range(STEPS):
            grads = jax.grad(loss_fn)(w)
            grads = grads if split else jnp.conj(grads)  # JAX returns the conjugate direction
            updates, state = opt.update(grads, state, w)
            w = optax.apply_updates(w, updates)
        return float(loss_fn(w))

    return {n: _both(run, n) for n in names}


def _both(run, name):
    try:
        complex_loss = run(name, split=False)
    except Exception as err:  # noqa: BLE001 - the framework's own error is the measurement
        return {"raises": type(err).__name__}
    return {"complex": complex_loss, "split": run(name, split=True)}


if __name__ == "__main__":
    framework, names = sys.argv[1], sys.argv[2:]
    runs = {"keras": keras_runs, "torch": torch_runs, "optax": optax_runs}[framework]
    print(json.dumps(runs(names)))
