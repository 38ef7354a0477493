"""The relaxed gate: each step replaced by a logistic sigmoid, differentiated as it is: JAX."""

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)
S = 0.1  # the temperature of the sigmoid steps


def soft_gate(x, x_max=1.0, e=0.3):  # about 1 inside (x_max - e, x_max) or (-x_max, -x_max + e)
    step = lambda u: jax.nn.sigmoid(u / S)  # noqa: E731
    return step(x - (x_max - e)) + step(x + x_max) + step(x_max - x) + step(e - x_max - x) - 2


x = jnp.array([-0.95, -0.7, -0.3, 0.0, 0.3, 0.75, 0.9, 1.2])
y = jnp.arange(1.0, 9.0)
g = soft_gate(x)  # soft values: about 1/2 at an edge, not 0 or 1
dz_dx = jax.grad(lambda x: jnp.sum(soft_gate(x) * y))(x)
print("soft g =", [round(v, 3) for v in g.tolist()])
print("dz/dx =", [round(v, 4) for v in dz_dx.tolist()])
