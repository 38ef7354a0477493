"""Straight-through round in PyTorch: round forward, identity backward."""

import numpy as np
import torch


def round_ste(x):
    """round(x) in the forward pass; in the backward pass d round_ste / dx = 1."""
    return x + (torch.round(x) - x).detach()


rng = np.random.default_rng(0)
y_true = torch.tensor((rng.random(16) < 0.4).astype("float32"))
logits = torch.tensor(rng.normal(size=16).astype("float32"), requires_grad=True)

hard = round_ste(torch.sigmoid(logits))  # 0/1 predictions, exactly as torch.round gives them
tp = torch.sum(y_true * hard)
fp = torch.sum((1.0 - y_true) * hard)
loss = 1.0 - tp / (tp + fp)  # one minus precision of the hard predictions
loss.backward()  # the straight-through path carries a gradient to the logits
grad = logits.grad

print(f"hard predictions: {hard.detach().int().tolist()}")
print(f"1 - precision = {loss.item():.6f}")
print(f"gradient: {np.array2string(grad.numpy(), precision=4)}")
