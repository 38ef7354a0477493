"""Chapter 6's snippets (route 06_linear_model): a linear model trained by full-batch gradient
descent in Keras, PyTorch and JAX (optax), then R-squared, adjusted R-squared, standard errors
and p-values from companion.regression on the same design, and Keras' R2Score with
num_regressors. Every number is compared with statsmodels on the data the snippet built.

PyTorch and JAX train in float64, so their weights must equal the OLS solution to 1e-6; Keras
trains in float32, so relative 1e-5 (and its R2Score, a float32 metric, 1e-5 absolute). The
statistics are the companion's float64 ones: they must equal statsmodels' to 1e-8.
"""

import numpy as onp
import pytest
from conformance_support import companion_module, run_snippet

FRAMEWORK_MODULE = {"keras": "keras", "torch": "torch", "jax": "optax"}
STATS = ("rsquared", "rsquared_adj", "bse", "pvalues")
FLOAT64 = {"torch": 1e-6, "jax": 1e-6}


def statsmodels_fit(x, y):
    sm = pytest.importorskip("statsmodels.api")
    return sm.OLS(y, sm.add_constant(x)).fit()


@pytest.mark.parametrize(
    "framework", list(FRAMEWORK_MODULE), ids=[f"ch06-linear_model-{f}" for f in FRAMEWORK_MODULE]
)
def test_trained_weights_and_statistics_equal_statsmodels(framework):
    pytest.importorskip(FRAMEWORK_MODULE[framework])
    companion_module("regression")
    extra = ("r2score_adjusted",) if framework == "keras" else ()
    stdout, got = run_snippet(
        f"06_linear_model_{framework}.py", "x", "y", "X", "weights", *STATS, *extra
    )
    theirs = statsmodels_fit(got["x"], got["y"])
    onp.testing.assert_array_equal(got["X"][:, 1:], got["x"])  # the design the snippet fitted
    if framework in FLOAT64:
        onp.testing.assert_allclose(got["weights"], theirs.params, rtol=0, atol=FLOAT64[framework])
    else:
        onp.testing.assert_allclose(got["weights"], theirs.params, rtol=1e-5, atol=1e-6)
    for name in STATS:
        onp.testing.assert_allclose(got[name], getattr(theirs, name), rtol=1e-8, err_msg=name)
    if framework == "keras":
        # R2Score(num_regressors=3) on the trained model's predictions: the adjusted R^2
        assert abs(float(got["r2score_adjusted"]) - theirs.rsquared_adj) < 1e-5
    assert "R2 = " in stdout and "p-values" in stdout
