"""Maximize a frozen network's output over one input: SciPy's box-constrained L-BFGS-B, fed by
JAX's gradient with respect to the input."""

import jax
import jax.numpy as jnp
import numpy as np
from scipy.optimize import minimize

from companion import nets  # needs companion (the book's package) for the chapter's weights

jax.config.update("jax_enable_x64", True)  # L-BFGS-B works in float64
X_FIXED, Y0, BOX = 0.5, 0.0, (-2.0, 2.0)

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
weights = [
    jnp.asarray(w) for w in nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5))
]
x = jnp.array([X_FIXED])


def net(weights, x, y):
    W1, b1, W2, b2 = weights
    h = jnp.tanh(jnp.concatenate([x, y]) @ W1 + b1)
    return (h @ W2 + b2)[0]


f_and_grad = jax.jit(jax.value_and_grad(net, argnums=2))  # gradient with respect to y only


def negative_f_and_grad(y_np):
    """-f(x, y) and its gradient with respect to y, as float64 NumPy for SciPy."""
    f, dfdy = f_and_grad(weights, x, jnp.asarray(y_np))
    return -float(f), -np.asarray(dfdy)


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
