"""Straight-through round in TensorFlow 2 / Keras 3: round forward, identity backward."""

import numpy as np
import tensorflow as tf


def round_ste(x):
    """round(x) in the forward pass; in the backward pass d round_ste / dx = 1."""
    return x + tf.stop_gradient(tf.round(x) - x)


rng = np.random.default_rng(0)
y_true = tf.constant((rng.random(16) < 0.4).astype("float32"))
logits = tf.Variable(rng.normal(size=16).astype("float32"))  # a model's outputs

with tf.GradientTape() as tape:
    hard = round_ste(tf.sigmoid(logits))  # 0/1 predictions, exactly as tf.round gives them
    tp = tf.reduce_sum(y_true * hard)
    fp = tf.reduce_sum((1.0 - y_true) * hard)
    loss = 1.0 - tp / (tp + fp)  # one minus precision of the hard predictions
grad = tape.gradient(loss, logits)  # not None: the straight-through path carries it

print(f"hard predictions: {hard.numpy().astype(int).tolist()}")
print(f"1 - precision = {float(loss):.6f}")
print(f"gradient: {np.array2string(grad.numpy(), precision=4)}")
