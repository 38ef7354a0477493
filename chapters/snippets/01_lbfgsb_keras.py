"""Maximize a frozen network's output over one input: SciPy's box-constrained L-BFGS-B, fed by
TensorFlow's gradient (GradientTape) with respect to the input."""

import keras
import numpy as np
import tensorflow as tf
from scipy.optimize import minimize

from companion import nets  # needs companion (the book's package) for the chapter's weights

keras.config.set_floatx("float64")  # L-BFGS-B works in float64
X_FIXED, Y0, BOX = 0.5, 0.0, (-2.0, 2.0)

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
model = keras.Sequential(
    [keras.Input((2,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)]
)
model.set_weights(nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5)))
model.trainable = False  # freeze the weights
x = tf.constant([[X_FIXED]], dtype=tf.float64)


@tf.function
def f_and_grad(y):
    with tf.GradientTape() as tape:
        tape.watch(y)  # y is a constant, not a variable: watch it
        f = model(tf.concat([x, y], axis=1), training=False)[0, 0]
    return f, tape.gradient(f, y)


def negative_f_and_grad(y_np):
    """-f(x, y) and its gradient with respect to y, as float64 NumPy for SciPy."""
    f, dfdy = f_and_grad(tf.constant(y_np[None, :]))
    return -float(f), -dfdy.numpy()[0]


result = minimize(
    negative_f_and_grad,
    np.array([Y0]),
    jac=True,
    method="L-BFGS-B",
    bounds=[BOX],
    options={"gtol": 1e-12, "ftol": 1e-15},
)
y_star = result.x
print(f"maximizer y* = {y_star[0]:.6f}, f(x, y*) = {-result.fun:.6f}, {result.message}")
