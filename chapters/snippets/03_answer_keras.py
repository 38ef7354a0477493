"""Chapter 3's short answer in Keras 3: train on soft F1, since round() has no gradient."""

import keras
import numpy as np
from keras import ops


def soft_f1_loss(y_true, y_pred):  # y_pred: sigmoid probabilities, never rounded
    y_true = ops.cast(y_true, y_pred.dtype)
    tp = ops.sum(y_true * y_pred)  # expected counts, differentiable in y_pred
    fp, fn = ops.sum((1.0 - y_true) * y_pred), ops.sum(y_true * (1.0 - y_pred))
    return 1.0 - ops.divide_no_nan(2.0 * tp, 2.0 * tp + fp + fn)  # 0/0 gives 0


y_true = np.array([1, 0, 1, 0, 1], "float32")
logits = np.array([2.0, 1.0, -0.5, -2.0, 0.3], "float32")
loss = soft_f1_loss(y_true, ops.sigmoid(logits))
print(f"1 - soft F1 = {float(loss):.4f}")
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=soft_f1_loss)  # use large batches: the loss is a ratio
# Hard 0/1 outputs in the forward pass? Use x + ops.stop_gradient(ops.round(x) - x).
