"""Short answer: the pulse gate with a surrogate gradient, in PyTorch (autograd.Function)."""

import torch

S = 0.1  # the surrogate's width


class Step(torch.autograd.Function):  # forward: the exact step H(u) = [u > 0]
    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx, g):  # the incoming gradient g times a fast-sigmoid bump of unit area
        (u,) = ctx.saved_tensors
        return g / (2 * S * (1 + u.abs() / S) ** 2)


def gate(x, x_max=1.0, e=0.3, step=Step.apply):  # 1 inside (x_max - e, x_max) or (-x_max, ...)
    return step(x - (x_max - e)) + step(x + x_max) + step(x_max - x) + step(e - x_max - x) - 2


x = torch.tensor([-0.95, -0.7, -0.3, 0.0, 0.3, 0.75, 0.9, 1.2], dtype=torch.float64)
y = torch.arange(1.0, 9.0, dtype=torch.float64)
x.requires_grad_(True)
(gate(x) * y).sum().backward()
dz_dx = x.grad
print("dz/dx =", [round(v, 4) for v in dz_dx.tolist()])
