"""Keras 3: the weight delta of one RMSprop step is the weights after minus before.

Float64 weights keep the difference to about 1e-16 * |w|; in float32 a delta below half the
float32 spacing at the weight (3e-8 to 6e-8 * |w|) is rounded away. Deterministic: no random
numbers are drawn.
"""

import keras
import tensorflow as tf  # the backend: its GradientTape computes the gradients

A = tf.constant([40.0, 1.0, 1e-2, 1e-8], dtype="float64")  # curvatures
w = keras.Variable([1.0, -2.0, 0.5, -1.5], dtype="float64", name="w")
optimizer = keras.optimizers.RMSprop(learning_rate=0.01)

with tf.GradientTape() as tape:
    loss = 0.5 * tf.reduce_sum(A * w**2)
grads = tape.gradient(loss, [w])
before = w.numpy().copy()
optimizer.apply_gradients(zip(grads, [w]))
delta = w.numpy() - before  # what apply_gradients added to the weights
print("delta:   ", delta)
print("-lr*grad:", -0.01 * grads[0].numpy())
