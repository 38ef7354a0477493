"""Straight-through steps with detach(), and why four of them cancel on a pulse: PyTorch."""

import torch

torch.set_default_dtype(torch.float64)
X_MAX, E = 1.0, 0.3  # the bands (0.7, 1) and (-1, -0.7)
X = torch.tensor([-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2])


def step_ste(u):
    """H(u) = [u > 0] forward; backward, the identity's derivative 1 (straight-through)."""
    return u + ((u > 0).to(u.dtype) - u).detach()


def pulse_gate(x):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    rising = step_ste(x - (X_MAX - E)) + step_ste(x + X_MAX)
    return rising + step_ste(X_MAX - x) + step_ste((-X_MAX + E) - x) - 2.0


x = X.clone().requires_grad_(True)
(step_grad,) = torch.autograd.grad(step_ste(x).sum(), x)
gate = pulse_gate(x)
(gate_grad,) = torch.autograd.grad(gate.sum(), x)  # +1 - 1 + 1 - 1 = 0 everywhere
gate = gate.detach()
print("one step, dH/du:", step_grad.tolist())
print("pulse g:", gate.tolist())
print("pulse dg/dx:", gate_grad.tolist())
