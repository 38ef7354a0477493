"""Maximize a trained network's output over one input: SciPy's box-constrained L-BFGS-B, fed by
PyTorch's gradient with respect to the input."""

import numpy as np
import torch
from scipy.optimize import minimize

torch.set_default_dtype(torch.float64)  # L-BFGS-B works in float64
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
model = torch.nn.Sequential(torch.nn.Linear(2, 10), torch.nn.Tanh(), torch.nn.Linear(10, 1))
with torch.no_grad():  # nn.Linear stores W transposed: weight = W.T
    model[0].weight.copy_(torch.tensor(W1).T)
    model[0].bias.copy_(torch.tensor(b1))
    model[2].weight.copy_(torch.tensor([W2]))
    model[2].bias.copy_(torch.tensor(b2))
model.eval()  # inference behaviour for dropout and batch norm
model.requires_grad_(False)  # freeze the weights: only the input is optimized
x = torch.tensor([X_FIXED])


def negative_f_and_grad(y_np):
    """-f(x, y) and its gradient with respect to y, as float64 NumPy for SciPy."""
    y = torch.from_numpy(y_np).requires_grad_()
    f = model(torch.cat([x, y]))[0]
    (dfdy,) = torch.autograd.grad(f, y)
    return -f.item(), -dfdy.numpy()


result = minimize(negative_f_and_grad, np.array([Y0]), jac=True, method="L-BFGS-B", bounds=[BOX])
y_star = result.x
print(f"maximizer y* = {y_star[0]:.5f}, f(x, y*) = {-result.fun:.5f}")
