"""Maximize a frozen network's output over one input: PyTorch, projected Adam on the input."""

import torch

from companion import nets  # needs companion (the book's package) for the chapter's weights

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)  # the companion's precision; float32 works the same way
X_FIXED, Y0, BOX, LR, STEPS = 0.5, 0.0, (-2.0, 2.0), 0.05, 500

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
W1, b1, W2, b2 = nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5))
model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
with torch.no_grad():
    for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
        layer.weight.copy_(torch.from_numpy(W.T))  # nn.Linear stores W transposed
        layer.bias.copy_(torch.from_numpy(b))
model.eval()  # inference behaviour for dropout and batch norm
model.requires_grad_(False)  # freeze the weights: only the input is optimized

x = torch.tensor([X_FIXED])
y = torch.tensor([Y0]).requires_grad_()  # the input we optimize
optimizer = torch.optim.Adam([y], lr=LR)  # an optimizer over the input only
for _ in range(STEPS):
    optimizer.zero_grad()
    loss = -model(torch.cat([x, y]))[0]  # maximize f = minimize -f
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        y.clamp_(*BOX)  # project back into the box

y_star = y.detach().clone()
f_star = model(torch.cat([x, y_star])).item()
print(f"maximizer y* = {y_star.item():.6f}, f(x, y*) = {f_star:.6f}")
