"""Complex least squares in PyTorch: step against the gradient PyTorch returns.

For a real loss L of a complex weight w, w.grad is dL/dRe w + i dL/dIm w (= 2 dL/d conj(w)),
the steepest-ascent direction: torch.optim optimizers use it as it is (SGD, RMSprop,
Adagrad and Adam were checked on this problem against the same fit on real and imaginary parts).
"""

import numpy as np
import torch

rng = np.random.default_rng(0)
x_np = rng.normal(size=(40, 2)) + 1j * rng.normal(size=(40, 2))
noise = 0.1 * (rng.normal(size=40) + 1j * rng.normal(size=40))
y_np = x_np @ np.array([0.8 - 0.6j, -0.3 + 1.2j]) + noise

x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)  # complex128
w = torch.zeros(2, dtype=torch.complex128, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)

for _ in range(100):
    optimizer.zero_grad()
    loss = (x @ w - y).abs().pow(2).mean()
    loss.backward()  # no conjugate: w.grad already is the ascent direction
    optimizer.step()

w_fit = w.detach().numpy()
w_lstsq = np.linalg.lstsq(x_np, y_np, rcond=None)[0]  # the least-squares answer
print(f"fitted weights:  {np.round(w_fit, 6)}  (loss {loss.item():.6f})")
print(f"least squares:   {np.round(w_lstsq, 6)}")
