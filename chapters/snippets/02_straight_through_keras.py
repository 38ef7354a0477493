"""Straight-through steps with tf.stop_gradient, and why four of them cancel on a pulse."""

import tensorflow as tf

X_MAX, E = 1.0, 0.3  # the bands (0.7, 1) and (-1, -0.7)
X = tf.constant(
    [-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2], tf.float64
)


def step_ste(u):
    """H(u) = [u > 0] forward; backward, the identity's derivative 1 (straight-through)."""
    return u + tf.stop_gradient(tf.cast(u > 0, u.dtype) - u)


def pulse_gate(x):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    rising = step_ste(x - (X_MAX - E)) + step_ste(x + X_MAX)
    return rising + step_ste(X_MAX - x) + step_ste((-X_MAX + E) - x) - 2.0


with tf.GradientTape(persistent=True) as tape:
    tape.watch(X)
    step_sum = tf.reduce_sum(step_ste(X))
    gate = pulse_gate(X)
    gate_sum = tf.reduce_sum(gate)
step_grad = tape.gradient(step_sum, X).numpy()
gate_grad = tape.gradient(gate_sum, X).numpy()  # +1 - 1 + 1 - 1 = 0 everywhere
gate = gate.numpy()
print("one step, dH/du:", step_grad.tolist())
print("pulse g:", gate.tolist())
print("pulse dg/dx:", gate_grad.tolist())
