"""Keras 3: the weight delta of RMSprop with momentum, and the optimizer's slots.

The delta is the weights after apply_gradients minus the weights before. Keras' RMSprop
applies the learning rate before the momentum, so its momentum slot is minus the delta:
exact, where the float32 difference keeps a delta only to float32 spacing (6e-8 to 1.2e-7
times |w|). Deterministic: no random numbers are drawn.
"""

import keras
import numpy as np
import tensorflow as tf  # the backend: its GradientTape computes the gradients

A = tf.constant([40.0, 1.0, 1e-2, 1e-8])  # curvatures: gradients from 40 down to 1.5e-8
w = keras.Variable([1.0, -2.0, 0.5, -1.5], name="w")
optimizer = keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.9)

for step in range(1, 4):
    with tf.GradientTape() as tape:
        loss = 0.5 * tf.reduce_sum(A * w**2)
    grads = tape.gradient(loss, [w])
    before = w.numpy().copy()
    optimizer.apply_gradients(zip(grads, [w]))
    delta_diffed = w.numpy() - before  # what apply_gradients added, as float32 keeps it
    print(f"step {step}: weights moved by {delta_diffed}")

# The iteration count and learning rate, then one slot per weight: w_velocity, w_momentum.
for variable in optimizer.variables:
    print(f"{variable.path:>24}: {variable.numpy()}")
slots = {v.path.rsplit("/", 1)[-1]: v.numpy() for v in optimizer.variables}
velocity = slots["w_velocity"]  # running mean of g**2
momentum = slots["w_momentum"]  # learning rate applied first: minus the delta
delta = -momentum
print("delta from the slot:", delta)
print("relative error of the float32 difference:", np.abs(delta_diffed - delta) / np.abs(delta))
