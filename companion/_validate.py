"""Argument checks shared by every module: each raises with the argument's name and the expectation."""

import numpy as onp


def finite_array(name, value, *, allow_complex=True):
    """Return ``value`` as a float or complex ndarray, or raise naming ``name``.

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
    bad = ~onp.isfinite(arr)
    if bad.any():
        where = tuple(int(i) for i in onp.argwhere(bad)[0])
        raise ValueError(f"{name} must be finite; found {arr[where]} at index {where}")
    return arr


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
