"""Argument checks shared by every module: each raises with the argument's name and the expectation.

The book's validation policy, applied to every public function:
- what is checked: NaN and inf; dtype (complex where a real is needed, strings, objects, and
  flags that must be a real bool); shape and emptiness; ranges of hyperparameters and
  tolerances; intervals with lo > hi;
- a rejection is a TypeError (wrong kind of thing) or ValueError (right kind, wrong value) whose
  message names the argument, the expectation and what was received;
- lists are accepted wherever arrays are;
- where passing NaN through is the honest behaviour, the function's docstring says so.
"""

import numpy as onp
from autograd.tracer import getval, isbox


def finite_array(name, value, *, allow_complex=True, ndim=None, nonempty=False):
    """Return ``value`` as a float or complex ndarray, or raise naming ``name``.

    Lists are accepted wherever arrays are. ``ndim`` (an int or a tuple of ints) and
    ``nonempty`` check the shape; booleans count as numbers.

    >>> finite_array("y0", [1.0, 2.0])
    array([1., 2.])
    >>> finite_array("y0", [1.0, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: y0 must be finite; found nan at index (1,)
    """
    try:
        arr = onp.asarray(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}") from err
    if arr.dtype == object or not (onp.issubdtype(arr.dtype, onp.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be numeric, got dtype {arr.dtype}")
    if onp.iscomplexobj(arr):
        if not allow_complex:
            raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    else:
        arr = arr.astype(float)
    if ndim is not None and arr.ndim not in ((ndim,) if isinstance(ndim, int) else ndim):
        raise ValueError(f"{name} must have ndim {ndim}, got shape {arr.shape}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    bad = ~onp.isfinite(arr)
    if bad.any():
        where = tuple(int(i) for i in onp.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite; found {arr[where]} at index {where}")
    return arr


def real_traced(name, value, **checks):
    """(value to compute with, its checked real ndarray): ``finite_array`` with complex refused,
    applied to the value under any autograd boxes. A box is returned as it is, so a function
    being differentiated keeps its gradient path; anything else (a list, a scalar) comes back
    as the checked float array.

    >>> real_traced("x", [1, 2])[0]
    array([1., 2.])
    >>> real_traced("x", [1j])
    Traceback (most recent call last):
    ...
    TypeError: x must be real, got complex dtype complex128
    """
    arr = finite_array(name, getval(value), allow_complex=False, **checks)
    return (value if isbox(value) else arr), arr


def positive(name, value, *, strict=True):
    """Return ``value`` as a float if it is a finite number > 0 (>= 0 if not strict).

    >>> positive("lr", 0.1)
    0.1
    >>> positive("lr", 0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be > 0, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, onp.integer, onp.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not onp.isfinite(value) or (value <= 0 if strict else value < 0):
        raise ValueError(f"{name} must be {'>' if strict else '>='} 0, got {value}")
    return float(value)


def choice(name, value, valid):
    """Return ``value`` if it is one of ``valid``, else raise listing the valid ones.

    >>> choice("method", "adam", ("adam", "sgd"))
    'adam'
    >>> choice("method", "adma", ("adam", "sgd"))
    Traceback (most recent call last):
    ...
    ValueError: unknown method 'adma'; valid: 'adam', 'sgd'
    """
    if value not in valid:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(repr(v) for v in valid)}")
    return value


def _received(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def number(name, value, *, lo=None, hi=None, lo_open=False, hi_open=False):
    """Return ``value`` as a float if it is a finite real number inside the given range.

    Accepts Python and NumPy ints and floats (and 0-d real arrays); refuses bools, strings,
    complex numbers, NaN and inf with a TypeError or ValueError that names ``name``.

    >>> number("b1", 0.9, lo=0.0, hi=1.0, hi_open=True)
    0.9
    >>> number("b1", 1.0, lo=0.0, hi=1.0, hi_open=True)
    Traceback (most recent call last):
    ...
    ValueError: b1 must be in [0.0, 1.0), got 1.0
    >>> number("tol", "1e-3")
    Traceback (most recent call last):
    ...
    TypeError: tol must be a real number, got str '1e-3'
    """
    if isinstance(value, onp.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, onp.bool_)) or not isinstance(
        value, (int, float, onp.integer, onp.floating)
    ):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__} {_received(value)}"
        )
    value = float(value)
    if not onp.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    low = "-inf" if lo is None else lo
    high = "inf" if hi is None else hi
    below = lo is not None and (value <= lo if lo_open else value < lo)
    above = hi is not None and (value >= hi if hi_open else value > hi)
    if below or above:
        left, right = (
            ("(" if lo_open or lo is None else "["),
            (")" if hi_open or hi is None else "]"),
        )
        raise ValueError(f"{name} must be in {left}{low}, {high}{right}, got {value}")
    return value


def integer(name, value, *, lo=None, hi=None):
    """Return ``value`` as an int if it is a Python or NumPy integer in [lo, hi] (not a bool).

    >>> integer("steps", 10, lo=1)
    10
    >>> integer("steps", 2.5, lo=1)
    Traceback (most recent call last):
    ...
    TypeError: steps must be an integer, got float 2.5
    >>> integer("restarts", 10**9, lo=0, hi=10_000)
    Traceback (most recent call last):
    ...
    ValueError: restarts must be in [0, 10000], got 1000000000
    """
    if isinstance(value, (bool, onp.bool_)) or not isinstance(value, (int, onp.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {_received(value)}")
    value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        low = "-inf" if lo is None else lo
        high = "inf" if hi is None else hi
        raise ValueError(f"{name} must be in [{low}, {high}], got {value}")
    return value


def flag(name, value):
    """Return ``value`` as a bool if it is ``True`` or ``False`` (or a NumPy bool); no truthy strings.

    >>> flag("centered", True)
    True
    >>> flag("centered", "no")
    Traceback (most recent call last):
    ...
    TypeError: centered must be True or False, got str 'no'
    """
    if not isinstance(value, (bool, onp.bool_)):
        raise TypeError(
            f"{name} must be True or False, got {type(value).__name__} {_received(value)}"
        )
    return bool(value)


def interval(name, value):
    """Return ``value`` as a pair of floats (lo, hi), both finite, with lo < hi.

    >>> interval("bounds", (-1, 1))
    (-1.0, 1.0)
    >>> interval("bounds", (2.0, 1.0))
    Traceback (most recent call last):
    ...
    ValueError: bounds must be (lo, hi) with lo < hi, got (2.0, 1.0)
    """
    try:
        lo, hi = value
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a pair (lo, hi), got {_received(value)}") from err
    lo, hi = number(f"{name}[0]", lo), number(f"{name}[1]", hi)
    if not lo < hi:
        raise ValueError(f"{name} must be (lo, hi) with lo < hi, got ({lo}, {hi})")
    return lo, hi


def function(name, value):
    """Return ``value`` if it is callable, else raise a TypeError naming ``name``.

    >>> function("f", len) is len
    True
    >>> function("f", 3.0)
    Traceback (most recent call last):
    ...
    TypeError: f must be a callable, got float 3.0
    """
    if not callable(value):
        raise TypeError(f"{name} must be a callable, got {type(value).__name__} {_received(value)}")
    return value


def float32_number(name, value, **limits):
    """``number`` for a hyperparameter that a float32 framework casts: refuse overflow and underflow.

    >>> float32_number("lr", 1e39)
    Traceback (most recent call last):
    ...
    ValueError: lr = 1e+39 is not representable in float32 (it becomes inf); float32 frameworks cannot use it
    """
    value = number(name, value, **limits)
    with onp.errstate(over="ignore", under="ignore"):
        cast = float(onp.float32(value))
    if not onp.isfinite(cast) or (cast == 0.0 and value != 0.0):
        became = "inf" if not onp.isfinite(cast) else "0"
        raise ValueError(
            f"{name} = {value:g} is not representable in float32 (it becomes {became}); "
            "float32 frameworks cannot use it"
        )
    return value
