"""Maximize a trained network's output over one input: SciPy's box-constrained L-BFGS-B, fed by
JAX's gradient with respect to the input."""

import jax
import jax.numpy as jnp
import numpy as np
from scipy.optimize import minimize

jax.config.update("jax_enable_x64", True)  # L-BFGS-B works in float64
X_FIXED, Y0, BOX = 0.3, 0.2, (-2.0, 2.0)

# Chapter 1's trained 2-10-1 tanh network, its weights rounded to 3 decimals, in Keras' layout:
# f(x, y) = tanh([x, y] @ W1 + b1) @ W2 + b2.
W1 = [
    [0.739, 0.143, 0.758, 0.119, 0.19, -0.095, -0.083, 0.277, -0.384, -0.04],
    [-2.577, -0.395, -2.777, -0.336, -1.392, -1.266, -0.902, 0.435, 1.357, 2.976],
]
b1 = [2.661, 0.262, 1.534, 0.084, 0.694, 0.228, -1.289, -0.377, -0.589, 2.608]
W2 = [1.011, -0.865, -1.298, -0.657, 0.577, 0.199, -0.866, 0.354, -0.448, -0.764]
b2 = [0.018]
weights = [jnp.array(w) for w in (W1, b1, W2, b2)]


def net(weights, x, y):
    W1, b1, W2, b2 = weights
    return (jnp.tanh(jnp.concatenate([x, y]) @ W1 + b1) @ W2 + b2)[0]


x = jnp.array([X_FIXED])
f_and_grad = jax.jit(jax.value_and_grad(net, argnums=2))  # gradient with respect to y only


def negative_f_and_grad(y_np):
    """-f(x, y) and its gradient with respect to y, as float64 NumPy for SciPy."""
    f, dfdy = f_and_grad(weights, x, jnp.asarray(y_np))
    return -float(f), -np.asarray(dfdy)


result = minimize(negative_f_and_grad, np.array([Y0]), jac=True, method="L-BFGS-B", bounds=[BOX])
y_star = result.x
print(f"maximizer y* = {y_star[0]:.5f}, f(x, y*) = {-result.fun:.5f}")
