"""Central-difference gradient checks for real and complex inputs.

Offers
    numerical_grad(f, x, eps)      central differences of a real scalar f
    check_grad(f, x, grad=None)    compare an analytic gradient with them
    GradCheck                      the result: worst relative error and where
    MIN_EPS, MAX_EPS               the range of relative steps accepted

Bad input is refused with a named error: a non-callable f, an empty or non-finite x, a
relative step outside [MIN_EPS, MAX_EPS] or one that rounds x ± h back to x, tolerances that
are negative, infinite or (rtol) not below 1; so is an f that returns a non-finite or
non-scalar value, or a grad that returns a non-finite one. Values of f near float64's largest
(|f| up to 1.8e308) are differenced without overflow; a slope that is itself beyond float64's
range raises OverflowError.

Convention for complex inputs. Write x = a + ib. ``numerical_grad`` returns
the real gradient packed as one complex array,

    ∂f/∂a + i ∂f/∂b  =  2 ∂f/∂z̄   (for real f),

which is PyTorch's and TensorFlow's convention. autograd and JAX return its conjugate,
∂f/∂a − i ∂f/∂b = 2 ∂f/∂z; ``check_grad`` conjugates autograd's answer
before comparing, and says so in its report.
"""

from dataclasses import dataclass

import numpy as onp

from companion._validate import finite_array, function, number

# The smallest relative step: below float64's machine epsilon the two values f(x ± h) differ
# by no more than the rounding of f itself (about eps_mach·|f|), so the quotient measures
# rounding, not slope (and once eps drops below about eps_mach/4, x ± h rounds back to x
# itself for |x| >= 1). Steps just above it are accepted but still noisy: use eps around 1e-6.
MIN_EPS = float(onp.finfo(float).eps)
# The largest relative step: beyond it the quotient is the mean slope over an interval wider
# than a fifth of max(1, |x|), not the derivative (truncation error f'''(x)·h²/6 is not small).
MAX_EPS = 0.1


def _real_scalar(f, x, where):
    value = f(x)
    try:
        arr = onp.asarray(value)
    except (TypeError, ValueError):
        arr = onp.asarray(object)
    if arr.shape != () or not onp.issubdtype(arr.dtype, onp.number):
        raise TypeError(
            f"f must return a real scalar; at {where} it returned "
            f"{type(value).__name__} with shape {getattr(arr, 'shape', '?')}"
        )
    if onp.iscomplexobj(arr):
        if arr.imag != 0:
            raise TypeError(
                f"f must return a real scalar; at {where} it returned the complex value {complex(arr)}."
                " Check the real and imaginary parts separately, or use companion.wirtinger."
            )
        arr = arr.real
    if not onp.isfinite(arr):
        raise ValueError(f"f returned the non-finite value {float(arr)} at {where}")
    return float(arr)


def numerical_grad(f, x, eps=1e-6):
    """Central-difference gradient of a real scalar function ``f`` at ``x``.

    Each coordinate k gets (f(x + h e_k) − f(x − h e_k)) / 2h with a step
    h = eps·max(1, |x_k|) scaled to the coordinate, so truncation error is
    O(h²). Complex coordinates also step along i e_k; the result is
    ∂f/∂a + i ∂f/∂b (see the module docstring). ``eps`` lies in
    [``MIN_EPS``, ``MAX_EPS``] = [2.2e-16, 0.1], and every x_k ± h must differ from x_k.
    When f(x ± h) are so large that their difference overflows, the quotient is
    formed as (f(x + h)/2 − f(x − h)/2)/h instead.

    >>> round(float(numerical_grad(lambda x: x**3, 2.0)), 6)
    12.0
    >>> numerical_grad(lambda x: x**3, 2.0, eps=1e-320)
    Traceback (most recent call last):
    ...
    ValueError: eps must be >= 2.22e-16 (float64's machine epsilon), got 1e-320: with a smaller relative step, f(x + h) and f(x − h) differ by no more than the rounding error of f itself, so the quotient measures rounding, not slope; use eps around 1e-6
    >>> g = numerical_grad(lambda z: abs(z) ** 2, 1 + 2j)
    >>> print(f"{g.real:.6f} {g.imag:.6f}")
    2.000000 4.000000
    """
    function("f", f)
    x = finite_array("x", x, nonempty=True)
    eps = number("eps", eps, lo=0.0, lo_open=True)
    if eps < MIN_EPS:
        raise ValueError(
            f"eps must be >= {MIN_EPS:.3g} (float64's machine epsilon), got {eps:g}: with a "
            "smaller relative step, f(x + h) and f(x − h) differ by no more than the rounding "
            "error of f itself, so the quotient measures rounding, not slope; use eps around 1e-6"
        )
    if eps > MAX_EPS:
        raise ValueError(
            f"eps = {eps:g} is too large: it must be <= {MAX_EPS} (MAX_EPS), a relative step; "
            "a wider step gives the mean slope over the interval, not the derivative "
            "(use eps around 1e-6)"
        )
    flat = x.reshape(-1)
    with onp.errstate(over="ignore"):
        steps = eps * onp.maximum(1.0, onp.abs(flat))
    parts = (flat.real, flat.imag) if onp.iscomplexobj(x) else (flat,)
    for part in parts:
        with onp.errstate(over="ignore", invalid="ignore"):
            up = (part + steps).astype(part.dtype)
            down = (part - steps).astype(part.dtype)
        if not (onp.isfinite(up).all() and onp.isfinite(down).all()):
            k = int(onp.argmax(~(onp.isfinite(up) & onp.isfinite(down))))
            raise ValueError(
                f"eps = {eps:g} is too large: at index {k}, x ± {steps[k]:.3g} overflows"
            )
        stuck = (up == part) | (down == part)
        if stuck.any():
            k = int(onp.argmax(stuck))
            raise ValueError(
                f"eps = {eps:g} is too small for x of dtype {x.dtype}: at index {k}, "
                f"x ± {steps[k]:.3g} rounds back to x, so the difference quotient would be 0; "
                "use eps around 1e-6"
            )
    grad = onp.zeros_like(x)
    out = grad.reshape(-1)
    is_complex = onp.iscomplexobj(x)
    directions = (1.0, 1j) if is_complex else (1.0,)
    for k in range(flat.size):
        h = steps[k]
        for d in directions:
            step = onp.zeros_like(flat)
            step[k] = h * d
            up = _real_scalar(f, (flat + step).reshape(x.shape), f"x + {h:.1e}·{d}·e_{k}")
            down = _real_scalar(f, (flat - step).reshape(x.shape), f"x − {h:.1e}·{d}·e_{k}")
            out[k] += d * _quotient(up, down, h, k)
    return grad if x.shape else grad[()]


def _quotient(up, down, h, k):
    """(up − down)/2h, halving first when up − down would overflow (|up|, |down| near 1.8e308)."""
    with onp.errstate(over="ignore"):
        difference = onp.float64(up) - onp.float64(down)
        slope = difference / (2 * h) if onp.isfinite(difference) else (up / 2 - down / 2) / h
    if not onp.isfinite(slope):
        raise OverflowError(
            f"the central difference at index {k} is beyond float64's range: "
            f"(f(x + h) − f(x − h))/2h with f = {up:.3g} and {down:.3g}, h = {h:.3g}"
        )
    return float(slope)


@dataclass(frozen=True)
class GradCheck:
    """Outcome of ``check_grad``: both gradients, the worst relative error and where.

    For a failed check, ``max_rel_error`` and ``worst_index`` are taken over the coordinates
    that fail (|g − n| > atol + rtol·|n|), so the index names a coordinate that is wrong;
    for a passed check, over all coordinates.
    """

    analytic: onp.ndarray
    numeric: onp.ndarray
    max_rel_error: float
    worst_index: tuple
    passed: bool
    note: str = ""
    rtol: float = 1e-6
    atol: float = 1e-8

    def __str__(self):
        """A passed check prints its verdict and tolerances, not its error: a right gradient's
        error is rounding, whose digits vary between machines (issue 20); ``max_rel_error``
        holds it. A failed check prints the worst relative error and where."""
        note = f"; {self.note}" if self.note else ""
        if self.passed:
            return (
                f"gradient check passed: within rtol {self.rtol:g} and atol {self.atol:g} "
                f"of central differences at every coordinate{note}"
            )
        where = f"at index {self.worst_index}" if self.worst_index else "(scalar)"
        return f"gradient check FAILED: worst relative error {self.max_rel_error:.2e} {where}{note}"


def check_grad(f, x, grad=None, *, eps=1e-6, rtol=1e-6, atol=1e-8):
    """Compare an analytic gradient of real scalar ``f`` with central differences.

    ``grad`` is a function x ↦ ∇f(x) in the convention ∂f/∂a + i ∂f/∂b; when
    omitted, autograd's ``grad`` is used (conjugated for complex x). The
    relative error per coordinate is |g − n| / max(|g|, |n|, atol/rtol), and
    the check passes when every coordinate satisfies |g − n| ≤ atol + rtol·|n|.
    Tolerances are finite and >= 0, rtol below 1 (a relative tolerance of 1 would
    pass g = 0 or g = 2n); rtol = 0 makes the check absolute.

    >>> import autograd.numpy as np
    >>> result = check_grad(lambda x: np.sum(np.sin(x) * x), np.array([0.5, 1.0, 2.0]))
    >>> print(result)
    gradient check passed: within rtol 1e-06 and atol 1e-08 of central differences at every coordinate
    >>> print(check_grad(lambda x: np.sum(x**2), np.array([1.0, 2.0]), grad=lambda x: x))
    gradient check FAILED: worst relative error 5.00e-01 at index (0,)
    >>> check_grad(lambda x: np.sum(x**2), [1.0], grad=lambda x: 3 * x, atol=float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: atol must be finite, got inf
    """
    function("f", f)
    x = finite_array("x", x, nonempty=True)
    rtol = number("rtol", rtol, lo=0.0, hi=1.0, hi_open=True)
    atol = number("atol", atol, lo=0.0)
    note = ""
    if grad is None:
        import autograd

        _real_scalar(f, x.copy(), "x")  # autograd's own message for a vector f names no fix

        analytic = onp.asarray(autograd.grad(f)(x.copy()))
        if onp.iscomplexobj(x):
            analytic = onp.conj(analytic)
            note = "autograd's gradient conjugated to ∂f/∂a + i∂f/∂b"
    else:
        function("grad", grad)
        analytic = onp.asarray(grad(x.copy()))
    if analytic.dtype == object or not (
        onp.issubdtype(analytic.dtype, onp.number) or analytic.dtype == bool
    ):
        raise TypeError(f"grad must return a numeric array, got dtype {analytic.dtype}")
    numeric = onp.asarray(numerical_grad(f, x, eps))
    if analytic.shape != numeric.shape:
        raise ValueError(f"grad returned shape {analytic.shape}, but x has shape {numeric.shape}")
    if not onp.isfinite(analytic).all():
        where = tuple(int(i) for i in onp.argwhere(~onp.isfinite(analytic))[0])
        raise ValueError(
            f"grad returned the non-finite value {analytic[where]} at index {where}; "
            "the central differences there are finite"
        )
    diff = onp.abs(analytic - numeric)
    floor = atol / rtol if rtol > 0 else 0.0
    scale = onp.maximum(onp.maximum(onp.abs(analytic), onp.abs(numeric)), floor)
    with onp.errstate(divide="ignore", invalid="ignore"):
        rel = onp.where(diff == 0, 0.0, diff / onp.where(scale > 0, scale, 1.0))
    rel = onp.atleast_1d(rel).ravel()
    failing = onp.atleast_1d(diff > atol + rtol * onp.abs(numeric)).ravel()
    passed = not failing.any()
    k = int(onp.argmax(rel if passed else onp.where(failing, rel, -1.0)))
    worst = onp.unravel_index(k, numeric.shape) if numeric.shape else ()
    return GradCheck(
        analytic=analytic,
        numeric=numeric,
        max_rel_error=float(rel[k]),
        worst_index=tuple(int(i) for i in worst),
        passed=passed,
        note=note,
        rtol=rtol,
        atol=atol,
    )
