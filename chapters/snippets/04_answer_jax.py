"""JAX: a real loss's gradient is the conjugate of the ascent direction: conjugate, then step."""

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)
x = jnp.array([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]])
grad_sum_conj = jax.grad(lambda x: jnp.sum(jnp.conj(x)).real)(x)  # ones (grad wants a real f)

loss = lambda w: jnp.abs(w - (0.8 - 0.6j)) ** 2  # noqa: E731
w = jnp.array(0j)
for _ in range(100):
    w = w - 0.1 * jnp.conj(jax.grad(loss)(w))  # conjugate JAX's gradient, then step
print(grad_sum_conj, w)  # ones; w ≈ 0.8-0.6j
