"""The OLS model, statsmodels-style: ``OLS(y, X).fit()`` solves (``solvers``) and returns a
``results.RegressionResults``, which builds each statistic from the one before it (ssr -> tss
-> R^2 -> adjusted R^2 -> F; ssr -> s^2 -> bse -> t -> p) from a ``solvers.Solution``: the
coefficients, (X'X)^-1, R and the residuals of the problem in scaled units.

Out of core (the seam for ``scale``, issue 24). ``OLS(y, X)`` given a Dask array (found by
``type(a).__module__``, so dask is never imported otherwise) imports
``companion.regression.scale`` and calls three functions of it:
    scale.as_inputs(y, X, names) -> (endog, exog, names)   validated lazy arrays
    scale.constant_columns(exog) -> list of the indices of constant nonzero columns
    scale.solve(exog, endog, names, method, cov_type) -> solvers.Solution (may refuse "HAC")
The Solution it returns holds NumPy params_s, cov_s, R, scales, sx, sy, kappa,
error_bound, solver, plus what only a pass over the rows can give: ssr_s and the HC
sandwiches in the residuals' own units 2**resid_exponent (as in memory: squares of residuals
1e-200 of y stay in range), centered_tss_s, uncentered_tss_s, k_constant, residual_tests ({"durbin_watson": d,
"jarque_bera": (JB, p, S, K), "omnibus": (K2, p)}), a lazy ``resid_s`` (its range already
checked) and ``compute`` (``dask.compute``). The SAME RegressionResults then serves both:
scalar and per-coefficient statistics are NumPy; the k x k sums over rows (the HC and HAC
sandwiches) and the few any() checks go through ``RegressionResults._reduce``, which calls
``compute``; per-row quantities (resid, fittedvalues, leverage, the influence measures) stay
lazy Dask arrays built from the same expressions.

Units. Every column of X, and y, is divided by a power of two near its largest magnitude
before anything is computed (exact, so the digits are those of the unscaled problem), and
each statistic gets its units back last. Data in units of 1e-300, 1e+300 or subnormal give the
same R-squared, t statistics and p-values as data near 1; a statistic with units that falls
outside float64's range (ssr of y ~ 1e160) raises FloatRangeError naming it and its size.

Choices for bad input: NaN, inf and complex values name their row and column; the model
copies y and X (later edits of the caller's arrays change nothing); exact collinearity raises
CollinearityError naming the dependent columns (statsmodels silently returns a minimum-norm
solution instead); a constant y leaves R-squared undefined, so the fit warns and those
statistics raise UndefinedStatisticError, as F does for a model with only a constant; n <= k
is refused. Rows of leverage 1 (a dummy for one observation): HC2 and HC3 give them their
HC0 weight 0 (the 0/0 statsmodels turns into NaN) and warn; their influence measures are
NaN with a warning. read_nist names a truncated, corrupted or binary file (NISTFormatError).

This module is numerical linear algebra on float64, long double and exact integers
(LAPACK calls, Python integers), which autograd cannot trace, so it uses plain NumPy.
Distributions come from scipy.stats, imported where they are used.

References: Ezekiel (1930) adjusted R-squared; White (1980), Hinkley (1977) and MacKinnon
and White (1985) robust covariances; Newey and West (1987) HAC; Cook (1977) distance; Belsley, Kuh and Welsch (1980) influence and
collinearity; Breusch and Pagan (1979), Koenker (1981); Jarque and Bera (1980); D'Agostino,
Belanger and D'Agostino (1990); Durbin and Watson (1950); NIST StRD (Rogers, Filliben, Gill,
Guthrie, Lagergren and Vangel 1998); Bjorck (1996) Numerical Methods for Least Squares Problems.
"""

import math
import warnings

import numpy as onp

from companion._validate import choice
from companion.regression._common import (
    WARN_DIGITS,
    IllConditionedWarning,
    RegressionWarning,
    _as_design,
    _as_response,
    _constant_columns,
    _hac_options,
    _is_dask,
)
from companion.regression.results import RegressionResults
from companion.regression.solvers import _implicit_constant, _solve

COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC")
METHODS = ("auto", "qr", "exact")


def add_constant(X, prepend=True):
    """X with a column of ones, first (statsmodels' default) or last.

    The intercept's column: y = b0 * 1 + b1 x1 + ... Without it a model is forced through
    the origin and its R-squared becomes the uncentred one.

    >>> add_constant([[2.0], [3.0]]).tolist()
    [[1.0, 2.0], [1.0, 3.0]]
    """
    if not isinstance(prepend, (bool, onp.bool_)):
        raise TypeError(f"prepend must be True or False, got {prepend!r}")
    arr, _ = _as_design(X, None)
    ones = onp.ones((arr.shape[0], 1))
    return onp.hstack([ones, arr] if prepend else [arr, ones])


class OLS:
    """Ordinary least squares, y = X beta + e, minimising |y - X beta|^2.

    ``X`` is used as given: add a constant with ``add_constant`` for an intercept. ``names``
    label the columns in ``summary()`` (a DataFrame's column names are used by default).
    ``y`` and ``X`` are copied (``endog`` and ``exog`` are read-only copies), so editing the
    caller's arrays after ``fit()`` changes nothing. The problem is solved with every column
    of X, and y, divided by a power of two near its largest magnitude (exact), so data in
    units of 1e-300 or 1e+300 give the same R-squared and t statistics as data near 1;
    a statistic with units that falls outside float64's range raises FloatRangeError.
    Known limit: an entry below 2**-1074 of its column's (or y's) largest, e.g. y = 1e-120
    next to y = 1e205, falls below the subnormal range in the scaled problem and counts as 0,
    so residuals of that size are lost (as for any float64 sum of those squares).
    ``n <= k`` is refused: with no residual degrees of freedom s^2, the standard errors
    and every test are undefined (statsmodels returns NaN or inf for them).

    >>> X = add_constant([[0.0], [1.0], [2.0], [3.0]])
    >>> res = OLS([1.0, 3.2, 4.8, 7.1], X).fit()
    >>> print([f"{b:.4f}" for b in res.params], f"R2 = {res.rsquared:.4f}")
    ['1.0400', '1.9900'] R2 = 0.9956
    """

    def __init__(self, y, X, names=None):
        self._scale = None  # the out-of-core module, for Dask input only
        if _is_dask(y) or _is_dask(X):
            from companion.regression import scale  # imports dask

            self._scale = scale
            self.endog, self.exog, names = scale.as_inputs(y, X, names)
        else:
            self.endog = _as_response(y)
            self.exog, names = _as_design(X, names)
            self.endog.flags.writeable = False
            self.exog.flags.writeable = False
        n, k = self.exog.shape
        if len(self.endog) != n:
            raise ValueError(f"y has {len(self.endog)} rows but X has {n}; they must match")
        if k == 0:
            raise ValueError("X has no columns: add at least a constant (add_constant)")
        if n <= k:
            raise ValueError(
                f"OLS needs more observations than regressors: n = {n} rows, k = {k} columns "
                f"leave {n - k} residual degrees of freedom"
            )
        if self._scale is None:
            constants = _constant_columns(self.exog)
        else:
            constants = self._scale.constant_columns(self.exog)
        self.const_idx = constants[0] if constants else None
        if names:
            self.exog_names = list(names)
        else:  # statsmodels' names: const, x1, x2, ... numbered without the constant
            c = k if self.const_idx is None else self.const_idx
            self.exog_names = ["const" if j == c else f"x{j + 1 - (j > c)}" for j in range(k)]
        self.k_constant = int(self.const_idx is not None)  # an implicit constant is found by fit()
        self._int_design = None

    @property
    def nobs(self):
        return self.exog.shape[0]

    def fit(self, cov_type="nonrobust", use_t=None, method="auto", cov_kwds=None):
        """Fit by least squares; ``cov_type`` picks the covariance of the coefficients.

        ``cov_type``: "nonrobust" (s^2 (X'X)^-1), White's heteroskedasticity-robust
        "HC0".."HC3", or "HAC", Newey and West's (1987) heteroskedasticity- and
        autocorrelation-robust covariance, which needs ``cov_kwds={"maxlags": L}`` and takes
        ``"use_correction"`` (default False, as statsmodels' ``fit``). ``use_t`` defaults, as
        in statsmodels, to the t distribution for nonrobust and the normal otherwise.
        ``method`` "auto" (see the module docstring), "qr" (float64 QR only) or "exact"
        (rational arithmetic).

        >>> X = add_constant([[0.0], [1.0], [2.0], [3.0], [4.0]])
        >>> res = OLS([0.1, 1.9, 4.2, 5.8, 8.1], X).fit(cov_type="HC1")
        >>> print(f"{res.bse[1]:.4f} {res.cov_type} {res.use_t}")
        0.0439 HC1 False
        """
        choice("cov_type", cov_type, COV_TYPES)
        choice("method", method, METHODS)
        if use_t is not None and not isinstance(use_t, bool):
            raise TypeError(f"use_t must be True, False or None, got {use_t!r}")
        hac = _hac_options(cov_type, cov_kwds, self.nobs)
        if self._scale is None:
            solution = _solve(self.exog, self.endog, self.exog_names, method, self._int_design)
        else:
            solution = self._scale.solve(self.exog, self.endog, self.exog_names, method, cov_type)
        if solution.k_constant is not None:
            self.k_constant = solution.k_constant
        elif self.const_idx is None:
            self.k_constant = int(_implicit_constant(self.exog / solution.sx, solution))
        if use_t is None:
            use_t = cov_type == "nonrobust"
        results = RegressionResults(self, solution, cov_type, use_t, hac)
        exact_design = self._int_design is not None and solution.solver == "exact"
        if -math.log10(max(solution.error_bound, 1e-300)) < WARN_DIGITS and not exact_design:
            warnings.warn(
                f"the design is ill-conditioned: condition number {solution.kappa:.1e} after "
                f"column scaling. Rounding X to float64 alone can move the coefficients by "
                f"about {solution.error_bound:.0e} relative (solved by the {solution.solver!r} "
                "route). Centre or rescale the regressors, or use polyfit for polynomials",
                IllConditionedWarning,
                stacklevel=2,
            )
        y_constant = solution.y_constant
        if y_constant is None:
            y_constant = bool(results._reduce(onp.all(self.endog == self.endog[0])))
        if (y_constant and results.k_constant) or results._tss_s == 0:
            warnings.warn(
                "y is constant (zero total sum of squares): R-squared, adjusted R-squared, F "
                "and its p-value are undefined and raise UndefinedStatisticError",
                RegressionWarning,
                stacklevel=2,
            )
        elif results._perfect_fit:
            warnings.warn(
                "perfect fit (every residual is 0 or rounding noise of its row): standard errors "
                "are 0 or noise, and the t and F statistics infinite or arbitrary",
                RegressionWarning,
                stacklevel=2,
            )
        if cov_type in ("HC2", "HC3") and results._leverage_one_count:
            warnings.warn(
                f"{results._leverage_one_rows} leverage 1 (the fit passes through such a row, "
                f"so its residual is 0): {cov_type}'s weight e^2/(1 - h)^p is 0/0 there. "
                "Those rows contribute 0, their HC0 value (statsmodels returns NaN or inf)",
                RegressionWarning,
                stacklevel=2,
            )
        return results
