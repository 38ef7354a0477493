"""Straight-through round in PyTorch (round forward, identity backward); clipped too."""

import numpy as np
import torch


def round_ste(x):
    """round(x) in the forward pass; in the backward pass d round_ste / dx = 1."""
    return x + (torch.round(x) - x).detach()


def precision_loss(logits, y_true):
    hard = round_ste(torch.sigmoid(logits))  # 0/1 predictions, exactly as torch.round gives them
    tp = torch.sum(y_true * hard)
    den = tp + torch.sum((1.0 - y_true) * hard)  # tp + fp
    return 1.0 - tp / torch.where(den > 0, den, torch.ones_like(den))  # 0/0 gives 0, not nan


class RoundClipped(torch.autograd.Function):  # round; gradient only where 0 <= x <= 1
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward((x >= 0) & (x <= 1))  # bounds included, as cp.losses.round_ste
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        return g * ctx.saved_tensors[0]


x_probe = torch.tensor([-0.3, 0.0, 0.5, 1.0, 1.4], requires_grad=True)
weights = torch.arange(1.0, 6.0)  # cotangents that are not all 1
torch.sum(weights * RoundClipped.apply(x_probe)).backward()
clipped_grad = x_probe.grad

rng = np.random.default_rng(0)
y_true = torch.tensor((rng.random(16) < 0.4).astype("float32"))
logits = torch.tensor(rng.normal(size=16).astype("float32"), requires_grad=True)
hard = round_ste(torch.sigmoid(logits)).detach()

loss = precision_loss(logits, y_true)  # one minus precision of the hard predictions
(grad,) = torch.autograd.grad(loss, logits)  # the straight-through path carries it

none_logits = (logits.detach() - 10.0).requires_grad_()  # every prediction negative
none_loss = precision_loss(none_logits, y_true)
(none_grad,) = torch.autograd.grad(none_loss, none_logits)  # finite; it lifts the positives

print(f"hard predictions: {hard.int().tolist()}")
print(f"1 - precision = {loss.item():.6f}; with nothing predicted {none_loss.item():.6f}")
print(f"gradient: {np.array2string(grad.numpy(), precision=4)}")
print(f"clipped, weights 1..5 at x = -0.3, 0, 0.5, 1, 1.4: {np.asarray(clipped_grad).tolist()}")
