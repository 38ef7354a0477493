"""PyTorch: the weight delta of RMSprop with momentum, and optimizer.state[p].

optimizer.state[p] is a dict per parameter: 'step', 'square_avg' and, with momentum,
'momentum_buffer'. PyTorch applies the learning rate after the momentum (p -= lr * buf),
so the delta is -lr * buffer, with the lr in force at that step.
Deterministic: no random numbers are drawn.
"""

import torch

A = torch.tensor([40.0, 1.0, 1e-2, 1e-8])  # curvatures: gradients from 40 down to 1.5e-8
w = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5, -1.5]))
optimizer = torch.optim.RMSprop([w], lr=0.01, momentum=0.9)

for step in range(1, 4):
    optimizer.zero_grad()
    loss = 0.5 * (A * w**2).sum()
    loss.backward()
    before = w.detach().clone()
    optimizer.step()
    delta_diffed = w.detach() - before  # what step() added, as float32 keeps it
    print(f"step {step}: weights moved by {delta_diffed}")

state = optimizer.state[w]
for name, value in state.items():
    print(f"{name:>16}: {value}")
square_avg = state["square_avg"]  # running mean of g**2
momentum_buffer = state["momentum_buffer"]  # accumulated g / (sqrt(square_avg) + eps)
lr = optimizer.param_groups[0]["lr"]
delta = -lr * momentum_buffer
print("delta from the slot:", delta)
print("relative error of the float32 difference:", ((delta_diffed - delta) / delta).abs())
