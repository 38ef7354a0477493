"""Straight-through round in TF 2 / Keras 3 (round forward, identity backward); clipped too."""

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


@tf.custom_gradient  # round(x) forward; the gradient passes only where 0 <= x <= 1
def round_clipped(x):
    def backward(g):
        return g * tf.cast((x >= 0) & (x <= 1), g.dtype)  # bounds included, as cp.losses

    return tf.round(x), backward


x_probe = tf.Variable([-0.3, 0.0, 0.5, 1.0, 1.4])
weights = tf.range(1.0, 6.0)  # cotangents that are not all 1
with tf.GradientTape() as tape:
    weighted = tf.reduce_sum(weights * round_clipped(x_probe))
clipped_grad = tape.gradient(weighted, x_probe).numpy()

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
print(f"clipped, weights 1..5 at x = -0.3, 0, 0.5, 1, 1.4: {np.asarray(clipped_grad).tolist()}")
