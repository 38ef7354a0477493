"""JAX with optax: the update that optimizer.update returns *is* the weight delta.

Deterministic: no random numbers are drawn.
"""

import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_enable_x64", True)  # float64, as in the other tabs
A = jnp.array([40.0, 1.0, 1e-2, 1e-8])  # curvatures
w = jnp.array([1.0, -2.0, 0.5, -1.5])
optimizer = optax.rmsprop(learning_rate=0.01)
state = optimizer.init(w)

grads = jax.grad(lambda w: 0.5 * jnp.sum(A * w**2))(w)
delta, state = optimizer.update(grads, state, w)  # the delta, before it is applied
w = optax.apply_updates(w, delta)  # w + delta
print("delta:   ", delta)
print("-lr*grad:", -0.01 * grads)
