"""Regression diagnostics: every number of an OLS summary, computed from its formula.

Offers
    OLS(y, X, names=None).fit(cov_type, use_t, method, cov_kwds)
                            least squares; the result follows statsmodels' names; cov_type
                            "nonrobust", "HC0".."HC3" or "HAC" (Newey-West, cov_kwds maxlags)
    RegressionResults       params, bse, tvalues, pvalues, conf_int, rsquared, rsquared_adj,
                            fvalue, f_pvalue, llf, aic, bic, ssr, ess, scale, cov_HC0..HC3, cov_HAC,
                            condition_number, summary(), get_influence(): each statistic a
                            cached property whose docstring states its formula
    OLSInfluence            closed-form leverage, studentized residuals, Cook's distance,
                            DFFITS and DFBETAS (no refits)
    polyfit(x, y, degree, intercept=True)   polynomial least squares, design formed exactly
    add_constant(X)         prepend a column of ones
    vif(X)                  variance inflation factors
    het_breuschpagan(resid, exog_het, robust=True), het_white(resid, exog)
    durbin_watson(resid), jarque_bera(resid), omnibus(resid)
    keras_r2_score(y_true, y_pred, num_regressors=0)   Keras 3's R2Score, emulated
    lre(estimate, certified)   log relative error: the number of correct significant digits
    read_nist(path)         a NIST StRD linear least squares dataset and its certified values

How a fit is computed (``method="auto"``)
    1. Householder QR of [X | y] in float64 (LAPACK). This gives R, Q'y and the residual
       norm; dividing the columns of R by powers of two s near the column norms (exactly)
       gives kappa, the condition number of the column-scaled design, the one that governs
       the accuracy of a QR solution.
    2. The float64 solution's relative error is bounded by about
       u * kappa * (1 + kappa * |r| / (|X/s| |beta|)), u = 2**-53 (Golub and Van Loan 2013,
       sec. 5.3.8): the second term, kappa squared times the relative residual, is why
       problems with large residuals (NIST's Wampler4 and 5) are hard. When that bound,
       taken component by component, promises 11 digits, the QR solution is returned (the
       bound is pessimistic: on NIST's data the actual error is 100 to 4000 times smaller).
    3. Otherwise, if the problem is small (n * k**2 <= 2e6 and k <= 20), the normal equations
       of the float64 data are solved in exact rational arithmetic: every float is an
       integer times a power of two, so X'X and X'y are exact integers, a fraction-free
       Gauss-Jordan elimination gives (X'X)^-1 and beta exactly, and each is rounded once.
       This is the best any method can do from the float64 data.
    4. A larger ill-conditioned problem is refined instead: corrected semi-normal equations
       with residuals in long double (Bjorck 1996, sec. 2.9), while the correction shrinks.
    Residuals are computed exactly on the exact route, and in long double elsewhere whenever
    float64 rounding could reach 1e-12 of their norm, so ssr, R-squared and the standard
    errors inherit the accuracy of beta. A warning (IllConditionedWarning) says when the
    float64 data themselves determine beta to fewer than 8 digits; ``polyfit`` then helps for
    polynomials, because it forms the powers of x exactly instead of rounding them.

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
import re
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as onp

from companion._validate import choice

__all__ = [
    "OLS",
    "CollinearityError",
    "FloatRangeError",
    "IllConditionedWarning",
    "NISTDataset",
    "NISTFormatError",
    "OLSInfluence",
    "RegressionResults",
    "RegressionWarning",
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

COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC")
METHODS = ("auto", "qr", "exact")
U = onp.finfo(float).eps / 2  # unit roundoff of float64, 2**-53
FAST_DIGITS = 11  # the QR solution is kept when its error bound promises this many digits
WARN_DIGITS = 8  # fewer digits determined by the float64 data itself: warn
EXACT_MAX_WORK = 2e6  # n * k**2 up to which the exact rational path is affordable (~1 s)
EXACT_MAX_K = 20  # elimination cost grows like k**4 in bits: k = 41 took 11 s


class RegressionWarning(UserWarning):
    """Something about the fit that changes how its numbers should be read."""


class IllConditionedWarning(RegressionWarning):
    """The float64 design determines the coefficients to only a few digits."""


class CollinearityError(ValueError):
    """The columns of X are linearly dependent, so the coefficients are not determined."""


class FloatRangeError(ValueError):
    """A statistic with units lies outside float64's range (scale-free ones are still given)."""


class NISTFormatError(ValueError):
    """A file given to read_nist is not a complete NIST StRD linear regression file."""


class UndefinedStatisticError(ValueError):
    """The statistic asked for is undefined for this fit (for example R-squared of a constant y)."""


# --- input checks ---------------------------------------------------------------------


def _plain(value):
    return value.item() if isinstance(value, onp.generic) else value


def _column_label(names, j):
    return f"column {j} ({names[j]!r})" if names else f"column {j}"


def _as_design(X, names):
    """X as a 2-D float array plus column names, or an error naming the offending column."""
    if hasattr(X, "columns") and hasattr(X, "dtypes"):  # a pandas DataFrame
        names = list(map(str, X.columns)) if names is None else names
        for j, dtype in enumerate(X.dtypes):
            if dtype.kind not in "biuf":
                raise TypeError(
                    f"X {_column_label(names, j)} is not numeric (dtype {dtype}); encode it "
                    "as numbers (for example dummy columns) first"
                )
        X = X.to_numpy(dtype=float)
    try:
        arr = onp.asarray(X)
    except (TypeError, ValueError) as err:
        raise TypeError(f"X must be a 2-D numeric array; could not convert it: {err}") from err
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (observations x regressors), got shape {arr.shape}")
    if arr.dtype.kind == "c":
        raise TypeError("X must be real, got a complex array")
    if arr.dtype.kind not in "biuf":
        for j in range(arr.shape[1]):
            for i, value in enumerate(arr[:, j]):
                if isinstance(value, (complex, onp.complexfloating)):
                    raise TypeError(
                        f"X must be real: {_column_label(names, j)}, row {i} holds {value!r}"
                    )
                try:
                    float(value)
                except (TypeError, ValueError):
                    raise TypeError(
                        f"X {_column_label(names, j)} is not numeric: row {i} holds "
                        f"{_plain(value)!r}"
                    ) from None
        arr = arr.astype(float)
    arr = onp.array(arr, dtype=float)  # a copy: later edits of the caller's array change nothing
    if names is not None:
        if isinstance(names, str) or not hasattr(names, "__len__"):
            raise TypeError(f"names must be a list of column names, got {names!r}")
        if not all(isinstance(name, str) for name in names):
            raise TypeError(f"names must be strings, got {list(names)!r}")
    if names is not None and len(names) != arr.shape[1]:
        raise ValueError(f"names has {len(names)} entries but X has {arr.shape[1]} columns")
    bad = ~onp.isfinite(arr)
    if bad.any():
        i, j = (int(v) for v in onp.argwhere(bad)[0])
        raise ValueError(
            f"X must be finite; found {arr[i, j]} at row {i}, {_column_label(names, j)}. "
            "Drop or impute that row first"
        )
    return arr, names


def _as_response(y, name="y"):
    """A 1-D float copy of ``y`` (never a view of the caller's array), or a named error."""
    try:
        arr = onp.asarray(y)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a 1-D numeric array; could not convert it: {err}") from err
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per observation), got shape {arr.shape}")
    if arr.dtype.kind == "c":
        raise TypeError(
            f"{name} must be real, got a complex array (dtype {arr.dtype}); regress the real "
            "and imaginary parts separately if both matter"
        )
    if arr.dtype.kind not in "biuf":
        for i, value in enumerate(arr):
            if isinstance(value, (complex, onp.complexfloating)):
                raise TypeError(f"{name} must be real: row {i} holds the complex {value!r}")
            try:
                float(value)
            except (TypeError, ValueError):
                raise TypeError(f"{name} is not numeric: row {i} holds {_plain(value)!r}") from None
    arr = onp.array(arr, dtype=float)  # a copy: later edits of the caller's array change nothing
    bad = ~onp.isfinite(arr)
    if bad.any():
        i = int(onp.argmax(bad))
        raise ValueError(
            f"{name} must be finite; found {arr[i]} at row {i}. Drop or impute that row"
        )
    return arr


def _pow2_scale(a, axis=None):
    """Powers of two 2**(e-1) <= max|a| < 2**e (per column with axis=0), 1 for zeros.

    Dividing by a power of two is exact (unless an entry falls below the subnormal range,
    where it is negligible against its column's maximum), so the scaled problem has the
    same solution, digit for digit, and its squares neither overflow nor underflow.
    """
    if not onp.size(a):
        return onp.float64(1.0)
    m = onp.maximum(onp.max(a, axis=axis), -onp.min(a, axis=axis))
    _, e = onp.frexp(m)
    return onp.where(m > 0, onp.ldexp(1.0, e - 1), 1.0)


def _constant_columns(X):
    return [j for j in range(X.shape[1]) if X[0, j] != 0 and onp.all(X[:, j] == X[0, j])]


# --- exact rational arithmetic ----------------------------------------------------------


def _as_integers(values):
    """Exact (ints, e) with values == ints * 2**e: every float64 is an integer times 2**e."""
    mantissa, exponent = onp.frexp(onp.asarray(values, dtype=float))
    ints = (mantissa * 2.0**53).astype(onp.int64)
    exponent = exponent.astype(onp.int64) - 53
    nonzero = ints != 0
    e = int(exponent[nonzero].min()) if nonzero.any() else 0
    shift = onp.where(nonzero, exponent - e, 0)
    return [int(m) << int(s) for m, s in zip(ints.tolist(), shift.tolist())], e


def _to_float(num, den, e=0):
    """The float nearest num / den * 2**e (ints; Python's int division rounds correctly)."""
    if e >= 0:
        num <<= e
    else:
        den <<= -e
    return num / den


@dataclass
class _IntDesign:
    """An exactly represented design: column j of X equals cols[j] * 2**exps[j] (Python ints)."""

    cols: list
    exps: list

    @classmethod
    def from_float(cls, X):
        pairs = [_as_integers(X[:, j]) for j in range(X.shape[1])]
        return cls([c for c, _ in pairs], [e for _, e in pairs])

    @classmethod
    def powers(cls, x, degrees):
        """Columns x**d for d in degrees, computed exactly from the float64 x."""
        mantissa, exponent = onp.frexp(onp.asarray(x, dtype=float))
        ints = [int(m) for m in (mantissa * 2.0**53).astype(onp.int64).tolist()]
        exps = [int(v) - 53 for v in exponent.tolist()]
        cols, col_exps = [], []
        for d in degrees:
            powered = [(m**d, d * e) for m, e in zip(ints, exps)]
            nonzero = [e for m, e in powered if m != 0]
            base = min(nonzero) if nonzero else 0
            cols.append([m << (e - base) if m else 0 for m, e in powered])
            col_exps.append(base)
        return cls(cols, col_exps)


def _dot(a, b):
    return sum(p * q for p, q in zip(a, b))


def _exact_solve(design, y):
    """Exact least squares on an _IntDesign: (beta, (X'X)^-1, residuals) rounded to float64.

    Fraction-free Gauss-Jordan elimination (Bareiss 1968) on [X'X | X'y | I] keeps every
    entry an integer; at the end the left block is det(X'X) times the identity, so the
    right blocks hold det * beta and det * (X'X)^-1 exactly.
    """
    cols, exps = design.cols, design.exps
    k = len(cols)
    ycol, ey = _as_integers(y)
    rows = []
    for i in range(k):
        gram = [_dot(cols[i], cols[j]) for j in range(k)]
        rows.append(gram + [_dot(cols[i], ycol)] + [int(i == j) for j in range(k)])
    previous = 1
    for c in range(k):
        pivot_row = rows[c]
        pivot = pivot_row[c]
        if pivot == 0:
            return None  # exactly singular: the caller names the dependent columns
        for r in range(k):
            if r == c:
                continue
            row, factor = rows[r], rows[r][c]
            rows[r] = [(pivot * a - factor * b) // previous for a, b in zip(row, pivot_row)]
        previous = pivot
    det = previous
    beta = onp.array([_to_float(rows[j][k], det, ey - exps[j]) for j in range(k)])
    cov = onp.array(
        [
            [_to_float(rows[i][k + 1 + j], det, -exps[i] - exps[j]) for j in range(k)]
            for i in range(k)
        ]
    )
    # residuals of the rounded beta, in exact integer arithmetic, then rounded once
    coef = [_as_integers([b]) for b in beta]
    base = min([ey] + [be + ce for (_, be), ce in zip(coef, exps)])
    coef = [(m[0], be + ce - base) for (m, be), ce in zip(coef, exps)]
    resid = []
    for i, yi in enumerate(ycol):
        total = yi << (ey - base)
        for (b, shift), col in zip(coef, cols):
            total -= (b * col[i]) << shift
        resid.append(_to_float(total, 1, base))
    return beta, cov, onp.array(resid)


# --- the solver -----------------------------------------------------------------------


def _scaled_qr(X, y):
    """Householder QR of [X | y]; R returned for the columns scaled by powers of two s.

    The caller has divided each column by a power of two near its largest entry (to keep
    every square in range). Householder QR errs column by column (Higham 2002, Theorem
    19.4), so a further scaling before the QR would change nothing but the cost; the scales
    s, powers of two near the column norms, enter only afterwards (exactly), to measure the
    condition number that matters.
    """
    from scipy.linalg import get_lapack_funcs

    n, k = X.shape
    A = onp.empty((n, k + 1), order="F")
    A[:, :k], A[:, k] = X, y
    (geqrf,) = get_lapack_funcs(("geqrf",), (A,))
    lwork = max(int(geqrf(A, lwork=-1)[2][0].real), 1)
    packed, _, _, info = geqrf(
        A, lwork=lwork, overwrite_a=True
    )  # R in the upper triangle, as scipy's qr
    if info != 0:
        raise RuntimeError(f"LAPACK dgeqrf failed with info = {info}")
    R = onp.triu(packed[: k + 1])
    norms = onp.sqrt(onp.einsum("ij,ij->j", R[:, :k], R[:, :k]))  # = column norms of X
    scales = onp.exp2(onp.round(onp.log2(onp.where(norms > 0, norms, 1.0))))
    rnorm = abs(R[k, k]) if R.shape[0] > k else 0.0
    return scales, onp.triu(R[:k, :k]) / scales, R[:k, k], rnorm


def _residual(X, y, beta, scales):
    """y - X beta: in float64 when its rounding cannot matter, else in long double.

    Rounding in the float64 product changes ssr by at most about 2 u k sum_j |x_j| |beta_j|
    relative to |r|; below 1e-12 the cheap BLAS product is kept.
    """
    r = y - X @ beta
    norm = math.sqrt(float(r @ r))
    if 2 * U * X.shape[1] * float(scales @ onp.abs(beta)) <= 1e-12 * norm:
        return r
    Xl = X.astype(onp.longdouble)
    return (y.astype(onp.longdouble) - Xl @ beta.astype(onp.longdouble)).astype(float)


def _dependent_columns(R, names):
    _, sv, vt = onp.linalg.svd(R)
    if sv[0] == 0:
        return "X is all zeros, so the coefficients are not determined"
    null = onp.abs(vt[-1])
    involved = [j for j in range(len(null)) if null[j] > 1e-6 * null.max()]
    labels = ", ".join(_column_label(names, j) for j in involved)
    return (
        f"X is rank-deficient: {labels} are linearly dependent (smallest singular value of the "
        f"column-scaled design is {sv[-1] / sv[0]:.1e} of the largest), so the coefficients are "
        "not determined. Drop one of these columns or combine them"
    )


@dataclass
class _Solution:
    """A fit in scaled units: X / sx and y / sy, sx and sy powers of two (module docstring).

    ``params_s``, ``cov_s`` ((Xs'Xs)^-1) and ``resid_s`` belong to the scaled problem;
    RegressionResults multiplies the units back in only where a statistic has units.
    """

    params_s: onp.ndarray
    cov_s: onp.ndarray
    resid_s: onp.ndarray
    solver: str
    kappa: float
    error_bound: float
    scales: onp.ndarray  # column norms of Xs (powers of two), for kappa and Q
    R: onp.ndarray  # R of Xs / scales
    sx: onp.ndarray  # the column scales of X
    sy: float  # the scale of y


def _exponent(power_of_two):
    return int(onp.frexp(power_of_two)[1]) - 1


def _solve(X, y, names, method, int_design=None):
    """Least squares by the route described in the module docstring, on the scaled problem."""
    from scipy.linalg import solve_triangular

    n, k = X.shape
    sx, sy = _pow2_scale(X, axis=0), float(_pow2_scale(y))
    Xs, ys = X / sx, y / sy
    scales, R, qty, rnorm = _scaled_qr(Xs, ys)
    sv = onp.linalg.svd(R, compute_uv=False)
    singular = sv[-1] == 0 or onp.any(onp.diag(R) == 0)
    if singular or (sv[-1] <= sv[0] * max(n, k) * U * 2 and int_design is None):
        raise CollinearityError(_dependent_columns(R, names))
    kappa = sv[0] / sv[-1]
    beta_s = solve_triangular(R, qty, check_finite=False)
    size = onp.linalg.norm(beta_s)
    # normwise first-order bound, then relative to the smallest scaled coefficient
    bound = U * kappa * (1 + kappa * rnorm / (sv[0] * size)) if size > 0 else U * kappa
    nonzero = onp.abs(beta_s)[beta_s != 0]
    spread = size / nonzero.min() if nonzero.size else 1.0
    small = n * k * k <= EXACT_MAX_WORK and k <= EXACT_MAX_K
    fast_ok = bound * spread <= 10.0**-FAST_DIGITS
    route = method
    if method == "auto":
        route = "qr" if fast_ok and int_design is None else ("exact" if small else "refined")
    found = dict(kappa=kappa, error_bound=bound, scales=scales, R=R, sx=sx, sy=sy)
    if route == "exact":
        if int_design is not None:  # the same exact columns, in the scaled units
            design = _IntDesign(
                int_design.cols, [e - _exponent(s) for e, s in zip(int_design.exps, sx)]
            )
        else:
            design = _IntDesign.from_float(Xs)
        solved = _exact_solve(design, ys)
        if solved is None:
            raise CollinearityError(_dependent_columns(R, names))
        params, cov, resid = solved
        return _Solution(params, cov, resid, "exact", **found)
    Rinv = solve_triangular(R, onp.eye(k), check_finite=False)
    cov = (Rinv @ Rinv.T) / onp.outer(scales, scales)
    params = beta_s / scales
    solver = "qr"
    if route == "refined" and kappa**2 * U < 0.1:
        # corrected semi-normal equations: R'R d = X'r with r in long double
        Xl, yl = Xs.astype(onp.longdouble), ys.astype(onp.longdouble)
        for _ in range(6):
            r = yl - Xl @ params.astype(onp.longdouble)
            g = (Xl.T @ r).astype(float) / scales
            d = solve_triangular(R, solve_triangular(R, g, trans="T", check_finite=False))
            params = params + d / scales
            solver = "qr+refinement"
            if onp.all(onp.abs(d) <= 4 * U * onp.abs(beta_s)):
                break
    return _Solution(params, cov, _residual(Xs, ys, params, scales), solver, **found)


# --- the model and its results --------------------------------------------------------


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
    ``n <= k`` is refused: with no residual degrees of freedom s^2, the standard errors
    and every test are undefined (statsmodels returns NaN or inf for them).

    >>> X = add_constant([[0.0], [1.0], [2.0], [3.0]])
    >>> res = OLS([1.0, 3.2, 4.8, 7.1], X).fit()
    >>> print([f"{b:.4f}" for b in res.params], f"R2 = {res.rsquared:.4f}")
    ['1.0400', '1.9900'] R2 = 0.9956
    """

    def __init__(self, y, X, names=None):
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
        constants = _constant_columns(self.exog)
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
        solution = _solve(self.exog, self.endog, self.exog_names, method, self._int_design)
        if self.const_idx is None:
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
        y_constant = bool(onp.all(self.endog == self.endog[0]))
        if (y_constant and results.k_constant) or results._tss_s == 0:
            warnings.warn(
                "y is constant (zero total sum of squares): R-squared, adjusted R-squared, F "
                "and its p-value are undefined and raise UndefinedStatisticError",
                RegressionWarning,
                stacklevel=2,
            )
        elif results._ssr_s <= (10 * U) ** 2 * results._uncentered_tss_s:
            warnings.warn(
                "perfect fit (zero residual sum of squares): standard errors are 0 and the "
                "t and F statistics infinite",
                RegressionWarning,
                stacklevel=2,
            )
        if cov_type in ("HC2", "HC3") and results._leverage_one.any():
            warnings.warn(
                f"{_rows(results._leverage_one)} leverage 1 (the fit passes through such a row, "
                f"so its residual is 0): {cov_type}'s weight e^2/(1 - h)^p is 0/0 there. "
                "Those rows contribute 0, their HC0 value (statsmodels returns NaN or inf)",
                RegressionWarning,
                stacklevel=2,
            )
        return results


def _rows(mask):
    rows = onp.flatnonzero(mask).tolist()
    shown = ", ".join(map(str, rows[:8])) + (", ..." if len(rows) > 8 else "")
    return f"row{'s' if len(rows) > 1 else ''} {shown} {'have' if len(rows) > 1 else 'has'}"


def _hac_options(cov_type, cov_kwds, nobs):
    """(maxlags, use_correction) for HAC, None otherwise; statsmodels' keywords and defaults."""
    if cov_type != "HAC":
        if cov_kwds:
            raise ValueError(f"cov_kwds is only used with cov_type='HAC', not {cov_type!r}")
        return None
    if not isinstance(cov_kwds, dict) or "maxlags" not in cov_kwds:
        raise ValueError(
            "cov_type='HAC' needs cov_kwds={'maxlags': L}, the number of lags of the Bartlett "
            f"kernel (statsmodels requires it too); got cov_kwds={cov_kwds!r}"
        )
    unknown = set(cov_kwds) - {"maxlags", "use_correction"}
    if unknown:
        raise ValueError(
            f"unknown HAC keyword(s) {sorted(unknown)}; valid: maxlags, use_correction"
        )
    maxlags = cov_kwds["maxlags"]
    if isinstance(maxlags, bool) or not isinstance(maxlags, (int, onp.integer)):
        raise TypeError(f"maxlags must be an integer, got {maxlags!r}")
    if not 0 <= maxlags < nobs:
        raise ValueError(f"maxlags must be in [0, n - 1] = [0, {nobs - 1}], got {maxlags}")
    correction = cov_kwds.get("use_correction", False)
    if not isinstance(correction, (bool, onp.bool_)):
        raise TypeError(f"use_correction must be True or False, got {correction!r}")
    return int(maxlags), bool(correction)


def _unscale(value_s, exponent, what, after_fit=True):
    """value_s * 2**exponent, or FloatRangeError when that leaves float64's range."""
    with onp.errstate(over="ignore", under="ignore"):
        value = onp.ldexp(value_s, exponent)
    bad = (value_s != 0) & ((value == 0) | ~onp.isfinite(value))
    if onp.any(bad):
        where = tuple(onp.argwhere(onp.atleast_1d(bad))[0])
        v = float(onp.atleast_1d(value_s)[where])
        e2 = int(onp.broadcast_to(exponent, onp.shape(onp.atleast_1d(bad)))[where])
        e10 = math.log10(abs(v)) + e2 * math.log10(2)
        raise FloatRangeError(
            f"{what} is about {10 ** (e10 % 1):.2f}e{math.floor(e10):+d}, outside float64's "
            "range (1e-308 to 1.8e+308). Rescale y or the columns of X (divide by a power of "
            "ten)"
            + (
                "; R-squared, t statistics and p-values do not depend on the units and are "
                "still available"
                if after_fit
                else ", then fit again"
            )
        )
    return value


def _implicit_constant(Xs, solution):
    """True when a column of ones lies in the span of X (statsmodels' implicit constant).

    With Xs/s = Q R, the part of 1 inside the span has squared norm |R^-T (Xs'1 / s)|^2.
    """
    from scipy.linalg import solve_triangular

    z = solve_triangular(
        solution.R, Xs.sum(axis=0) / solution.scales, trans="T", check_finite=False
    )
    return bool(Xs.shape[0] - z @ z < 1e-9 * Xs.shape[0])


def _undefined(what, why):
    raise UndefinedStatisticError(f"{what} is undefined: {why}")


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
        self.resid = _unscale(solution.resid_s, self._ey, "a residual", after_fit=False)

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
    def _ssr_s(self):
        return float(onp.sum(self._sol.resid_s.astype(onp.longdouble) ** 2))

    @cached_property
    def _ys(self):
        return (self.model.endog / self._sol.sy).astype(onp.longdouble)

    @cached_property
    def _centered_tss_s(self):
        return float(onp.sum((self._ys - self._ys.mean()) ** 2))

    @cached_property
    def _uncentered_tss_s(self):
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
        return float(self._with_units(self._ssr_s, 0, 2, "the residual sum of squares"))

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
        return 1 - self._ssr_s / self._tss_s

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
        return float(self._with_units(self._scale_s, 0, 2, "the residual mean square"))

    @cached_property
    def _scale_s(self):
        return self._ssr_s / self.df_resid

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

    def _sandwich(self, weights):
        meat = self._pinv_t * onp.sqrt(weights)[:, None]
        return meat.T @ meat

    def _hc_weights(self, power):
        """e_i^2 / (1 - h_i)^power, with 0 on rows of leverage 1 (see fit's warning)."""
        one = self._leverage_one
        denom = onp.where(one, 1.0, 1 - self._leverage) ** power
        return onp.where(one, 0.0, self._sol.resid_s**2 / denom)

    @cached_property
    def _cov_s(self):
        """cov_params() in the scaled units."""
        if self.cov_type == "nonrobust":
            return self._scale_s * self._sol.cov_s
        if self.cov_type == "HAC":
            return self._hac_s
        power = {"HC0": 0, "HC1": 0, "HC2": 1, "HC3": 2}[self.cov_type]
        cov = self._sandwich(self._hc_weights(power))
        return cov * self.nobs / self.df_resid if self.cov_type == "HC1" else cov

    @cached_property
    def _hac_s(self):
        """Newey-West: A' Omega A with Omega_ij = w_|i-j| e_i e_j, w_l = 1 - l / (L + 1)."""
        maxlags, correction = self.cov_kwds["maxlags"], self.cov_kwds["use_correction"]
        scores = self._pinv_t * self._sol.resid_s[:, None]  # row i: (Xs'Xs)^-1 x_i e_i
        cov = scores.T @ scores
        for lag in range(1, maxlags + 1):
            cross = scores[lag:].T @ scores[:-lag]
            cov = cov + (1 - lag / (maxlags + 1)) * (cross + cross.T)
        return cov * self.nobs / self.df_resid if correction else cov

    def _cov_with_units(self, cov_s, what):
        return self._with_units(cov_s, -(self._ex[:, None] + self._ex[None, :]), 2, what)

    @cached_property
    def cov_HC0(self):
        """White (1980): (X'X)^-1 X' diag(e_i^2) X (X'X)^-1."""
        return self._cov_with_units(self._sandwich(self._hc_weights(0)), "cov_HC0")

    @cached_property
    def cov_HC1(self):
        """HC0 * n / (n - k) (Hinkley 1977; MacKinnon and White 1985 call it HC1)."""
        return self.cov_HC0 * self.nobs / self.df_resid

    @cached_property
    def cov_HC2(self):
        """(X'X)^-1 X' diag(e_i^2 / (1 - h_i)) X (X'X)^-1, h the leverages.

        A row of leverage 1 has e_i = 0 and an undefined weight 0/0; it contributes 0 (its
        HC0 value) and ``fit`` warns."""
        return self._cov_with_units(self._sandwich(self._hc_weights(1)), "cov_HC2")

    @cached_property
    def cov_HC3(self):
        """(X'X)^-1 X' diag(e_i^2 / (1 - h_i)^2) X (X'X)^-1, close to the jackknife.

        Rows of leverage 1 contribute 0, as in cov_HC2."""
        return self._cov_with_units(self._sandwich(self._hc_weights(2)), "cov_HC3")

    @cached_property
    def cov_HAC(self):
        """Newey and West (1987): (X'X)^-1 [sum_l w_l (G_l + G_l')] (X'X)^-1, G_l =
        sum_t x_t e_t e_(t-l) x_(t-l)', Bartlett weights w_l = 1 - l / (maxlags + 1), times
        n / (n - k) with use_correction; statsmodels' cov_hac_simple. Needs ordered rows."""
        if self.cov_type != "HAC":
            raise ValueError("cov_HAC needs fit(cov_type='HAC', cov_kwds={'maxlags': L})")
        return self._cov_with_units(self._hac_s, "cov_HAC")

    def cov_params(self):
        """Covariance of beta: scale * (X'X)^-1 when nonrobust, else the chosen robust one."""
        return self._cov_with_units(self._cov_s, "a coefficient covariance")

    @cached_property
    def _bse_s(self):
        return onp.sqrt(onp.diag(self._cov_s))

    @cached_property
    def bse(self):
        """Standard errors: sqrt of the diagonal of cov_params()."""
        return self._with_units(self._bse_s, -self._ex, 1, "a standard error")

    @cached_property
    def tvalues(self):
        """t_j = beta_j / se_j (z statistics when use_t is False).

        At a perfect fit se_j = 0: t_j is then +-inf, and 0 for a coefficient that is exactly 0
        (not 0/0 = NaN). statsmodels' coefficient and se are both rounding noise there, so its
        t is an arbitrary number.
        """
        params, bse = self._sol.params_s, self._bse_s
        with onp.errstate(divide="ignore", invalid="ignore"):
            return onp.where(params == 0, 0.0, params / bse)

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
            with onp.errstate(divide="ignore"):
                return float(
                    (self._tss_s - self._ssr_s) / self.df_model / onp.float64(self._scale_s)
                )
        keep = [j for j in range(len(self.params)) if j != self.model.const_idx]
        if self.k_constant and self.model.const_idx is None:
            _undefined("the robust F statistic", "the constant is implicit (as in statsmodels)")
        b, V = self._sol.params_s[keep], self._cov_s[onp.ix_(keep, keep)]
        with onp.errstate(all="ignore"):
            try:
                wald = float(b @ onp.linalg.solve(V, b) / len(keep))
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
        log_ssr = onp.log(self._ssr_s) if self._ssr_s > 0 else -onp.inf
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
        return durbin_watson(self._sol.resid_s)

    @cached_property
    def jarque_bera(self):
        """(JB, p-value, skew, kurtosis) of the residuals; see jarque_bera()."""
        return jarque_bera(self._sol.resid_s)

    @cached_property
    def omnibus(self):
        """(K^2, p-value), D'Agostino's omnibus normality test of the residuals."""
        return omnibus(self._sol.resid_s)

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


def _alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, onp.integer, onp.floating)):
        raise TypeError(f"alpha must be a number in (0, 1), got {alpha!r}")
    if not 0 < alpha < 1:
        raise ValueError(
            f"alpha must be in (0, 1), the level of the (1 - alpha) interval, got {alpha}"
        )
    return float(alpha)


class Summary:
    """The text of a summary; prints as a table (``print(res.summary())``).

    >>> print(Summary("OLS Regression Results").as_text())
    OLS Regression Results
    """

    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        self.text = text

    def as_text(self):
        return self.text

    def __str__(self):
        return self.text

    __repr__ = __str__


def _try(getter):
    try:
        return getter()
    except (UndefinedStatisticError, ValueError):
        return None


def _fmt(value, spec):
    return "undefined" if value is None else format(value, spec)


def _summary_text(res, yname, alpha):
    m = res.model
    uncentred = "" if res.k_constant else " (uncentered)"
    ci = _try(lambda: res.conf_int(alpha))
    bse = _try(lambda: res.bse)
    jb = _try(lambda: res.jarque_bera)
    omni = _try(lambda: res.omnibus)
    left = [
        ("Dep. Variable:", yname),
        ("Model:", "OLS"),
        ("Method:", "Least Squares"),
        ("Solver:", res.solver),
        ("No. Observations:", f"{int(res.nobs)}"),
        ("Df Residuals:", f"{int(res.df_resid)}"),
        ("Df Model:", f"{int(res.df_model)}"),
        ("Covariance Type:", res.cov_type),
    ]
    right = [
        (f"R-squared{uncentred}:", _fmt(_try(lambda: res.rsquared), ".3f")),
        (f"Adj. R-squared{uncentred}:", _fmt(_try(lambda: res.rsquared_adj), ".3f")),
        ("F-statistic:", _fmt(_try(lambda: res.fvalue), ".4g")),
        ("Prob (F-statistic):", _fmt(_try(lambda: res.f_pvalue), ".3g")),
        ("Log-Likelihood:", _fmt(res.llf, ".5g")),
        ("AIC:", _fmt(res.aic, ".4g")),
        ("BIC:", _fmt(res.bic, ".4g")),
        ("", ""),
    ]
    width = 78
    lines = ["OLS Regression Results".center(width), "=" * width]
    for (a, b), (c, d) in zip(left, right):
        lines.append(f"{a:<17}{b:>21}   {c:<26}{d:>11}")
    lines.append("=" * width)
    stat = "t" if res.use_t else "z"
    lo, hi = f"[{alpha / 2:g}", f"{1 - alpha / 2:g}]"
    lines.append(
        f"{'':<12}{'coef':>10}{'std err':>11}{stat:>10}{f'P>|{stat}|':>10}{lo:>12}{hi:>12}"
    )
    lines.append("-" * width)
    for j, name in enumerate(m.exog_names):
        interval = (_fmt(ci[j, 0], ".4g"), _fmt(ci[j, 1], ".4g")) if ci is not None else ("",) * 2
        lines.append(
            f"{name[:12]:<12}{res.params[j]:>10.4g}{_fmt(None if bse is None else bse[j], '.3g'):>11}"
            f"{res.tvalues[j]:>10.3f}{res.pvalues[j]:>10.3f}{interval[0]:>12}{interval[1]:>12}"
        )
    lines.append("=" * width)
    diag = [
        (
            ("Omnibus:", _fmt(omni and omni[0], ".3f")),
            ("Durbin-Watson:", _fmt(_try(lambda: res.durbin_watson), ".3f")),
        ),
        (
            ("Prob(Omnibus):", _fmt(omni and omni[1], ".3f")),
            ("Jarque-Bera (JB):", _fmt(jb and jb[0], ".3f")),
        ),
        (("Skew:", _fmt(jb and jb[2], ".3f")), ("Prob(JB):", _fmt(jb and jb[1], ".3g"))),
        (
            ("Kurtosis:", _fmt(jb and jb[3], ".3f")),
            ("Cond. No.", f"{res.condition_number:.3g}"),
        ),
    ]
    for (a, b), (c, d) in diag:
        lines.append(f"{a:<17}{b:>21}   {c:<26}{d:>11}")
    lines.append("=" * width)
    if res.cov_type == "nonrobust":
        first = "Standard Errors assume that the covariance matrix of the errors is correctly specified."
    elif res.cov_type == "HAC":
        first = (
            "Standard Errors are heteroscedasticity and autocorrelation robust (HAC) using "
            f"{res.cov_kwds['maxlags']} lags and "
            f"{'with' if res.cov_kwds['use_correction'] else 'without'} small sample correction"
        )
    else:
        first = f"Standard Errors are heteroscedasticity robust ({res.cov_type})"
    notes = [first]
    if res.df_model == 0:
        notes.append("The model holds only a constant: there is no F test of the regressors.")
    if res.condition_number > 1000:
        notes.append(
            f"The condition number is large, {res.condition_number:.3g}. This might indicate "
            "strong multicollinearity or other numerical problems (it depends on the units)."
        )
    if -math.log10(max(res.error_bound, 1e-300)) < WARN_DIGITS:
        notes.append(
            f"After column scaling the condition number is {res.kappa:.2g}: the float64 data "
            f"determine the coefficients to about {res.error_bound:.0e} relative."
        )
    if res.solver != "qr":
        notes.append(
            f"Solved by the {res.solver!r} route because float64 QR alone was not accurate enough."
        )
    lines.append("")
    lines.append("Notes:")
    lines += [f"[{i}] {note}" for i, note in enumerate(notes, 1)]
    return "\n".join(lines)


# --- influence ------------------------------------------------------------------------


class OLSInfluence:
    """Influence of each observation, in closed form from one fit (Belsley, Kuh and Welsch 1980).

    With h_i = x_i'(X'X)^-1 x_i the leverage, e_i the residual, s^2 = ssr / (n - k):
    deleting observation i changes beta by (X'X)^-1 x_i e_i / (1 - h_i) and the residual
    sum of squares by e_i^2 / (1 - h_i), so no refit is needed (statsmodels refits n times
    for the external versions). Names follow statsmodels' OLSInfluence; statsmodels'
    ``cooks_distance`` and ``dffits`` return a (values, extra) pair, these return the values.

    >>> X = add_constant([[0.0], [1.0], [2.0], [3.0], [10.0]])
    >>> infl = OLS([0.0, 1.1, 1.9, 3.2, 7.0], X).fit().get_influence()
    >>> print(f"{infl.hat_matrix_diag[-1]:.3f} {infl.cooks_distance[-1]:.2f}")
    0.936 20.85
    """

    def __init__(self, results):
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
        if one.any():
            warnings.warn(
                f"{_rows(one)} leverage 1: without them a coefficient is not determined, so "
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
        return res._sol.resid_s / onp.sqrt(res._scale_s * self._one_minus_h)

    @cached_property
    def _sigma2_not_obsi_s(self):
        res = self.results
        if res.df_resid <= 1:
            _undefined(
                "the leave-one-out variance s_(i)^2 (and the external studentized residuals, "
                "DFFITS and DFBETAS)",
                f"n - k = {int(res.df_resid)} leaves no residual degree of freedom without row i",
            )
        e = res._sol.resid_s
        return (res._ssr_s - e**2 / self._one_minus_h) / (res.df_resid - 1)

    @cached_property
    def sigma2_not_obsi(self):
        """s_(i)^2 = (ssr - e_i^2 / (1 - h_i)) / (n - k - 1), the error variance without row i.

        Raises UndefinedStatisticError when n - k = 1: no degree of freedom is left without
        row i (statsmodels returns inf or NaN there)."""
        value = onp.nan_to_num(self._sigma2_not_obsi_s, nan=0.0)
        out = self.results._with_units(value, 0, 2, "s_(i)^2")
        return onp.where(onp.isnan(self._sigma2_not_obsi_s), onp.nan, out)

    @cached_property
    def resid_studentized_external(self):
        """t_i = e_i / (s_(i) sqrt(1 - h_i)) = r_i sqrt((n - k - 1) / (n - k - r_i^2))."""
        with onp.errstate(divide="ignore", invalid="ignore"):
            return self.results._sol.resid_s / onp.sqrt(self._sigma2_not_obsi_s * self._one_minus_h)

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
            rows = res._sol.resid_s / (self._one_minus_h * onp.sqrt(self._sigma2_not_obsi_s))
        return res._pinv_t * rows[:, None] / onp.sqrt(onp.diag(res._sol.cov_s))


# --- polynomials, exactly -------------------------------------------------------------


def polyfit(x, y, degree, intercept=True, cov_type="nonrobust", method="auto"):
    """Least-squares polynomial y = b0 + b1 x + ... + b_d x^d, the powers formed exactly.

    numpy.polyfit and OLS on np.vander(x) round every power x^j to float64 before the solve;
    for a degree-10 polynomial (NIST's Filip) that rounding alone limits the coefficients to
    about 7.6 digits. Here each float64 x_i = m_i 2^e_i is raised to its powers in exact
    integers, the normal equations are solved exactly (when the problem is small, see OLS),
    and only the answer is rounded. Coefficients come in increasing order of power
    (``params[j]`` multiplies x^j), unlike numpy.polyfit.

    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    >>> res = polyfit(x, [1.0, 3.1, 6.9, 13.0, 21.1, 30.9], 2)
    >>> print([f"{b:.4f}" for b in res.params], res.solver)
    ['1.0107', '1.0154', '0.9946'] exact
    """
    xs = _as_response(x, "x")
    if isinstance(degree, bool) or not isinstance(degree, (int, onp.integer)):
        raise TypeError(f"degree must be a non-negative integer, got {degree!r}")
    if degree < 0:
        raise ValueError(f"degree must be a non-negative integer, got {degree!r}")
    if not isinstance(intercept, (bool, onp.bool_)):
        raise TypeError(f"intercept must be True or False, got {intercept!r}")
    if not intercept and degree == 0:
        raise ValueError("degree 0 without intercept leaves no regressor")
    ys = _as_response(y)
    if len(ys) != len(xs):
        raise ValueError(f"x has {len(xs)} values but y has {len(ys)}; they must match")
    degrees = list(range(0 if intercept else 1, int(degree) + 1))
    distinct = len(onp.unique(xs[xs != 0] if not intercept else xs))
    if distinct < len(degrees):
        raise CollinearityError(
            f"x takes only {distinct} distinct {'nonzero ' if not intercept else ''}value(s), "
            f"so the {len(degrees)} columns of a degree-{degree} polynomial"
            f"{'' if intercept else ' without intercept'} are linearly dependent: lower the "
            "degree or collect more distinct x"
        )
    names = ["const" if d == 0 else ("x" if d == 1 else f"x^{d}") for d in degrees]
    with onp.errstate(over="ignore"):
        X = onp.column_stack([xs**d for d in degrees])
    if not onp.all(onp.isfinite(X)):
        d = degrees[int(onp.argmax(~onp.isfinite(X).all(axis=0)))]
        raise ValueError(
            f"x**{d} overflows float64 (max |x| = {onp.max(onp.abs(xs)):.3g}): centre and "
            "scale x first, e.g. (x - x.mean()) / x.std()"
        )
    model = OLS(ys, X, names=names)
    model._int_design = _IntDesign.powers(xs, degrees)
    return model.fit(cov_type=cov_type, method=method)


# --- collinearity and residual diagnostics --------------------------------------------


def vif(X):
    """Variance inflation factors of the columns of X (Belsley, Kuh and Welsch 1980).

    VIF_j = 1 / (1 - R_j^2), R_j^2 from regressing column j on the other non-constant
    columns and an intercept; equivalently VIF_j = sum_i (x_ij - mean_j)^2 [(Z'Z)^-1]_jj
    with Z the centred non-constant columns: the diagonal of the inverse correlation
    matrix. A constant column gets 1. This is statsmodels' variance_inflation_factor
    (standardize=True, its default since 0.15) for every column. Unlike the condition
    number, VIF does not change with the units of a column.

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
    scales, R, _, _ = _scaled_qr(Z, onp.zeros(arr.shape[0]))
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
    from scipy import stats

    target = e**2 if robust else e**2 / onp.mean(e**2)
    rsq, ess, df, fvalue, f_pvalue = _auxiliary(target, Z)
    lm = len(e) * rsq if robust else ess / 2
    return float(lm), float(stats.chi2.sf(lm, df)), float(fvalue), f_pvalue


def het_white(resid, exog):
    """White's (1980) test: regress e^2 on exog, its squares and cross products; LM = n R^2.

    Returns (lm, lm_pvalue, fvalue, f_pvalue); LM ~ chi2(rank - 1) under homoskedasticity,
    the rank counting the distinct columns (x*x duplicates x for a 0/1 dummy).

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
    m2 = onp.mean(d**2)
    if m2 == 0:
        _undefined("skewness and kurtosis", "all residuals are equal")
    return e, onp.mean(d**3) / m2**1.5, onp.mean(d**4) / m2**2


def jarque_bera(resid):
    """Jarque-Bera (1980): JB = n/6 (S^2 + (K - 3)^2 / 4) ~ chi2(2) under normality.

    S = m3 / m2^1.5 is the skewness and K = m4 / m2^2 the (Pearson, not excess) kurtosis,
    with biased central moments m_r = mean((e - mean e)^r). Returns (JB, p, S, K).

    >>> jb, p, s, k = jarque_bera([-2.0, -1.0, 0.0, 1.0, 7.0])
    >>> print(f"{jb:.3f} {s:.3f} {k:.3f}")
    1.089 1.138 2.788
    """
    from scipy import stats

    e, skew, kurt = _moments(resid)
    jb = len(e) / 6 * (skew**2 + (kurt - 3) ** 2 / 4)
    return float(jb), float(stats.chi2.sf(jb, 2)), float(skew), float(kurt)


def omnibus(resid):
    """D'Agostino's omnibus normality test K^2 = Z_s^2 + Z_k^2 ~ chi2(2): (K^2, p-value).

    Z_s transforms the sample skewness (D'Agostino 1970), Z_k the kurtosis (Anscombe and
    Glynn 1983), as in D'Agostino, Belanger and D'Agostino (1990); needs n >= 8.

    >>> k2, p = omnibus([-2.0, -1.1, -0.4, 0.0, 0.3, 0.9, 1.2, 2.5, 6.0])
    >>> print(f"{k2:.3f} {p:.3f}")
    6.455 0.040
    """
    from scipy import stats

    e, skew, kurt = _moments(resid)
    n = len(e)
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


# --- Keras' R2Score ---------------------------------------------------------------------


def _real_array(name, value):
    """A real float array (any shape), or a named TypeError."""
    try:
        arr = onp.asarray(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array; could not convert it: {err}") from err
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real, got a complex array (dtype {arr.dtype})")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {arr.dtype}")
    return arr.astype(float)


def _float32_input(name, value):
    """A real, finite array that survives Keras' cast to float32, or a named error."""
    arr = _real_array(name, value)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not onp.all(onp.isfinite(arr)):
        raise ValueError(f"{name} must be finite; found {arr[~onp.isfinite(arr)].flat[0]}")
    big = onp.abs(arr) > onp.finfo(onp.float32).max
    if big.any():
        raise ValueError(
            f"{name} holds {arr[big].flat[0]:.3g}, beyond float32's range (3.4e+38): Keras "
            "computes R2Score in float32, so it would see inf; rescale the targets"
        )
    return arr.astype(onp.float32)


def keras_r2_score(
    y_true, y_pred, num_regressors=0, *, class_aggregation="uniform_average", sample_weight=None
):
    """Keras 3's ``keras.metrics.R2Score`` after one ``update_state(y_true, y_pred)``, emulated.

    The calls it reproduces (keras 3.15.1, measured with the TensorFlow backend):
    ``m = keras.metrics.R2Score(class_aggregation=..., num_regressors=p)``,
    ``m.update_state(y_true, y_pred, sample_weight)``, ``float(m.result())``.
    Per output column, in float32 and in one pass (each sum rounded once to float32, which
    reproduced TensorFlow's reductions on every recorded case):

        total = sum(w y^2) - sum(w y)^2 / sum(w),   R^2 = 1 - sum(w (y - y_hat)^2) / total,

    an R^2 that is +-inf (total = 0, y constant) becomes 0.0, but 0/0 stays nan. The
    columns are averaged ("uniform_average"), weighted by total
    ("variance_weighted_average") or returned (None). With num_regressors = p > 0 the
    result is adjusted, 1 - (1 - R^2)(n - 1)/(n - p - 1), where n counts every element of
    y_true (rows times outputs), not rows; when p >= n - 1 Keras warns and returns the
    unadjusted value. Inputs must be 2-D (batch, outputs); a 1-D pair raises ValueError,
    while (n, 1) and (n,) are matched as in Keras. The one-pass float32 total cancels
    badly when the mean of y is large compared with its spread. Inputs must be real and
    finite, and within float32's range (Keras would see inf); otherwise a named error.

    >>> y = onp.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    >>> yhat = onp.array([[1.1], [1.9], [3.2], [3.8], [5.1]])
    >>> print(f"{keras_r2_score(y, yhat):.4f} {keras_r2_score(y, yhat, num_regressors=1):.4f}")
    0.9890 0.9853
    """
    choice(
        "class_aggregation",
        class_aggregation,
        ("uniform_average", "variance_weighted_average", None),
    )
    if isinstance(num_regressors, bool) or not isinstance(num_regressors, (int, onp.integer)):
        raise TypeError(f"num_regressors must be an integer, got {num_regressors!r}")
    if num_regressors < 0:
        raise ValueError(f"num_regressors must be >= 0, got {num_regressors}")
    f32 = onp.float32
    yt, yp = (_float32_input(n, v) for n, v in (("y_true", y_true), ("y_pred", y_pred)))
    # Keras' squeeze_or_expand_to_same_rank: a rank-1 partner of an (n, 1) array is expanded
    for _ in range(2):
        if onp.ndim(yt) == onp.ndim(yp) + 1 and onp.shape(yt)[-1] == 1:
            yp, yt = (yp[:, None], yt) if onp.ndim(yp) == 1 else (yp, yt[..., 0])
        yt, yp = yp, yt  # the same rule the other way round
    if onp.ndim(yt) != 2 or onp.ndim(yp) != 2:
        raise ValueError(
            "R2Score expects 2-D inputs (batch_size, output_dim), got y_true shape "
            f"{onp.shape(yt)} and y_pred shape {onp.shape(yp)}; reshape with y[:, None]"
        )
    if onp.shape(yt) != onp.shape(yp):
        raise ValueError(f"y_true shape {onp.shape(yt)} and y_pred shape {onp.shape(yp)} differ")
    w = f32(1.0) if sample_weight is None else _float32_input("sample_weight", sample_weight)
    if onp.ndim(w) == 1:
        w = onp.reshape(w, (-1, 1))
    w = w * onp.ones(onp.shape(yt), dtype=f32)

    def column_sum(a):  # TensorFlow's float32 reduction behaves as if rounded once
        return onp.sum(a, axis=0, dtype=onp.float64).astype(f32)

    total_sum = column_sum(yt * w)
    squared_sum = column_sum(yt * (yt * w))
    residual = column_sum((yt - yp) ** 2 * w)
    count = column_sum(w)
    total = squared_sum - total_sum * (total_sum / count)
    with onp.errstate(divide="ignore", invalid="ignore"):
        raw = f32(1.0) - residual / total
    raw = onp.where(onp.isinf(raw), f32(0.0), raw)
    if class_aggregation == "uniform_average":
        score = onp.mean(raw)
    elif class_aggregation == "variance_weighted_average":
        score = onp.sum(total * raw) / onp.sum(total)
    else:
        score = raw
    n = onp.size(yt)
    if num_regressors:
        if num_regressors >= n - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted R2 score. Falling "
                "back to standard R2 score."
                if num_regressors > n - 1
                else "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                RegressionWarning,
                stacklevel=2,
            )
        else:
            score = f32(1.0) - (f32(1.0) - score) * f32(n - 1.0) / (
                f32(n) - f32(num_regressors) - f32(1.0)
            )
    return score


# --- certified data ---------------------------------------------------------------------


def lre(estimate, certified, digits=15):
    """Log relative error, the number of correct significant digits (McCullough 1998).

    LRE = -log10(|estimate - certified| / |certified|), or -log10(|estimate|) when the
    certified value is 0; clipped to [0, digits] (NIST certifies 15 digits). A NaN or
    infinite estimate has no correct digit: its LRE is 0 (McCullough's convention).

    >>> print(lre(3.14159, 3.141592653589793).round(2))
    6.07
    """
    est = _real_array("estimate", estimate)
    cert = _real_array("certified", certified)
    if not onp.all(onp.isfinite(cert)):
        raise ValueError("certified must be finite (certified values are numbers)")
    try:
        onp.broadcast_shapes(est.shape, cert.shape)
    except ValueError:
        raise ValueError(
            f"estimate (shape {est.shape}) and certified (shape {cert.shape}) do not match"
        ) from None
    if isinstance(digits, bool) or not isinstance(digits, (int, float, onp.integer, onp.floating)):
        raise TypeError(f"digits must be a number, got {digits!r}")
    if not 0 < digits <= 17:
        raise ValueError(f"digits must be in (0, 17] (float64 holds about 16), got {digits}")
    with onp.errstate(divide="ignore", invalid="ignore"):
        err = onp.where(cert == 0, onp.abs(est), onp.abs(est - cert) / onp.abs(cert))
        value = onp.where(err == 0, digits, -onp.log10(err))
    return onp.clip(onp.where(onp.isfinite(est), value, 0.0), 0.0, digits)


@dataclass
class NISTDataset:
    """One NIST StRD linear least squares dataset: data, model and certified values."""

    name: str
    y: onp.ndarray
    x: onp.ndarray  # (n, m): the predictor columns as in the file
    parameters: list  # "B0", "B1", ...
    estimates: onp.ndarray
    std_devs: onp.ndarray
    residual_sd: float
    r_squared: float

    @property
    def polynomial(self):
        """(degree, intercept) when the model is a polynomial in one x, else None."""
        if self.x.shape[1] != 1:
            return None
        powers = [int(p[1:]) for p in self.parameters]
        return max(powers), powers[0] == 0

    def design(self):
        """The float64 design matrix X (powers of x rounded to float64, or Longley's columns)."""
        if self.polynomial is None:
            return add_constant(self.x)
        return onp.column_stack([self.x[:, 0] ** int(p[1:]) for p in self.parameters])


def read_nist(path):
    """Parse a NIST StRD linear regression ``.dat`` file: data, model and certified values.

    The header names the line ranges of the certified values and of the data (1-based);
    the certified block lists each parameter with its estimate and standard deviation,
    then the residual standard deviation and R-squared.

    >>> ds = read_nist(Path(__file__).parents[1] / "tests/data/nist/Norris.dat")
    >>> print(ds.name, ds.y.shape, ds.polynomial, ds.estimates[1])
    Norris (36,) (1, True) 1.00211681802045
    """
    try:
        path = Path(path)
    except TypeError:
        raise TypeError(f"path must be a file path (str or Path), got {path!r}") from None
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except UnicodeDecodeError as err:
        raise NISTFormatError(
            f"{path.name} is not a NIST StRD text file: byte {err.start} is not ASCII "
            "(a binary or corrupted file?)"
        ) from None
    header = "\n".join(lines[:60])
    cert_range = re.search(r"Certified Values\s+\(lines (\d+) to (\d+)\)", header)
    data_range = re.search(r"Data\s+\(lines (\d+) to (\d+)\)", header)
    if not cert_range or not data_range:
        raise NISTFormatError(
            f"{path.name} is not a NIST StRD linear regression file (no line ranges)"
        )
    first, last = int(cert_range.group(1)), int(cert_range.group(2))
    start, stop = int(data_range.group(1)), int(data_range.group(2))
    if len(lines) < max(last, stop) or not (0 < first <= last and 0 < start <= stop):
        raise NISTFormatError(
            f"{path.name} is truncated or corrupted: its header promises data on lines "
            f"{start} to {stop} and certified values on lines {first} to {last}, but the file "
            f"has {len(lines)} lines"
        )
    params, estimates, sds, residual_sd, r_squared = [], [], [], None, None

    def number(token, lineno):
        try:
            value = float(token)
        except ValueError:
            raise NISTFormatError(
                f"{path.name}, line {lineno}: {token!r} is not a number (corrupted file?)"
            ) from None
        if not math.isfinite(value):
            raise NISTFormatError(f"{path.name}, line {lineno}: {token!r} is not finite")
        return value

    for lineno, line in enumerate(lines[first - 1 : last], first):
        tokens = line.split()
        if tokens and re.fullmatch(r"B\d+", tokens[0]):
            if len(tokens) < 3:
                raise NISTFormatError(f"{path.name}, line {lineno}: {tokens[0]} lacks values")
            params.append(tokens[0])
            estimates.append(number(tokens[1], lineno))
            sds.append(number(tokens[2], lineno))
        elif line.strip().startswith("Standard Deviation"):
            residual_sd = number(tokens[-1], lineno)
        elif line.strip().startswith("R-Squared"):
            r_squared = number(tokens[-1], lineno)
    if not params or residual_sd is None or r_squared is None:
        raise NISTFormatError(
            f"{path.name}: the certified block (lines {first} to {last}) lacks the parameters, "
            "the residual standard deviation or R-squared"
        )
    rows = []
    for lineno, line in enumerate(lines[start - 1 : stop], start):
        rows.append([number(t, lineno) for t in line.split()])
        if len(rows[-1]) != len(rows[0]) or len(rows[-1]) < 2:
            raise NISTFormatError(
                f"{path.name}, line {lineno}: expected {max(len(rows[0]), 2)} numbers (y and "
                f"the predictors), found {len(rows[-1])}"
            )
    data = onp.array(rows)
    return NISTDataset(
        name=path.stem,
        y=data[:, 0],
        x=data[:, 1:],
        parameters=params,
        estimates=onp.array(estimates),
        std_devs=onp.array(sds),
        residual_sd=residual_sd,
        r_squared=r_squared,
    )
