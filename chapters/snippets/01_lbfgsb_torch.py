"""Maximize a frozen network's output over one input: SciPy's box-constrained L-BFGS-B, fed by
PyTorch's gradient with respect to the input."""

import numpy as np
import torch
from scipy.optimize import minimize

from companion import nets  # needs companion (the book's package) for the chapter's weights

torch.set_default_dtype(torch.float64)  # L-BFGS-B works in float64
X_FIXED, Y0, BOX = 0.5, 0.0, (-2.0, 2.0)

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
W1, b1, W2, b2 = nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5))
model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
with torch.no_grad():
    for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
        layer.weight.copy_(torch.from_numpy(W.T))  # nn.Linear stores W transposed
        layer.bias.copy_(torch.from_numpy(b))
model.eval()
model.requires_grad_(False)  # freeze the weights
x = torch.tensor([X_FIXED])


def negative_f_and_grad(y_np):
    """-f(x, y) and its gradient with respect to y, as float64 NumPy for SciPy."""
    y = torch.from_numpy(y_np).requires_grad_()
    f = model(torch.cat([x, y]))[0]
    (dfdy,) = torch.autograd.grad(f, y)
    return -f.item(), -dfdy.numpy()


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
