"""Collinearity and residual diagnostics: VIF, Breusch-Pagan, White, Durbin-Watson,
Jarque-Bera and the omnibus test."""

import math

import numpy as onp

from companion.regression._common import (
    CollinearityError,
    U,
    _as_design,
    _as_response,
    _constant_columns,
    _pow2_scale,
    _undefined,
)
from companion.regression.solvers import _dependent_columns, _scaled_qr


def vif(X):
    """Variance inflation factors of the columns of X (Belsley, Kuh and Welsch 1980).

    VIF_j = 1 / (1 - R_j^2), R_j^2 from regressing column j on the other non-constant
    columns and an intercept; equivalently VIF_j = sum_i (x_ij - mean_j)^2 [(Z'Z)^-1]_jj
    with Z the centred non-constant columns: the diagonal of the inverse correlation
    matrix. A constant column gets 1. This is statsmodels' variance_inflation_factor
    (standardize=True, its default since 0.15) for every column. Unlike the condition
    number, VIF does not change with the units of a column.

    >>> from companion.regression import add_constant
    >>> rng = onp.random.default_rng(0)
    >>> x1 = rng.normal(size=200)
    >>> X = add_constant(onp.column_stack([x1, x1 + 0.1 * rng.normal(size=200)]))
    >>> print([f"{v:.0f}" for v in vif(X)[1:]])
    ['88', '88']
    """
    arr, _ = _as_design(X, None)
    constant = set(_constant_columns(arr))
    free = [j for j in range(arr.shape[1]) if j not in constant]
    if not free:
        raise ValueError("vif needs at least one non-constant column")
    if arr.shape[0] <= len(free):
        raise ValueError(
            f"vif needs more rows than non-constant columns, got {arr.shape[0]} rows and "
            f"{len(free)} columns"
        )
    Z = arr[:, free] / _pow2_scale(arr[:, free], axis=0)  # exact; VIF ignores the units
    Z = Z - Z.mean(axis=0)
    scales, R, _, _, _ = _scaled_qr(Z, onp.zeros(arr.shape[0]))
    sv = onp.linalg.svd(R, compute_uv=False)
    if sv[-1] <= sv[0] * max(Z.shape) * U * 2:
        raise CollinearityError(_dependent_columns(R, [f"x{j}" for j in free]))
    from scipy.linalg import solve_triangular

    Rinv = solve_triangular(R, onp.eye(len(free)), check_finite=False)
    inflation = onp.sum(Z**2, axis=0) * onp.sum(Rinv**2, axis=1) / scales**2
    out = onp.ones(arr.shape[1])
    out[free] = inflation
    return out


def _auxiliary(target, Z):
    """R^2, ESS, F and its p-value of regressing target on Z (Z holds a constant), by rank."""
    from scipy import stats
    from scipy.linalg import lstsq

    coef, _, rank, _ = lstsq(Z, target, check_finite=False)
    resid = target - Z @ coef
    ssr = float(resid @ resid)
    tss = float(onp.sum((target - target.mean()) ** 2))
    if tss == 0:
        _undefined("the auxiliary regression", "the squared residuals are constant")
    rsq = 1 - ssr / tss
    df_model, df_resid = rank - 1, len(target) - rank
    if df_resid <= 0 or df_model <= 0:
        _undefined(
            "the auxiliary regression's test",
            f"{len(target)} observations leave {df_resid} residual degrees of freedom for "
            f"{Z.shape[1]} auxiliary regressors of rank {rank}",
        )
    fvalue = (tss - ssr) / df_model / (ssr / df_resid)
    return rsq, tss - ssr, df_model, fvalue, float(stats.f.sf(fvalue, df_model, df_resid))


def _het_inputs(resid, exog, test):
    """resid and exog divided by powers of two (the tests do not depend on units)."""
    e = _as_response(resid, "resid")
    Z, _ = _as_design(exog, None)
    e, Z = e / _pow2_scale(e), Z / _pow2_scale(Z, axis=0)
    if len(e) != Z.shape[0]:
        raise ValueError(f"resid has {len(e)} rows but exog has {Z.shape[0]}; they must match")
    if Z.shape[1] < 2 or not _constant_columns(Z):
        raise ValueError(f"{test} needs exog with a constant column and at least one regressor")
    return e, Z


def het_breuschpagan(resid, exog_het, robust=True):
    """Breusch-Pagan test of heteroskedasticity: (lm, lm_pvalue, fvalue, f_pvalue).

    Regress g_i on exog_het (which must hold a constant). Koenker's studentized form
    (robust=True, statsmodels' default): g = e^2 and LM = n R^2. The original form of
    Breusch and Pagan (1979), which assumes normal errors: g = e^2 / mean(e^2) and
    LM = ESS / 2. Under homoskedasticity LM ~ chi2(k - 1).

    >>> from companion.regression import OLS, add_constant
    >>> rng = onp.random.default_rng(1)
    >>> x = rng.uniform(1, 5, size=400)
    >>> X = add_constant(x)
    >>> res = OLS(1 + x + x * rng.normal(size=400), X).fit()
    >>> lm, p, f, fp = het_breuschpagan(res.resid, X)
    >>> print(f"{lm:.1f} {p:.1e}")
    69.0 9.8e-17
    """
    if not isinstance(robust, (bool, onp.bool_)):
        raise TypeError(f"robust must be True or False, got {robust!r}")
    e, Z = _het_inputs(resid, exog_het, "het_breuschpagan")
    if not onp.any(e):
        _undefined("the Breusch-Pagan test", "all residuals are 0 (a perfect fit)")
    from scipy import stats

    target = e**2 if robust else e**2 / onp.mean(e**2)
    rsq, ess, df, fvalue, f_pvalue = _auxiliary(target, Z)
    lm = len(e) * rsq if robust else ess / 2
    return float(lm), float(stats.chi2.sf(lm, df)), float(fvalue), f_pvalue


def het_white(resid, exog):
    """White's (1980) test: regress e^2 on exog, its squares and cross products; LM = n R^2.

    Returns (lm, lm_pvalue, fvalue, f_pvalue); LM ~ chi2(rank - 1) under homoskedasticity,
    the rank counting the distinct columns (x*x duplicates x for a 0/1 dummy).

    >>> from companion.regression import OLS, add_constant
    >>> rng = onp.random.default_rng(1)
    >>> x = rng.uniform(1, 5, size=400)
    >>> X = add_constant(x)
    >>> res = OLS(1 + x + x * rng.normal(size=400), X).fit()
    >>> print(f"{het_white(res.resid, X)[0]:.1f}")
    81.5
    """
    e, Z = _het_inputs(resid, exog, "het_white")
    from scipy import stats

    i0, i1 = onp.triu_indices(Z.shape[1])
    products = Z[:, i0] * Z[:, i1]
    rsq, _, df, fvalue, f_pvalue = _auxiliary(e**2, products)
    lm = len(e) * rsq
    return float(lm), float(stats.chi2.sf(lm, df)), float(fvalue), f_pvalue


def durbin_watson(resid):
    """Durbin-Watson (1950): d = sum_t (e_t - e_{t-1})^2 / sum_t e_t^2; near 2 without
    first-order autocorrelation, toward 0 when neighbours move together.

    The statistic compares each residual with the one before it, so it means something only
    when the rows are in a meaningful order (time, space); for shuffled cross-section data
    any value is an accident of the row order. Needs at least 2 residuals.

    >>> print(f"{durbin_watson([1.0, -1.0, 1.0, -1.0]):.2f}")
    3.00
    """
    e = _as_response(resid, "resid")
    if len(e) < 2:
        raise ValueError(f"durbin_watson needs at least 2 residuals, got {len(e)}")
    e = e / _pow2_scale(e)  # exact; the ratio does not depend on the units
    denom = float(e @ e)
    if denom == 0:
        _undefined("Durbin-Watson", "all residuals are 0")
    return float(onp.sum(onp.diff(e) ** 2) / denom)


def _moments(resid):
    e = _as_response(resid, "resid")
    if len(e) < 2:
        raise ValueError(f"skewness and kurtosis need at least 2 residuals, got {len(e)}")
    e = e / _pow2_scale(e)  # exact; skewness and kurtosis do not depend on the units
    d = e - e.mean()
    d2 = d * d
    m2 = onp.mean(d2)
    if m2 == 0:
        _undefined("skewness and kurtosis", "all residuals are equal")
    return e, onp.mean(d2 * d) / m2**1.5, onp.mean(d2 * d2) / m2**2


def jarque_bera(resid):
    """Jarque-Bera (1980): JB = n/6 (S^2 + (K - 3)^2 / 4) ~ chi2(2) under normality.

    S = m3 / m2^1.5 is the skewness and K = m4 / m2^2 the (Pearson, not excess) kurtosis,
    with biased central moments m_r = mean((e - mean e)^r). Returns (JB, p, S, K).

    >>> jb, p, s, k = jarque_bera([-2.0, -1.0, 0.0, 1.0, 7.0])
    >>> print(f"{jb:.3f} {s:.3f} {k:.3f}")
    1.089 1.138 2.788
    """
    e, skew, kurt = _moments(resid)
    return _jarque_bera_from(len(e), skew, kurt)


def _jarque_bera_from(n, skew, kurt):
    """(JB, p, S, K) from n and the moments (an out-of-core fit gathers them in chunks)."""
    from scipy import stats

    jb = n / 6 * (skew**2 + (kurt - 3) ** 2 / 4)
    return float(jb), float(stats.chi2.sf(jb, 2)), float(skew), float(kurt)


def omnibus(resid):
    """D'Agostino's omnibus normality test K^2 = Z_s^2 + Z_k^2 ~ chi2(2): (K^2, p-value).

    Z_s transforms the sample skewness (D'Agostino 1970), Z_k the kurtosis (Anscombe and
    Glynn 1983), as in D'Agostino, Belanger and D'Agostino (1990); needs n >= 8.

    >>> k2, p = omnibus([-2.0, -1.1, -0.4, 0.0, 0.3, 0.9, 1.2, 2.5, 6.0])
    >>> print(f"{k2:.3f} {p:.3f}")
    6.455 0.040
    """
    e, skew, kurt = _moments(resid)
    return _omnibus_from(len(e), skew, kurt)


def _omnibus_from(n, skew, kurt):
    """(K^2, p) from n and the moments (an out-of-core fit gathers them in chunks)."""
    from scipy import stats

    if n < 8:
        _undefined("the omnibus test", f"it needs at least 8 residuals, got {n}")
    y = skew * math.sqrt((n + 1) * (n + 3) / (6.0 * (n - 2)))
    beta2 = (
        3.0 * (n**2 + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9))
    )
    w2 = -1 + math.sqrt(2 * (beta2 - 1))
    delta = 1 / math.sqrt(0.5 * math.log(w2))
    alpha = math.sqrt(2.0 / (w2 - 1))
    y = y if y != 0 else 1.0
    z_skew = delta * math.log(y / alpha + math.sqrt((y / alpha) ** 2 + 1))
    mean = 3.0 * (n - 1) / (n + 1)
    var = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) ** 2 * (n + 3) * (n + 5))
    x = (kurt - mean) / math.sqrt(var)
    sqrt_beta1 = (
        6.0
        * (n * n - 5 * n + 2)
        / ((n + 7) * (n + 9))
        * math.sqrt(6.0 * (n + 3) * (n + 5) / (n * (n - 2) * (n - 3)))
    )
    a = 6.0 + 8.0 / sqrt_beta1 * (2.0 / sqrt_beta1 + math.sqrt(1 + 4.0 / sqrt_beta1**2))
    denom = 1 + x * math.sqrt(2 / (a - 4.0))
    term2 = math.copysign(abs((1 - 2.0 / a) / denom) ** (1 / 3), denom)
    z_kurt = (1 - 2 / (9.0 * a) - term2) / math.sqrt(2 / (9.0 * a))
    k2 = z_skew**2 + z_kurt**2
    return float(k2), float(stats.chi2.sf(k2, 2))
