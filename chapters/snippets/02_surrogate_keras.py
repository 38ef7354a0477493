"""A surrogate-gradient step and the pulse gate built from four: TensorFlow, tf.custom_gradient."""

import tensorflow as tf

X_MAX, E, SCALE = 1.0, 0.3, 0.1  # the bands (0.7, 1) and (-1, -0.7); surrogate width s
X = tf.constant(
    [-1.5, -1.0, -0.93, -0.85, -0.7, -0.66, 0.0, 0.66, 0.7, 0.78, 0.95, 1.0, 1.2], tf.float64
)

# Stand-ins for the step's derivative, the Dirac delta: unit-area bumps, and straight-through.
SURROGATES = {
    "fast_sigmoid": lambda u, s: 0.5 / (s * (1 + tf.abs(u / s)) ** 2),
    "sigmoid": lambda u, s: tf.sigmoid(u / s) * tf.sigmoid(-u / s) / s,
    "triangle": lambda u, s: tf.maximum(0.0, 1 - tf.abs(u / s)) / s,
    "boxcar": lambda u, s: tf.cast(tf.abs(u) < s, u.dtype) / (2 * s),
    "straight_through": lambda u, s: tf.ones_like(u),
}


def surrogate_step(name, s=SCALE):
    """H(u) = [u > 0] forward; backward, the surrogate d(u; s) replaces the Dirac delta."""

    @tf.custom_gradient
    def step(u):
        def grad(upstream):
            return upstream * SURROGATES[name](u, s)

        return tf.cast(u > 0, u.dtype), grad

    return step


def pulse_gate(x, name):
    """1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E): two rising and two falling steps."""
    step = surrogate_step(name)
    rising = step(x - (X_MAX - E)) + step(x + X_MAX)
    return rising + step(X_MAX - x) + step((-X_MAX + E) - x) - 2.0


step_grads, gate_grads = [], []
for name in SURROGATES:
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(X)
        step_sum = tf.reduce_sum(surrogate_step(name)(X))
        gate_sum = tf.reduce_sum(pulse_gate(X, name))
    step_grads.append(tape.gradient(step_sum, X).numpy())
    gate_grads.append(tape.gradient(gate_sum, X).numpy())
    print(f"{name:<17} dg/dx = {[round(float(v), 3) + 0.0 for v in gate_grads[-1]]}")
gate = pulse_gate(X, "sigmoid").numpy()
print("g =", gate.tolist())
