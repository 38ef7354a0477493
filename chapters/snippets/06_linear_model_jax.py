"""JAX and optax: fit a linear model by gradient descent, then its R^2, SEs and p-values.

Descent gives the coefficients only. The statistics need the residuals and (X'X)^-1,
here from a QR factor of X (NumPy and SciPy, float64), and they hold only for the unpenalised
least-squares fit: the check `gap` measures how far beta still is from it, in standard errors
(unconverged, weight decay or early stopping all show). Or, with the constant added:
statsmodels.api.OLS(y, statsmodels.api.add_constant(x)).fit().summary().
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax
from scipy import linalg, stats

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
Q, R = np.linalg.qr(X)  # X = QR, so (X'X)^-1 = R^-1 R^-T without forming X'X
R_inv = linalg.solve_triangular(R, np.eye(k))
rsquared = 1 - e @ e / np.sum((y - y.mean()) ** 2)
rsquared_adj = 1 - (1 - rsquared) * (n - 1) / (n - k)
bse = np.sqrt(e @ e / (n - k) * np.sum(R_inv**2, axis=1))  # s^2 diag (X'X)^-1
gap = np.max(np.abs(R_inv @ (Q.T @ e)) / bse)  # beta_LS - beta, in standard errors
assert gap < 1e-3, f"not converged: beta is {gap:.2g} SE from least squares; train longer"
pvalues = 2 * stats.t.sf(np.abs(beta / bse), n - k)
meat = Q * (e / (1 - np.sum(Q**2, axis=1)))[:, None]  # HC3: e_i / (1 - leverage h_i)
bse_hc3 = np.sqrt(np.sum((R_inv @ meat.T) ** 2, axis=1))  # robust to unequal variances
print(f"R2 = {rsquared:.6f}, adjusted R2 = {rsquared_adj:.6f}")
print("coef, SE, HC3 SE:\n", np.column_stack([beta, bse, bse_hc3]).round(6))
print("p-values:", np.array2string(pvalues, precision=2))
print(f"beta is {gap:.1e} standard errors from the least-squares fit")
