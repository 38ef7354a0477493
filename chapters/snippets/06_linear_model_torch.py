"""A linear model trained by gradient descent in PyTorch, then its regression statistics.

Needs torch, numpy and the book's companion package (pip install -e . in the book's folder).
"""

import numpy as np
import torch

from companion.regression import OLS, add_constant

rng = np.random.default_rng(6)
n = 200
x = rng.normal(size=(n, 3)) @ np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 1.0]])
y = 1.0 + x @ np.array([2.0, -1.0, 0.5]) + rng.normal(size=n)

torch.manual_seed(6)
model = torch.nn.Linear(3, 1, dtype=torch.float64)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
inputs, targets = torch.from_numpy(x), torch.from_numpy(y).unsqueeze(1)
for _ in range(500):  # full-batch gradient descent on the mean squared error
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    weights = torch.cat([model.bias, model.weight.ravel()]).numpy()  # [intercept, slopes]

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
