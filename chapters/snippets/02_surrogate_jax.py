"""A surrogate-gradient step and the pulse gate built from four: JAX, jax.custom_vjp."""

from functools import partial

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)
X_MAX, E, SCALE = 1.0, 0.3, 0.1  # the bands (0.7, 1) and (-1, -0.7); surrogate width s
X = jnp.array([-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2])

# Stand-ins for the step's derivative, the Dirac delta: unit-area bumps, and straight-through.
SURROGATES = {
    "fast_sigmoid": lambda u, s: 0.5 / (s * (1 + jnp.abs(u / s)) ** 2),
    "sigmoid": lambda u, s: jax.nn.sigmoid(u / s) * jax.nn.sigmoid(-u / s) / s,
    "triangle": lambda u, s: jnp.maximum(0.0, 1 - jnp.abs(u / s)) / s,
    "boxcar": lambda u, s: (jnp.abs(u) < s) / (2 * s),
    "straight_through": lambda u, s: jnp.ones_like(u),
}


@partial(jax.custom_vjp, nondiff_argnums=(1, 2))
def step(u, name, s):
    """H(u) = [u > 0] forward; backward, the surrogate d(u; s) replaces the Dirac delta."""
    return (u > 0).astype(u.dtype)


def step_fwd(u, name, s):
    return step(u, name, s), u  # keep u for the backward pass


def step_bwd(name, s, u, g):
    return (g * SURROGATES[name](u, s),)


step.defvjp(step_fwd, step_bwd)


def pulse_gate(x, name, s=SCALE):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    rising = step(x - (X_MAX - E), name, s) + step(x + X_MAX, name, s)
    return rising + step(X_MAX - x, name, s) + step((-X_MAX + E) - x, name, s) - 2.0


step_grads = [jax.grad(lambda x, n=n: step(x, n, SCALE).sum())(X) for n in SURROGATES]
gate_grads = [jax.grad(lambda x, n=n: pulse_gate(x, n).sum())(X) for n in SURROGATES]
for name, dgate in zip(SURROGATES, gate_grads):
    print(f"{name:<17} dg/dx = {[round(float(v), 3) for v in dgate]}")
gate = pulse_gate(X, "sigmoid")
print("g =", gate.tolist())
