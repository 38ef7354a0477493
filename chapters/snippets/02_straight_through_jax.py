"""Straight-through steps with jax.lax.stop_gradient, and why four of them cancel on a pulse."""

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)
X_MAX, E = 1.0, 0.3  # the bands (0.7, 1) and (-1, -0.7)
X = jnp.array([-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2])


def step_ste(u):
    """H(u) = [u > 0] forward; backward, the identity's derivative 1 (straight-through)."""
    return u + jax.lax.stop_gradient((u > 0).astype(u.dtype) - u)


def pulse_gate(x):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    rising = step_ste(x - (X_MAX - E)) + step_ste(x + X_MAX)
    return rising + step_ste(X_MAX - x) + step_ste((-X_MAX + E) - x) - 2.0


step_grad = jax.grad(lambda x: step_ste(x).sum())(X)
gate, pullback = jax.vjp(pulse_gate, X)
(gate_grad,) = pullback(jnp.ones_like(gate))  # +1 - 1 + 1 - 1 = 0 everywhere
print("one step, dH/du:", step_grad.tolist())
print("pulse g:", gate.tolist())
print("pulse dg/dx:", gate_grad.tolist())
