"""What every regression module shares: the errors, input checks and units.

Each column of X, and y, is divided by a power of two near its largest magnitude before
anything is computed (exact), and each statistic gets its units back last (``_unscale``),
so scale-free statistics never overflow.
"""

import math

import numpy as onp

U = onp.finfo(float).eps / 2  # unit roundoff of float64, 2**-53
WARN_DIGITS = 8  # fewer digits determined by the float64 data itself: warn


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


def _over_pow2(a, s):
    """a / s for powers of two s (_pow2_scale): as a * (1/s), the same float (1/s is exact,
    so both round a / s once) and faster, unless 1/s overflows (s subnormal)."""
    with onp.errstate(over="ignore", divide="ignore"):
        inverse = 1 / s
    return a * inverse if onp.all(onp.isfinite(inverse)) else a / s


def _constant_columns(X):
    if not X.shape[0]:
        return []
    return onp.flatnonzero((X[0] != 0) & (X == X[0]).all(axis=0)).tolist()


def _rows(mask, count=None):
    """'row 3 has' / 'rows 1, 4 have' for a boolean mask, or for a list of the first rows
    and the total count (as an out-of-core fit reports them)."""
    rows = onp.flatnonzero(mask).tolist() if count is None else list(mask)
    count = len(rows) if count is None else count
    shown = ", ".join(map(str, rows[:8])) + (", ..." if count > 8 else "")
    return f"row{'s' if count > 1 else ''} {shown} {'have' if count > 1 else 'has'}"


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


def _undefined(what, why):
    raise UndefinedStatisticError(f"{what} is undefined: {why}")


def _exponent(power_of_two):
    return int(onp.frexp(power_of_two)[1]) - 1


def _alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, onp.integer, onp.floating)):
        raise TypeError(f"alpha must be a number in (0, 1), got {alpha!r}")
    if not 0 < alpha < 1:
        raise ValueError(
            f"alpha must be in (0, 1), the level of the (1 - alpha) interval, got {alpha}"
        )
    return float(alpha)


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


def _is_dask(a):
    """True for a Dask collection, found without importing dask."""
    return type(a).__module__.split(".")[0] == "dask"


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
