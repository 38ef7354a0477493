"""PyTorch: the weight delta of one RMSprop step is the weights after step() minus before.

Float64 weights keep the difference to about 1e-16 * |w|; in float32 a delta below half the
float32 spacing at the weight (3e-8 to 6e-8 * |w|) is rounded away. Deterministic: no random
numbers are drawn.
"""

import torch

A = torch.tensor([40.0, 1.0, 1e-2, 1e-8], dtype=torch.float64)  # curvatures
w = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5, -1.5], dtype=torch.float64))
optimizer = torch.optim.RMSprop([w], lr=0.01)

loss = 0.5 * (A * w**2).sum()
loss.backward()
before = w.detach().clone()
optimizer.step()
delta = w.detach() - before  # what step() added to the weights
print("delta:   ", delta)
print("-lr*grad:", -0.01 * w.grad)
