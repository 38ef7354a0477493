"""A linear model trained by gradient descent in JAX with optax, then its regression statistics.

Needs jax, optax, numpy and the book's companion package (pip install -e . in the book's folder).
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax

from companion.regression import OLS, add_constant

jax.config.update("jax_enable_x64", True)  # float64, as the statistics use

rng = np.random.default_rng(6)
n = 200
x = rng.normal(size=(n, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 1.0]])
y = 1.0 + x @ np.array([2.0, -1.0, 0.5]) + rng.normal(size=n)


def loss(params, x, y):
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


params = {"w": jnp.zeros(3), "b": jnp.zeros(())}
optimizer = optax.sgd(learning_rate=0.2)
state = optimizer.init(params)


@jax.jit
def step(params, state):
    updates, state = optimizer.update(jax.grad(loss)(params, x, y), state)
    return optax.apply_updates(params, updates), state


for _ in range(500):  # full-batch gradient descent on the mean squared error
    params, state = step(params, state)
weights = np.concatenate([[params["b"]], params["w"]])  # [intercept, slopes]

# Descent gives the coefficients only: the statistics need (X'X)^-1 and the residuals.
X = add_constant(x)
fit = OLS(y, X).fit()
rsquared, rsquared_adj, bse, pvalues = fit.rsquared, fit.rsquared_adj, fit.bse, fit.pvalues
print("trained weights:", np.round(weights, 6))
print("OLS solution:   ", np.round(fit.params, 6))
print(f"largest difference {np.max(np.abs(weights - fit.params)):.1e}")
print(f"R2 = {rsquared:.6f}, adjusted R2 = {rsquared_adj:.6f}")
print("standard errors:", np.round(bse, 6))
print("p-values:       ", np.array2string(pvalues, precision=3))
