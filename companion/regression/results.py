"""The results of an OLS fit, statsmodels-style (statsmodels keeps them in ``linear_model`` too;
here they have a module of their own so that no file outgrows one sitting).

``RegressionResults`` builds each statistic from the one before it (ssr -> tss -> R^2 ->
adjusted R^2 -> F; ssr -> s^2 -> bse -> t -> p), from a ``solvers.Solution``: the
coefficients, (X'X)^-1, R and the residuals of the problem in scaled units. ``linear_model``
describes the model, the units, the choices for bad input and the Dask seam that the same
class serves.
"""

import math
from functools import cached_property

import numpy as onp

from companion.regression._common import (
    U,
    _alpha,
    _exponent,
    _over_pow2,
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
from companion.regression.summary import Summary, _summary_text

BLOCK_ROWS = 4096  # rows per block of the leverages' product


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

    def _times(self, M):
        """A function (rows, out) -> Xs[rows] @ M, Xs = X / sx the scaled design, computed as
        X[rows] @ (M / sx[:, None]): the same floats when X / sx is exact (each product
        x_ij m_jl / sx_j is the same real number, rounded once), in one matrix product and
        no scaled copy of X, unless an entry of M / sx leaves the normal range. ``out``: a
        buffer for the product (NumPy input)."""
        X, sx = self.model.exog, self._sol.sx
        with onp.errstate(over="ignore", under="ignore"):
            folded = M / sx[:, None]
        size = onp.abs(folded)
        if onp.all((size >= onp.finfo(float).tiny) & (size < onp.inf) | (M == 0)):
            return lambda rows=slice(None), out=None: onp.matmul(X[rows], folded, out=out)
        return lambda rows=slice(None), out=None: onp.matmul(_over_pow2(X[rows], sx), M, out=out)

    def _pinv_times(self, v, col=1.0):
        """A * v[:, None] * col, A = Xs (Xs'Xs)^-1, an (n, k) array: row i is (Xs'Xs)^-1 x_i,
        so that beta - beta_(i) = A_i e_i / (1 - h_i)."""
        A = self._times(self._sol.cov_s * col)()
        A *= v[:, None]  # in place (a Dask array rebinds)
        return A

    @cached_property
    def _leverage(self):
        """h_i = |Q_i|^2, Q = (Xs/s) R^-1 the orthonormal basis of the column space; NumPy
        input by blocks of rows in one buffer (fresh memory costs more than the products)."""
        M = onp.ascontiguousarray(self._Rinv / self._scales[:, None])
        times, n = self._times(M), self.model.exog.shape[0]
        if self._sol.compute is not None:  # lazy: one block
            Q = times()
            return onp.einsum("ij,ij->i", Q, Q)
        h, buffer = onp.empty(n), onp.empty((min(n, BLOCK_ROWS), len(M)))
        for start in range(0, n, BLOCK_ROWS):
            rows = slice(start, start + BLOCK_ROWS)
            Q = times(rows, buffer[: len(h[rows])])
            h[rows] = onp.einsum("ij,ij->i", Q, Q)
        return h

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
        meat = self._pinv_times(onp.sqrt(weights))  # A = Xs (Xs'Xs)^-1
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
        scores = self._pinv_times(self._resid_r)  # row i: (Xs'Xs)^-1 x_i e_i
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
