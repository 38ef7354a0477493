"""Record optimizer trajectories from the real frameworks into optimizer_trajectories.json.

Run once, in an environment that has the frameworks (not the book's environment):

    TF_CPP_MIN_LOG_LEVEL=3 /path/to/fwenv/bin/python tests/data/record_optimizer_trajectories.py

It runs each framework in its own subprocess (TensorFlow 1's graph mode and Keras 3's
eager mode cannot share a process), feeds every optimizer the same gradients of the
fixed problem below, and writes the parameters and the optimizer's slots after every
step. tests/test_optimizers.py replays each variant with companion.optimizers and
demands agreement to 1e-12 in the parameters and the slots (issue 7 asks for 1e-6; the
emulation reproduces even the hyperparameters Keras and TF1 keep in float32).

The problem: f(w) = 1/2 sum_i a_i w_i^2 with curvatures spanning ten orders of magnitude,
so the gradient g = a * w has one large coordinate that oscillates under a big step and one
tiny coordinate (about 1e-8) whose treatment shows where each framework puts epsilon.
The gradient is computed in float64 numpy from the parameters the framework holds, so the
recorded trajectory depends on nothing but the optimizer.

This file is a script, not a test: pytest does not collect it (its name does not start
with test_), and it imports the frameworks only under ``if __name__ == "__main__"``.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

STEPS = 10
W0 = [1.0, -2.0, 0.5, 3.0, -1.5]
CURVATURE = [40.0, 1.0, 1e-2, 1e-4, 1e-8]


def gradient(w):
    return np.asarray(CURVATURE) * np.asarray(w, dtype=np.float64)


def V(vid, framework, cls, kwargs, factory, ckwargs, slots=None):
    """One variant: the framework's class and arguments, and the companion call that emulates it."""
    convention = {"tensorflow.compat.v1": "tf1"}.get(framework, framework)
    return {
        "id": vid,
        "framework": framework,
        "class": cls,
        "kwargs": kwargs,
        "companion": {"factory": factory, "kwargs": {**ckwargs, "convention": convention}},
        "slots": slots or {},
    }


VARIANTS = [
    # ---- torch.optim (computes in float64 for float64 tensors) ----
    V("torch/sgd/default", "torch", "SGD", {}, "sgd", {}),
    V(
        "torch/sgd/wd",
        "torch",
        "SGD",
        {"lr": 0.01, "weight_decay": 0.1},
        "sgd",
        {"lr": 0.01, "weight_decay": 0.1},
    ),
    V(
        "torch/momentum",
        "torch",
        "SGD",
        {"lr": 0.01, "momentum": 0.9},
        "momentum",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum_buffer"},
    ),
    V(
        "torch/momentum/wd",
        "torch",
        "SGD",
        {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1},
        "momentum",
        {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1},
        {"mom": "momentum_buffer"},
    ),
    V(
        "torch/nesterov",
        "torch",
        "SGD",
        {"lr": 0.01, "momentum": 0.9, "nesterov": True},
        "nesterov",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum_buffer"},
    ),
    V("torch/adagrad/default", "torch", "Adagrad", {}, "adagrad", {}, {"acc": "sum"}),
    V(
        "torch/adagrad/wd",
        "torch",
        "Adagrad",
        {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.1},
        "adagrad",
        {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.1},
        {"acc": "sum"},
    ),
    V("torch/rmsprop/default", "torch", "RMSprop", {}, "rmsprop", {}, {"ms": "square_avg"}),
    V(
        "torch/rmsprop/momentum",
        "torch",
        "RMSprop",
        {"lr": 0.01, "momentum": 0.9},
        "rmsprop",
        {"lr": 0.01, "momentum": 0.9},
        {"ms": "square_avg", "mom": "momentum_buffer"},
    ),
    V(
        "torch/rmsprop/centered",
        "torch",
        "RMSprop",
        {"lr": 0.01, "centered": True},
        "rmsprop",
        {"lr": 0.01, "centered": True},
        {"ms": "square_avg", "mg": "grad_avg"},
    ),
    V(
        "torch/rmsprop/centered_momentum",
        "torch",
        "RMSprop",
        {"lr": 0.01, "centered": True, "momentum": 0.9, "alpha": 0.9, "eps": 1e-6},
        "rmsprop",
        {"lr": 0.01, "centered": True, "momentum": 0.9, "rho": 0.9, "eps": 1e-6},
        {"ms": "square_avg", "mg": "grad_avg", "mom": "momentum_buffer"},
    ),
    V(
        "torch/rmsprop/wd",
        "torch",
        "RMSprop",
        {"lr": 0.01, "weight_decay": 0.1},
        "rmsprop",
        {"lr": 0.01, "weight_decay": 0.1},
        {"ms": "square_avg"},
    ),
    V("torch/adam/default", "torch", "Adam", {}, "adam", {}, {"m": "exp_avg", "v": "exp_avg_sq"}),
    V(
        "torch/adam/wd",
        "torch",
        "Adam",
        {"lr": 0.01, "weight_decay": 0.1},
        "adam",
        {"lr": 0.01, "weight_decay": 0.1},
        {"m": "exp_avg", "v": "exp_avg_sq"},
    ),
    V(
        "torch/adamw/default",
        "torch",
        "AdamW",
        {},
        "adamw",
        {},
        {"m": "exp_avg", "v": "exp_avg_sq"},
    ),
    V(
        "torch/adamw/wd",
        "torch",
        "AdamW",
        {"lr": 0.01, "weight_decay": 0.1, "betas": (0.8, 0.99), "eps": 1e-6},
        "adamw",
        {"lr": 0.01, "weight_decay": 0.1, "b1": 0.8, "b2": 0.99, "eps": 1e-6},
        {"m": "exp_avg", "v": "exp_avg_sq"},
    ),
    # ---- Keras 3 on the TensorFlow backend (float64 variables; floatx left at float32) ----
    V("keras/sgd/default", "keras", "SGD", {}, "sgd", {}),
    V(
        "keras/sgd/wd",
        "keras",
        "SGD",
        {"learning_rate": 0.01, "weight_decay": 0.1},
        "sgd",
        {"lr": 0.01, "weight_decay": 0.1},
    ),
    V(
        "keras/momentum",
        "keras",
        "SGD",
        {"learning_rate": 0.01, "momentum": 0.9},
        "momentum",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum"},
    ),
    V(
        "keras/momentum/wd",
        "keras",
        "SGD",
        {"learning_rate": 0.01, "momentum": 0.9, "weight_decay": 0.1},
        "momentum",
        {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1},
        {"mom": "momentum"},
    ),
    V(
        "keras/nesterov",
        "keras",
        "SGD",
        {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True},
        "nesterov",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum"},
    ),
    V("keras/adagrad/default", "keras", "Adagrad", {}, "adagrad", {}, {"acc": "accumulator"}),
    V(
        "keras/adagrad/wd",
        "keras",
        "Adagrad",
        {"learning_rate": 0.1, "weight_decay": 0.1},
        "adagrad",
        {"lr": 0.1, "weight_decay": 0.1},
        {"acc": "accumulator"},
    ),
    V("keras/rmsprop/default", "keras", "RMSprop", {}, "rmsprop", {}, {"ms": "velocity"}),
    V(
        "keras/rmsprop/momentum",
        "keras",
        "RMSprop",
        {"learning_rate": 0.01, "momentum": 0.9},
        "rmsprop",
        {"lr": 0.01, "momentum": 0.9},
        {"ms": "velocity", "mom": "momentum"},
    ),
    V(
        "keras/rmsprop/centered",
        "keras",
        "RMSprop",
        {"learning_rate": 0.01, "centered": True},
        "rmsprop",
        {"lr": 0.01, "centered": True},
        {"ms": "velocity", "mg": "average_gradient"},
    ),
    V(
        "keras/rmsprop/centered_momentum",
        "keras",
        "RMSprop",
        {"learning_rate": 0.01, "centered": True, "momentum": 0.9, "rho": 0.99, "epsilon": 1e-6},
        "rmsprop",
        {"lr": 0.01, "centered": True, "momentum": 0.9, "rho": 0.99, "eps": 1e-6},
        {"ms": "velocity", "mg": "average_gradient", "mom": "momentum"},
    ),
    V(
        "keras/rmsprop/wd",
        "keras",
        "RMSprop",
        {"learning_rate": 0.01, "weight_decay": 0.1},
        "rmsprop",
        {"lr": 0.01, "weight_decay": 0.1},
        {"ms": "velocity"},
    ),
    V("keras/adam/default", "keras", "Adam", {}, "adam", {}, {"m": "momentum", "v": "velocity"}),
    V(
        "keras/adam/wd",
        "keras",
        "Adam",
        {"learning_rate": 0.01, "weight_decay": 0.1},
        "adam",
        {"lr": 0.01, "weight_decay": 0.1},
        {"m": "momentum", "v": "velocity"},
    ),
    V("keras/adamw/default", "keras", "AdamW", {}, "adamw", {}, {"m": "momentum", "v": "velocity"}),
    V(
        "keras/adamw/wd",
        "keras",
        "AdamW",
        {
            "learning_rate": 0.01,
            "weight_decay": 0.1,
            "beta_1": 0.8,
            "beta_2": 0.99,
            "epsilon": 1e-6,
        },
        "adamw",
        {"lr": 0.01, "weight_decay": 0.1, "b1": 0.8, "b2": 0.99, "eps": 1e-6},
        {"m": "momentum", "v": "velocity"},
    ),
    # ---- TensorFlow 1 optimizers, tf.compat.v1.train, graph mode, float64 variables ----
    V(
        "tf1/sgd",
        "tensorflow.compat.v1",
        "GradientDescentOptimizer",
        {"learning_rate": 0.01},
        "sgd",
        {"lr": 0.01},
    ),
    V(
        "tf1/momentum",
        "tensorflow.compat.v1",
        "MomentumOptimizer",
        {"learning_rate": 0.01, "momentum": 0.9},
        "momentum",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum"},
    ),
    V(
        "tf1/nesterov",
        "tensorflow.compat.v1",
        "MomentumOptimizer",
        {"learning_rate": 0.01, "momentum": 0.9, "use_nesterov": True},
        "nesterov",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "momentum"},
    ),
    V(
        "tf1/adagrad",
        "tensorflow.compat.v1",
        "AdagradOptimizer",
        {"learning_rate": 0.1},
        "adagrad",
        {"lr": 0.1},
        {"acc": "accumulator"},
    ),
    V(
        "tf1/rmsprop",
        "tensorflow.compat.v1",
        "RMSPropOptimizer",
        {"learning_rate": 0.01},
        "rmsprop",
        {"lr": 0.01},
        {"ms": "rms"},
    ),
    V(
        "tf1/rmsprop/momentum",
        "tensorflow.compat.v1",
        "RMSPropOptimizer",
        {"learning_rate": 0.01, "momentum": 0.9},
        "rmsprop",
        {"lr": 0.01, "momentum": 0.9},
        {"ms": "rms", "mom": "momentum"},
    ),
    V(
        "tf1/rmsprop/centered",
        "tensorflow.compat.v1",
        "RMSPropOptimizer",
        {"learning_rate": 0.01, "centered": True},
        "rmsprop",
        {"lr": 0.01, "centered": True},
        {"ms": "rms", "mg": "mg"},
    ),
    V(
        "tf1/rmsprop/centered_momentum",
        "tensorflow.compat.v1",
        "RMSPropOptimizer",
        {"learning_rate": 0.01, "centered": True, "momentum": 0.9, "decay": 0.99, "epsilon": 1e-6},
        "rmsprop",
        {"lr": 0.01, "centered": True, "momentum": 0.9, "rho": 0.99, "eps": 1e-6},
        {"ms": "rms", "mg": "mg", "mom": "momentum"},
    ),
    V(
        "tf1/adam/default",
        "tensorflow.compat.v1",
        "AdamOptimizer",
        {},
        "adam",
        {},
        {"m": "m", "v": "v"},
    ),
    V(
        "tf1/adam/custom",
        "tensorflow.compat.v1",
        "AdamOptimizer",
        {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6},
        "adam",
        {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6},
        {"m": "m", "v": "v"},
    ),
    # ---- optax with jax_enable_x64 (float64 throughout) ----
    V("optax/sgd", "optax", "sgd", {"learning_rate": 0.01}, "sgd", {"lr": 0.01}),
    V(
        "optax/momentum",
        "optax",
        "sgd",
        {"learning_rate": 0.01, "momentum": 0.9},
        "momentum",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "trace"},
    ),
    V(
        "optax/nesterov",
        "optax",
        "sgd",
        {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True},
        "nesterov",
        {"lr": 0.01, "momentum": 0.9},
        {"mom": "trace"},
    ),
    V(
        "optax/adagrad",
        "optax",
        "adagrad",
        {"learning_rate": 0.1},
        "adagrad",
        {"lr": 0.1},
        {"acc": "sum_of_squares"},
    ),
    V(
        "optax/rmsprop",
        "optax",
        "rmsprop",
        {"learning_rate": 0.01},
        "rmsprop",
        {"lr": 0.01},
        {"ms": "nu"},
    ),
    V(
        "optax/rmsprop/momentum",
        "optax",
        "rmsprop",
        {"learning_rate": 0.01, "momentum": 0.9},
        "rmsprop",
        {"lr": 0.01, "momentum": 0.9},
        {"ms": "nu", "mom": "trace"},
    ),
    V(
        "optax/rmsprop/centered",
        "optax",
        "rmsprop",
        {"learning_rate": 0.01, "centered": True},
        "rmsprop",
        {"lr": 0.01, "centered": True},
        {"ms": "nu", "mg": "mu"},
    ),
    V(
        "optax/rmsprop/centered_momentum",
        "optax",
        "rmsprop",
        {"learning_rate": 0.01, "centered": True, "momentum": 0.9, "decay": 0.99, "eps": 1e-6},
        "rmsprop",
        {"lr": 0.01, "centered": True, "momentum": 0.9, "rho": 0.99, "eps": 1e-6},
        {"ms": "nu", "mg": "mu", "mom": "trace"},
    ),
    V(
        "optax/adam",
        "optax",
        "adam",
        {"learning_rate": 0.001},
        "adam",
        {"lr": 0.001},
        {"m": "mu", "v": "nu"},
    ),
    V(
        "optax/adam/custom",
        "optax",
        "adam",
        {"learning_rate": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6},
        "adam",
        {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6},
        {"m": "mu", "v": "nu"},
    ),
    V(
        "optax/adamw/default",
        "optax",
        "adamw",
        {"learning_rate": 0.001},
        "adamw",
        {"lr": 0.001},
        {"m": "mu", "v": "nu"},
    ),
    V(
        "optax/adamw/wd",
        "optax",
        "adamw",
        {"learning_rate": 0.01, "weight_decay": 0.1},
        "adamw",
        {"lr": 0.01, "weight_decay": 0.1},
        {"m": "mu", "v": "nu"},
    ),
]


def run_torch(variant):
    import torch

    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, variant["class"])([w], **variant["kwargs"])
    params, slots = [list(W0)], {}
    for _ in range(STEPS):
        w.grad = torch.tensor(gradient(w.detach().numpy()), dtype=torch.float64)
        opt.step()
        params.append(w.detach().numpy().tolist())
        for name, value in opt.state[w].items():
            if torch.is_tensor(value) and value.shape == w.shape:
                slots.setdefault(name, []).append(value.numpy().tolist())
    return params, slots


def run_keras(variant):
    import keras
    import tensorflow as tf

    w = keras.Variable(np.array(W0), dtype="float64", name="w")
    opt = getattr(keras.optimizers, variant["class"])(**variant["kwargs"])
    params, slots = [list(W0)], {}
    for _ in range(STEPS):
        g = tf.constant(gradient(w.numpy()), dtype=tf.float64)
        opt.apply_gradients([(g, w)])
        params.append(w.numpy().tolist())
        for v in opt.variables:
            if tuple(v.shape) == (len(W0),):
                slots.setdefault(v.name.removeprefix("w_"), []).append(v.numpy().tolist())
    return params, slots


def run_tf1(variant):
    import tensorflow as tf

    v1 = tf.compat.v1
    v1.disable_eager_execution()
    graph = tf.Graph()
    with graph.as_default():
        w = v1.Variable(np.array(W0), dtype=tf.float64, name="w")
        g = v1.placeholder(tf.float64, shape=(len(W0),))
        opt = getattr(v1.train, variant["class"])(**variant["kwargs"])
        step = opt.apply_gradients([(g, w)])
        slot_vars = {name: opt.get_slot(w, name) for name in opt.get_slot_names()}
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            params, slots = [list(W0)], {}
            for _ in range(STEPS):
                sess.run(step, {g: gradient(sess.run(w))})
                params.append(sess.run(w).tolist())
                for name, var in slot_vars.items():
                    slots.setdefault(name, []).append(sess.run(var).tolist())
    return params, slots


def run_optax(variant):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import optax

    opt = getattr(optax, variant["class"])(**variant["kwargs"])
    w = jnp.array(W0, dtype=jnp.float64)
    state = opt.init(w)
    params, slots = [list(W0)], {}
    for _ in range(STEPS):
        updates, state = opt.update(jnp.array(gradient(np.asarray(w))), state, w)
        w = optax.apply_updates(w, updates)
        params.append(np.asarray(w).tolist())
        for path, leaf in jax.tree_util.tree_flatten_with_path(state)[0]:
            if getattr(leaf, "shape", None) == (len(W0),):
                name = path[-1].name
                slots.setdefault(name, []).append(np.asarray(leaf).tolist())
    return params, slots


RUNNERS = {
    "torch": run_torch,
    "keras": run_keras,
    "tensorflow.compat.v1": run_tf1,
    "optax": run_optax,
}
VERSION_OF = {
    "torch": "torch",
    "keras": "keras",
    "tensorflow.compat.v1": "tensorflow",
    "optax": "optax",
}


def record_one(framework):
    """Run every variant of one framework (in this process) and print JSON to stdout."""
    import importlib

    out = {"versions": {}, "variants": []}
    for module in {
        "torch": ["torch"],
        "keras": ["keras", "tensorflow"],
        "tensorflow.compat.v1": ["tensorflow"],
        "optax": ["optax", "jax"],
    }[framework]:
        out["versions"][module] = importlib.import_module(module).__version__
    for variant in VARIANTS:
        if variant["framework"] != framework:
            continue
        params, slots = RUNNERS[framework](variant)
        out["variants"].append({**variant, "params": params, "slots_recorded": slots})
    print(json.dumps(out))


def main():
    import platform

    here = Path(__file__).resolve().parent
    versions, variants = {}, []
    for framework in RUNNERS:
        result = subprocess.run(
            [sys.executable, __file__, framework], capture_output=True, text=True, check=True
        )
        data = json.loads(result.stdout.strip().splitlines()[-1])
        versions.update(data["versions"])
        variants.extend(data["variants"])
    header = {
        "what": "Parameters (and optimizer slots) after each of STEPS steps of real framework optimizers "
        "on f(w) = 1/2 sum_i a_i w_i^2, gradient g = a * w computed in float64 numpy from the "
        "framework's current parameters.",
        "how": "tests/data/record_optimizer_trajectories.py, run once with the frameworks installed: "
        "each framework in its own subprocess; torch.optim on float64 tensors (p.grad set by hand, "
        "opt.step()); Keras 3 (TensorFlow backend, eager) on keras.Variable float64 with "
        "apply_gradients, floatx left at its default float32, so the learning-rate variable is "
        "float32; tf.compat.v1.train optimizers in graph mode (disable_eager_execution) on float64 "
        "variables fed the gradient by a placeholder; optax with jax_enable_x64.",
        "versions": versions,
        "python": platform.python_version(),
        "steps": STEPS,
        "w0": W0,
        "curvature": CURVATURE,
        "slot_names": "each variant's 'slots' maps a companion slot name to the framework's "
        "slot name; 'slots_recorded' holds every framework slot after each step",
    }
    (here / "optimizer_trajectories.json").write_text(
        json.dumps({"header": header, "variants": variants}, indent=1) + "\n"
    )
    print(f"recorded {len(variants)} variants with {versions}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        record_one(sys.argv[1])
    else:
        main()
