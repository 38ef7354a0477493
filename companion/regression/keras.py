"""Keras 3's R2Score, emulated."""

import warnings

import numpy as onp

from companion._validate import choice
from companion.regression._common import FloatRangeError, RegressionWarning, _real_array

PACKET = 8  # float32 lanes of the AVX vectors TensorFlow's x86 wheels are built for
LEAF = PACKET * 1024  # Eigen splits a longer reduction in halves (its kLeafSize)


def _tf_sum(a):
    """TensorFlow's float32 ``reduce_sum`` of a 1-D float32 array, in its order of operations.

    Eigen's vectorised reduction (InnerMostDimReducer): above LEAF values the range is split
    in two halves (the split aligned to a packet) and the halves' sums added; below, four
    accumulators of PACKET lanes take consecutive packets in turn, are added in order
    ((a0 + a1) + a2) + a3, the remaining whole packets are added to that, its lanes are
    summed by halves, and the leftover values (summed one by one) are added last. Checked
    bit for bit against TensorFlow 2.21 on x86-64 for n = 1 to 10^6.
    """
    n = len(a)
    if n > LEAF:
        half = ((n + 1) // 2 + PACKET - 1) // PACKET * PACKET  # ceil(n/2), packet-aligned
        return onp.float32(_tf_sum(a[:half]) + _tf_sum(a[half:]))
    unrolled, vectorised = n // (4 * PACKET) * 4 * PACKET, n // PACKET * PACKET
    lanes = onp.zeros(PACKET, onp.float32)
    if unrolled:
        blocks = onp.cumsum(a[:unrolled].reshape(-1, 4, PACKET), axis=0, dtype=onp.float32)[-1]
        lanes = onp.cumsum(blocks, axis=0, dtype=onp.float32)[-1]
    for j in range(unrolled, vectorised, PACKET):
        lanes = lanes + a[j : j + PACKET]
    while len(lanes) > 1:
        lanes = lanes[: len(lanes) // 2] + lanes[len(lanes) // 2 :]
    tail = onp.cumsum(a[vectorised:], dtype=onp.float32)[-1] if n > vectorised else 0
    return onp.float32(tail + lanes[0])


def _tf_column_sums(a):
    """TensorFlow's float32 ``reduce_sum(a, axis=0)`` of a 2-D array (see keras_r2_score)."""
    if a.shape[1] == 1:
        return onp.array([_tf_sum(a[:, 0])])
    if a.shape[1] < PACKET:  # a strided reduction: each column summed in row order
        return onp.cumsum(a, axis=0, dtype=onp.float32)[-1]
    return onp.sum(a, axis=0, dtype=onp.float64).astype(onp.float32)  # order not emulated


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
    Per output column, in float32 and in one pass, each sum in TensorFlow's own order of
    float32 additions (``_tf_sum``, x86-64 builds; bit for bit for one to seven outputs, while
    for eight or more the sum is rounded once, which may differ from TensorFlow's in the last
    bit):

        total = sum(w y^2) - sum(w y)^2 / sum(w),   R^2 = 1 - sum(w (y - y_hat)^2) / total,

    an R^2 that is +-inf (total = 0, y constant) becomes 0.0, but 0/0 stays nan. The
    columns are averaged ("uniform_average"), weighted by total
    ("variance_weighted_average") or returned (None). With num_regressors = p > 0 the
    result is adjusted, 1 - (1 - R^2)(n - 1)/(n - p - 1), where n counts every element of
    y_true (rows times outputs), not rows; when p >= n - 1 Keras warns and returns the
    unadjusted value. Inputs must be 2-D (batch, outputs); a 1-D pair raises ValueError,
    while (n, 1) and (n,) are matched as in Keras. The one-pass float32 total cancels
    badly when the mean of y is large compared with its spread: the result is then rounding
    noise (1.00006 or 0.0 for an R^2 near 0.75), reproduced here only because the order of
    the additions is TensorFlow's. Inputs must be real and finite, and within float32's range,
    and so must the sums (y^2 of 1e20 overflows float32: Keras returns nan, this raises
    FloatRangeError); a sample_weight has one entry per row. Weights that are all 0 give 0/0:
    nan, as Keras does.

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
    try:
        w = w * onp.ones(onp.shape(yt), dtype=f32)
    except ValueError:
        raise ValueError(
            f"sample_weight has shape {onp.shape(sample_weight)}, which does not match y_true's "
            f"{onp.shape(yt)}: give one weight per row ({onp.shape(yt)[0]} of them)"
        ) from None
    with onp.errstate(over="ignore", invalid="ignore"):
        sums = {
            "sum(w y)": _tf_column_sums(yt * w),
            "sum(w y^2)": _tf_column_sums(yt * (yt * w)),
            "sum(w (y - y_pred)^2)": _tf_column_sums((yt - yp) ** 2 * w),
            "sum(w)": _tf_column_sums(w),
        }
    for what, value in sums.items():
        if not onp.all(onp.isfinite(value)):
            raise FloatRangeError(
                f"R2Score's float32 {what} overflows (float32 ends at 3.4e+38): Keras would "
                "return nan. Rescale y_true and y_pred (divide by a power of ten)"
            )
    total_sum, squared_sum, residual, count = sums.values()
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
