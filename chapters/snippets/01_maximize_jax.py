"""Maximize a trained network's output over one input: JAX, jax.grad and projected optax SGD."""

import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_enable_x64", True)  # the book's precision; float32 works the same way
X_FIXED, Y0, BOX, LR, STEPS = 0.3, 0.2, (-2.0, 2.0), 0.05, 200

# Chapter 1's trained 2-10-1 tanh network, its weights rounded to 3 decimals, in Keras' layout:
# f(x, y) = tanh([x, y] @ W1 + b1) @ W2 + b2.
W1 = [
    [0.739, 0.143, 0.758, 0.119, 0.19, -0.095, -0.083, 0.277, -0.384, -0.04],
    [-2.577, -0.395, -2.777, -0.336, -1.392, -1.266, -0.902, 0.435, 1.357, 2.976],
]
b1 = [2.661, 0.262, 1.534, 0.084, 0.694, 0.228, -1.289, -0.377, -0.589, 2.608]
W2 = [1.011, -0.865, -1.298, -0.657, 0.577, 0.199, -0.866, 0.354, -0.448, -0.764]
b2 = [0.018]
weights = [jnp.array(w) for w in (W1, b1, W2, b2)]


def net(weights, x, y):
    W1, b1, W2, b2 = weights
    return (jnp.tanh(jnp.concatenate([x, y]) @ W1 + b1) @ W2 + b2)[0]


x = jnp.array([X_FIXED])
grad_y = jax.grad(net, argnums=2)  # the gradient with respect to the input y only
optimizer = optax.sgd(LR)


@jax.jit
def step(y, state):
    updates, state = optimizer.update(-grad_y(weights, x, y), state)  # ascent: minimize -f
    y = optax.apply_updates(y, updates)
    return optax.projections.projection_box(y, *BOX), state  # back into the box


y = jnp.array([Y0])
state = optimizer.init(y)
for _ in range(STEPS):
    y, state = step(y, state)

y_star = y
print(f"maximizer y* = {y_star[0]:.5f}, f(x, y*) = {net(weights, x, y_star):.5f}")
