"""companion.regression against independent oracles: statsmodels (randomized designs, with and
without a constant, every covariance type), closed forms, refits, and Keras 3.15.1's R2Score
as recorded with the real framework. The NIST certified-data tests are in test_regression_nist.py.
"""

import json
import math
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats import diagnostic, outliers_influence, stattools

from companion import regression as cr

COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3")


def close(ours, theirs, rtol=1e-8, floor=1e-3):
    """Relative agreement to rtol; entries below floor * the largest one are compared absolutely."""
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    scale = np.max(np.abs(theirs)) if theirs.size else 1.0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * scale * floor + 1e-300)


def design(seed, n, k, constant, hetero):
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.uniform(-1, 1, size=k)  # units differ, conditioning stays moderate
    X = (rng.normal(size=(n, k)) + 0.5 * rng.normal(size=k)) * scales
    if constant:
        X = sm.add_constant(X, has_constant="add")
    beta = rng.normal(size=X.shape[1]) / np.r_[scales, 1.0][: X.shape[1]]
    noise = rng.normal(size=n) * (1 + hetero * np.abs(X[:, -1] / scales[-1]))
    return X @ beta + noise, X


designs = st.builds(
    design,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(12, 80),
    k=st.integers(1, 5),
    constant=st.booleans(),
    hetero=st.sampled_from([0.0, 2.0]),
)


# --- parity with statsmodels ------------------------------------------------------------

SCALARS = ("rsquared", "rsquared_adj", "fvalue", "f_pvalue", "llf", "aic", "bic", "ssr", "ess")
SCALARS += ("scale", "df_model", "df_resid", "condition_number", "nobs")
ARRAYS = ("params", "bse", "tvalues", "pvalues", "resid", "fittedvalues")


@settings(max_examples=30, deadline=None)
@given(data=designs, cov_type=st.sampled_from(COV_TYPES))
def test_every_result_matches_statsmodels(data, cov_type):
    y, X = data
    ours = cr.OLS(y, X).fit(cov_type=cov_type)
    theirs = sm.OLS(y, X).fit(cov_type=cov_type)
    assert ours.k_constant == theirs.k_constant
    assert ours.use_t == theirs.use_t
    for name in ARRAYS + SCALARS:
        close(getattr(ours, name), getattr(theirs, name))
    close(ours.conf_int(0.1), theirs.conf_int(0.1))
    close(ours.cov_params(), theirs.cov_params())


@settings(max_examples=15, deadline=None)
@given(data=designs)
def test_influence_matches_statsmodels_refits(data):
    y, X = data
    ours = cr.OLS(y, X).fit().get_influence()
    theirs = outliers_influence.OLSInfluence(sm.OLS(y, X).fit())
    for name in ("hat_matrix_diag", "resid_studentized_internal", "sigma2_not_obsi"):
        close(getattr(ours, name), getattr(theirs, name))
    close(ours.resid_studentized_external, theirs.resid_studentized_external)
    close(ours.cooks_distance, theirs.cooks_distance[0])
    close(ours.dffits, theirs.dffits[0])
    close(ours.dfbetas, theirs.dfbetas, floor=1e-1)  # statsmodels' n refits add their own rounding


def test_robust_f_is_exact_where_statsmodels_loses_digits():
    """On an ill-conditioned robust covariance the Wald F agrees with exact rational arithmetic."""
    rng = np.random.default_rng(512)
    X = (rng.normal(size=(12, 5)) + rng.normal(size=5)) * 10.0 ** rng.uniform(-2, 3, size=5)
    y = X @ rng.normal(size=5) + rng.normal(size=12)
    res = cr.OLS(y, X).fit(cov_type="HC3")
    V, b = res.cov_params(), res.params
    k = len(b)
    rows = [[Fraction(v) for v in V[i]] + [Fraction(b[i])] for i in range(k)]
    for c in range(k):
        rows[c] = [v / rows[c][c] for v in rows[c]]
        for r in range(k):
            if r != c:
                rows[r] = [a - rows[r][c] * p for a, p in zip(rows[r], rows[c])]
    exact = float(sum(Fraction(b[i]) * rows[i][k] for i in range(k)) / k)
    assert abs(res.fvalue - exact) <= 1e-13 * exact
    theirs = sm.OLS(y, X).fit(cov_type="HC3").fvalue
    assert np.linalg.cond(V) > 1e8 and abs(theirs - exact) > 100 * abs(res.fvalue - exact)


def test_influence_equals_a_leave_one_out_refit():
    y, X = design(3, 25, 3, True, 0.0)
    full = cr.OLS(y, X).fit()
    infl = full.get_influence()
    for i in (0, 7, 24):
        keep = np.arange(len(y)) != i
        loo = cr.OLS(y[keep], X[keep]).fit()
        close(infl.sigma2_not_obsi[i], loo.scale, 1e-10)
        close(
            infl.dfbetas[i],
            (full.params - loo.params) / np.sqrt(loo.scale) / full.bse * np.sqrt(full.scale),
            1e-9,
        )
        close(
            full.fittedvalues[i] - X[i] @ loo.params,
            infl.dffits[i] * math.sqrt(loo.scale * infl.hat_matrix_diag[i]),
            1e-9,
        )


@settings(max_examples=15, deadline=None)
@given(data=designs)
def test_residual_diagnostics_match_statsmodels(data):
    y, X = data
    e = cr.OLS(y, X).fit().resid
    close(cr.durbin_watson(e), stattools.durbin_watson(e))
    close(cr.jarque_bera(e), stattools.jarque_bera(e))
    close(cr.omnibus(e), stattools.omni_normtest(e))
    if X.shape[1] >= 2 and np.all(X[:, 0] == 1):
        for robust in (True, False):
            close(cr.het_breuschpagan(e, X, robust), diagnostic.het_breuschpagan(e, X, robust))
        if X.shape[1] * (X.shape[1] + 1) // 2 < len(y):
            close(cr.het_white(e, X), diagnostic.het_white(e, X))
        else:
            with pytest.raises(cr.UndefinedStatisticError, match="residual degrees of freedom"):
                cr.het_white(e, X)
        close(
            cr.vif(X),
            [outliers_influence.variance_inflation_factor(X, j) for j in range(X.shape[1])],
        )


def test_het_white_counts_distinct_columns_for_a_dummy():
    rng = np.random.default_rng(5)
    X = sm.add_constant(np.column_stack([rng.normal(size=80), rng.integers(0, 2, 80)]))
    e = rng.normal(size=80) * (1 + X[:, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels notes its own rank-deficient auxiliary design
        theirs = diagnostic.het_white(e, X)
    ours = cr.het_white(e, X)
    close(ours, theirs)


def test_the_two_breusch_pagan_forms_differ_as_their_formulas_say():
    y, X = design(11, 200, 2, True, 2.0)
    e = cr.OLS(y, X).fit().resid
    koenker = cr.het_breuschpagan(e, X)[0]
    original = cr.het_breuschpagan(e, X, robust=False)[0]
    g = e**2 / np.mean(e**2)
    aux = cr.OLS(g, X).fit()
    close(original, aux.ess / 2, 1e-12)
    close(koenker, len(e) * aux.rsquared, 1e-12)


def test_summary_carries_every_number_and_no_clock():
    y, X = design(2, 50, 3, True, 0.0)
    res = cr.OLS(y, X).fit()
    text = str(res.summary())
    for label in ("R-squared:", "Adj. R-squared:", "F-statistic:", "Prob (F-statistic):", "AIC:"):
        assert label in text
    for label in (
        "Omnibus:",
        "Durbin-Watson:",
        "Jarque-Bera (JB):",
        "Skew:",
        "Kurtosis:",
        "Cond. No.",
    ):
        assert label in text
    assert "Date:" not in text and "Time:" not in text
    assert f"{res.rsquared:.3f}" in text and f"{res.durbin_watson:.3f}" in text
    assert "const" in text and "x1" in text


def test_no_constant_summary_says_uncentred():
    y, X = design(2, 50, 3, False, 0.0)
    assert "R-squared (uncentered):" in str(cr.OLS(y, X).fit().summary())


def test_names_follow_statsmodels_and_dataframe_columns():
    pd = pytest.importorskip("pandas")
    y, X = design(4, 30, 2, True, 0.0)
    assert cr.OLS(y, X).exog_names == sm.OLS(y, X).exog_names
    frame = pd.DataFrame(X, columns=["const", "height", "weight"])
    assert cr.OLS(y, frame).exog_names == ["const", "height", "weight"]


def test_add_constant_matches_statsmodels():
    X = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(cr.add_constant(X), sm.add_constant(X))
    np.testing.assert_array_equal(cr.add_constant(X, prepend=False)[:, -1], 1.0)


# --- accuracy routes ------------------------------------------------------------------


def test_well_conditioned_problems_take_the_float64_route():
    rng = np.random.default_rng(8)
    X = sm.add_constant(rng.normal(size=(2000, 5)))
    y = X @ rng.uniform(1, 2, size=6) + rng.normal(size=2000)
    res = cr.OLS(y, X).fit()
    assert res.solver == "qr"
    exact = cr.OLS(y, X).fit(method="exact")
    close(res.params, exact.params, 1e-12)
    close(res.bse, exact.bse, 1e-12)


def test_large_ill_conditioned_problem_is_refined_beyond_plain_qr(monkeypatch):
    monkeypatch.setattr(cr, "EXACT_MAX_WORK", 10.0)  # pretend the exact route is too costly
    x = np.linspace(0, 20, 400)
    X = np.column_stack([x**d for d in range(6)])
    y = X @ np.ones(6) + np.random.default_rng(0).normal(size=400) * 1e3
    refined = cr.OLS(y, X).fit()
    assert refined.solver == "qr+refinement"
    monkeypatch.setattr(cr, "EXACT_MAX_WORK", 2e6)
    exact = cr.OLS(y, X).fit(method="exact")
    assert cr.lre(refined.params, exact.params).min() > 10
    assert (
        cr.lre(cr.OLS(y, X).fit(method="qr").params, exact.params).min()
        < cr.lre(refined.params, exact.params).min()
    )


def test_ill_conditioned_design_warns_like_statsmodels_notes():
    x = np.linspace(1000, 1001, 30)
    X = np.column_stack([x**d for d in range(4)])
    y = np.sin(x)
    with pytest.warns(cr.IllConditionedWarning, match="ill-conditioned"):
        res = cr.OLS(y, X).fit()
    assert "condition number is large" in str(res.summary())


# --- bad input, collinearity, constant y ------------------------------------------------


def test_nan_and_inf_name_row_and_column():
    y, X = design(1, 20, 2, True, 0.0)
    X[4, 2] = np.nan
    with pytest.raises(ValueError, match=r"nan at row 4, column 2 \('x2'\)"):
        cr.OLS(y, X, names=["const", "x1", "x2"])
    y[7] = np.inf
    with pytest.raises(ValueError, match="y must be finite; found inf at row 7"):
        cr.OLS(y, X[:, :2])


def test_lengths_rows_and_columns_are_checked():
    y, X = design(1, 20, 2, True, 0.0)
    with pytest.raises(ValueError, match="y has 19 rows but X has 20"):
        cr.OLS(y[:-1], X)
    with pytest.raises(ValueError, match="more observations than regressors: n = 3 rows, k = 3"):
        cr.OLS(y[:3], X[:3])
    with pytest.raises(ValueError, match="X must be 2-D"):
        cr.OLS(y, X[None])
    with pytest.raises(ValueError, match="names has 2 entries"):
        cr.OLS(y, X, names=["a", "b"])


def test_non_numeric_column_is_named():
    X = [[1.0, 2.0, "red"], [1.0, 3.0, "blue"], [1.0, 5.0, "red"], [1.0, 6.0, "red"]]
    with pytest.raises(TypeError, match="column 2 is not numeric: row 0 holds 'red'"):
        cr.OLS([1.0, 2.0, 3.0, 4.0], X)
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"const": 1.0, "colour": ["r", "b", "r", "r"]})
    with pytest.raises(TypeError, match=r"column 1 \('colour'\) is not numeric"):
        cr.OLS([1.0, 2.0, 3.0, 4.0], frame)
    with pytest.raises(TypeError, match="y is not numeric: row 1"):
        cr.OLS(["1", "x", "3", "4"], np.ones((4, 1)))


def test_unknown_cov_type_method_and_use_t():
    y, X = design(1, 20, 2, True, 0.0)
    model = cr.OLS(y, X)
    with pytest.raises(ValueError, match="unknown cov_type 'HC4'; valid: 'nonrobust', 'HC0'"):
        model.fit(cov_type="HC4")
    with pytest.raises(ValueError, match="unknown method"):
        model.fit(method="svd")
    with pytest.raises(TypeError, match="use_t"):
        model.fit(use_t="yes")
    with pytest.raises(ValueError, match="alpha"):
        model.fit().conf_int(1.5)


def test_exact_collinearity_raises_naming_the_columns():
    rng = np.random.default_rng(0)
    x1, x2 = rng.normal(size=30), rng.normal(size=30)
    X = np.column_stack([np.ones(30), x1, x2, x1 + 2 * x2])
    with pytest.raises(
        cr.CollinearityError, match=r"column 1 \('x1'\), column 2 \('x2'\), column 3 \('x3'\)"
    ):
        cr.OLS(rng.normal(size=30), X).fit()
    with pytest.raises(cr.CollinearityError):
        cr.OLS(rng.normal(size=30), X).fit(method="exact")
    with pytest.raises(cr.CollinearityError, match="linearly dependent"):
        cr.vif(X)
    with pytest.raises(cr.CollinearityError):
        cr.OLS(rng.normal(size=30), np.column_stack([np.ones(30), np.zeros(30)])).fit()


def test_constant_y_warns_and_r_squared_raises():
    y, X = design(1, 20, 2, True, 0.0)
    with pytest.warns(cr.RegressionWarning, match="y is constant"):
        res = cr.OLS(np.full(20, 3.5), X).fit()
    for name in ("rsquared", "rsquared_adj", "fvalue", "f_pvalue"):
        with pytest.raises(cr.UndefinedStatisticError, match="undefined"):
            getattr(res, name)
    close(res.params, [3.5, 0.0, 0.0])
    assert "undefined" in str(res.summary())


def test_perfect_fit_warns():
    x = np.arange(10.0)
    with pytest.warns(cr.RegressionWarning, match="perfect fit"):
        res = cr.OLS(1 + 2 * x, cr.add_constant(x)).fit()
    assert res.rsquared == pytest.approx(1, abs=1e-15)


def test_diagnostic_bad_input():
    with pytest.raises(cr.UndefinedStatisticError, match="at least 8"):
        cr.omnibus([1.0, 2.0, 0.5])
    with pytest.raises(cr.UndefinedStatisticError):
        cr.jarque_bera([1.0, 1.0, 1.0])
    with pytest.raises(cr.UndefinedStatisticError):
        cr.durbin_watson([0.0, 0.0])
    with pytest.raises(ValueError, match="constant column"):
        cr.het_breuschpagan(np.ones(5), np.arange(10.0).reshape(5, 2))
    with pytest.raises(ValueError, match="resid has 4 rows but exog has 5"):
        cr.het_white(np.ones(4), cr.add_constant(np.arange(5.0)))
    with pytest.raises(ValueError, match="degree"):
        cr.polyfit([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], -1)
    with pytest.raises(ValueError, match="non-constant"):
        cr.vif(np.ones((5, 1)))


# --- Keras 3.15.1 R2Score, recorded with /work/fwenv (TensorFlow backend) ---------------------


def _keras_cases():
    doc = json.loads((Path(__file__).parent / "data" / "keras_r2score.json").read_text())
    for case in doc["cases"]:
        expected = np.array(case["expected"], dtype=float).reshape(case["expected_shape"])
        yield (
            case["name"],
            case["y_true"],
            case["y_pred"],
            case["kwargs"],
            expected,
            case["warning_prefix"],
        )


KERAS_3_15_1_R2SCORE = list(_keras_cases())


@pytest.mark.parametrize("case", KERAS_3_15_1_R2SCORE, ids=[c[0] for c in KERAS_3_15_1_R2SCORE])
def test_keras_r2_score_reproduces_recorded_keras(case):
    _, y_true, y_pred, kwargs, expected, warned = case
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = np.asarray(cr.keras_r2_score(y_true, y_pred, **kwargs), dtype=float)
    np.testing.assert_allclose(got, expected, rtol=0, atol=3e-7, equal_nan=True)  # float32 ulps
    assert [str(w.message)[:40] for w in caught] == ([warned] if warned else [])


def test_keras_r2_score_is_the_adjusted_r_squared_of_statsmodels():
    y, X = design(6, 40, 3, True, 0.0)
    res = cr.OLS(y, X).fit()
    score = cr.keras_r2_score(y[:, None], res.fittedvalues[:, None], num_regressors=3)
    close(score, res.rsquared_adj, 1e-5)


def test_keras_r2_score_bad_input():
    with pytest.raises(ValueError, match="2-D inputs"):
        cr.keras_r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="unknown class_aggregation"):
        cr.keras_r2_score([[1.0], [2.0]], [[1.0], [2.0]], class_aggregation="mean")
    with pytest.raises(ValueError, match="num_regressors must be >= 0"):
        cr.keras_r2_score([[1.0], [2.0]], [[1.0], [2.0]], num_regressors=-1)
    with pytest.raises(ValueError, match="differ"):
        cr.keras_r2_score([[1.0], [2.0]], [[1.0], [2.0], [3.0]])


def test_importing_the_module_stays_light():
    import subprocess
    import sys

    code = "import sys, companion.regression; print(sorted(m for m in ('matplotlib', 'statsmodels', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- issue 16: copies, units, HAC ------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(data=designs, maxlags=st.integers(0, 6), correction=st.booleans())
def test_hac_matches_statsmodels(data, maxlags, correction):
    y, X = data
    kwds = {"maxlags": maxlags, "use_correction": correction}
    ours = cr.OLS(y, X).fit(cov_type="HAC", cov_kwds=kwds)
    theirs = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds=kwds)
    assert ours.use_t == theirs.use_t is False
    close(ours.cov_params(), theirs.cov_params())
    close(ours.cov_HAC, theirs.cov_params())
    for name in ("bse", "tvalues", "pvalues"):
        close(getattr(ours, name), getattr(theirs, name))
    if ours.k_constant and ours.model.const_idx is not None and ours.df_model:
        close(ours.fvalue, theirs.fvalue)
        close(ours.f_pvalue, theirs.f_pvalue)


def test_hac_defaults_are_statsmodels_fit_defaults():
    y, X = design(3, 50, 2, True, 0.0)
    ours = cr.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
    theirs = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
    assert ours.cov_kwds == {"maxlags": 3, "use_correction": False}
    close(ours.bse, theirs.bse)
    assert "using 3 lags and without small sample correction" in str(ours.summary())


def test_model_copies_its_data():
    y, X = design(4, 30, 2, True, 0.0)
    y0, X0 = y.copy(), X.copy()
    model = cr.OLS(y, X)
    res = model.fit()
    y[:] = 0.0
    X[:] = 1.0
    fresh = cr.OLS(y0, X0).fit()
    np.testing.assert_array_equal(res.fittedvalues, fresh.fittedvalues)
    np.testing.assert_array_equal(
        res.get_influence().hat_matrix_diag, fresh.get_influence().hat_matrix_diag
    )
    assert not model.exog.flags.writeable and not model.endog.flags.writeable


@pytest.mark.parametrize("factor", [1e150, 1e-150, 1e160, 1e-160, 1e300, 1e-300])
def test_units_change_nothing_without_units(factor):
    y, X = design(5, 40, 2, True, 1.0)
    base = cr.OLS(y, X).fit()
    for yy, XX in ((y * factor, X), (y, X * np.r_[1.0, factor, 1.0]), (y * factor, X * factor)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no false "perfect fit" or collinearity
            res = cr.OLS(yy, XX).fit()
        assert abs(res.rsquared - base.rsquared) < 1e-13
        close(res.tvalues, base.tvalues, rtol=1e-12)
        close(res.pvalues, base.pvalues, rtol=1e-10)


def test_subnormal_data_gives_the_unscaled_answer_on_every_route():
    r = np.random.default_rng(7)
    X = sm.add_constant(np.round(r.normal(size=(25, 2)) * 8))
    y = np.round((X @ [1.0, 2.0, -1.0] + r.normal(size=25)) * 8)
    for method in ("qr", "exact"):
        base = cr.OLS(y, X).fit(method=method)
        tiny = cr.OLS(np.ldexp(y, -1060), np.ldexp(X, -1062)).fit(method=method)
        assert tiny.rsquared == base.rsquared
        close(tiny.tvalues, base.tvalues, rtol=1e-14)
        close(np.ldexp(tiny.params, -2), base.params, rtol=1e-14)


def test_huge_y_keeps_r_squared_and_names_the_overflowing_ssr():
    y, X = design(6, 40, 2, True, 0.0)
    base = cr.OLS(y, X).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = cr.OLS(y * 1e160, X).fit()
    assert abs(res.rsquared - base.rsquared) < 1e-13
    with pytest.raises(cr.FloatRangeError, match="residual sum of squares is about"):
        _ = res.ssr
    assert math.isfinite(res.llf) and math.isfinite(res.aic)
    assert "R-squared" in str(res.summary())


def test_intercept_only_model_reports_f_as_undefined():
    y, _ = design(8, 30, 1, False, 0.0)
    res = cr.OLS(y, np.ones((30, 1))).fit()
    theirs = sm.OLS(y, np.ones((30, 1))).fit()
    close(res.bse, theirs.bse)
    assert res.rsquared == 0.0 or abs(res.rsquared) < 1e-15
    with pytest.raises(cr.UndefinedStatisticError, match="no regressor besides the constant"):
        _ = res.fvalue
    text = str(res.summary())
    assert "undefined" in text and "no F test" in text


def test_leverage_one_rows_warn_and_match_statsmodels_where_it_is_defined():
    y, X = design(9, 30, 2, True, 0.0)
    X = np.column_stack([X, np.eye(30)[:, 4]])
    for cov_type in ("HC0", "HC1"):
        close(cr.OLS(y, X).fit(cov_type=cov_type).bse, sm.OLS(y, X).fit(cov_type=cov_type).bse)
    for cov_type in ("HC2", "HC3"):
        with pytest.warns(cr.RegressionWarning, match="row 4 has leverage 1"):
            res = cr.OLS(y, X).fit(cov_type=cov_type)
        assert np.all(np.isfinite(res.bse)) and np.all(res.pvalues < 1)
        # statsmodels returns NaN here (0/0). The dummy absorbs row 4, so the other
        # coefficients and leverages are those of the model without row 4 and the dummy:
        reduced = sm.OLS(np.delete(y, 4), np.delete(X[:, :-1], 4, axis=0)).fit(cov_type=cov_type)
        close(res.bse[:-1], reduced.bse)
    with pytest.warns(cr.RegressionWarning, match="leverage 1"):
        d = cr.OLS(y, X).fit().get_influence().cooks_distance
    assert np.isnan(d[4]) and np.all(np.isfinite(np.delete(d, 4)))


def test_perfect_fit_with_an_exact_zero_coefficient_has_t_zero_not_nan():
    """Found by hypothesis: y = x1/3 exactly, so const = 0 and se = 0; t is 0, not 0/0, and the
    summary shows no NaN. (statsmodels' const and se are rounding noise of ~1e-17 here.)"""
    y = np.array([1.0, 0.0, 0.0, 0.0])
    X = np.array([[1.0, 3.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    with pytest.warns(cr.RegressionWarning, match="perfect fit"):
        res = cr.OLS(y, X).fit(cov_type="HC0")
    theirs = sm.OLS(y, X).fit(cov_type="HC0")
    assert abs(theirs.params[0]) < 1e-15 and np.all(theirs.bse < 1e-15)
    assert res.params[0] == 0 and res.tvalues[0] == 0
    assert res.pvalues[0] == 1 and np.isinf(res.tvalues[1])
    assert "nan" not in str(res.summary()).lower()


def test_robust_f_is_undefined_when_the_robust_covariance_is_singular():
    """Found by hypothesis: after equilibration the slopes are carried by three rows of leverage
    1, whose residuals are 0, so the HC0 covariance of the slopes is singular and the Wald F has
    no finite value: a named error (and 'undefined' in the summary), never NaN."""
    tiny = 3.16168272e-192
    X = np.full((19, 3), tiny)
    X[0, 1] = X[18, 1] = X[18, 2] = 1.0
    X[1, 0] = 1.34010248e-111
    res = cr.OLS(np.ones(19), X).fit(cov_type="HC0")
    assert res.ssr == pytest.approx(16.0) and res.params[1] == pytest.approx(1.0)
    with pytest.raises(cr.UndefinedStatisticError, match="covariance of the slopes is singular"):
        res.fvalue  # noqa: B018  (the property raises)
    assert "nan" not in str(res.summary()).lower()


# --- issue 23: extreme magnitudes against exact rational arithmetic ----------------------


def exact_ols(X, y):
    """Least squares on the float64 data in exact rationals: (beta, residuals, ssr, (X'X)^-1)."""
    X = [[Fraction(v) for v in row] for row in np.asarray(X, float)]
    y = [Fraction(v) for v in np.asarray(y, float)]
    n, k = len(X), len(X[0])
    gram = [[sum(X[r][i] * X[r][j] for r in range(n)) for j in range(k)] for i in range(k)]
    rhs = [sum(X[r][i] * y[r] for r in range(n)) for i in range(k)]
    aug = [gram[i] + [rhs[i]] + [Fraction(int(i == j)) for j in range(k)] for i in range(k)]
    for c in range(k):  # Gauss-Jordan in exact fractions
        pivot = next(r for r in range(c, k) if aug[r][c] != 0)
        aug[c], aug[pivot] = aug[pivot], aug[c]
        aug[c] = [v / aug[c][c] for v in aug[c]]
        for r in range(k):
            if r != c and aug[r][c] != 0:
                aug[r] = [a - aug[r][c] * b for a, b in zip(aug[r], aug[c])]
    beta = [row[k] for row in aug]
    inverse = [row[k + 1 :] for row in aug]
    resid = [y[r] - sum(X[r][j] * beta[j] for j in range(k)) for r in range(n)]
    return beta, resid, sum(e * e for e in resid), inverse


@pytest.mark.parametrize("big", [1e200, 1e160, 1e300])
def test_huge_entries_give_the_exact_ssr_and_t_not_a_false_perfect_fit(big):
    """Issue 23: the rounded beta_1 = 1 - 1.5/big is 1, which moved the first residual from 0
    to -1.5 (ssr 6.75), and in y's scaled units ssr ~ 1e-400 underflowed to 0 (a false
    'perfect fit', t = inf). Exact: residuals (0, -1.5, 1.5), ssr 4.5, intercept t = 1, p = 0.5."""
    X = np.array([[1.0, big], [1.0, 0.0], [1.0, 0.0]])
    y = np.array([big, 0.0, 3.0])
    beta, resid, ssr, inverse = exact_ols(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no false "perfect fit"
        res = cr.OLS(y, X).fit()
    assert res.ssr == float(ssr) == 4.5
    np.testing.assert_array_equal(res.resid, [float(e) for e in resid])
    t0 = math.sqrt(float(beta[0] ** 2 / (ssr / 1 * inverse[0][0])))  # exact, rounded once
    assert res.tvalues[0] == pytest.approx(t0, rel=1e-12) and t0 == pytest.approx(1.0)
    assert res.pvalues[0] == pytest.approx(0.5, rel=1e-12)


@st.composite
def extreme_rows(draw):
    """3 to 6 rows (x, y) with magnitudes from 1e-300 to 1e300; within a column the entries
    stay within 1e280 of each other (a column scaled by a power of two near its largest then
    keeps every entry above the subnormal range)."""
    n = draw(st.integers(3, 6))
    mantissa = st.floats(-9.0, 9.0).filter(lambda v: abs(v) > 1e-3)
    columns = []
    for _ in range(2):
        base = draw(st.integers(-300, 300))
        offsets = draw(st.lists(st.integers(-140, 140), min_size=n, max_size=n))
        exps = [min(300, max(-300, base + o)) for o in offsets]
        columns.append([draw(mantissa) * 10.0**e for e in exps])
    return list(zip(*columns))


@settings(max_examples=60, deadline=None)
@given(extreme_rows())
def test_extreme_magnitudes_agree_with_exact_arithmetic(rows):
    """Issue 23: on a constant and one regressor with entries from 1e-300 to 1e300, a fit
    either raises a named error or gives ssr, the t statistics and R^2 of exact rational
    least squares on the same floats; it warns 'perfect fit' only when every exact residual
    is rounding noise of its row."""
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    X = np.column_stack([np.ones(len(x)), x])
    if len(set(x.tolist())) < 2:
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = cr.OLS(y, X).fit()
            t, ssr = res.tvalues, res.ssr
        except (cr.FloatRangeError, cr.CollinearityError):
            return
    beta, resid, exact_ssr, inverse = exact_ols(X, y)
    if any("perfect fit" in str(w.message) for w in caught):
        for r in range(len(x)):  # the warning is true: every exact residual is rounding noise
            size = abs(Fraction(y[r])) + sum(abs(Fraction(X[r][j]) * beta[j]) for j in range(2))
            assert abs(resid[r]) <= Fraction(1e-12) * size or exact_ssr <= Fraction(1e-24) * sum(
                Fraction(v) ** 2 for v in y
            ), ("false perfect fit", r, resid[r])
        return
    assert ssr == pytest.approx(float(exact_ssr), rel=1e-9, abs=1e-300)
    df = len(x) - 2
    for j in range(2):
        if exact_ssr == 0 or beta[j] == 0:
            continue
        t_squared = beta[j] ** 2 / (exact_ssr / df * inverse[j][j])  # exact, then rounded once
        if t_squared < Fraction(10) ** 300:
            exact_t = math.copysign(math.sqrt(float(t_squared)), beta[j])
            assert t[j] == pytest.approx(exact_t, rel=1e-6), (j, t, exact_t)


def test_polyfit_of_a_subnormal_x_is_a_named_error_not_an_overflow():
    """Issue 23: x = 1e-300 makes x and x^3 agree to 1e-300, so (X'X)^-1 ~ 1e600."""
    with pytest.raises(cr.FloatRangeError, match="beyond float64's range"):
        cr.polyfit([-1.0, 0.0, 1e-300, 1.0, 0.0], [1, 2, 3, 4, 5], 3)


@pytest.mark.parametrize("robust", [True, False])
def test_breusch_pagan_of_zero_residuals_is_undefined_in_both_forms(robust):
    """Issue 23: robust=False returned (nan, nan, nan, nan) where robust=True raised."""
    X = cr.add_constant(np.arange(20.0))
    with pytest.raises(cr.UndefinedStatisticError, match="all residuals are 0"):
        cr.het_breuschpagan(np.zeros(20), X, robust=robust)


@pytest.mark.parametrize("line", [31, 32, 35, 37])
def test_read_nist_names_the_missing_certified_line(tmp_path, line):
    """Issue 23: with a certified line removed the reader blamed a data line far below."""
    lines = (Path(__file__).parent / "data" / "nist" / "Norris.dat").read_text().splitlines()
    path = tmp_path / "Norris.dat"
    path.write_text("\n".join(lines[: line - 1] + lines[line:]) + "\n")
    missing = {31: "B0", 32: "B1", 35: "residual standard deviation", 37: "R-squared"}[line]
    with pytest.raises(cr.NISTFormatError, match=f"lacks (the )?{missing}"):
        cr.read_nist(path)


def test_vif_of_an_empty_design_is_a_named_error():
    with pytest.raises(ValueError, match="vif needs more rows than non-constant columns"):
        cr.vif(np.zeros((0, 2)))


def test_influence_of_a_non_result_is_a_type_error():
    with pytest.raises(TypeError, match="results must be a fitted regression"):
        cr.OLSInfluence("results")


def test_keras_r2_score_refuses_float32_overflow_and_a_wrong_weight_length():
    """Issue 23: y^2 of 1e20 or 1e30 overflows float32 (Keras: nan); a weight per row."""
    with pytest.raises(cr.FloatRangeError, match="overflows"):
        cr.keras_r2_score([[1e20], [0.0]], [[0.9e20], [0.0]])
    with pytest.raises(cr.FloatRangeError, match="overflows"):
        cr.keras_r2_score([[1e30], [2e30], [4e30]], np.ones((3, 1)))
    with pytest.raises(ValueError, match="one weight per row"):
        cr.keras_r2_score([[1.0], [2.0], [4.0]], [[1.0], [2.0], [3.0]], sample_weight=[1.0, 2.0])
    with np.errstate(invalid="ignore"):  # all-zero weights: 0/0 = nan, as Keras (documented)
        assert np.isnan(cr.keras_r2_score([[1.0], [2.0]], [[1.0], [3.0]], sample_weight=[0, 0]))


@pytest.mark.parametrize("spread, passes", [(1.0, 1), (1e3, 2)])
def test_tall_fit_by_cholesky_qr_equals_householder_and_statsmodels(monkeypatch, spread, passes):
    """Speed (issue 23): a tall design (n (k+1)^2 >= 2e6) is factored by CholeskyQR, one pass
    when its Gram factor is well conditioned (kappa <= 32; the error bound then
    carries u kappa^2), two (CholeskyQR2) up to 1e6; its numbers equal the Householder route's and
    statsmodels' to rounding, and an ill-conditioned tall design goes to Householder."""
    from companion.regression import solvers

    rng = np.random.default_rng(3)
    n = 30000
    X = sm.add_constant(rng.normal(size=(n, 9)) * rng.uniform(0.01, 100, size=9))
    X[:, 2] = X[:, 1] + X[:, 2] / spread  # spread 1e3: columns 1 and 2 nearly parallel
    y = X @ rng.normal(size=10) + rng.normal(size=n) * (1 + np.abs(X[:, 1]))
    Xs, ys = X / cr._common._pow2_scale(X, axis=0), y / cr._common._pow2_scale(y)
    _, one_pass = solvers._cholesky_qr(Xs, ys)
    assert one_pass == (passes == 1)
    fast = cr.OLS(y, X).fit(cov_type="HC3")
    monkeypatch.setattr(solvers, "CHOLQR_MIN_WORK", float("inf"))
    householder = cr.OLS(y, X).fit(cov_type="HC3")
    theirs = sm.OLS(y, X).fit(cov_type="HC3")
    assert fast.solver == householder.solver
    if passes == 1:  # the Gram's rounding is in the bound the route was chosen by
        assert fast.error_bound >= solvers.U * fast.kappa**2
    for name in ("params", "bse", "rsquared", "fvalue"):
        close(getattr(fast, name), getattr(householder, name), 1e-12 * spread)
        close(getattr(fast, name), getattr(theirs, name), 1e-9)
    close(fast.get_influence().hat_matrix_diag, householder.get_influence().hat_matrix_diag, 1e-12)
    bad = np.column_stack([X[:, :2], X[:, 1] + 1e-9 * rng.normal(size=n)])
    assert solvers._cholesky_qr(bad, y) is None
