"""Maximize a frozen network's output over one input: Keras 3 (TensorFlow), GradientTape."""

import keras
import tensorflow as tf

from companion import nets  # needs companion (the book's package) for the chapter's weights

keras.utils.set_random_seed(0)
keras.config.set_floatx("float64")  # the companion's precision; float32 works the same way
X_FIXED, Y0, BOX, LR, STEPS = 0.5, 0.0, (-2.0, 2.0), 0.05, 500

# The network: 2 inputs (x, y) -> 16 tanh units -> 1 output, with the companion's weights.
model = keras.Sequential(
    [keras.Input((2,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)]
)
model.set_weights(nets.export_weights(nets.init_mlp([2, 16, 1], seed=3, scale=1.5)))
model.trainable = False  # freeze the weights: only the input is optimized

x = tf.constant([[X_FIXED]], dtype=tf.float64)
y = tf.Variable([[Y0]], dtype=tf.float64)  # the input we optimize
optimizer = keras.optimizers.Adam(learning_rate=LR)
for _ in range(STEPS):
    with tf.GradientTape() as tape:
        # training=False: inference behaviour for dropout and batch norm
        loss = -model(tf.concat([x, y], axis=1), training=False)[0, 0]  # maximize f
    optimizer.apply_gradients([(tape.gradient(loss, y), y)])
    y.assign(tf.clip_by_value(y, *BOX))  # project back into the box

y_star = y.numpy()[0]
f_star = float(model(tf.concat([x, y], axis=1), training=False)[0, 0])
print(f"maximizer y* = {y_star[0]:.6f}, f(x, y*) = {f_star:.6f}")
