"""Straight-through round in PyTorch: round forward, identity backward."""

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


rng = np.random.default_rng(0)
y_true = torch.tensor((rng.random(16) < 0.4).astype("float32"))
logits = torch.tensor(rng.normal(size=16).astype("float32"), requires_grad=True)
hard = round_ste(torch.sigmoid(logits)).detach()

loss = precision_loss(logits, y_true)  # one minus precision of the hard predictions
loss.backward()  # the straight-through path carries a gradient to the logits
grad = logits.grad

none_logits = (logits.detach() - 10.0).requires_grad_()  # every prediction negative
none_loss = precision_loss(none_logits, y_true)
none_loss.backward()
none_grad = none_logits.grad  # finite, and it lifts the positives

print(f"hard predictions: {hard.int().tolist()}")
print(f"1 - precision = {loss.item():.6f}; with nothing predicted {none_loss.item():.6f}")
print(f"gradient: {np.array2string(grad.numpy(), precision=4)}")
