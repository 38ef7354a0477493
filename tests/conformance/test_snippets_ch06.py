"""Chapter 6's snippets (route 06_linear_model): a linear model trained by full-batch gradient
descent in Keras, PyTorch and JAX (optax), then R-squared, adjusted R-squared, standard errors,
HC3 standard errors and p-values computed from the TRAINED weights with NumPy and SciPy (the
snippets never import the companion), and Keras' R2Score with num_regressors.

The oracle is statsmodels' OLS on the data the snippet built. The snippets' statistics are those
of the descent weights, which equal the least-squares solution only to the optimiser's accuracy
(1e-6 in float64 for PyTorch and JAX, float32 for Keras). R-squared and the nonrobust standard
errors depend on the weights only to second order (the residual sum of squares is stationary at
the optimum), so they agree tightly; t, p and HC3 depend to first order, so the tolerances are
looser there, and p-values are compared on a log scale.
"""

import numpy as onp
import pytest
from conformance_support import run_snippet

FRAMEWORK_MODULE = {"keras": "keras", "torch": "torch", "jax": "optax"}
WEIGHT_TOL = {"keras": 1e-5, "torch": 1e-6, "jax": 1e-6}  # absolute, against OLS
SECOND_ORDER = {"keras": 1e-6, "torch": 1e-9, "jax": 1e-9}  # relative: R^2, adjusted, SE
FIRST_ORDER = {"keras": 1e-3, "torch": 1e-4, "jax": 1e-4}  # relative: HC3 SE, log p


def statsmodels_fit(x, y, **kw):
    sm = pytest.importorskip("statsmodels.api")
    return sm.OLS(y, sm.add_constant(x)).fit(**kw)


@pytest.mark.parametrize(
    "framework", list(FRAMEWORK_MODULE), ids=[f"ch06-linear_model-{f}" for f in FRAMEWORK_MODULE]
)
def test_statistics_from_trained_weights_equal_statsmodels(framework):
    pytest.importorskip(FRAMEWORK_MODULE[framework])
    extra = ("r2score_adjusted",) if framework == "keras" else ()
    names = ("x", "y", "X", "beta", "rsquared", "rsquared_adj", "bse", "bse_hc3", "pvalues", "gap")
    stdout, got = run_snippet(f"06_linear_model_{framework}.py", *names, *extra)
    source = (run_snippet.__globals__["SNIPPETS"] / f"06_linear_model_{framework}.py").read_text()
    assert "companion" not in source.split('"""', 2)[2], "the answer must run without the book"
    theirs = statsmodels_fit(got["x"], got["y"])
    hc3 = statsmodels_fit(got["x"], got["y"], cov_type="HC3")
    onp.testing.assert_array_equal(got["X"][:, 1:], got["x"])  # the design the snippet fitted
    onp.testing.assert_allclose(got["beta"], theirs.params, rtol=0, atol=WEIGHT_TOL[framework])
    tight, loose = SECOND_ORDER[framework], FIRST_ORDER[framework]
    for name in ("rsquared", "rsquared_adj", "bse"):
        onp.testing.assert_allclose(got[name], getattr(theirs, name), rtol=tight, err_msg=name)
    onp.testing.assert_allclose(got["bse_hc3"], hc3.bse, rtol=loose, err_msg="HC3")
    onp.testing.assert_allclose(
        onp.log(got["pvalues"]), onp.log(theirs.pvalues), rtol=loose, err_msg="log p"
    )
    # the snippet's convergence check: (X'X)^-1 X'e = beta_LS - beta, in standard errors
    distance = onp.max(onp.abs(theirs.params - got["beta"]) / theirs.bse)
    assert abs(float(got["gap"]) - distance) <= 1e-6 * distance + 1e-12, (got["gap"], distance)
    if framework == "keras":
        # R2Score(num_regressors=3) on the trained model's predictions: the adjusted R^2
        assert abs(float(got["r2score_adjusted"]) - theirs.rsquared_adj) < 1e-5
    assert "R2 = " in stdout and "p-values" in stdout
