"""Short answer: the pulse gate with a surrogate gradient, in TensorFlow (tf.custom_gradient)."""

import tensorflow as tf

S = 0.1  # the surrogate's width


@tf.custom_gradient
def step(u):  # forward: the exact step H(u) = [u > 0]; backward: g times a fast-sigmoid bump
    return tf.cast(u > 0, u.dtype), lambda g: g / (2 * S * (1 + tf.abs(u) / S) ** 2)


def gate(x, x_max=1.0, e=0.3):  # 1 inside (x_max - e, x_max) or (-x_max, -x_max + e)
    return step(x - (x_max - e)) + step(x + x_max) + step(x_max - x) + step(e - x_max - x) - 2


x = tf.constant([-0.95, -0.7, -0.3, 0.0, 0.3, 0.75, 0.9, 1.2], tf.float64)
y = tf.range(1.0, 9.0, dtype=tf.float64)
with tf.GradientTape() as tape:
    tape.watch(x)
    z = tf.reduce_sum(gate(x) * y)
dz_dx = tape.gradient(z, x)
print("dz/dx =", [round(v, 4) for v in dz_dx.numpy().tolist()])
