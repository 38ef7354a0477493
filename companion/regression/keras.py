"""Keras 3's R2Score, emulated."""

import warnings

import numpy as onp

from companion._validate import choice
from companion.regression._common import RegressionWarning, _real_array


def _float32_input(name, value):
    """A real, finite array that survives Keras' cast to float32, or a named error."""
    arr = _real_array(name, value)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not onp.all(onp.isfinite(arr)):
        raise ValueError(f"{name} must be finite; found {arr[~onp.isfinite(arr)].flat[0]}")
    big = onp.abs(arr) > onp.finfo(onp.float32).max
    if big.any():
        raise ValueError(
            f"{name} holds {arr[big].flat[0]:.3g}, beyond float32's range (3.4e+38): Keras "
            "computes R2Score in float32, so it would see inf; rescale the targets"
        )
    return arr.astype(onp.float32)


def keras_r2_score(
    y_true, y_pred, num_regressors=0, *, class_aggregation="uniform_average", sample_weight=None
):
    """Keras 3's ``keras.metrics.R2Score`` after one ``update_state(y_true, y_pred)``, emulated.

    The calls it reproduces (keras 3.15.1, measured with the TensorFlow backend):
    ``m = keras.metrics.R2Score(class_aggregation=..., num_regressors=p)``,
    ``m.update_state(y_true, y_pred, sample_weight)``, ``float(m.result())``.
    Per output column, in float32 and in one pass (each sum rounded once to float32, which
    reproduced TensorFlow's reductions on every recorded case):

        total = sum(w y^2) - sum(w y)^2 / sum(w),   R^2 = 1 - sum(w (y - y_hat)^2) / total,

    an R^2 that is +-inf (total = 0, y constant) becomes 0.0, but 0/0 stays nan. The
    columns are averaged ("uniform_average"), weighted by total
    ("variance_weighted_average") or returned (None). With num_regressors = p > 0 the
    result is adjusted, 1 - (1 - R^2)(n - 1)/(n - p - 1), where n counts every element of
    y_true (rows times outputs), not rows; when p >= n - 1 Keras warns and returns the
    unadjusted value. Inputs must be 2-D (batch, outputs); a 1-D pair raises ValueError,
    while (n, 1) and (n,) are matched as in Keras. The one-pass float32 total cancels
    badly when the mean of y is large compared with its spread. Inputs must be real and
    finite, and within float32's range (Keras would see inf); otherwise a named error.

    >>> y = onp.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> yhat = onp.array([[1.1], [1.9], [3.2], [3.8], [5.1]])
    >>> print(f"{keras_r2_score(y, yhat):.4f} {keras_r2_score(y, yhat, num_regressors=1):.4f}")
    0.9890 0.9853
    """
    choice(
        "class_aggregation",
        class_aggregation,
        ("uniform_average", "variance_weighted_average", None),
    )
    if isinstance(num_regressors, bool) or not isinstance(num_regressors, (int, onp.integer)):
        raise TypeError(f"num_regressors must be an integer, got {num_regressors!r}")
    if num_regressors < 0:
        raise ValueError(f"num_regressors must be >= 0, got {num_regressors}")
    f32 = onp.float32
    yt, yp = (_float32_input(n, v) for n, v in (("y_true", y_true), ("y_pred", y_pred)))
    # Keras' squeeze_or_expand_to_same_rank: a rank-1 partner of an (n, 1) array is expanded
    for _ in range(2):
        if onp.ndim(yt) == onp.ndim(yp) + 1 and onp.shape(yt)[-1] == 1:
            yp, yt = (yp[:, None], yt) if onp.ndim(yp) == 1 else (yp, yt[..., 0])
        yt, yp = yp, yt  # the same rule the other way round
    if onp.ndim(yt) != 2 or onp.ndim(yp) != 2:
        raise ValueError(
            "R2Score expects 2-D inputs (batch_size, output_dim), got y_true shape "
            f"{onp.shape(yt)} and y_pred shape {onp.shape(yp)}; reshape with y[:, None]"
        )
    if onp.shape(yt) != onp.shape(yp):
        raise ValueError(f"y_true shape {onp.shape(yt)} and y_pred shape {onp.shape(yp)} differ")
    w = f32(1.0) if sample_weight is None else _float32_input("sample_weight", sample_weight)
    if onp.ndim(w) == 1:
        w = onp.reshape(w, (-1, 1))
    w = w * onp.ones(onp.shape(yt), dtype=f32)

    def column_sum(a):  # TensorFlow's float32 reduction behaves as if rounded once
        return onp.sum(a, axis=0, dtype=onp.float64).astype(f32)

    total_sum = column_sum(yt * w)
    squared_sum = column_sum(yt * (yt * w))
    residual = column_sum((yt - yp) ** 2 * w)
    count = column_sum(w)
    total = squared_sum - total_sum * (total_sum / count)
    with onp.errstate(divide="ignore", invalid="ignore"):
        raw = f32(1.0) - residual / total
    raw = onp.where(onp.isinf(raw), f32(0.0), raw)
    if class_aggregation == "uniform_average":
        score = onp.mean(raw)
    elif class_aggregation == "variance_weighted_average":
        score = onp.sum(total * raw) / onp.sum(total)
    else:
        score = raw
    n = onp.size(yt)
    if num_regressors:
        if num_regressors >= n - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted R2 score. Falling "
                "back to standard R2 score."
                if num_regressors > n - 1
                else "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                RegressionWarning,
                stacklevel=2,
            )
        else:
            score = f32(1.0) - (f32(1.0) - score) * f32(n - 1.0) / (
                f32(n) - f32(num_regressors) - f32(1.0)
            )
    return score
