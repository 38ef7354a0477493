"""A surrogate-gradient step and the pulse gate built from four: PyTorch, autograd.Function."""

import torch

torch.set_default_dtype(torch.float64)
X_MAX, E, SCALE = 1.0, 0.3, 0.1  # the bands (0.7, 1) and (-1, -0.7); surrogate width s
X = torch.tensor([-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2])

# Stand-ins for the step's derivative, the Dirac delta: unit-area bumps, and straight-through.
SURROGATES = {
    "fast_sigmoid": lambda u, s: 0.5 / (s * (1 + (u / s).abs()) ** 2),
    "sigmoid": lambda u, s: torch.sigmoid(u / s) * torch.sigmoid(-u / s) / s,
    "triangle": lambda u, s: torch.clamp(1 - (u / s).abs(), min=0.0) / s,
    "boxcar": lambda u, s: (u.abs() < s).to(u.dtype) / (2 * s),
    "straight_through": lambda u, s: torch.ones_like(u),
}


class SurrogateStep(torch.autograd.Function):
    """H(u) = [u > 0] forward; backward, the surrogate d(u; s) replaces the Dirac delta."""

    @staticmethod
    def forward(ctx, u, name, s):
        ctx.save_for_backward(u)
        ctx.name, ctx.s = name, s
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        (u,) = ctx.saved_tensors
        return grad_output * SURROGATES[ctx.name](u, ctx.s), None, None  # no grad for name, s


def pulse_gate(x, name, s=SCALE):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    step = lambda u: SurrogateStep.apply(u, name, s)  # noqa: E731
    rising = step(x - (X_MAX - E)) + step(x + X_MAX)
    return rising + step(X_MAX - x) + step((-X_MAX + E) - x) - 2.0


step_grads, gate_grads = [], []
for name in SURROGATES:
    x = X.clone().requires_grad_(True)
    (dstep,) = torch.autograd.grad(SurrogateStep.apply(x, name, SCALE).sum(), x)
    (dgate,) = torch.autograd.grad(pulse_gate(x, name).sum(), x)
    step_grads.append(dstep)
    gate_grads.append(dgate)
    print(f"{name:<17} dg/dx = {[round(v, 3) for v in dgate.tolist()]}")
gate = pulse_gate(X, "sigmoid")
print("g =", gate.tolist())
