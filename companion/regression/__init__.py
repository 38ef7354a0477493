"""Regression diagnostics: every number of an OLS summary, computed from its formula.

Offers (each name is importable from ``companion.regression``; the module holding its
formula is named in brackets)
    OLS(y, X, names=None).fit(cov_type, use_t, method, cov_kwds)            [linear_model]
                            least squares; the result follows statsmodels' names; cov_type
                            "nonrobust", "HC0".."HC3" or "HAC" (Newey-West, cov_kwds maxlags)
    RegressionResults       params, bse, tvalues, pvalues, conf_int, rsquared, rsquared_adj,
                            fvalue, f_pvalue, llf, aic, bic, ssr, ess, scale, cov_HC0..HC3, cov_HAC,
                            condition_number, summary(), get_influence(): each statistic a
                            cached property whose docstring states its formula       [results]
    add_constant(X)         prepend a column of ones                           [linear_model]
    OLSInfluence            closed-form leverage, studentized residuals, Cook's distance,
                            DFFITS and DFBETAS (no refits)                     [influence]
    vif(X)                  variance inflation factors                          [diagnostic]
    het_breuschpagan(resid, exog_het, robust=True), het_white(resid, exog)      [diagnostic]
    durbin_watson(resid), jarque_bera(resid), omnibus(resid)                    [diagnostic]
    polyfit(x, y, degree, intercept=True)   polynomial least squares, powers formed exactly
                                                                                [polynomial]
    keras_r2_score(y_true, y_pred, num_regressors=0)   Keras 3's R2Score, emulated  [keras]
    lre(estimate, certified)   log relative error: correct significant digits   [nist]
    read_nist(path)         a NIST StRD linear least squares dataset and its certified values
                                                                                [nist]
    the errors and warnings (CollinearityError, FloatRangeError, ...)           [_common]

How a fit is computed is in ``solvers`` (QR, refinement, exact rational arithmetic); the
text table in ``summary``. ``OLS`` given a Dask array fits out of core in ``scale`` (the
optional extra ``companion[scale]``); dask is imported only then (see ``linear_model``).

Settings: ``EXACT_MAX_WORK`` (n * k**2) and ``EXACT_MAX_K`` bound the problems the exact
rational route takes on; the solver reads them here at each fit, so they can be tuned.

This package is numerical linear algebra on float64, long double and exact integers
(LAPACK calls, Python integers), which autograd cannot trace, so it uses plain NumPy.
Distributions come from scipy.stats, imported where they are used.

References: Ezekiel (1930) adjusted R-squared; White (1980), Hinkley (1977) and MacKinnon
and White (1985) robust covariances; Newey and West (1987) HAC; Cook (1977) distance;
Belsley, Kuh and Welsch (1980) influence and collinearity; Breusch and Pagan (1979),
Koenker (1981); Jarque and Bera (1980); D'Agostino, Belanger and D'Agostino (1990); Durbin
and Watson (1950); NIST StRD (Rogers, Filliben, Gill, Guthrie, Lagergren and Vangel 1998);
Bjorck (1996) Numerical Methods for Least Squares Problems.
"""

from companion.regression._common import (
    CollinearityError,
    FloatRangeError,
    IllConditionedWarning,
    NISTFormatError,
    RegressionWarning,
    UndefinedStatisticError,
)
from companion.regression._common import (
    U as U,  # float64's unit roundoff, for the tests' tolerances
)
from companion.regression.diagnostic import (
    durbin_watson,
    het_breuschpagan,
    het_white,
    jarque_bera,
    omnibus,
    vif,
)
from companion.regression.influence import OLSInfluence
from companion.regression.keras import keras_r2_score
from companion.regression.linear_model import COV_TYPES, OLS, RegressionResults, add_constant
from companion.regression.nist import NISTDataset, lre, read_nist
from companion.regression.polynomial import polyfit
from companion.regression.summary import Summary

EXACT_MAX_WORK = 2e6  # n * k**2 up to which the exact rational path is affordable (~1 s)
EXACT_MAX_K = 20  # elimination cost grows like k**4 in bits: k = 41 took 11 s

__all__ = [
    "COV_TYPES",
    "OLS",
    "CollinearityError",
    "FloatRangeError",
    "IllConditionedWarning",
    "NISTDataset",
    "NISTFormatError",
    "OLSInfluence",
    "RegressionResults",
    "RegressionWarning",
    "Summary",
    "UndefinedStatisticError",
    "add_constant",
    "durbin_watson",
    "het_breuschpagan",
    "het_white",
    "jarque_bera",
    "keras_r2_score",
    "lre",
    "omnibus",
    "polyfit",
    "read_nist",
    "vif",
]
