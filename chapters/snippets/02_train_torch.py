"""The chapter's gated recurrent cell, trained through a sigmoid surrogate: PyTorch + Adam."""

import torch

from companion import gates  # needs companion (the book's package) for the task and start weights

torch.set_default_dtype(torch.float64)
X_MAX, E, SCALE, LR, STEPS = 1.0, 0.5, 0.2, 0.1, 5
task = gates.band_task(40, steps=30, seed=0)  # u, y, target: arrays of shape (T, batch)
start = gates.init_gated_rnn(4, seed=0)
u, y, target = (torch.tensor(task[k]) for k in ("u", "y", "target"))


class SurrogateStep(torch.autograd.Function):  # H(v) = [v > 0]; backward, sigma'(v/s)/s
    @staticmethod
    def forward(ctx, v):
        ctx.save_for_backward(v)
        return (v > 0).to(v.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        (v,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(v / SCALE) * torch.sigmoid(-v / SCALE) / SCALE


def gate(x, step=SurrogateStep.apply):  # 1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E)
    return step(x - (X_MAX - E)) + step(x + X_MAX) + step(X_MAX - x) + step((-X_MAX + E) - x) - 2


(w, b), (W, c) = start["input"][0], start["readout"][0]
params = [torch.tensor(p, requires_grad=True) for p in (start["leak_logit"], w, b, W, c)]


def loss_fn(leak_logit, w, b, W, c):
    leak, h, z = torch.sigmoid(leak_logit), torch.zeros(u.shape[1], w.shape[1]), []
    for t in range(u.shape[0]):  # h_t = leak * h_{t-1} + (1 - leak) * (u_t w + b)
        h = leak * h + (1 - leak) * (u[t, :, None] @ w + b)
        z.append(gate((h @ W + c)[:, 0]) * y[t])  # the gate decides when y passes
    return torch.mean((torch.stack(z) - target) ** 2)


optimizer, losses = torch.optim.Adam(params, lr=LR), []
for _ in range(STEPS):
    optimizer.zero_grad()
    loss = loss_fn(*params)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print("training loss per step:", [round(v, 6) for v in losses])
trained = torch.cat([p.detach().ravel() for p in params])  # leak_logit, w, b, W, c
