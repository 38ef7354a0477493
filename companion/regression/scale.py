"""OLS on Dask arrays: chapter 6's statistics from passes over row chunks (issue 24).

Offers (called by ``OLS`` when y or X is a Dask array; see ``linear_model``)
    as_inputs(y, X, names)          validated lazy y (1-D) and X (rows chunked, columns whole)
    constant_columns(exog)          the constant nonzero columns (one pass: column min and max)
    solve(exog, endog, names, method, cov_type) -> solvers.Solution, from two passes

How a fit is computed. Each task holds one chunk of rows; X as a whole is never in memory.
    Pass 1, per chunk [X_c | y_c]: its column extremes and long-double sums, and R_c of the
        Householder QR of [X_c | y_c] / d_c, d_c powers of two near the chunk's column
        maxima. With the global scales s (powers of two near the column maxima of X and y),
        R_c d_c / s is exactly the R of the chunk in the scaled units, and the QR of the
        stacked R_c's is the R of the whole scaled problem: a tall-skinny QR (TSQR;
        Demmel, Grigori, Hoemmen and Langou 2012), never the normal equations. From R, Q'y
        and |r| the route is chosen as in memory (``solvers``): plain QR when its error bound
        promises 11 digits, else exact rational arithmetic (the integer X'X summed over the
        chunks, which is exact) or, for large problems, corrected semi-normal refinement,
        one pass per step.
    Pass 2, per chunk: residuals e = ys - Xs beta (float64, long double, or exactly those
        of the exact solution on the exact route, as in memory), rows q_i of Q = Xs R^-1 / s and leverages h_i = |q_i|^2, and sums over the
        rows: ssr, the total sums of squares, the HC meats sum w_i q_i q_i', the Durbin-Watson
        numerator across chunk boundaries, and the central moments of e, merged pairwise
        (Pebay 2008) so that skewness and kurtosis keep their digits.
Per-row quantities (residuals, fitted values, leverages, influence) stay lazy Dask arrays.

Scheduler. The passes call ``dask.compute``: the threaded scheduler by default, or the
cluster of an active ``distributed.Client`` (a ``LocalCluster`` or a scheduler address), with
no change to the code. If a task fails (a worker dies, a chunk cannot be read) Dask's own
error propagates out of ``fit``; no partial result is ever returned.

HAC is refused at scale: Newey-West pairs each row with its neighbours across chunk
boundaries. Dask's ``from_array`` keeps a reference to a NumPy array it wraps; the fit reads
the data when it computes.
"""

import math

import numpy as onp

from companion.regression._common import (
    CollinearityError,
    U,
    UndefinedStatisticError,
    _as_design,
    _as_response,
    _column_label,
    _exponent,
    _is_dask,
    _undefined,
    _unscale,
)
from companion.regression.diagnostic import _jarque_bera_from, _omnibus_from
from companion.regression.solvers import (
    Solution,
    _as_integers,
    _dependent_columns,
    _dot,
    _exact_eliminate,
    _exact_residuals,
    _implicit_constant_from,
    _IntDesign,
    _refine_step,
    _route,
)

# --- inputs ---------------------------------------------------------------------------


def _pow2(m):
    """Powers of two 2**(e-1) <= m < 2**e, 1 where m is 0 (see _common._pow2_scale)."""
    _, e = onp.frexp(m)
    return onp.where(m > 0, onp.ldexp(1.0, e - 1), 1.0)


def _lazy(name, a):
    """``a`` as a dask.array, or a TypeError naming the collection and the fix."""
    import dask.array as da

    if isinstance(a, da.Array):
        if a.dtype.kind == "c":
            raise TypeError(
                f"{name} must be real, got a complex Dask array (dtype {a.dtype}); regress the "
                "real and imaginary parts separately if both matter"
            )
        if a.dtype.kind not in "biuf":
            raise TypeError(
                f"{name} must be a numeric Dask array, got dtype {a.dtype}; convert it with "
                f"{name}.astype(float) if its entries are numbers"
            )
        return a.astype(float)
    kind = type(a).__name__
    raise TypeError(
        f"{name} is a Dask {kind}, not a dask.array; convert it first, e.g. "
        f"{name}.to_dask_array(lengths=True) for a Dask DataFrame or Series"
    )


def _known_rows(name, a):
    if any(math.isnan(c) for c in a.chunks[0]):
        raise ValueError(
            f"{name} has unknown chunk sizes (NaN), as after boolean indexing or from a Dask "
            f"DataFrame without lengths; call {name} = {name}.compute_chunk_sizes() (one pass) "
            "or build it with to_dask_array(lengths=True)"
        )


def as_inputs(y, X, names):
    """Validated lazy (endog, exog, names): y 1-D, X 2-D with all its columns in one chunk.

    Checked without computing anything: dtype (real numbers), shape, known chunk sizes, and
    row chunks of y that line up with those of X. X chunked along its columns is rechunked
    to one column chunk (k is small; each task then holds a whole row block). A NumPy
    partner of a Dask array is validated as in memory and chunked like it.

    >>> import dask.array as da
    >>> y, X, names = as_inputs(da.ones(8, chunks=4), da.ones((8, 2), chunks=(4, 1)), None)
    >>> X.chunks
    ((4, 4), (2,))
    """
    import dask.array as da

    if not _is_dask(X):  # chunked like y when the lengths match (else refused below)
        X, names = _as_design(X, names)
        same = y.ndim and len(X) == y.shape[0]
        X = da.from_array(X, chunks=(y.chunks[0] if same else "auto", -1))
    X = _lazy("X", X)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (observations x regressors), got shape {X.shape}")
    _known_rows("X", X)
    if any(math.isnan(c) for c in X.chunks[1]):
        raise ValueError("X has an unknown number of columns; compute its chunk sizes first")
    if len(X.chunks[1]) > 1:
        X = X.rechunk({1: -1})
    _, names = _as_design(onp.empty((0, X.shape[1])), names)  # the checks of names
    if not _is_dask(y):
        y = _as_response(y)
        y = da.from_array(y, chunks=(X.chunks[0] if len(y) == X.shape[0] else "auto",))
    y = _lazy("y", y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one value per observation), got shape {y.shape}")
    _known_rows("y", y)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y has {y.shape[0]} rows but X has {X.shape[0]}; they must match")
    if y.chunks[0] != X.chunks[0]:
        raise ValueError(
            f"the row chunks of y {_chunk_text(y.chunks[0])} do not line up with those of X "
            f"{_chunk_text(X.chunks[0])}; rechunk one like the other, e.g. "
            "y = y.rechunk((X.chunks[0],))"
        )
    return y, X, names


def _chunk_text(chunks):
    shown = ", ".join(map(str, chunks[:4])) + (", ..." if len(chunks) > 4 else "")
    return f"({shown})"


def constant_columns(exog):
    """Columns whose entries are all equal and nonzero (one pass: the column min and max).

    A non-finite entry is named here, with its row and column, as the in-memory OLS does.

    >>> import dask.array as da
    >>> constant_columns(da.from_array([[1.0, 0.0], [1.0, 2.0], [1.0, 5.0]], chunks=(2, 2)))
    [0]
    """
    import dask
    import dask.array as da

    lo, hi = dask.compute(exog.min(axis=0), exog.max(axis=0))
    for j in range(exog.shape[1]):
        if not (onp.isfinite(lo[j]) and onp.isfinite(hi[j])):
            column = exog[:, j]
            i = int(da.argmax(~da.isfinite(column)).compute())
            value = float(column[i].compute())
            raise ValueError(
                f"X must be finite; found {value} at row {i}, column {j}. Drop or impute that "
                "row first"
            )
    return [j for j in range(exog.shape[1]) if lo[j] == hi[j] and lo[j] != 0]


# --- what each task computes on its chunk -----------------------------------------------


def _augmented(Xc, yc):
    """[X_c | y_c] as one Fortran-ordered float64 array (LAPACK's layout)."""
    A = onp.empty((Xc.shape[0], Xc.shape[1] + 1), order="F")
    A[:, :-1], A[:, -1] = Xc, yc
    return A


def _first(Xc, yc, start):
    """Pass 1 on one chunk: rows, column extremes and sums, and R of [X_c | y_c] / d_c."""
    from scipy.linalg import qr

    A = _augmented(Xc, yc)
    finite = onp.isfinite(A)
    if not finite.all():
        i, j = (int(v) for v in onp.argwhere(~finite)[0])
        return {"bad": (start + i, j, float(A[i, j]))}
    lo, hi = A.min(axis=0), A.max(axis=0)
    d = _pow2(onp.maximum(hi, -lo))
    total = A.sum(axis=0, dtype=onp.longdouble)
    A /= d  # exact
    (R,) = qr(A, mode="r", overwrite_a=True, check_finite=False)
    return {"lo": lo, "hi": hi, "d": d, "total": total, "R": onp.triu(R[: A.shape[1]])}


def _exact_gram(Xc, yc, sx, sy):
    """[X'X | X'y] of one scaled chunk in exact integers, with its column exponents."""
    design = _IntDesign.from_float(Xc / sx)
    ycol, ey = _as_integers(yc / sy)
    gram = [[_dot(a, b) for b in design.cols] + [_dot(a, ycol)] for a in design.cols]
    return gram, design.exps, ey


def _gradient(Xc, yc, sx, sy, params):
    """Xs_c' (ys_c - Xs_c beta) in long double: one chunk's share of a refinement step."""
    Xl = (Xc / sx).astype(onp.longdouble)
    r = (yc / sy).astype(onp.longdouble) - Xl @ params.astype(onp.longdouble)
    return Xl.T @ r


def _residuals(Xc, yc, sx, sy, params, how):
    """Scaled residuals ys - Xs beta: in float64, long double, or exact integers.

    ``how``: "float64", "longdouble", or ("exact", (numerators, det), exps, ey), the exact
    solution of the whole problem in the integer units of _exact_merge: the chunk's columns
    are shifted to those units, so its residuals are those of the exact beta, rounded once.
    """
    Xs, ys = Xc / sx, yc / sy
    if how[0] == "exact":
        _, exact, exps, ey = how
        own = _IntDesign.from_float(Xs)
        cols = [[v << (e - E) if v else 0 for v in c] for c, e, E in zip(own.cols, own.exps, exps)]
        return _exact_residuals(_IntDesign(cols, exps), ys, exact, ey=ey)
    if how == "longdouble":
        r = ys.astype(onp.longdouble) - Xs.astype(onp.longdouble) @ params.astype(onp.longdouble)
        return r.astype(float)
    return ys - onp.einsum("ij,j->i", Xs, params)


def _second(Xc, yc, start, sx, sy, params, how, T, ymean):
    """Pass 2 on one chunk: the sums over its rows that the statistics need.

    The residual sums are in the chunk's own units: e divided by a power of two 2**unit near
    its largest |e_i|, so that e**2 and e**4 stay in range even when the residuals are 1e-200
    of y; ``_common_units`` brings the chunks to one unit afterwards.
    """
    e = _residuals(Xc, yc, sx, sy, params, how)
    nonzero = onp.abs(e[e != 0])
    unit = _exponent(float(_pow2(nonzero.max()))) if nonzero.size else None
    e = onp.ldexp(e, -(unit or 0))
    Q = (Xc / sx) @ T
    h = onp.einsum("ij,ij->i", Q, Q)
    one = 1 - h <= 1e3 * Q.shape[1] * U
    e2, denom = e**2, onp.where(one, 1.0, 1 - h)
    meats = {}
    for name, power in (("HC0", 0), ("HC2", 1), ("HC3", 2)):
        w = onp.where(one, 0.0, e2 / denom**power)
        meats[name] = (Q * w[:, None]).T @ Q
    ys = (yc / sy).astype(onp.longdouble)
    mean = e.mean()
    dev = e - mean
    dev2 = dev * dev  # products, not **: numpy's power is a slow loop
    return {
        "unit": unit,
        "ssr": onp.sum(e.astype(onp.longdouble) ** 2),
        "ctss": onp.sum((ys - ymean) ** 2),
        "utss": onp.sum(ys**2),
        "meats": meats,
        "dw": float(onp.sum(onp.diff(e) ** 2)),
        "ends": (e[0], e[-1]),
        "ee": float(onp.einsum("i,i->", e, e)),
        "moments": (len(e), mean, onp.sum(dev2), onp.sum(dev2 * dev), onp.sum(dev2 * dev2)),
        "range": (nonzero.min(), nonzero.max()) if nonzero.size else None,  # in y's units
        "one": (int(one.sum()), (start + onp.flatnonzero(one)[:9]).tolist()),
    }


def _map(func, exog, endog, *args, start=False):
    """func(X_c, y_c, [row offset,] *args) on every chunk, computed by Dask; a list."""
    import dask

    xs, ys = exog.to_delayed().ravel(), endog.to_delayed().ravel()
    starts = onp.concatenate([[0], onp.cumsum(exog.chunks[0])[:-1]]).tolist()
    call = dask.delayed(func, pure=True)
    tasks = [
        call(xb, yb, s, *args) if start else call(xb, yb, *args)
        for xb, yb, s in zip(xs, ys, starts)
    ]
    return list(dask.compute(*tasks))


# --- merging the chunks' pieces ---------------------------------------------------------


def _merge_moments(a, b):
    """Central sums (n, mean, M2, M3, M4) of two parts joined (Pebay 2008, eqs. 2.1-2.3)."""
    na, ma, a2, a3, a4 = a
    nb, mb, b2, b3, b4 = b
    n, d = na + nb, mb - ma
    m2 = a2 + b2 + d**2 * na * nb / n
    m3 = a3 + b3 + d**3 * na * nb * (na - nb) / n**2 + 3 * d * (na * b2 - nb * a2) / n
    m4 = (
        a4
        + b4
        + d**4 * na * nb * (na * na - na * nb + nb * nb) / n**3
        + 6 * d**2 * (na * na * b2 + nb * nb * a2) / n**2
        + 4 * d * (na * b3 - nb * a3) / n
    )
    return n, ma + d * nb / n, m2, m3, m4


def _exact_merge(parts, k):
    """The integer [X'X | X'y] of the whole problem from the chunks' (exact: shifts, sums)."""
    exps = [min(p[1][j] for p in parts) for j in range(k)]
    ey = min(p[2] for p in parts)
    rows = [[0] * (k + 1) for _ in range(k)]
    for gram, e, e_y in parts:
        for i in range(k):
            for j in range(k):
                rows[i][j] += gram[i][j] << (e[i] + e[j] - exps[i] - exps[j])
            rows[i][k] += gram[i][k] << (e[i] + e_y - exps[i] - ey)
    return rows, exps, ey


def _tsqr(first, s):
    """(scales, R, qty, rnorm) from the chunks' R_c, as solvers._scaled_qr gives them, for
    [X | y] divided by the powers of two s."""
    from scipy.linalg import qr

    k = len(s) - 1
    stacked = onp.vstack([p["R"] * (p["d"] / s) for p in first])  # powers of two: exact
    (R,) = qr(stacked, mode="r", check_finite=False)
    R = onp.triu(R[: k + 1])
    norms = onp.sqrt(onp.einsum("ij,ij->j", R[:, :k], R[:, :k]))
    scales = onp.exp2(onp.round(onp.log2(onp.where(norms > 0, norms, 1.0))))
    return scales, onp.triu(R[:k, :k]) / scales, R[:k, k], abs(R[k, k])


def _attempt(statistic):
    """The statistic's value, or its UndefinedStatisticError (RegressionResults raises it)."""
    try:
        return statistic()
    except UndefinedStatisticError as err:
        return err


def _sandwich(B, second, name):
    """B' (sum of the chunks' meats) B, symmetric to the last bit as in memory."""
    S = B.T @ sum(p["meats"][name] for p in second) @ B
    return (S + S.T) / 2


def _common_units(second):
    """Bring every chunk's residual sums to one power of two 2**er, the largest chunk's unit
    (in place); returns er. A chunk far smaller than the largest underflows harmlessly."""
    er = max((p["unit"] for p in second if p["unit"] is not None), default=0)
    for p in second:
        d = (er if p["unit"] is None else p["unit"]) - er  # <= 0

        def to(value, power, d=d):
            return onp.ldexp(value, power * d)

        p["ssr"], p["dw"], p["ee"] = to(p["ssr"], 2), to(p["dw"], 2), to(p["ee"], 2)
        p["meats"] = {name: to(meat, 2) for name, meat in p["meats"].items()}
        p["ends"] = tuple(to(v, 1) for v in p["ends"])
        count, mean, m2, m3, m4 = p["moments"]
        p["moments"] = (count, to(mean, 1), to(m2, 2), to(m3, 3), to(m4, 4))
    return er


def _residual_tests(second, n):
    """Durbin-Watson, Jarque-Bera and omnibus from the chunks' sums, as diagnostic computes
    them from the residuals in memory."""
    ee = sum(p["ee"] for p in second)
    dw = sum(p["dw"] for p in second)
    dw += sum((b["ends"][0] - a["ends"][1]) ** 2 for a, b in zip(second, second[1:]))
    moments = second[0]["moments"]
    for part in second[1:]:
        moments = _merge_moments(moments, part["moments"])
    m2, m3, m4 = (float(v) / n for v in moments[2:])

    def shape():
        if m2 == 0:
            _undefined("skewness and kurtosis", "all residuals are equal")
        return m3 / m2**1.5, m4 / m2**2

    return {
        "durbin_watson": _attempt(
            lambda: dw / ee if ee else _undefined("Durbin-Watson", "all residuals are 0")
        ),
        "jarque_bera": _attempt(lambda: _jarque_bera_from(n, *shape())),
        "omnibus": _attempt(lambda: _omnibus_from(n, *shape())),
    }


# --- the fit ----------------------------------------------------------------------------


def _coefficients(exog, endog, names, route, beta_s, kappa, R, scales, sx, sy):
    """(params, (Xs'Xs)^-1, solver, how) on the route _route chose; ``how`` tells _residuals
    how to compute the residuals (None: by their size, as solvers._residual does)."""
    from scipy.linalg import solve_triangular

    k = len(scales)
    if route == "exact":  # the integer X'X summed over the chunks, one pass
        rows, exps, ey = _exact_merge(_map(_exact_gram, exog, endog, sx, sy), k)
        solved = _exact_eliminate(rows, exps, ey, exact=True)
        if solved is None:
            raise CollinearityError(_dependent_columns(R, names))
        params, cov, exact = solved
        return params, cov, "exact", ("exact", exact, exps, ey)
    Rinv = solve_triangular(R, onp.eye(k), check_finite=False)
    cov = (Rinv @ Rinv.T) / onp.outer(scales, scales)
    params, solver = beta_s / scales, "qr"
    if route == "refined" and kappa**2 * U < 0.1:
        for _ in range(6):  # corrected semi-normal equations, one pass per step
            g = onp.sum(_map(_gradient, exog, endog, sx, sy, params), axis=0)
            d, done = _refine_step(R, scales, g.astype(float), beta_s)
            params, solver = params + d, "qr+refinement"
            if done:
                break
    return params, cov, solver, None


def solve(exog, endog, names, method, cov_type):
    """Least squares out of core: a solvers.Solution from passes over the chunks.

    Two passes on the QR route (see the module docstring; constant_columns made one more
    when the model was built), one more on the exact route and one per refinement step. Everything k x k or scalar comes back as NumPy; the
    residuals stay a lazy Dask array. ``cov_type="HAC"`` is refused (ValueError).

    >>> import dask.array as da
    >>> from companion.regression import OLS, add_constant
    >>> X = da.from_array(add_constant([0.0, 1.0, 2.0, 3.0, 4.0, 5.0]), chunks=(3, 2))
    >>> y = da.from_array([0.1, 1.9, 4.2, 5.8, 8.1, 9.9], chunks=3)
    >>> res = OLS(y, X).fit(cov_type="HC3")
    >>> print(f"{res.params[1]:.4f} {res.bse[1]:.4f} {type(res.resid).__name__}")
    1.9771 0.0308 Array
    """
    if cov_type == "HAC":
        raise ValueError(
            "cov_type='HAC' is not supported for Dask arrays: Newey-West pairs each row with "
            "its neighbours across chunk boundaries. Use 'HC0'..'HC3' (heteroskedasticity-"
            "robust), or fit a NumPy array in memory for HAC"
        )
    import dask
    import dask.array as da
    from scipy.linalg import solve_triangular

    n, k = exog.shape
    first = _map(_first, exog, endog, start=True)
    for part in first:
        if "bad" in part:
            i, j, value = part["bad"]
            what = "y" if j == k else f"X {_column_label(names, j)}"
            raise ValueError(f"{what} must be finite; found {value} at row {i}. Drop or impute it")
    lo = onp.min([p["lo"] for p in first], axis=0)
    hi = onp.max([p["hi"] for p in first], axis=0)
    s = _pow2(onp.maximum(hi, -lo))  # as _pow2_scale: powers of two near the column maxima
    sx, sy = s[:k], float(s[k])
    scales, R, qty, rnorm = _tsqr(first, s)
    route, beta_s, kappa, bound = _route(n, k, R, qty, rnorm, names, method)
    Rinv = solve_triangular(R, onp.eye(k), check_finite=False)
    fit = _coefficients(exog, endog, names, route, beta_s, kappa, R, scales, sx, sy)
    params, cov, solver, how = fit
    if how is None:  # residuals in float64 when their rounding cannot reach 1e-12 of |r|
        cheap = 2 * U * k * float(scales @ onp.abs(params)) <= 1e-12 * rnorm
        how = "float64" if cheap else "longdouble"
    total = onp.sum([p["total"] for p in first], axis=0)
    args = (sx, sy, params, how, Rinv / scales[:, None], total[k] / sy / n)
    second = _map(_second, exog, endog, *args, start=True)
    er = _common_units(second)  # the residuals' power of two: sums below are in its units
    ranges = [p["range"] for p in second if p["range"] is not None]
    if ranges:  # the units of the residuals, checked once for the lazy array
        extremes = onp.array([min(r[0] for r in ranges), max(r[1] for r in ranges)])
        _unscale(extremes, _exponent(sy), "a residual", after_fit=False)
    B = Rinv.T / scales[None, :]  # A = Xs (Xs'Xs)^-1 = Q B, so A' W A = B' (Q' W Q) B
    ones = [row for p in second for row in p["one"][1]]
    resid = da.blockwise(
        _residuals,
        "i",
        exog,
        "ij",
        endog,
        "i",
        dtype=float,
        concatenate=True,
        sx=sx,
        sy=sy,
        params=params,
        how=how,
    )
    solution = Solution(
        params,
        cov,
        resid,
        solver,
        kappa,
        bound,
        scales,
        R,
        sx,
        sy,
        ssr_s=float(sum(p["ssr"] for p in second)),
        resid_exponent=er,
        centered_tss_s=float(sum(p["ctss"] for p in second)),
        uncentered_tss_s=float(sum(p["utss"] for p in second)),
        residual_tests=_residual_tests(second, n),
        compute=dask.compute,
        sandwiches={name: _sandwich(B, second, name) for name in ("HC0", "HC2", "HC3")},
        y_constant=bool(lo[k] == hi[k]),
        leverage_one=(sum(p["one"][0] for p in second), ones[:9]),
    )
    explicit = bool(onp.any((lo[:k] == hi[:k]) & (lo[:k] != 0)))
    colsum_s = (total[:k] / sx).astype(float)
    solution.k_constant = int(explicit or _implicit_constant_from(colsum_s, n, solution))
    return solution
