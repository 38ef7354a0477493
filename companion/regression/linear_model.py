"""The OLS model and its results, statsmodels-style.

The results class builds each statistic from the one before it (ssr -> tss -> R^2 ->
adjusted R^2 -> F; ssr -> s^2 -> bse -> t -> p), from a ``solvers.Solution``: the
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
from functools import cached_property

import numpy as onp

from companion._validate import choice
from companion.regression._common import (
    WARN_DIGITS,
    IllConditionedWarning,
    RegressionWarning,
    U,
    _alpha,
    _as_design,
    _as_response,
    _constant_columns,
    _exponent,
    _hac_options,
    _is_dask,
    _pow2_scale,
    _rows,
    _undefined,
    _unscale,
)
from companion.regression.diagnostic import (
    _jarque_bera_from,
    _moments,
    _omnibus_from,
    durbin_watson,
    jarque_bera,
    omnibus,
)
from companion.regression.influence import OLSInfluence
from companion.regression.solvers import _implicit_constant, _solve
from companion.regression.summary import Summary, _summary_text

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


class RegressionResults:
    """A least-squares fit, statsmodels-style: each statistic is built from the one before.

    Base quantities come from the solver: ``params`` (beta), ``normalized_cov_params``
    ((X'X)^-1) and ``resid`` (y - X beta, computed in extended precision). The chain runs
    ssr -> tss -> ess -> rsquared -> rsquared_adj -> F, and ssr -> scale -> bse -> t -> p.
    Models without a constant use uncentred sums of squares throughout. Internally each
    quantity is computed for X and y divided by powers of two (the ``_s`` attributes), and
    its units are put back last, so scale-free statistics never overflow.
    """

    def __init__(self, model, solution, cov_type, use_t, hac=None):
        self.model = model
        self.cov_type = cov_type
        self.use_t = use_t
        self.cov_kwds = {} if hac is None else {"maxlags": hac[0], "use_correction": hac[1]}
        self.solver = solution.solver
        self.kappa = solution.kappa
        self.error_bound = solution.error_bound
        self._sol = solution
        self._scales = solution.scales
        self._R = solution.R
        self._ey = _exponent(solution.sy)
        self._ex = onp.array([_exponent(s) for s in solution.sx])
        self.params = _unscale(
            solution.params_s, self._ey - self._ex, "a coefficient", after_fit=False
        )
        if solution.compute is None:
            self.resid = _unscale(solution.resid_s, self._ey, "a residual", after_fit=False)
            # residuals in a scale of their own, 2**er near their largest: their squares stay
            # in range even when they are 1e-200 of y (the scaled units are y's)
            self._er = _exponent(float(_pow2_scale(solution.resid_s)))
            self._resid_r = onp.ldexp(solution.resid_s, -self._er)
        else:  # lazy rows: scale.solve has checked their range and chosen their unit
            self.resid = onp.ldexp(solution.resid_s, self._ey)
            self._er = solution.resid_exponent
            self._resid_r = onp.ldexp(solution.resid_s, -self._er)

    @cached_property
    def _perfect_fit(self):
        """The exact route: every residual of the exact solution is 0. Otherwise ssr is at the
        rounding level of y, ssr <= (10 u)^2 sum y^2 (a QR's residuals are noise of size u|y|)."""
        if self.solver == "exact":  # exact residuals, rounded once, in memory and on Dask
            return self._ssr_r == 0
        if self._ssr_r == 0:
            return True
        return math.log2(self._ssr_r) + 2 * self._er <= math.log2(
            (10 * U) ** 2 * self._uncentered_tss_s
        )

    def _reduce(self, value):
        """A lazy (Dask) value computed (one pass over the rows); NumPy values pass through."""
        return value if self._sol.compute is None else self._sol.compute(value)[0]

    def _with_units(self, value_s, x_power, y_power, what):
        """value_s times sy**y_power times prod sx**x_power (x_power: per-entry exponents)."""
        return _unscale(value_s, y_power * self._ey + x_power, what)

    # sizes
    @cached_property
    def nobs(self):
        """n, the number of observations."""
        return float(self.model.nobs)

    @cached_property
    def k_constant(self):
        """1 when the model has a constant (explicit column or implicit), else 0."""
        return self.model.k_constant

    @cached_property
    def df_model(self):
        """k - k_constant: the regressors besides the constant."""
        return float(self.model.exog.shape[1] - self.k_constant)

    @cached_property
    def df_resid(self):
        """n - k."""
        return self.nobs - self.model.exog.shape[1]

    # sums of squares, first in the scaled units
    @cached_property
    def _ssr_r(self):
        """sum e_i^2 in the residuals' own units: ssr = _ssr_r * 2**(2 er) in y's scaled units."""
        if self._sol.ssr_s is not None:
            return self._sol.ssr_s
        return float(onp.sum(self._resid_r.astype(onp.longdouble) ** 2))

    @cached_property
    def _ssr_s(self):
        """ssr in y's scaled units (0 when it underflows there; ratios use _ssr_r)."""
        return float(onp.ldexp(self._ssr_r, 2 * self._er))

    @cached_property
    def _ys(self):
        return (self.model.endog / self._sol.sy).astype(onp.longdouble)

    @cached_property
    def _centered_tss_s(self):
        if self._sol.centered_tss_s is not None:
            return self._sol.centered_tss_s
        return float(onp.sum((self._ys - self._ys.mean()) ** 2))

    @cached_property
    def _uncentered_tss_s(self):
        if self._sol.uncentered_tss_s is not None:
            return self._sol.uncentered_tss_s
        return float(onp.sum(self._ys**2))

    @property
    def _tss_s(self):
        return self._centered_tss_s if self.k_constant else self._uncentered_tss_s

    @cached_property
    def normalized_cov_params(self):
        """(X'X)^-1, from R^-1 of the scaled QR (never by inverting X'X)."""
        return self._with_units(
            self._sol.cov_s, -(self._ex[:, None] + self._ex[None, :]), 0, "(X'X)^-1"
        )

    @cached_property
    def fittedvalues(self):
        """y_hat = y - e (equal to X beta; this form keeps the extended-precision residual)."""
        return self.model.endog - self.resid

    @cached_property
    def ssr(self):
        """Residual sum of squares: sum e_i^2."""
        return float(self._with_units(self._ssr_r, 2 * self._er, 2, "the residual sum of squares"))

    @cached_property
    def centered_tss(self):
        """Total sum of squares about the mean: sum (y_i - mean(y))^2."""
        return float(self._with_units(self._centered_tss_s, 0, 2, "the total sum of squares"))

    @cached_property
    def uncentered_tss(self):
        """Total sum of squares about zero: sum y_i^2 (used without a constant)."""
        return float(self._with_units(self._uncentered_tss_s, 0, 2, "the sum of y squared"))

    @cached_property
    def ess(self):
        """Explained sum of squares: centered_tss - ssr, or uncentered_tss - ssr without a constant."""
        return float(self._with_units(self._tss_s - self._ssr_s, 0, 2, "the explained sum"))

    @cached_property
    def rsquared(self):
        """R^2 = 1 - ssr / centered_tss; without a constant 1 - ssr / uncentered_tss."""
        if self._tss_s == 0:
            _undefined("R-squared", "y is constant, so the total sum of squares is 0")
        return 1 - float(onp.ldexp(self._ssr_r / self._tss_s, 2 * self._er))

    @cached_property
    def rsquared_adj(self):
        """Adjusted R^2 (Ezekiel 1930): 1 - (n - k_constant) / df_resid * (1 - R^2).

        With a constant the factor is (n - 1) / (n - p - 1), p = df_model; without one it
        is n / (n - k), because the uncentred R^2 spends no degree of freedom on a mean."""
        return 1 - (self.nobs - self.k_constant) / self.df_resid * (1 - self.rsquared)

    @cached_property
    def mse_model(self):
        """ess / df_model (undefined for a model with only a constant, df_model = 0)."""
        if self.df_model == 0:
            _undefined("mse_model", "the model has no regressor besides the constant")
        return self.ess / self.df_model

    @cached_property
    def mse_resid(self):
        """ssr / df_resid, the unbiased estimate of the error variance."""
        return float(self._with_units(self._scale_r, 2 * self._er, 2, "the residual mean square"))

    @cached_property
    def _scale_r(self):
        return self._ssr_r / self.df_resid

    @cached_property
    def scale(self):
        """s^2 = ssr / df_resid (mse_resid)."""
        return self.mse_resid

    # covariance of the coefficients (scaled units: the factors sy / sx_j come back last)
    @cached_property
    def _Rinv(self):
        """R^-1 of the column-scaled design Xs/s = Q R (k x k, triangular)."""
        from scipy.linalg import solve_triangular

        return solve_triangular(self._R, onp.eye(len(self.params)), check_finite=False)

    @cached_property
    def _Xs(self):
        return self.model.exog / self._sol.sx

    @cached_property
    def _Q(self):
        """Orthonormal basis of the column space: Q = (Xs/s) R^-1, one matrix product."""
        return self._Xs @ (self._Rinv / self._scales[:, None])

    @cached_property
    def _pinv_t(self):
        """A = Xs (Xs'Xs)^-1 = Q R^-T / s, so that beta - beta_(i) = A_i e_i / (1 - h_i)."""
        return self._Q @ (self._Rinv.T / self._scales[None, :])

    @cached_property
    def _leverage(self):
        return onp.einsum("ij,ij->i", self._Q, self._Q)

    @cached_property
    def _leverage_one(self):
        """Rows whose leverage is 1 up to rounding: the fit passes through them (e_i = 0)."""
        return 1 - self._leverage <= 1e3 * len(self.params) * U

    @cached_property
    def _leverage_one_count(self):
        if self._sol.leverage_one is not None:
            return self._sol.leverage_one[0]
        return int(self._reduce(self._leverage_one.sum()))

    @property
    def _leverage_one_rows(self):
        """'rows 3, 7 have' for the rows of leverage 1 (for the warnings)."""
        if self._sol.leverage_one is not None:
            return _rows(*reversed(self._sol.leverage_one))
        return _rows(self._leverage_one)

    def _hc_sandwich(self, name):
        """A' diag(e_i^2 / (1 - h_i)^p) A, A = Xs (Xs'Xs)^-1, p = 0, 1, 2 for HC0, HC2, HC3."""
        if self._sol.sandwiches is not None:
            return self._sol.sandwiches[name]
        return self._sandwich(self._hc_weights({"HC0": 0, "HC2": 1, "HC3": 2}[name]))

    def _sandwich(self, weights):
        meat = self._pinv_t * onp.sqrt(weights)[:, None]
        return self._reduce(meat.T @ meat)

    def _hc_weights(self, power):
        """e_i^2 / (1 - h_i)^power, with 0 on rows of leverage 1 (see fit's warning)."""
        one = self._leverage_one
        denom = onp.where(one, 1.0, 1 - self._leverage) ** power
        return onp.where(one, 0.0, self._resid_r**2 / denom)

    @cached_property
    def _cov_r(self):
        """cov_params() in the scaled units, divided by 2**(2 er) (the residuals' units)."""
        if self.cov_type == "nonrobust":
            return self._scale_r * self._sol.cov_s
        if self.cov_type == "HAC":
            return self._hac_r
        cov = self._hc_sandwich("HC0" if self.cov_type == "HC1" else self.cov_type)
        return cov * self.nobs / self.df_resid if self.cov_type == "HC1" else cov

    @cached_property
    def _hac_r(self):
        """Newey-West: A' Omega A with Omega_ij = w_|i-j| e_i e_j, w_l = 1 - l / (L + 1)."""
        maxlags, correction = self.cov_kwds["maxlags"], self.cov_kwds["use_correction"]
        scores = self._pinv_t * self._resid_r[:, None]  # row i: (Xs'Xs)^-1 x_i e_i
        cov = scores.T @ scores
        for lag in range(1, maxlags + 1):
            cross = scores[lag:].T @ scores[:-lag]
            cov = cov + (1 - lag / (maxlags + 1)) * (cross + cross.T)
        cov = self._reduce(cov)
        return cov * self.nobs / self.df_resid if correction else cov

    def _cov_with_units(self, cov_r, what):
        return self._with_units(
            cov_r, 2 * self._er - (self._ex[:, None] + self._ex[None, :]), 2, what
        )

    @cached_property
    def cov_HC0(self):
        """White (1980): (X'X)^-1 X' diag(e_i^2) X (X'X)^-1."""
        return self._cov_with_units(self._hc_sandwich("HC0"), "cov_HC0")

    @cached_property
    def cov_HC1(self):
        """HC0 * n / (n - k) (Hinkley 1977; MacKinnon and White 1985 call it HC1)."""
        return self.cov_HC0 * self.nobs / self.df_resid

    @cached_property
    def cov_HC2(self):
        """(X'X)^-1 X' diag(e_i^2 / (1 - h_i)) X (X'X)^-1, h the leverages.

        A row of leverage 1 has e_i = 0 and an undefined weight 0/0; it contributes 0 (its
        HC0 value) and ``fit`` warns."""
        return self._cov_with_units(self._hc_sandwich("HC2"), "cov_HC2")

    @cached_property
    def cov_HC3(self):
        """(X'X)^-1 X' diag(e_i^2 / (1 - h_i)^2) X (X'X)^-1, close to the jackknife.

        Rows of leverage 1 contribute 0, as in cov_HC2."""
        return self._cov_with_units(self._hc_sandwich("HC3"), "cov_HC3")

    @cached_property
    def cov_HAC(self):
        """Newey and West (1987): (X'X)^-1 [sum_l w_l (G_l + G_l')] (X'X)^-1, G_l =
        sum_t x_t e_t e_(t-l) x_(t-l)', Bartlett weights w_l = 1 - l / (maxlags + 1), times
        n / (n - k) with use_correction; statsmodels' cov_hac_simple. Needs ordered rows."""
        if self.cov_type != "HAC":
            raise ValueError("cov_HAC needs fit(cov_type='HAC', cov_kwds={'maxlags': L})")
        return self._cov_with_units(self._hac_r, "cov_HAC")

    def cov_params(self):
        """Covariance of beta: scale * (X'X)^-1 when nonrobust, else the chosen robust one."""
        return self._cov_with_units(self._cov_r, "a coefficient covariance")

    @cached_property
    def _bse_r(self):
        return onp.sqrt(onp.diag(self._cov_r))

    @cached_property
    def bse(self):
        """Standard errors: sqrt of the diagonal of cov_params()."""
        return self._with_units(self._bse_r, self._er - self._ex, 1, "a standard error")

    @cached_property
    def tvalues(self):
        """t_j = beta_j / se_j (z statistics when use_t is False).

        At a perfect fit se_j = 0: t_j is then +-inf, and 0 for a coefficient that is exactly 0
        (not 0/0 = NaN). statsmodels' coefficient and se are both rounding noise there, so its
        t is an arbitrary number.
        """
        params, bse = self._sol.params_s, self._bse_r
        with onp.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            return onp.where(params == 0, 0.0, onp.ldexp(params / bse, -self._er))

    @cached_property
    def pvalues(self):
        """Two-sided p-values: 2 * t.sf(|t_j|, df_resid), or 2 * norm.sf(|z_j|) when not use_t."""
        from scipy import stats

        if self.use_t:
            return 2 * stats.t.sf(onp.abs(self.tvalues), self.df_resid)
        return 2 * stats.norm.sf(onp.abs(self.tvalues))

    def conf_int(self, alpha=0.05):
        """Intervals beta_j -/+ q se_j, q the 1 - alpha/2 quantile of t(df_resid) or the normal.

        Returns an array of shape (k, 2): lower and upper bounds.
        """
        from scipy import stats

        alpha = _alpha(alpha)
        dist = stats.t(self.df_resid) if self.use_t else stats.norm()
        q = dist.ppf(1 - alpha / 2)
        return onp.column_stack([self.params - q * self.bse, self.params + q * self.bse])

    # tests of the whole model
    @cached_property
    def fvalue(self):
        """F = mse_model / mse_resid; with a robust covariance the Wald statistic
        (R beta)' (R V R')^-1 (R beta) / q of all slopes = 0, V = cov_params(). Undefined
        (UndefinedStatisticError) for a model with only a constant: there is nothing to test;
        and for a robust covariance that is singular, where the Wald form has no finite value."""
        if self.df_model == 0:
            _undefined("the F test", "the model has no regressor besides the constant")
        if self.cov_type == "nonrobust":
            if self._tss_s == 0:
                _undefined("F", "y is constant, so the model explains nothing of a zero total")
            with onp.errstate(divide="ignore", over="ignore"):
                explained = (self._tss_s - self._ssr_s) / self.df_model
                return float(onp.ldexp(explained / onp.float64(self._scale_r), -2 * self._er))
        keep = [j for j in range(len(self.params)) if j != self.model.const_idx]
        if self.k_constant and self.model.const_idx is None:
            _undefined("the robust F statistic", "the constant is implicit (as in statsmodels)")
        b, V = self._sol.params_s[keep], self._cov_r[onp.ix_(keep, keep)]
        with onp.errstate(all="ignore"):
            try:
                wald = float(onp.ldexp(b @ onp.linalg.solve(V, b) / len(keep), -2 * self._er))
            except onp.linalg.LinAlgError:
                wald = onp.nan
        if not onp.isfinite(wald):
            _undefined(
                "the robust F statistic",
                f"the {self.cov_type} covariance of the slopes is singular (for example when rows "
                "of leverage 1, whose residuals are 0, carry all the information about a slope)",
            )
        return wald

    @cached_property
    def f_pvalue(self):
        """P(F(df_model, df_resid) > F); the robust F uses q = df_model numerator df as well."""
        from scipy import stats

        return float(stats.f.sf(self.fvalue, self.df_model, self.df_resid))

    @cached_property
    def llf(self):
        """Gaussian log-likelihood at the MLE: -n/2 (log(2 pi) + log(ssr / n) + 1)."""
        n = self.nobs
        log_ssr = (
            math.log(self._ssr_r) + 2 * self._er * math.log(2) if self._ssr_r > 0 else -onp.inf
        )
        return float(
            -n
            / 2
            * (math.log(2 * math.pi) + log_ssr + 2 * self._ey * math.log(2) - math.log(n) + 1)
        )

    @cached_property
    def aic(self):
        """-2 llf + 2 (df_model + k_constant)."""
        return -2 * self.llf + 2 * (self.df_model + self.k_constant)

    @cached_property
    def bic(self):
        """-2 llf + log(n) (df_model + k_constant)."""
        return -2 * self.llf + math.log(self.nobs) * (self.df_model + self.k_constant)

    @cached_property
    def condition_number(self):
        """sigma_max / sigma_min of X as given (units matter), as statsmodels' Cond. No."""
        units = onp.ldexp(self._scales, self._ex - self._ex.max())  # R of X, up to a factor
        sv = onp.linalg.svd(self._R * units, compute_uv=False)
        return float(sv[0] / sv[-1]) if sv[-1] > 0 else float("inf")

    # residual diagnostics
    @cached_property
    def durbin_watson(self):
        """sum (e_t - e_{t-1})^2 / sum e_t^2 (Durbin and Watson 1950); for ordered rows only."""
        return self._residual_test("durbin_watson", durbin_watson)

    @cached_property
    def jarque_bera(self):
        """(JB, p-value, skew, kurtosis) of the residuals; see jarque_bera()."""
        return self._residual_test("jarque_bera", jarque_bera, _jarque_bera_from)

    @cached_property
    def omnibus(self):
        """(K^2, p-value), D'Agostino's omnibus normality test of the residuals."""
        return self._residual_test("omnibus", omnibus, _omnibus_from)

    @cached_property
    def _residual_moments(self):
        """(n, skewness, kurtosis) of the residuals, shared by Jarque-Bera and the omnibus."""
        e, skew, kurt = _moments(self._sol.resid_s)
        return len(e), skew, kurt

    def _residual_test(self, name, test, from_moments=None):
        tests = self._sol.residual_tests
        if tests is None:
            if from_moments is not None:
                return from_moments(*self._residual_moments)
            return test(self._sol.resid_s)
        if isinstance(tests[name], Exception):
            raise tests[name]
        return tests[name]

    def get_influence(self):
        """Closed-form influence measures of every observation (OLSInfluence)."""
        return OLSInfluence(self)

    def summary(self, yname="y", alpha=0.05):
        """A text table of the fit and its diagnostics, laid out like statsmodels' summary.

        Statistics that are undefined for this fit (for example F of a model with only a
        constant) are printed as "undefined"."""
        if not isinstance(yname, str):
            raise TypeError(f"yname must be a string, got {yname!r}")
        return Summary(_summary_text(self, yname, _alpha(alpha)))
