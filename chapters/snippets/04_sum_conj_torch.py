"""The reader's question in PyTorch: the gradient of sum(conj(x)).

PyTorch refuses to pick a cotangent for a complex output. Pass one explicitly
(grad_outputs), or differentiate a real-valued function such as the real part.
"""

import torch

x = torch.tensor(
    [[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]], dtype=torch.complex128, requires_grad=True
)
f = x.conj().sum()

try:
    torch.autograd.grad(f, x, retain_graph=True)
except RuntimeError as err:  # grad can be implicitly created only for real scalar outputs
    print("torch refuses:", err)

one = torch.tensor(1 + 0j, dtype=torch.complex128)
(grad_vjp,) = torch.autograd.grad(f, x, grad_outputs=one, retain_graph=True)  # as TF: ones
(grad_real,) = torch.autograd.grad(f.real, x)  # the real gradient of Re f: ones
grad_vjp, grad_real = grad_vjp.resolve_conj(), grad_real.resolve_conj()  # lazy conj -> values
print("with grad_outputs=1:\n", grad_vjp)
print("gradient of Re sum(conj(x)):\n", grad_real)
