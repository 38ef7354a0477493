"""Soft precision, recall and F1 as a PyTorch loss module, trained with torch.optim."""

import numpy as np
import torch


class SoftMetricLoss(torch.nn.Module):
    """1 − soft precision, recall or F1: tp = Σ y·p, fp = Σ (1−y)·p, fn = Σ y·(1−p)."""

    def __init__(self, metric="f1"):
        super().__init__()
        self.metric = metric

    def forward(self, y_prob, y_true):  # (input, target), as torch.nn losses take them
        tp = torch.sum(y_true * y_prob)  # sums over the whole batch: use large batches
        fp = torch.sum((1.0 - y_true) * y_prob)
        fn = torch.sum(y_true * (1.0 - y_prob))
        extra = {"precision": fp, "recall": fn, "f1": (fp + fn) / 2}[self.metric]
        den = tp + extra  # F1 = 2tp / (2tp + fp + fn) = tp / (tp + (fp + fn)/2)
        return 1.0 - tp / torch.where(den > 0, den, torch.ones_like(den))  # 0/0 gives 0


rng = np.random.default_rng(0)
y_true = torch.tensor((rng.random(16) < 0.4).astype("float32"))
y_prob = torch.tensor(rng.random(16).astype("float32"), requires_grad=True)  # probabilities
losses, grads = [], []
for metric in ("precision", "recall", "f1"):
    loss = SoftMetricLoss(metric)(y_prob, y_true)
    (grad,) = torch.autograd.grad(loss, y_prob)
    losses.append(loss.item())
    grads.append(grad)
    print(f"1 - soft {metric:9} = {losses[-1]:.6f}, gradient[:3] = {grad[:3].numpy()}")

# In training: a linear model with a sigmoid output, full-batch Adam.
torch.manual_seed(0)
labels = torch.tensor((rng.random(256) < 0.3).astype("float32"))
X = torch.randn(256, 2) + labels[:, None] * torch.tensor([1.5, 1.0])
model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid(), torch.nn.Flatten(0))
loss_fn, optimizer = SoftMetricLoss("f1"), torch.optim.Adam(model.parameters(), lr=0.05)
fit_losses = []
for _ in range(20):
    optimizer.zero_grad()
    loss = loss_fn(model(X), labels)
    loss.backward()
    optimizer.step()
    fit_losses.append(loss.item())
print(f"soft-F1 loss during training: {fit_losses[0]:.4f} -> {fit_losses[-1]:.4f}")
