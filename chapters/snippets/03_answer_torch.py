"""Chapter 3's short answer in PyTorch: train on soft F1, since round() has no gradient."""

import torch


def soft_f1_loss(y_prob, y_true):  # y_prob: sigmoid probabilities, never rounded
    tp = torch.sum(y_true * y_prob)  # expected counts, differentiable in y_prob
    fp, fn = torch.sum((1 - y_true) * y_prob), torch.sum(y_true * (1 - y_prob))
    den = 2 * tp + fp + fn
    return 1 - 2 * tp / torch.where(den > 0, den, torch.ones_like(den))  # 0/0 gives 0


y_true = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0])
logits = torch.tensor([2.0, 1.0, -0.5, -2.0, 0.3], requires_grad=True)
loss = soft_f1_loss(torch.sigmoid(logits), y_true)  # use large batches: the loss is a ratio
loss.backward()
print(f"1 - soft F1 = {loss.item():.4f}, gradient = {logits.grad}")
# Hard 0/1 outputs in the forward pass? Use x + (torch.round(x) - x).detach().
