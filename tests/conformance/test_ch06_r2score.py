"""keras.metrics.R2Score at large means (issue 21): the emulation companion.regression.
keras_r2_score sums in TensorFlow's own float32 order, so where the one-pass float32 total
cancels (a mean large against the spread) it must return Keras' value bit for bit, rounding
noise included. Cases at means 1e3 to 1e5, one to three outputs, with and without weights and
num_regressors, and chapter 6's own case (its y shifted to mean 1e4 and divided by 100)."""

import warnings

import numpy as onp
import pytest
from conformance_support import companion_attr, companion_module

keras = pytest.importorskip("keras")


def _keras_r2(y, yhat, num_regressors=0, aggregation="uniform_average", sample_weight=None):
    m = keras.metrics.R2Score(class_aggregation=aggregation, num_regressors=num_regressors)
    m.update_state(y, yhat, sample_weight=sample_weight)
    return keras.ops.convert_to_numpy(m.result())


def _data(n, outputs, mean, seed):
    rng = onp.random.default_rng(seed)
    y = mean + rng.normal(size=(n, outputs)) * rng.uniform(0.01, 3.0, size=outputs)
    return y, y + rng.normal(scale=0.3, size=(n, outputs)) * rng.uniform(0.01, 1, size=outputs)


def _chapter_case():
    """Chapter 6's data (its setup and data cells), shifted to mean 1e4 and scaled by 1/100."""
    rng = onp.random.default_rng(0)
    n = 120
    x1 = rng.uniform(0, 10, n)
    x2 = 0.8 * x1 + rng.normal(0, 1.5, n)
    x3 = rng.normal(5, 2, n)
    X = onp.column_stack([onp.ones(n), x1, x2, x3])
    beta_true = onp.array([3.0, 1.5, -2.0, 0.5])
    y = X @ beta_true + rng.normal(0, 1, n) * (0.5 + 0.25 * x1)
    X[0, 1:] = [10.0, 2.0, 11.0]
    y[0] = X[0] @ beta_true + 12.0
    fitted = X @ onp.linalg.lstsq(X, y, rcond=None)[0]
    return (1e4 + y / 100)[:, None], (1e4 + fitted / 100)[:, None]


CASES = {
    f"mean {mean:g}, n={n}, {outputs} output(s)": _data(n, outputs, mean, seed)
    for seed, (mean, n, outputs) in enumerate(
        [
            (1e3, 120, 1),
            (1e4, 120, 1),
            (1e5, 120, 1),
            (1e4, 57, 2),
            (3e4, 1000, 3),
            (1e3, 20000, 1),
            (1e5, 9001, 1),
        ]
    )
}
CASES["chapter 6, mean 1e4"] = _chapter_case()


@pytest.mark.parametrize("num_regressors", [0, 3])
@pytest.mark.parametrize("case", list(CASES), ids=lambda c: c.replace(" ", "_"))
def test_r2score_at_large_means_is_reproduced_bit_for_bit(case, num_regressors):
    emulate = companion_attr(companion_module("regression"), "keras_r2_score")
    y, yhat = CASES[case]
    real = _keras_r2(y, yhat, num_regressors)
    got = emulate(y, yhat, num_regressors=num_regressors)
    assert onp.float32(got) == onp.float32(real), f"{case}: emulated {got!r}, Keras {real!r}"


@pytest.mark.parametrize("aggregation", [None, "variance_weighted_average"])
def test_r2score_weighted_outputs_at_large_means(aggregation):
    emulate = companion_attr(companion_module("regression"), "keras_r2_score")
    y, yhat = CASES["mean 10000, n=57, 2 output(s)"]
    w = onp.random.default_rng(9).uniform(0.1, 2.0, size=len(y))
    real = _keras_r2(y, yhat, 0, aggregation, sample_weight=w)
    got = emulate(y, yhat, class_aggregation=aggregation, sample_weight=w)
    onp.testing.assert_array_equal(onp.float32(got), onp.float32(real))


def test_the_chapter_case_is_rounding_noise_in_keras_and_in_the_emulation():
    """What the chapter prints: Keras' value is far from the float64 R^2 of the same fit."""
    emulate = companion_attr(companion_module("regression"), "keras_r2_score")
    y, yhat = CASES["chapter 6, mean 1e4"]
    r2 = 1 - onp.sum((y - yhat) ** 2) / onp.sum((y - y.mean()) ** 2)
    real = float(_keras_r2(y, yhat))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(emulate(y, yhat)) == real
    assert abs(real - r2) > 0.1, (real, r2)
