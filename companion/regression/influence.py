"""Influence of each observation, in closed form from one fit."""

import warnings
from functools import cached_property

import numpy as onp

from companion.regression._common import RegressionWarning, _undefined


class OLSInfluence:
    """Influence of each observation, in closed form from one fit (Belsley, Kuh and Welsch 1980).

    With h_i = x_i'(X'X)^-1 x_i the leverage, e_i the residual, s^2 = ssr / (n - k):
    deleting observation i changes beta by (X'X)^-1 x_i e_i / (1 - h_i) and the residual
    sum of squares by e_i^2 / (1 - h_i), so no refit is needed (statsmodels refits n times
    for the external versions). Names follow statsmodels' OLSInfluence; statsmodels'
    ``cooks_distance`` and ``dffits`` return a (values, extra) pair, these return the values.

    >>> from companion.regression import OLS, add_constant
    >>> X = add_constant([[0.0], [1.0], [2.0], [3.0], [10.0]])
    >>> infl = OLS([0.0, 1.1, 1.9, 3.2, 7.0], X).fit().get_influence()
    >>> print(f"{infl.hat_matrix_diag[-1]:.3f} {infl.cooks_distance[-1]:.2f}")
    0.936 20.85
    """

    def __init__(self, results):
        if not hasattr(results, "_leverage") or not hasattr(results, "model"):
            raise TypeError(
                "results must be a fitted regression, OLS(y, X).fit() (or call "
                f"res.get_influence()), got {type(results).__name__} {results!r:.40}"
            )
        self.results = results
        self.k_vars = results.model.exog.shape[1]

    @cached_property
    def hat_matrix_diag(self):
        """Leverage h_i = x_i'(X'X)^-1 x_i = |Q_i|^2, the i-th diagonal of H = X(X'X)^-1 X'."""
        return self.results._leverage

    @cached_property
    def _one_minus_h(self):
        """1 - h_i, NaN on rows of leverage 1 (with a warning): deleting such a row leaves
        its coefficient undetermined, so every leave-one-out measure of it is undefined."""
        one = self.results._leverage_one
        if self.results._leverage_one_count:
            warnings.warn(
                f"{self.results._leverage_one_rows} leverage 1: without them a coefficient is not determined, so "
                "their studentized residuals, Cook's distance, DFFITS and DFBETAS are NaN "
                "(undefined; statsmodels returns NaN or inf there too)",
                RegressionWarning,
                stacklevel=3,
            )
        return onp.where(one, onp.nan, 1 - self.hat_matrix_diag)

    @cached_property
    def resid_studentized_internal(self):
        """r_i = e_i / (s sqrt(1 - h_i)), with s^2 = ssr / (n - k) from the full fit."""
        res = self.results
        return res._resid_r / onp.sqrt(res._scale_r * self._one_minus_h)

    @cached_property
    def _sigma2_not_obsi_r(self):
        res = self.results
        if res.df_resid <= 1:
            _undefined(
                "the leave-one-out variance s_(i)^2 (and the external studentized residuals, "
                "DFFITS and DFBETAS)",
                f"n - k = {int(res.df_resid)} leaves no residual degree of freedom without row i",
            )
        e = res._resid_r  # in the residuals' own units, as _ssr_r
        return (res._ssr_r - e**2 / self._one_minus_h) / (res.df_resid - 1)

    @cached_property
    def sigma2_not_obsi(self):
        """s_(i)^2 = (ssr - e_i^2 / (1 - h_i)) / (n - k - 1), the error variance without row i.

        Raises UndefinedStatisticError when n - k = 1: no degree of freedom is left without
        row i (statsmodels returns inf or NaN there)."""
        value = onp.nan_to_num(self._sigma2_not_obsi_r, nan=0.0)
        out = self.results._with_units(value, 2 * self.results._er, 2, "s_(i)^2")
        return onp.where(onp.isnan(self._sigma2_not_obsi_r), onp.nan, out)

    @cached_property
    def resid_studentized_external(self):
        """t_i = e_i / (s_(i) sqrt(1 - h_i)) = r_i sqrt((n - k - 1) / (n - k - r_i^2))."""
        with onp.errstate(divide="ignore", invalid="ignore"):
            return self.results._resid_r / onp.sqrt(self._sigma2_not_obsi_r * self._one_minus_h)

    @cached_property
    def cooks_distance(self):
        """Cook (1977): D_i = r_i^2 h_i / (k (1 - h_i)), the shift of all fitted values."""
        h = self.hat_matrix_diag
        return self.resid_studentized_internal**2 * h / (self.k_vars * self._one_minus_h)

    @cached_property
    def dffits(self):
        """DFFITS_i = t_i sqrt(h_i / (1 - h_i)): the change of the i-th fitted value in SEs."""
        h = self.hat_matrix_diag
        return self.resid_studentized_external * onp.sqrt(h / self._one_minus_h)

    @cached_property
    def dfbetas(self):
        """DFBETAS_ij = (beta_j - beta_(i)j) / (s_(i) sqrt((X'X)^-1_jj)), with
        beta - beta_(i) = (X'X)^-1 x_i e_i / (1 - h_i); an (n, k) array."""
        res = self.results
        with onp.errstate(divide="ignore", invalid="ignore"):
            rows = res._resid_r / (self._one_minus_h * onp.sqrt(self._sigma2_not_obsi_r))
        return res._pinv_times(rows, 1 / onp.sqrt(onp.diag(res._sol.cov_s)))
