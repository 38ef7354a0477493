"""JAX with optax: the update *is* the weight delta; the state's fields are the slots.

optax.rmsprop chains scale_by_rms (state field nu), the learning rate, and trace (field
trace, with momentum). The learning rate enters before the trace, so trace holds the delta
itself. Deterministic: no random numbers are drawn.
"""

import jax
import jax.numpy as jnp
import optax

A = jnp.array([40.0, 1.0, 1e-2, 1e-8])  # curvatures: gradients from 40 down to 1.5e-8
w = jnp.array([1.0, -2.0, 0.5, -1.5])


def loss(w):
    return 0.5 * jnp.sum(A * w**2)


optimizer = optax.rmsprop(learning_rate=0.01, momentum=0.9)
state = optimizer.init(w)
for step in range(1, 4):
    grads = jax.grad(loss)(w)
    updates, state = optimizer.update(grads, state, w)
    w = optax.apply_updates(w, updates)  # w + updates
    print(f"step {step}: delta = {updates}")

delta = updates
print(state)  # (ScaleByRmsState(nu=...), EmptyState(), TraceState(trace=...))
nu = optax.tree_utils.tree_get(state, "nu")  # running mean of g**2
trace = optax.tree_utils.tree_get(state, "trace")  # the delta itself
print("nu:   ", nu)
print("trace:", trace, "equals delta:", bool(jnp.all(trace == delta)))
