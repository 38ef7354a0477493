"""Least-squares solvers: Householder QR or CholeskyQR, refinement, exact rational arithmetic.

How a fit is computed (``method="auto"``)
    1. QR of [X | y] in float64. When the work n (k+1)**2 is at least 2e6, by CholeskyQR
       from the Gram matrix [X | y]'[X | y]: its Cholesky factor is kept as R when its
       condition number is at most 32 (the Gram's rounding then costs u kappa**2, kappa as
       below, which is added to the bound of step 2), refined by a second pass (CholeskyQR2, Fukaya et al.
       2014) up to 1e6, which restores a backward-stable R; Householder QR (LAPACK)
       otherwise, and for smaller problems. This gives R, Q'y and the residual norm;
       dividing the columns of R by powers of two s near the column norms (exactly) gives
       kappa, the condition number of the column-scaled design, the one that governs the
       accuracy of a QR solution.
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
    4. A larger ill-conditioned problem is refined instead, if kappa**2 u < 0.1: corrected
       semi-normal equations with residuals in long double (Bjorck 1996, sec. 2.9), while the
       correction shrinks (solver "qr+refinement"). Beyond that, refinement cannot converge
       and the plain QR solution is returned (solver "qr"), with the warning below when the
       data pin down fewer than 8 digits.
    Residuals are computed exactly on the exact route, and in long double elsewhere whenever
    float64 rounding could reach 1e-12 of their norm, so ssr, R-squared and the standard
    errors inherit the accuracy of beta. Long double is the 80-bit x87 format on x86-64
    Linux; where it is plain float64 (MSVC on Windows, macOS on arm64) the refined route and
    these residuals keep fewer digits (one test: 9.8 instead of 11.9 correct digits). A warning (IllConditionedWarning) says when the
    float64 data themselves determine beta to fewer than 8 digits; ``polyfit`` then helps for
    polynomials, because it forms the powers of x exactly instead of rounding them.
"""

import math
from dataclasses import dataclass

import numpy as onp

from companion.regression._common import (
    CollinearityError,
    FloatRangeError,
    U,
    _column_label,
    _exponent,
    _over_pow2,
    _pow2_scale,
)

FAST_DIGITS = 11  # the QR solution is kept when its error bound promises this many digits
CHOLQR_MIN_WORK = 2e6  # n (k+1)^2 from which a well-conditioned [X | y] takes CholeskyQR
ONE_PASS_KAPPA = 32.0  # kappa of [X | y] (unit columns) up to which one CholeskyQR pass is kept

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
    try:
        return num / den
    except OverflowError:
        digits = (abs(num).bit_length() - den.bit_length()) * math.log10(2)
        raise FloatRangeError(
            f"an exact coefficient or (X'X)^-1 entry is about 1e{digits:+.0f}, beyond float64's "
            "range (1.8e+308): columns of X that are nearly dependent (or of wildly different "
            "sizes) make it so. Drop or rescale a column"
        ) from None


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
    """Exact least squares on an _IntDesign: (beta, (X'X)^-1, residuals) rounded to float64."""
    cols, exps = design.cols, design.exps
    ycol, ey = _as_integers(y)
    rows = [[_dot(a, b) for b in cols] + [_dot(a, ycol)] for a in cols]  # [X'X | X'y]
    solved = _exact_eliminate(rows, exps, ey, exact=True)
    if solved is None:
        return None  # exactly singular: the caller names the dependent columns
    beta, cov, exact = solved
    return beta, cov, _exact_residuals(design, y, exact, ey)


def _exact_eliminate(rows, exps, ey, exact=False):
    """(beta, (X'X)^-1) rounded to float64 from the exact integer rows [X'X | X'y], or None;
    with ``exact=True`` also (numerators, det), beta_j = numerators[j] / det * 2**(ey - exps[j]).

    Fraction-free Gauss-Jordan elimination (Bareiss 1968) on [X'X | X'y | I] keeps every
    entry an integer; at the end the left block is det(X'X) times the identity, so the
    right blocks hold det * beta and det * (X'X)^-1 exactly. Column j of X is
    cols[j] * 2**exps[j] and y is ints * 2**ey.
    """
    k = len(rows)
    rows = [list(row) + [int(i == j) for j in range(k)] for i, row in enumerate(rows)]
    previous = 1
    for c in range(k):
        pivot_row = rows[c]
        pivot = pivot_row[c]
        if pivot == 0:
            return None
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
    return (beta, cov, ([row[k] for row in rows], det)) if exact else (beta, cov)


def _exact_residuals(design, y, beta, ey=None):
    """y - X beta in exact integer arithmetic, each residual rounded once.

    ``beta``: the float64 coefficients, or the exact pair (numerators, det) of
    _exact_eliminate(exact=True). The exact pair gives the residuals of the exact least-squares
    solution, which the rounded beta may not: with y = (1e200, 0, 3) on a constant and
    (1e200, 0, 0), beta_1 = 1 - 1.5e-200 rounds to 1, which moves the first residual from 0 to
    -1.5. ``ey``: the exponent of y's integers (y = ints * 2**ey); None takes
    _as_integers(y)'s own, a caller summing chunks may pass a common smaller one (and must,
    with the exact pair, pass the ey of the elimination)."""
    cols, exps = design.cols, design.exps
    ycol, own = _as_integers(y)
    ey = own if ey is None else ey
    if own < ey and any(ycol):
        raise ValueError(f"ey = {ey} is above y's own exponent {own}")
    ycol = [v << (own - ey) for v in ycol] if own >= ey else [0] * len(ycol)
    if isinstance(beta, tuple):
        numerators, det = beta
        return onp.array(
            [
                _to_float(
                    det * yi - sum(num * col[i] for num, col in zip(numerators, cols)), det, ey
                )
                for i, yi in enumerate(ycol)
            ]
        )
    coef = [_as_integers([b]) for b in beta]
    base = min([ey] + [be + ce for (_, be), ce in zip(coef, exps)])
    coef = [(m[0], be + ce - base) for (m, be), ce in zip(coef, exps)]
    resid = []
    for i, yi in enumerate(ycol):
        total = yi << (ey - base)
        for (b, shift), col in zip(coef, cols):
            total -= (b * col[i]) << shift
        resid.append(_to_float(total, 1, base))
    return onp.array(resid)


# --- the solver -----------------------------------------------------------------------


def _cholesky_qr(X, y):
    """(R, one_pass) of A = [X | y] = QR by CholeskyQR, or None for Householder QR.

    R1 = chol(A'A), the Gram matrix formed block by block (X'X, X'y, y'y: no copy of X), costs
    one pass over the data instead of Householder's column-by-column panels. R1 is the exact
    factor of A'A plus a rounding error of about u |A|^2, so what is solved from it (beta by
    the normal equations, (X'X)^-1, the leverages) errs by about u kappa^2 (Higham 2002,
    sec. 20.4), kappa that of the column-scaled X: Cholesky's rounding does not depend on
    the column scaling (Demmel 1989), so kappa1, the condition number of A with its columns
    scaled to unit norm, decides. R1 is kept (one_pass True; _route adds u kappa^2 to its
    error bound) when kappa1 <= ONE_PASS_KAPPA, so that term is at most 1.2e-13, and then
    |r| >= |y| / 32 too (kappa1 >= |y| / |r|). Up to kappa1 = 1e6 (kappa1^2 u <= 1e-4), a
    second pass makes R backward stable, CholeskyQR2 (Fukaya, Nakatsukasa, Yanagisawa and
    Yamamoto 2014): Q1 = A R1^-1, R = chol(Q1'Q1) R1. None sends every other A
    (ill-conditioned, or y in the span of X) to Householder QR.
    """
    from scipy.linalg import LinAlgError, cholesky, solve_triangular

    k = X.shape[1]
    G = onp.empty((k + 1, k + 1))
    G[:k, :k] = X.T @ X
    G[:k, k] = G[k, :k] = X.T @ y
    G[k, k] = y @ y
    try:
        R1 = cholesky(G, check_finite=False)
        norms = onp.sqrt(onp.diag(G))
        sv = onp.linalg.svd(R1 / onp.where(norms > 0, norms, 1.0), compute_uv=False)
        if not sv[-1] > 1e-6 * sv[0]:
            return None
        if sv[0] <= ONE_PASS_KAPPA * sv[-1]:
            return R1, True
        A = onp.column_stack([X, y])
        Q1 = A @ solve_triangular(R1, onp.eye(k + 1), check_finite=False)  # A R1^-1
        return onp.triu(cholesky(Q1.T @ Q1, check_finite=False) @ R1), False
    except LinAlgError:
        return None


def _scaled_qr(X, y):
    """QR of [X | y]: (scales, R, Q'y, |r|, one_pass), R for the columns scaled by s.

    The caller has divided each column by a power of two near its largest entry (to keep
    every square in range). Householder QR errs column by column (Higham 2002, Theorem
    19.4), so a further scaling before the QR would change nothing but the cost; the scales
    s, powers of two near the column norms, enter only afterwards (exactly), to measure the
    condition number that matters. ``one_pass``: see _cholesky_qr (False for Householder).
    """
    from scipy.linalg import get_lapack_funcs

    n, k = X.shape
    found = _cholesky_qr(X, y) if n * (k + 1) ** 2 >= CHOLQR_MIN_WORK else None
    if found is None:
        A = onp.empty((n, k + 1), order="F")
        A[:, :k], A[:, k] = X, y
        (geqrf,) = get_lapack_funcs(("geqrf",), (A,))
        lwork = max(int(geqrf(A, lwork=-1)[2][0].real), 1)
        packed, _, _, info = geqrf(A, lwork=lwork, overwrite_a=True)  # R in the upper triangle
        if info != 0:
            raise RuntimeError(f"LAPACK dgeqrf failed with info = {info}")
        found = onp.triu(packed[: k + 1]), False
    R, one_pass = found
    norms = onp.sqrt(onp.einsum("ij,ij->j", R[:, :k], R[:, :k]))  # = column norms of X
    scales = onp.exp2(onp.round(onp.log2(onp.where(norms > 0, norms, 1.0))))
    rnorm = abs(R[k, k]) if R.shape[0] > k else 0.0
    return scales, onp.triu(R[:k, :k]) / scales, R[:k, k], rnorm, one_pass


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
class Solution:
    """A fit in scaled units: X / sx and y / sy, sx and sy powers of two (module docstring).

    ``params_s``, ``cov_s`` ((Xs'Xs)^-1) and ``resid_s`` belong to the scaled problem;
    RegressionResults multiplies the units back in only where a statistic has units.
    The optional fields are the seam for an out-of-core fit (``scale``, see
    ``linear_model``): sums over the rows computed in its passes, ``resid_s`` a lazy
    (Dask) array, and ``compute`` the function that materialises a lazy k x k reduction.
    Left at None, RegressionResults computes them from the in-memory arrays.
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
    ssr_s: float = None  # sum (resid_s / 2**resid_exponent)^2: in the residuals' own units
    resid_exponent: int = None  # set with ssr_s: residual sums are in units of 2**it
    centered_tss_s: float = None  # sum (ys - mean ys)^2
    uncentered_tss_s: float = None  # sum ys^2
    k_constant: int = None  # 1 when a constant lies in the span of X (explicit or implicit)
    residual_tests: dict = None  # {"durbin_watson": d, "jarque_bera": (...), "omnibus": (...)}
    #   a value may be the UndefinedStatisticError the test raises in memory: it is raised
    sandwiches: dict = None  # {"HC0": S0, ...}: A' diag(e^2/(1-h)^p) A, e in 2**resid_exponent
    y_constant: bool = None  # all y equal
    leverage_one: tuple = None  # (count, first rows) of the rows of leverage 1
    compute: object = None  # e.g. dask.compute; None: the arrays are NumPy already


def _route(n, k, R, qty, rnorm, names, method, int_design=None, one_pass=False):
    """(route, beta_s, kappa, bound) from the QR of the scaled [X | y] (module docstring).

    beta_s solves R beta_s = Q'y for the columns scaled by ``scales``; kappa is the
    condition number of R; bound the first-order relative error bound of the QR solution,
    plus u kappa^2 when R came from one CholeskyQR pass (``one_pass``, _cholesky_qr).
    Raises CollinearityError when R is singular to working precision.
    """
    from scipy.linalg import solve_triangular

    sv = onp.linalg.svd(R, compute_uv=False)
    singular = sv[-1] == 0 or onp.any(onp.diag(R) == 0)
    if singular or (sv[-1] <= sv[0] * max(n, k) * U * 2 and int_design is None):
        raise CollinearityError(_dependent_columns(R, names))
    kappa = sv[0] / sv[-1]
    beta_s = solve_triangular(R, qty, check_finite=False)
    size = onp.linalg.norm(beta_s)
    # normwise first-order bound, then relative to the smallest scaled coefficient
    bound = U * kappa * (1 + kappa * rnorm / (sv[0] * size)) if size > 0 else U * kappa
    bound += U * kappa**2 if one_pass else 0.0
    # a coefficient that came out exactly 0 may be a tiny one lost to rounding (an intercept
    # of 1.5 next to a slope of 1 on a regressor of 1e300): no promise for it, spread = inf
    with onp.errstate(divide="ignore"):
        spread = size / onp.abs(beta_s).min() if size > 0 else 1.0
    from companion import regression  # the package's settings, read at each fit

    small = n * k * k <= regression.EXACT_MAX_WORK and k <= regression.EXACT_MAX_K
    fast_ok = bound * spread <= 10.0**-FAST_DIGITS
    route = method
    if method == "auto":
        route = "qr" if fast_ok and int_design is None else ("exact" if small else "refined")
    return route, beta_s, kappa, bound


def _refine_step(R, scales, g, beta_s):
    """One corrected semi-normal step (Bjorck 1996, sec. 2.9): d = R^-1 R^-T (g / s) / s.

    g = Xs' r with r computed in long double; returns (d, done), done when the step is
    below 4 u of the scaled coefficients.
    """
    from scipy.linalg import solve_triangular

    d = solve_triangular(R, solve_triangular(R, g / scales, trans="T", check_finite=False))
    return d / scales, bool(onp.all(onp.abs(d) <= 4 * U * onp.abs(beta_s)))


def _solve(X, y, names, method, int_design=None):
    """Least squares by the route described in the module docstring, on the scaled problem."""
    from scipy.linalg import solve_triangular

    n, k = X.shape
    sx, sy = _pow2_scale(X, axis=0), float(_pow2_scale(y))
    Xs, ys = _over_pow2(X, sx), _over_pow2(y, sy)
    scales, R, qty, rnorm, one_pass = _scaled_qr(Xs, ys)
    route, beta_s, kappa, bound = _route(n, k, R, qty, rnorm, names, method, int_design, one_pass)
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
        return Solution(params, cov, resid, "exact", **found)
    Rinv = solve_triangular(R, onp.eye(k), check_finite=False)
    cov = (Rinv @ Rinv.T) / onp.outer(scales, scales)
    params = beta_s / scales
    solver = "qr"
    if route == "refined" and kappa**2 * U < 0.1:
        # corrected semi-normal equations: R'R d = X'r with r in long double
        Xl, yl = Xs.astype(onp.longdouble), ys.astype(onp.longdouble)
        for _ in range(6):
            r = yl - Xl @ params.astype(onp.longdouble)
            d, done = _refine_step(R, scales, (Xl.T @ r).astype(float), beta_s)
            params = params + d
            solver = "qr+refinement"
            if done:
                break
    return Solution(params, cov, _residual(Xs, ys, params, scales), solver, **found)


def _implicit_constant(Xs, solution):
    """True when a column of ones lies in the span of X (statsmodels' implicit constant)."""
    return _implicit_constant_from(Xs.sum(axis=0), Xs.shape[0], solution)


def _implicit_constant_from(colsum_s, n, solution):
    """The same test from the column sums Xs'1: with Xs/s = Q R, the part of 1 inside the
    span has squared norm |R^-T (Xs'1 / s)|^2, which is n when 1 lies in it."""
    from scipy.linalg import solve_triangular

    z = solve_triangular(solution.R, colsum_s / solution.scales, trans="T", check_finite=False)
    return bool(n - z @ z < 1e-9 * n)
