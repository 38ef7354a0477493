"""The reader's question in TensorFlow: why is the gradient of sum(conj(x)) all ones?

f = sum(conj(x)) is complex-valued and has no complex derivative. Given a complex output and
no output_gradients, TF uses the cotangent 1 and returns conj(df/dz) + df/d conj(z) = 0 + 1:
the same as the gradient of the real part, Re f = sum(Re x).
"""

import numpy as np
import tensorflow as tf

x = tf.constant([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]], dtype=tf.complex128)

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    f = tf.reduce_sum(tf.math.conj(x))
    real_part = tf.math.real(f)

grad_default = tape.gradient(f, x)  # ones: the cotangent 1 was chosen silently
grad_real = tape.gradient(real_part, x)  # ones: the real gradient of Re f
print("gradient of sum(conj(x)):\n", np.asarray(grad_default))
print("gradient of Re sum(conj(x)):\n", np.asarray(grad_real))
