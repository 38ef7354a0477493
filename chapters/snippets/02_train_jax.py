"""The chapter's gated recurrent cell, trained through a sigmoid surrogate: JAX + optax Adam."""

import jax
import jax.numpy as jnp
import optax

from companion import gates  # needs companion (the book's package) for the task and start weights

jax.config.update("jax_enable_x64", True)
X_MAX, E, SCALE, LR, STEPS = 1.0, 0.5, 0.2, 0.1, 5
task = gates.band_task(40, steps=30, seed=0)  # u, y, target: arrays of shape (T, batch)
params = gates.init_gated_rnn(4, seed=0)  # a pytree: {"leak_logit", "input", "readout"}
u, y, target = (jnp.asarray(task[k]) for k in ("u", "y", "target"))


@jax.custom_vjp
def step(v):  # H(v) = [v > 0] forward; backward, the sigmoid bump sigma'(v/s)/s
    return (v > 0).astype(v.dtype)


step.defvjp(
    lambda v: (step(v), v),
    lambda v, g: (g * jax.nn.sigmoid(v / SCALE) * jax.nn.sigmoid(-v / SCALE) / SCALE,),
)


def gate(x):  # 1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E)
    return step(x - (X_MAX - E)) + step(x + X_MAX) + step(X_MAX - x) + step((-X_MAX + E) - x) - 2


def loss_fn(p):
    leak, ((w, b),), ((W, c),) = jax.nn.sigmoid(p["leak_logit"]), p["input"], p["readout"]

    def cell(h, t):  # h_t = leak * h_{t-1} + (1 - leak) * (u_t w + b)
        h = leak * h + (1 - leak) * (u[t, :, None] @ w + b)
        return h, gate((h @ W + c)[:, 0]) * y[t]  # the gate decides when y passes

    _, z = jax.lax.scan(cell, jnp.zeros((u.shape[1], leak.shape[0])), jnp.arange(len(u)))
    return jnp.mean((z - target) ** 2)


optimizer = optax.adam(LR)
state, losses = optimizer.init(params), []
for _ in range(STEPS):
    loss, grads = jax.value_and_grad(loss_fn)(params)
    updates, state = optimizer.update(grads, state)
    params = optax.apply_updates(params, updates)
    losses.append(float(loss))
print("training loss per step:", [round(v, 6) for v in losses])
trained = jnp.concatenate([jnp.ravel(a) for a in jax.tree.leaves(params)])  # w, b, leak, W, c
