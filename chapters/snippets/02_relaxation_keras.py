"""The relaxed gate: each step replaced by a logistic sigmoid and differentiated: TensorFlow."""

import tensorflow as tf

S = 0.1  # the temperature of the sigmoid steps


def soft_gate(x, x_max=1.0, e=0.3):  # about 1 inside (x_max - e, x_max) or (-x_max, -x_max + e)
    step = lambda u: tf.sigmoid(u / S)  # noqa: E731
    return step(x - (x_max - e)) + step(x + x_max) + step(x_max - x) + step(e - x_max - x) - 2


x = tf.constant([-0.95, -0.7, -0.3, 0.0, 0.3, 0.75, 0.9, 1.2], tf.float64)
y = tf.range(1.0, 9.0, dtype=tf.float64)
with tf.GradientTape() as tape:
    tape.watch(x)
    g = soft_gate(x)  # soft values: about 1/2 at an edge, not 0 or 1
    z = tf.reduce_sum(g * y)
dz_dx = tape.gradient(z, x)
print("soft g =", [round(v, 3) for v in g.numpy().tolist()])
print("dz/dx =", [round(v, 4) + 0.0 for v in dz_dx.numpy().tolist()])
