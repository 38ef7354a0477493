"""TensorFlow: a real loss's gradient is the ascent direction; sum(conj(x)) silently uses c = 1."""

import tensorflow as tf

x = tf.Variable([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]], dtype=tf.complex128)
with tf.GradientTape() as tape:
    f = tf.reduce_sum(tf.math.conj(x))
grad_sum_conj = tape.gradient(f, x)  # all ones: the gradient of Re f, not a derivative of conj

w = tf.Variable(0j, dtype=tf.complex128)
for _ in range(100):
    with tf.GradientTape() as tape:
        loss = tf.abs(w - (0.8 - 0.6j)) ** 2
    w.assign_sub(0.1 * tape.gradient(loss, w))  # step against it as it is
print(grad_sum_conj.numpy(), w.numpy())  # ones; w ≈ 0.8-0.6j
