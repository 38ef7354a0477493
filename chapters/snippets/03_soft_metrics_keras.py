"""Soft precision, recall and F1 as a Keras 3 loss (TensorFlow backend), usable in compile()."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops


@keras.saving.register_keras_serializable(package="companion")  # so saved models reload it
class SoftMetricLoss(keras.losses.Loss):
    """1 − soft precision, recall or F1: tp = Σ y·p, fp = Σ (1−y)·p, fn = Σ y·(1−p)."""

    def __init__(self, metric="f1", name=None, **kwargs):
        super().__init__(name=name or f"soft_{metric}_loss", **kwargs)
        self.metric = metric

    def call(self, y_true, y_pred):
        y_true = ops.cast(y_true, y_pred.dtype)
        tp = ops.sum(y_true * y_pred)  # sums over the whole batch: use large batches
        fp = ops.sum((1.0 - y_true) * y_pred)
        fn = ops.sum(y_true * (1.0 - y_pred))
        # F1 = 2tp / (2tp + fp + fn) = tp / (tp + (fp + fn)/2)
        extra = {"precision": fp, "recall": fn, "f1": (fp + fn) / 2}[self.metric]
        return 1.0 - ops.divide_no_nan(tp, tp + extra)  # 0/0 gives 0, never nan

    def get_config(self):
        return {**super().get_config(), "metric": self.metric}


rng = np.random.default_rng(0)
y_true = (rng.random(16) < 0.4).astype("float32")
y_prob = tf.Variable(rng.random(16).astype("float32"))  # probabilities, e.g. a sigmoid's
losses, grads = [], []
for metric in ("precision", "recall", "f1"):
    with tf.GradientTape() as tape:
        loss = SoftMetricLoss(metric)(y_true, y_prob)
    losses.append(float(loss))
    grads.append(tape.gradient(loss, y_prob))
    print(f"1 - soft {metric:9} = {losses[-1]:.6f}, gradient[:3] = {grads[-1].numpy()[:3]}")

# In training: compile a model whose output is a probability (a sigmoid unit).
keras.utils.set_random_seed(0)
labels = (rng.random(256) < 0.3).astype("float32")
X = (rng.normal(size=(256, 2)) + np.outer(labels, [1.5, 1.0])).astype("float32")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=SoftMetricLoss("f1"))
fit_losses = model.fit(X, labels, batch_size=256, epochs=20, verbose=0).history["loss"]
print(f"soft-F1 loss during fit: {fit_losses[0]:.4f} -> {fit_losses[-1]:.4f}")
