"""JAX and optax: fit a linear model by gradient descent, then its R^2, SEs and p-values.

Descent gives the coefficients only. The statistics need the residuals and (X'X)^-1:
NumPy and SciPy below, in float64. Or: statsmodels.api.OLS(y, X).fit().summary().
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax
from scipy import stats

jax.config.update("jax_enable_x64", True)  # float64, as the statistics use
rng = np.random.default_rng(6)
n = 200
x = rng.normal(size=(n, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 1.0]])
y = 1.0 + x @ np.array([2.0, -1.0, 0.5]) + rng.normal(size=n)


def loss(params):
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


params, optimizer = {"w": jnp.zeros(3), "b": jnp.zeros(())}, optax.sgd(learning_rate=0.2)
state = optimizer.init(params)
for _ in range(500):  # full-batch gradient descent on the mean squared error
    updates, state = optimizer.update(jax.grad(loss)(params), state)
    params = optax.apply_updates(params, updates)
beta = np.concatenate([[params["b"]], params["w"]])  # [intercept, slopes]

X = np.column_stack([np.ones(n), x])  # the design, constant first
k = X.shape[1]  # coefficients, the constant included
e = y - X @ beta  # residuals of the trained model
rsquared = 1 - e @ e / np.sum((y - y.mean()) ** 2)
rsquared_adj = 1 - (1 - rsquared) * (n - 1) / (n - k)
XtX_inv = np.linalg.inv(X.T @ X)
bse = np.sqrt(e @ e / (n - k) * np.diag(XtX_inv))  # s^2 (X'X)^-1
pvalues = 2 * stats.t.sf(np.abs(beta / bse), n - k)
h = np.sum(X @ XtX_inv * X, axis=1)  # leverages, for HC3 (robust to unequal variances)
meat = X * (e / (1 - h))[:, None]
bse_hc3 = np.sqrt(np.diag(XtX_inv @ meat.T @ meat @ XtX_inv))
print(f"R2 = {rsquared:.6f}, adjusted R2 = {rsquared_adj:.6f}")
print("coef, SE, HC3 SE:\n", np.column_stack([beta, bse, bse_hc3]).round(6))
print("p-values:", np.array2string(pvalues, precision=2))
