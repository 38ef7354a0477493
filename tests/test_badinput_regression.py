"""Bad input for companion.regression (issue 16): every public function and class, each case a
call and the named error (type and a phrase of its message) or the documented value it must give.
Then hypothesis properties: finite valid input gives finite output or a named error, the caller's
arrays are never changed, and statistics without units do not change with the units of the data.
"""

import math
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from badinput import Bad, params, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from companion import regression as cr

NIST = Path(__file__).resolve().parent / "data" / "nist" / "Norris.dat"

rng = np.random.default_rng(16)
N = 30
X = cr.add_constant(rng.normal(size=(N, 2)))
Y = X @ [1.0, 2.0, -1.0] + rng.normal(size=N)
FIT = cr.OLS(Y, X).fit()
RESID = FIT.resid
LEVERAGE_ONE = np.column_stack([X, np.eye(N)[:, 0]])  # a dummy for row 0 alone


def quiet(f):
    """f with RegressionWarning silenced (the cases check the value, other tests the warning)."""

    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cr.RegressionWarning)
            return f(*args, **kwargs)

    return call


def fit(y, X, **kwargs):
    return cr.OLS(y, X).fit(**kwargs)


def attribute(name, y=Y, X=X, **kwargs):
    """Fit, then read one attribute (a property may raise its own named error)."""

    def get():
        value = getattr(cr.OLS(y, X).fit(**kwargs), name)
        return value() if callable(value) else value

    return get


def nist_variant(kind):
    """read_nist on a damaged copy of Norris.dat, written to a temporary file."""
    text = NIST.read_text()
    lines = text.splitlines()
    if kind == "truncated":
        content = "\n".join(lines[:70]).encode()
    elif kind == "binary":
        content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    elif kind == "corrupted number":
        lines[70] = lines[70].replace(".", "x", 1)
        content = "\n".join(lines).encode()
    elif kind == "missing column":
        lines[65] = lines[65].split()[0]
        content = "\n".join(lines).encode()
    elif kind == "no certified R2":
        content = "\n".join(line for line in lines if "R-Squared" not in line).encode()
    else:
        content = b""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind.replace(' ', '_')}.dat"
        path.write_bytes(content)
        return cr.read_nist(path)


def summary(alpha=0.05, yname="y"):
    return FIT.summary(alpha=alpha, yname=yname)


def influence(name, X=X, y=Y):
    return lambda: getattr(cr.OLS(y, X).fit().get_influence(), name)


finite = np.isfinite
OLS, RES, INFL = cr.OLS, cr.RegressionResults, cr.OLSInfluence

CASES = [
    # --- OLS: the data ------------------------------------------------------------------
    Bad(cr.OLS, (Y + 1j, X), raises=TypeError, match="y must be real", id="OLS-complex-y"),
    Bad(cr.OLS, (Y, X + 1j), raises=TypeError, match="X must be real", id="OLS-complex-X"),
    Bad(cr.OLS, (np.r_[np.nan, Y[1:]], X), match="y must be finite", id="OLS-nan-y"),
    Bad(
        cr.OLS, (Y, np.where(np.eye(N, 3) > 0, np.inf, X)), match="X must be finite", id="OLS-inf-X"
    ),
    Bad(cr.OLS, (Y[:-1], X), match="y has 29 rows but X has 30", id="OLS-rows"),
    Bad(cr.OLS, (Y[:3], X[:3]), match="more observations than regressors", id="OLS-n-eq-k"),
    Bad(cr.OLS, (Y, X[:, :0]), match="X has no columns", id="OLS-no-columns"),
    Bad(cr.OLS, (Y, X[None]), match="X must be 2-D", id="OLS-3d-X"),
    Bad(cr.OLS, (np.c_[Y, Y], X), match="y must be 1-D", id="OLS-2d-y"),
    Bad(cr.OLS, (["a"] * N, X), raises=TypeError, match="y is not numeric", id="OLS-string-y"),
    Bad(cr.OLS, (Y, X, ["const", "a"]), match="names has 2 entries", id="OLS-names-length"),
    Bad(cr.OLS, (Y, X, "abc"), raises=TypeError, match="names must be a list", id="OLS-names-str"),
    Bad(
        cr.OLS,
        (Y, X, [1, 2, 3]),
        raises=TypeError,
        match="names must be strings",
        id="OLS-names-int",
    ),
    Bad(
        fit,
        (Y, np.column_stack([X, X[:, 1] + X[:, 2]])),
        raises=cr.CollinearityError,
        match="linearly dependent",
        covers=OLS,
        id="OLS-collinear",
    ),
    Bad(
        fit,
        (Y, np.column_stack([X, np.zeros(N)])),
        raises=cr.CollinearityError,
        match="rank-deficient",
        covers=OLS,
        id="OLS-zero-column",
    ),
    # scaled and subnormal data: the same R-squared, never a false error
    Bad(
        lambda: fit(Y, X * [1.0, 1e160, 1e-160]).rsquared,
        expect=lambda r: abs(r - FIT.rsquared) < 1e-13,
        covers=OLS,
        id="OLS-columns-1e160",
    ),
    Bad(
        lambda: fit(Y, X * [1.0, 1e-310, 1.0]).tvalues,
        raises=cr.FloatRangeError,
        match="a coefficient is about",
        covers=OLS,
        id="OLS-subnormal-column-coefficient-overflows",
    ),
    Bad(
        lambda: fit(Y * 1e-310, X * 1e-310).tvalues,
        expect=lambda t: np.allclose(t, FIT.tvalues, rtol=1e-5),
        covers=OLS,
        id="OLS-subnormal-y-and-X",
    ),
    Bad(
        lambda: fit(Y * 1e-320, X).rsquared,
        expect=lambda r: abs(r - FIT.rsquared) < 1e-3,
        covers=OLS,
        id="OLS-y-1e-320-not-constant",
    ),
    Bad(
        quiet(lambda: fit(Y * 1e160, X).rsquared),
        expect=lambda r: abs(r - FIT.rsquared) < 1e-13,
        covers=OLS,
        id="OLS-y-1e160-rsquared",
    ),
    Bad(
        attribute("ssr", y=Y * 1e160),
        raises=cr.FloatRangeError,
        match="residual sum of squares is about",
        covers=RES,
        id="ssr-overflow-named",
    ),
    Bad(
        attribute("llf", y=Y * 1e160),
        expect=lambda v: abs(v - (FIT.llf - N * math.log(1e160))) < 1e-9 * abs(v),
        covers=RES,
        id="llf-y-1e160",
    ),
    Bad(
        attribute("bse", y=Y * 1e200, X=X * 1e-200),
        raises=cr.FloatRangeError,
        match="outside float64",
        covers=OLS,
        id="OLS-coefficients-1e400",
    ),
    # --- fit's options --------------------------------------------------------------------
    Bad(fit, (Y, X), {"cov_type": "HC4"}, match="unknown cov_type", covers=OLS, id="fit-cov_type"),
    Bad(fit, (Y, X), {"method": "svd"}, match="unknown method", covers=OLS, id="fit-method"),
    Bad(fit, (Y, X), {"use_t": "yes"}, raises=TypeError, match="use_t", covers=OLS, id="fit-use_t"),
    Bad(fit, (Y, X), {"cov_type": "HAC"}, match="needs cov_kwds", covers=OLS, id="fit-HAC-no-lags"),
    Bad(
        fit,
        (Y, X),
        {"cov_type": "HAC", "cov_kwds": {"maxlags": -1}},
        match="maxlags must be in",
        covers=OLS,
        id="fit-HAC-negative-lags",
    ),
    Bad(
        fit,
        (Y, X),
        {"cov_type": "HAC", "cov_kwds": {"maxlags": 2.5}},
        raises=TypeError,
        match="maxlags must be an integer",
        covers=OLS,
        id="fit-HAC-float-lags",
    ),
    Bad(
        fit,
        (Y, X),
        {"cov_type": "HAC", "cov_kwds": {"maxlags": 2, "use_correction": "yes"}},
        raises=TypeError,
        match="use_correction",
        covers=OLS,
        id="fit-HAC-correction-string",
    ),
    Bad(
        fit,
        (Y, X),
        {"cov_type": "HAC", "cov_kwds": {"maxlags": 2, "kernel": "qs"}},
        match="unknown HAC keyword",
        covers=OLS,
        id="fit-HAC-unknown-keyword",
    ),
    Bad(
        fit,
        (Y, X),
        {"cov_type": "HC1", "cov_kwds": {"maxlags": 2}},
        match="only used with cov_type='HAC'",
        covers=OLS,
        id="fit-cov_kwds-without-HAC",
    ),
    # --- results: undefined statistics and the summary --------------------------------------
    Bad(
        quiet(attribute("rsquared", y=np.ones(N))),
        raises=cr.UndefinedStatisticError,
        match="y is constant",
        covers=RES,
        id="rsquared-constant-y",
    ),
    Bad(
        attribute("fvalue", X=np.ones((N, 1))),
        raises=cr.UndefinedStatisticError,
        match="no regressor besides the constant",
        covers=RES,
        id="fvalue-intercept-only",
    ),
    Bad(
        attribute("f_pvalue", X=np.ones((N, 1)), cov_type="HC1"),
        raises=cr.UndefinedStatisticError,
        match="no regressor",
        covers=RES,
        id="f_pvalue-intercept-only-robust",
    ),
    Bad(
        lambda: str(fit(Y, np.ones((N, 1))).summary()),
        expect=lambda text: "F-statistic:                undefined" in text and "no F test" in text,
        covers=RES,
        id="summary-intercept-only",
    ),
    Bad(summary, (5,), match="alpha must be in (0, 1)", covers=RES, id="summary-alpha-5"),
    Bad(summary, (0.0,), match="alpha must be in (0, 1)", covers=RES, id="summary-alpha-0"),
    Bad(
        summary,
        (True,),
        raises=TypeError,
        match="alpha must be a number",
        covers=RES,
        id="summary-alpha-bool",
    ),
    Bad(
        summary,
        (0.05, 3),
        raises=TypeError,
        match="yname must be a string",
        covers=RES,
        id="summary-yname",
    ),
    Bad(FIT.conf_int, (float("nan"),), match="alpha must be in", covers=RES, id="conf_int-nan"),
    Bad(
        FIT.conf_int,
        ("0.1",),
        raises=TypeError,
        match="alpha must be a number",
        covers=RES,
        id="conf_int-str",
    ),
    Bad(
        attribute("cov_HAC"),
        match="cov_type='HAC'",
        covers=RES,
        id="cov_HAC-without-HAC",
    ),
    Bad(cr.Summary, (42,), raises=TypeError, match="text must be a string", id="Summary-int"),
    # leverage 1: warned, documented values (HC0's for that row), never inf / p = 1
    Bad(
        quiet(lambda: fit(Y, LEVERAGE_ONE, cov_type="HC3").bse),
        expect=lambda b: np.all(np.isfinite(b)) and np.all(b > 0),
        covers=RES,
        id="HC3-leverage-one-finite",
    ),
    Bad(
        lambda: fit(Y, LEVERAGE_ONE, cov_type="HC2"),
        raises=cr.RegressionWarning,
        match="leverage 1",
        covers=OLS,
        id="HC2-leverage-one-warns",
    ),
    # --- influence ---------------------------------------------------------------------------
    Bad(
        quiet(influence("cooks_distance", X=LEVERAGE_ONE)),
        expect=lambda d: np.isnan(d[0]) and np.all(np.isfinite(d[1:])),
        covers=INFL,
        id="influence-leverage-one-nan-documented",
    ),
    Bad(
        influence("dffits", X=LEVERAGE_ONE),
        raises=cr.RegressionWarning,
        match="leverage 1",
        covers=INFL,
        id="influence-leverage-one-warns",
    ),
    Bad(
        influence("resid_studentized_external", y=Y * 1e200, X=X),
        expect=lambda t: np.allclose(t, FIT.get_influence().resid_studentized_external),
        covers=INFL,
        id="influence-y-1e200",
    ),
    Bad(
        influence("dffits", X=X[:4], y=Y[:4]),
        raises=cr.UndefinedStatisticError,
        match="no residual degree of freedom without row i",
        covers=INFL,
        id="influence-df_resid-1",
    ),
    # --- polyfit ---------------------------------------------------------------------------------
    Bad(
        cr.polyfit,
        ([2.0] * 6, Y[:6], 2),
        raises=cr.CollinearityError,
        match="x takes only 1",
        id="polyfit-constant-x",
    ),
    Bad(
        cr.polyfit,
        ([0, 0, 1, 1, 1, 0.0], Y[:6], 3),
        raises=cr.CollinearityError,
        match="2 distinct",
        id="polyfit-two-values",
    ),
    Bad(
        cr.polyfit,
        ([np.nan, 1, 2, 3.0], [1, 2, 3, 4.0], 1),
        match="x must be finite",
        id="polyfit-nan-x",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, np.inf, 3, 4.0], 1),
        match="y must be finite",
        id="polyfit-inf-y",
    ),
    Bad(
        cr.polyfit,
        ([1 + 1j, 2, 3, 4], [1, 2, 3, 4.0], 1),
        raises=TypeError,
        match="x must be real",
        id="polyfit-complex-x",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, 2, 3.0], 1),
        match="x has 4 values but y has 3",
        id="polyfit-lengths",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, 2, 3, 4.0], -1),
        match="degree must be",
        id="polyfit-negative-degree",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, 2, 3, 4.0], 1.5),
        raises=TypeError,
        match="degree must be",
        id="polyfit-float-degree",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, 2, 3, 4.0], 1, "no"),
        raises=TypeError,
        match="intercept must be",
        id="polyfit-intercept-str",
    ),
    Bad(
        cr.polyfit,
        ([1e200, 2e200, 3e200, 4e200], [1, 2, 3, 4.0], 2),
        match="x**2 overflows",
        id="polyfit-overflow",
    ),
    Bad(
        cr.polyfit,
        ([1, 2, 3, 4.0], [1, 2, 3, 4.0], 0, False),
        match="no regressor",
        id="polyfit-degree-0-no-intercept",
    ),
    # --- add_constant, vif ------------------------------------------------------------------------
    Bad(cr.add_constant, ([[1.0], [np.nan]],), match="X must be finite", id="add_constant-nan"),
    Bad(
        cr.add_constant,
        ([[1.0], [2.0]], "yes"),
        raises=TypeError,
        match="prepend",
        id="add_constant-prepend",
    ),
    Bad(
        cr.add_constant,
        ([["a"], ["b"]],),
        raises=TypeError,
        match="not numeric",
        id="add_constant-strings",
    ),
    Bad(cr.vif, (np.ones((5, 2)),), match="at least one non-constant", id="vif-all-constant"),
    Bad(
        cr.vif,
        (np.column_stack([X, X[:, 1]]),),
        raises=cr.CollinearityError,
        match="linearly dependent",
        id="vif-collinear",
    ),
    Bad(cr.vif, (X[:2],), match="more rows", id="vif-too-few-rows"),
    Bad(
        cr.vif,
        (X * [1.0, 1e160, 1e-160],),
        expect=lambda v: np.allclose(v, cr.vif(X)),
        id="vif-scaled-columns",
    ),
    # --- residual tests ---------------------------------------------------------------------------
    Bad(cr.durbin_watson, ([1.0],), match="at least 2 residuals", id="durbin_watson-one"),
    Bad(
        cr.durbin_watson,
        ([0.0, 0.0],),
        raises=cr.UndefinedStatisticError,
        match="all residuals are 0",
        id="durbin_watson-zeros",
    ),
    Bad(
        cr.durbin_watson,
        ([1.0, 1j],),
        raises=TypeError,
        match="resid must be real",
        id="durbin_watson-complex",
    ),
    Bad(
        cr.durbin_watson,
        (RESID * 1e200,),
        expect=lambda d: abs(d - FIT.durbin_watson) < 1e-12,
        id="durbin_watson-1e200",
    ),
    Bad(
        cr.jarque_bera,
        (RESID * 1e200,),
        expect=lambda r: np.allclose(r, FIT.jarque_bera),
        id="jarque_bera-1e200",
    ),
    Bad(cr.jarque_bera, ([1.0, np.nan, 2.0],), match="resid must be finite", id="jarque_bera-nan"),
    Bad(cr.jarque_bera, ([3.0],), match="at least 2 residuals", id="jarque_bera-one"),
    Bad(
        cr.omnibus,
        (RESID * 1e-200,),
        expect=lambda r: np.allclose(r, FIT.omnibus),
        id="omnibus-1e-200",
    ),
    Bad(
        cr.omnibus,
        ([1.0, 2.0, 3.0],),
        raises=cr.UndefinedStatisticError,
        match="at least 8",
        id="omnibus-short",
    ),
    Bad(cr.omnibus, ([[1.0, 2.0]] * 9,), match="resid must be 1-D", id="omnibus-2d"),
    Bad(
        cr.het_breuschpagan,
        (RESID * 1e200, X),
        expect=lambda r: np.allclose(r, cr.het_breuschpagan(RESID, X)),
        id="het_breuschpagan-1e200",
    ),
    Bad(
        cr.het_breuschpagan,
        (RESID, X, "no"),
        raises=TypeError,
        match="robust must be",
        id="het_breuschpagan-robust-str",
    ),
    Bad(
        cr.het_breuschpagan,
        (RESID, X[:, 1:]),
        match="constant column",
        id="het_breuschpagan-no-constant",
    ),
    Bad(
        cr.het_breuschpagan, (RESID[:-1], X), match="resid has 29 rows", id="het_breuschpagan-rows"
    ),
    Bad(
        cr.het_white,
        (RESID * 1e200, X * [1.0, 1e150, 1.0]),
        expect=lambda r: np.allclose(r, cr.het_white(RESID, X)),
        id="het_white-1e200",
    ),
    Bad(
        cr.het_white,
        (RESID[:4], X[:4]),
        raises=cr.UndefinedStatisticError,
        match="residual degrees of freedom",
        id="het_white-too-few",
    ),
    Bad(
        cr.het_white,
        (RESID, X + 1j),
        raises=TypeError,
        match="X must be real",
        id="het_white-complex-exog",
    ),
    # --- keras_r2_score -------------------------------------------------------------------------------
    Bad(cr.keras_r2_score, (Y, Y), match="2-D inputs", id="keras_r2_score-1d"),
    Bad(
        cr.keras_r2_score,
        (Y[:, None] + 1j, Y[:, None]),
        raises=TypeError,
        match="y_true must be real",
        id="keras_r2_score-complex",
    ),
    Bad(
        cr.keras_r2_score,
        (Y[:, None], np.full((N, 1), np.nan)),
        match="y_pred must be finite",
        id="keras_r2_score-nan",
    ),
    Bad(
        cr.keras_r2_score,
        (Y[:, None] * 1e39, Y[:, None]),
        match="float32's range",
        id="keras_r2_score-float32-overflow",
    ),
    Bad(
        cr.keras_r2_score,
        (Y[:, None], Y[:, None], -1),
        match="num_regressors must be >= 0",
        id="keras_r2_score-negative-p",
    ),
    Bad(
        cr.keras_r2_score,
        (Y[:, None], Y[:, None], 1.5),
        raises=TypeError,
        match="num_regressors must be an integer",
        id="keras_r2_score-float-p",
    ),
    Bad(
        cr.keras_r2_score,
        (Y[:, None], Y[:, None]),
        {"class_aggregation": "mean"},
        match="unknown class_aggregation",
        id="keras_r2_score-aggregation",
    ),
    Bad(
        cr.keras_r2_score,
        (np.zeros((0, 1)), np.zeros((0, 1))),
        match="must not be empty",
        id="keras_r2_score-empty",
    ),
    Bad(
        cr.keras_r2_score,
        (np.ones((4, 1)), np.ones((4, 1))),
        expect=lambda v: np.isnan(v),
        id="keras_r2_score-constant-perfect-is-nan-as-keras",
    ),
    # --- lre, read_nist ---------------------------------------------------------------------------
    Bad(cr.lre, (1.0, np.nan), match="certified must be finite", id="lre-nan-certified"),
    Bad(cr.lre, ([1.0, 2.0], [1.0, 2.0, 3.0]), match="do not match", id="lre-shapes"),
    Bad(cr.lre, (1.0, 1.0, 0), match="digits must be in", id="lre-digits-0"),
    Bad(cr.lre, ("a", 1.0), raises=TypeError, match="estimate must be numeric", id="lre-string"),
    Bad(cr.lre, (np.nan, 1.0), expect=lambda v: v == 0, id="lre-nan-estimate-is-0-documented"),
    Bad(
        nist_variant,
        ("truncated",),
        raises=cr.NISTFormatError,
        match="truncated or corrupted",
        covers=cr.read_nist,
        id="read_nist-truncated-70-lines",
    ),
    Bad(
        nist_variant,
        ("binary",),
        raises=cr.NISTFormatError,
        match="not ASCII",
        covers=cr.read_nist,
        id="read_nist-binary",
    ),
    Bad(
        nist_variant,
        ("corrupted number",),
        raises=cr.NISTFormatError,
        match="is not a number",
        covers=cr.read_nist,
        id="read_nist-corrupted-number",
    ),
    Bad(
        nist_variant,
        ("missing column",),
        raises=cr.NISTFormatError,
        match="expected 2 numbers",
        covers=cr.read_nist,
        id="read_nist-missing-column",
    ),
    Bad(
        nist_variant,
        ("no certified R2",),
        raises=cr.NISTFormatError,
        match="lacks R-squared",
        covers=cr.read_nist,
        id="read_nist-no-r2",
    ),
    Bad(
        nist_variant,
        ("empty",),
        raises=cr.NISTFormatError,
        match="no line ranges",
        covers=cr.read_nist,
        id="read_nist-empty",
    ),
    Bad(
        cr.read_nist, (42,), raises=TypeError, match="path must be a file path", id="read_nist-int"
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    if case.raises is cr.RegressionWarning and case.expect is None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", cr.RegressionWarning)
            run(case)
        return
    run(case)


def test_at_least_60_cases_and_every_public_name_covered():
    import inspect

    assert len(CASES) >= 60
    covered = {id(c.target) for c in CASES}
    public = [
        obj
        for name, obj in vars(cr).items()
        if not name.startswith("_")
        and callable(obj)
        and getattr(obj, "__module__", "") == cr.__name__
        and not (inspect.isclass(obj) and issubclass(obj, BaseException))
        and obj is not cr.NISTDataset
    ]
    assert not [f.__name__ for f in public if id(f) not in covered]


# --- properties ------------------------------------------------------------------------------

floats = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)


@st.composite
def problems(draw):
    n = draw(st.integers(4, 25))
    k = draw(st.integers(1, 3))
    X = draw(hnp.arrays(float, (n, k), elements=floats))
    if draw(st.booleans()):
        X = np.column_stack([np.ones(n), X])
    y = draw(hnp.arrays(float, n, elements=floats))
    return y, X


NAMED = (ValueError, TypeError)  # every named error of the module subclasses one of these


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), cov_type=st.sampled_from(cr.COV_TYPES))
def test_finite_valid_input_gives_finite_output_or_a_named_error(problem, cov_type):
    y, X = problem
    y0, X0 = y.copy(), X.copy()
    kwargs = {"cov_kwds": {"maxlags": 2}} if cov_type == "HAC" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cr.RegressionWarning)
        try:
            res = cr.OLS(y, X).fit(cov_type=cov_type, **kwargs)
        except NAMED:
            return
        finally:
            np.testing.assert_array_equal(y, y0)  # never mutated
            np.testing.assert_array_equal(X, X0)
        assert np.all(np.isfinite(res.params)) and np.all(np.isfinite(res.resid))
        for name in (
            "rsquared",
            "rsquared_adj",
            "fvalue",
            "f_pvalue",
            "llf",
            "bse",
            "durbin_watson",
        ):
            try:
                value = getattr(res, name)
            except NAMED:
                continue
            perfect = res._ssr_s <= (10 * cr.U) ** 2 * res._uncentered_tss_s
            if perfect and name in ("fvalue", "llf"):
                assert not np.any(np.isnan(value)), name  # inf is the documented limit
                continue
            assert np.all(np.isfinite(value)), (name, value)
        text = str(res.summary())
        assert "nan" not in text.replace("Omnibus", "").lower() or res._ssr_s == 0


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    power=st.sampled_from([-300, -160, -150, 150, 160, 290]),
    which=st.sampled_from(["y", "X", "both"]),
)
def test_units_change_no_statistic_without_units(seed, power, which):
    r = np.random.default_rng(seed)
    X0 = cr.add_constant(r.normal(size=(20, 2)))
    y0 = X0 @ r.normal(size=3) + r.normal(size=20)
    f = 2.0**power  # exact, so the comparison is to rounding of the solve alone
    y = y0 * f if which != "X" else y0
    X = X0 * [1.0, f, 1 / f] if which != "y" else X0
    base = cr.OLS(y0, X0).fit(cov_type="HC3")
    res = cr.OLS(y, X).fit(cov_type="HC3")
    assert abs(res.rsquared - base.rsquared) < 1e-12
    np.testing.assert_allclose(res.tvalues, base.tvalues, rtol=1e-10)
    np.testing.assert_allclose(
        res.get_influence().cooks_distance, base.get_influence().cooks_distance, rtol=1e-9
    )
    for test in (cr.jarque_bera, cr.omnibus, cr.durbin_watson):
        np.testing.assert_allclose(test(res.resid), test(base.resid), rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(e=hnp.arrays(float, st.integers(8, 40), elements=floats))
def test_residual_tests_finite_or_named_and_no_mutation(e):
    before = e.copy()
    for test in (cr.durbin_watson, cr.jarque_bera, cr.omnibus):
        try:
            out = test(e)
        except NAMED:
            continue
        assert np.all(np.isfinite(out)), (test.__name__, out)
    np.testing.assert_array_equal(e, before)
