"""Complex least squares in TensorFlow 2 / Keras 3: step against the gradient TF returns.

For a real loss L of a complex weight w, tape.gradient returns dL/dRe w + i dL/dIm w
(= 2 dL/d conj(w)), the steepest-ascent direction. Of Keras' optimizers only SGD (with or
without momentum) handles complex variables: RMSprop and Adagrad square g as g*g, not |g|^2,
and stop at a wrong point without an error; Adam, AdamW and Nadam raise on complex128
weights and go silently wrong on complex64 ones. For those, keep the real and imaginary
parts as two real variables.
"""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x_np = rng.normal(size=(40, 2)) + 1j * rng.normal(size=(40, 2))
noise = 0.1 * (rng.normal(size=40) + 1j * rng.normal(size=40))
y_np = x_np @ np.array([0.8 - 0.6j, -0.3 + 1.2j]) + noise

x, y = tf.constant(x_np), tf.constant(y_np)  # complex128
w = tf.Variable(tf.zeros(2, tf.complex128), name="w")
optimizer = keras.optimizers.SGD(learning_rate=0.1)

for _ in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.abs(tf.linalg.matvec(x, w) - y) ** 2)
    grad = tape.gradient(loss, w)  # no conjugate: TF already returns the ascent direction
    optimizer.apply_gradients([(grad, w)])

w_fit = w.numpy()
w_lstsq = np.linalg.lstsq(x_np, y_np, rcond=None)[0]  # the least-squares answer
print(f"fitted weights:  {np.round(w_fit, 6)}  (loss {float(loss):.6f})")
print(f"least squares:   {np.round(w_lstsq, 6)}")
