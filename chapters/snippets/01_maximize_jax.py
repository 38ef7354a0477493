"""Maximize a frozen network's output over one input: JAX, jax.grad and projected optax Adam."""

import jax
import jax.numpy as jnp
import optax

from companion import nets  # needs companion (the book's package) for the chapter's weights

jax.config.update("jax_enable_x64", True)  # the companion's precision; float32 works too
X_FIXED, Y0, BOX, LR, STEPS = 0.5, 0.0, (-2.0, 2.0), 0.05, 500

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
weights = [
    jnp.asarray(w) for w in nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5))
]


def net(weights, x, y):
    W1, b1, W2, b2 = weights
    h = jnp.tanh(jnp.concatenate([x, y]) @ W1 + b1)
    return (h @ W2 + b2)[0]


grad_y = jax.grad(net, argnums=2)  # the gradient with respect to the input y only
optimizer = optax.adam(LR)


@jax.jit
def step(y, state):
    updates, state = optimizer.update(-grad_y(weights, x, y), state)  # ascent: minimize -f
    y = optax.apply_updates(y, updates)
    return optax.projections.projection_box(y, *BOX), state  # back into the box


x, y = jnp.array([X_FIXED]), jnp.array([Y0])
state = optimizer.init(y)
for _ in range(STEPS):
    y, state = step(y, state)

y_star = y
print(f"maximizer y* = {y_star[0]:.6f}, f(x, y*) = {net(weights, x, y_star):.6f}")
