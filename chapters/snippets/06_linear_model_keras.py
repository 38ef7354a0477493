"""A linear model trained by gradient descent in Keras 3, then its regression statistics.

Needs keras (TensorFlow backend), numpy and the book's companion package (pip install -e .
in the book's folder). Keras trains in float32; the statistics are computed in float64.
"""

import keras
import numpy as np

from companion.regression import OLS, add_constant

rng = np.random.default_rng(6)
n = 200
x = rng.normal(size=(n, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 1.0]])
y = 1.0 + x @ np.array([2.0, -1.0, 0.5]) + rng.normal(size=n)

keras.utils.set_random_seed(6)
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.2), loss="mse")
model.fit(x, y, batch_size=n, epochs=500, shuffle=False, verbose=0)  # full-batch descent
kernel, bias = model.layers[-1].get_weights()
weights = np.concatenate([bias, kernel.ravel()])  # [intercept, slopes]

# R2Score(num_regressors=p) is the adjusted R^2 of a model with an intercept and p regressors
metric = keras.metrics.R2Score(num_regressors=3)
metric.update_state(y[:, None].astype("float32"), model.predict(x, verbose=0))
r2score_adjusted = float(metric.result())

# Descent gives the coefficients only: the statistics need (X'X)^-1 and the residuals.
X = add_constant(x)
fit = OLS(y, X).fit()
rsquared, rsquared_adj, bse, pvalues = fit.rsquared, fit.rsquared_adj, fit.bse, fit.pvalues
print("trained weights:", np.round(weights, 6))
print("OLS solution:   ", np.round(fit.params, 6))
print(f"largest difference {np.max(np.abs(weights - fit.params)):.1e}")
print(f"keras R2Score(num_regressors=3) = {r2score_adjusted:.6f}")
print(f"R2 = {rsquared:.6f}, adjusted R2 = {rsquared_adj:.6f}")
print("standard errors:", np.round(bse, 6))
print("p-values:       ", np.array2string(pvalues, precision=3))
