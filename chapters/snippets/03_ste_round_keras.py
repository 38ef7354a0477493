"""Straight-through round in TensorFlow 2 / Keras 3: round forward, identity backward."""

import numpy as np
import tensorflow as tf


def round_ste(x):
    """round(x) in the forward pass; in the backward pass d round_ste / dx = 1."""
    return x + tf.stop_gradient(tf.round(x) - x)


def precision_loss(logits, y_true):
    hard = round_ste(tf.sigmoid(logits))  # 0/1 predictions, exactly as tf.round gives them
    tp = tf.reduce_sum(y_true * hard)
    den = tp + tf.reduce_sum((1.0 - y_true) * hard)  # tp + fp
    return 1.0 - tp / tf.where(den > 0, den, 1.0)  # nothing predicted: 0/0 gives 0, not nan


rng = np.random.default_rng(0)
y_true = tf.constant((rng.random(16) < 0.4).astype("float32"))
logits = tf.Variable(rng.normal(size=16).astype("float32"))  # a model's outputs
hard = round_ste(tf.sigmoid(logits))

with tf.GradientTape() as tape:
    loss = precision_loss(logits, y_true)  # one minus precision of the hard predictions
grad = tape.gradient(loss, logits)  # not None: the straight-through path carries it

none_logits = tf.Variable(logits - 10.0)  # every prediction negative
with tf.GradientTape() as tape:
    none_loss = precision_loss(none_logits, y_true)
none_grad = tape.gradient(none_loss, none_logits)  # finite, and it lifts the positives

print(f"hard predictions: {hard.numpy().astype(int).tolist()}")
print(f"1 - precision = {float(loss):.6f}; with nothing predicted {float(none_loss):.6f}")
print(f"gradient: {np.array2string(grad.numpy(), precision=4)}")
