"""PyTorch: asks for grad_outputs on a complex f; a real loss's .grad is the ascent direction."""

import torch

x = torch.tensor([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]], dtype=torch.complex128)
(grad_sum_conj,) = torch.autograd.grad(x.requires_grad_().conj().sum().real, x)  # ones, as TF
grad_sum_conj = grad_sum_conj.resolve_conj()  # PyTorch conjugates lazily: make it a value

w = torch.zeros((), dtype=torch.complex128, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for _ in range(100):
    optimizer.zero_grad()
    (w - (0.8 - 0.6j)).abs().pow(2).backward()
    optimizer.step()  # steps against w.grad as it is
print(grad_sum_conj, w.item())  # ones; w ≈ 0.8-0.6j (tensors print without NumPy)
