"""Maximizing a trained network's output over one of its inputs (chapter 1).

With the weights and the other inputs x fixed, f(y) = net(x, y) is an ordinary function of y,
and its maximizer solves ∇_y f(y) = 0 with a negative definite Hessian (Erhan et al. 2009
call this activation maximization; Simonyan et al. 2014 apply it to class scores).

Offers
    maximize(f, y0, ...)            gradient ascent (plain or Adam), projected onto a box,
                                    with random restarts; detects an unbounded objective
    MaxResult                       its result: best y, f(y), path, converged, hit_bound, unbounded
    asymptotic_slope(f, y, d)       the slope of f far out along the direction d
    stationary_points(f, interval)  the roots of f' on an interval (scalar y), by bracketing
    classify_stationary(f, y)       maximum, minimum, saddle or degenerate, from derivatives

``f`` is a function of y alone, written with ``autograd.numpy``; fix x with a closure,
``functools.partial`` or ``companion.nets.freeze``. y may be a scalar or an array.
"""

from dataclasses import dataclass

import autograd.numpy as np  # noqa: F401  (the doctests differentiate with it)
import numpy as onp
from autograd import grad, hessian, value_and_grad

from companion._validate import choice, finite_array, positive

METHODS = ("adam", "plain")


@dataclass(frozen=True)
class MaxResult:
    """What ``maximize`` found: the best y over every start, and how far to trust it.

    y, value      the best iterate seen and f there (a float for a scalar y)
    path, values  the best start's iterates y_0 … y_T and f along them
    converged     the projected gradient's norm fell to ``gtol``
    hit_bound     the best y lies on the box's edge (some coordinate at lower or upper)
    unbounded     f kept climbing linearly as ascent ran away: no maximum exists
    steps         T, the steps the best start took
    starts, finals  every start, and the best f reached from each
    message       the verdict in words
    """

    y: object
    value: float
    path: onp.ndarray
    values: onp.ndarray
    converged: bool
    hit_bound: bool
    unbounded: bool
    steps: int
    starts: onp.ndarray
    finals: onp.ndarray
    message: str

    def __str__(self):
        return f"y = {_show(self.y)}, f(y) = {self.value:.6g}: {self.message}"


def _steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, (int, onp.integer)) or steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    return int(steps)


def _bounds(bounds, shape):
    if bounds is None:
        return None
    try:
        lower, upper = bounds
    except (TypeError, ValueError) as err:
        raise ValueError("bounds must be a pair (lower, upper)") from err
    lower = finite_array("bounds lower", lower, allow_complex=False)
    upper = finite_array("bounds upper", upper, allow_complex=False)
    for name, b in (("lower", lower), ("upper", upper)):
        if b.shape not in ((), shape):
            raise ValueError(
                f"bounds {name} must be a scalar or have y0's shape {shape}, got shape {b.shape}"
            )
    lower, upper = onp.broadcast_to(lower, shape), onp.broadcast_to(upper, shape)
    if onp.any(lower > upper):
        k = tuple(int(i) for i in onp.argwhere(lower > upper)[0])
        raise ValueError(
            f"bounds must have lower <= upper; at index {k} lower = {lower[k]} > upper = {upper[k]}"
        )
    return lower, upper


def _value(f, y, step):
    """f(y) as a float, or an error naming the step: f must give one real number, never NaN."""
    return _checked(f(y), y, step)


def _checked(raw, y, step):
    arr = onp.asarray(raw)
    if arr.shape != () or not onp.issubdtype(arr.dtype, onp.number) or onp.iscomplexobj(arr):
        raise TypeError(
            f"f must return a real scalar; at step {step} it returned {type(raw).__name__} "
            f"of shape {arr.shape}. Sum or index the output you want to maximize."
        )
    value = float(arr)
    if onp.isnan(value) or value == -onp.inf:
        raise ValueError(f"f returned {value} at step {step} (y = {_show(y)})")
    return value


def _show(y):
    y = onp.asarray(y)
    return f"{float(y):.6g}" if y.ndim == 0 else onp.array2string(y, precision=6, threshold=6)


def asymptotic_slope(f, y, direction, *, far=1e3):
    """The slope of f far out along ``direction`` from y, where a ReLU network is linear.

    s = [f(y + 2R·d) − f(y + R·d)] / R with d = direction/‖d‖ and R = far·max(1, ‖y‖). A
    piecewise-linear network (ReLU) has finitely many kinks, so beyond the outermost one f is
    exactly linear and s is that piece's slope: s > 0 means f grows without bound along d. For
    a saturating network (tanh), s → 0. Returns +inf if f itself overflows to +inf out there.

    >>> print(f"{asymptotic_slope(lambda y: np.maximum(2 * y - 1, 0.5 * y), 0.0, 1.0):.3f}")
    2.000
    >>> print(f"{asymptotic_slope(np.tanh, 0.0, 1.0):.3f}")
    0.000
    """
    y = finite_array("y", y, allow_complex=False)
    d = finite_array("direction", direction, allow_complex=False)
    if d.shape not in ((), y.shape) or not onp.any(d):
        raise ValueError(f"direction must be non-zero with y's shape {y.shape}, got {d.shape}")
    d = onp.broadcast_to(d, y.shape) / onp.linalg.norm(d)
    radius = positive("far", far) * max(1.0, float(onp.linalg.norm(y)))
    with onp.errstate(over="ignore", invalid="ignore"):
        near, away = (_value(f, y + r * d, f"R = {r:.3g}") for r in (radius, 2 * radius))
    if away == onp.inf:
        return onp.inf
    return (away - near) / radius


def maximize(
    f,
    y0,
    *,
    bounds=None,
    method="adam",
    lr=0.05,
    steps=1000,
    restarts=0,
    seed=None,
    gtol=1e-8,
    b1=0.9,
    b2=0.999,
    eps=1e-8,
):
    """Maximize f(y) by gradient ascent from y0 and ``restarts`` random starts.

    plain:  y ← P(y + lr·∇f(y))
    adam:   y ← P(y + lr·m̂/(√v̂ + ε)), m̂, v̂ the bias-corrected moments of ∇f (Kingma & Ba 2015)

    P clips to the box ``bounds = (lower, upper)`` (projected ascent); without bounds P is the
    identity. A run stops when the projected gradient's norm is at most ``gtol`` (converged)
    or after ``steps`` steps. The iterates keep y0's dtype (float32 stays float32, as in the
    frameworks). Random starts are uniform in the box, or y0 + N(0, max(1, |y0|)²)
    without one, drawn with ``seed``. Without bounds, a run that has not converged, is still
    moving away from its start (its distance doubled over the second half of its steps, as on a
    linear piece) and whose objective still climbs far out along that direction
    (``asymptotic_slope`` > 0) is flagged ``unbounded``: the supremum is not attained, and the
    returned y is only where ascent happened to stop.

    >>> r = maximize(lambda y: -((y - 1.5) ** 2), 0.0, method="plain", lr=0.25)
    >>> print(f"{r.y:.6f} {r.converged} {r.hit_bound} {r.unbounded}")
    1.500000 True False False
    >>> print(maximize(lambda y: -((y - 1.5) ** 2), 0.0, bounds=(-1, 1)))
    y = 1, f(y) = -0.25: converged at a bound after 22 steps
    >>> print(maximize(lambda y: np.maximum(y, 0.0), 1.0, steps=50).message)
    did not converge in 50 steps; f grows without bound (slope 1 far along the ascent direction)
    """
    if not callable(f):
        raise TypeError(f"f must be a function of y, got {type(f).__name__}")
    dtype = onp.float32 if onp.asarray(y0).dtype == onp.float32 else float
    y0 = finite_array("y0", y0, allow_complex=False).astype(dtype)
    box = _bounds(bounds, y0.shape)
    if box is not None:
        box = tuple(b.astype(dtype) for b in box)
    choice("method", method, METHODS)
    lr = positive("lr", lr)
    steps = _steps(steps)
    if isinstance(restarts, bool) or not isinstance(restarts, (int, onp.integer)) or restarts < 0:
        raise ValueError(f"restarts must be an integer >= 0, got {restarts!r}")
    gtol = positive("gtol", gtol, strict=False)
    _value(f, y0, 0)

    rng = onp.random.default_rng(seed)
    starts = [y0]
    for _ in range(restarts):
        if box is not None:
            start = rng.uniform(box[0], box[1])
        else:
            start = y0 + rng.normal(0.0, max(1.0, float(onp.max(onp.abs(y0)))), y0.shape)
        starts.append(onp.asarray(start, dtype=dtype))
    runs = [_ascend(f, start, box, method, lr, steps, gtol, b1, b2, eps) for start in starts]
    finals = onp.array([run[1].max() for run in runs])
    path, values, converged = runs[int(onp.argmax(finals))]
    best = len(values) - 1 - int(onp.argmax(values[::-1]))  # the latest of tied bests
    y, value = path[best], values[best]

    hit_bound = box is not None and bool(onp.any((y <= box[0]) | (y >= box[1])))
    unbounded, slope = False, 0.0
    if value == onp.inf:
        unbounded, slope = True, onp.inf
    elif box is None and not converged and _running_away(path):
        slope = asymptotic_slope(f, path[-1], path[-1] - path[len(path) // 2])
        unbounded = slope > 0
    n = len(values) - 1
    if converged:
        message = f"converged{' at a bound' if hit_bound else ''} after {n} steps"
    else:
        message = f"did not converge in {n} steps"
        if unbounded:
            message += f"; f grows without bound (slope {slope:.3g} far along the ascent direction)"
        elif len(path) > 2 and onp.vdot(path[-1] - path[-2], path[-2] - path[-3]) < 0:
            message += (
                "; its steps keep reversing, as at a kink (the peak of a ReLU network), "
                "so the best point seen is returned"
            )
        elif hit_bound:
            message += "; stopped at a bound"
    return MaxResult(
        y=float(y) if y.ndim == 0 else y,
        value=float(value),
        path=path,
        values=values,
        converged=converged,
        hit_bound=hit_bound,
        unbounded=bool(unbounded),
        steps=n,
        starts=onp.array(starts),
        finals=finals,
        message=message,
    )


def _running_away(path):
    """True when the iterates still move away from the start at an undiminished pace."""
    half = onp.linalg.norm(path[len(path) // 2] - path[0])
    return onp.linalg.norm(path[-1] - path[0]) >= 1.5 * half > 0


def _ascend(f, y, box, method, lr, steps, gtol, b1, b2, eps):
    """One ascent run; returns (path, values, converged)."""
    value_grad = value_and_grad(f)
    m = onp.zeros_like(y)
    v = onp.zeros_like(y)
    path, values = [], []
    converged = False
    for t in range(steps + 1):
        with onp.errstate(over="ignore", invalid="ignore"):
            value, g = value_grad(y)
        value = _checked(value, y, t)
        g = onp.asarray(g, dtype=y.dtype)
        path.append(y)
        values.append(value)
        if value == onp.inf:
            break
        if not onp.all(onp.isfinite(g)):
            raise ValueError(f"the gradient of f is not finite at step {t} (y = {_show(y)})")
        if box is not None:
            g = onp.where(((y <= box[0]) & (g < 0)) | ((y >= box[1]) & (g > 0)), 0.0, g)
        if onp.linalg.norm(g) <= gtol:
            converged = True
            break
        if t == steps:
            break
        if method == "plain":
            y = y + lr * g
        else:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g**2
            y = y + lr * (m / (1 - b1 ** (t + 1))) / (onp.sqrt(v / (1 - b2 ** (t + 1))) + eps)
        if box is not None:
            y = onp.clip(y, box[0], box[1])
    return onp.array(path), onp.array(values), converged


def stationary_points(f, interval, *, n=200, xtol=1e-12, gtol=1e-6):
    """Every root of f'(y) = 0 on ``interval`` = (a, b) where f' changes sign, for scalar y.

    f' (by autograd) is evaluated on n + 1 equally spaced points; each sign change brackets a
    root that Brent's method (scipy.optimize.brentq; Brent 1973) refines to ``xtol``. Roots
    closer together than the grid spacing, and double roots where f' touches zero without
    changing sign, can be missed: refine n if in doubt. A bracket around a kink, where f'
    jumps across zero (ReLU), is not a stationary point and is dropped (|f'| > gtol there).

    >>> print([f"{r:.6f}" for r in stationary_points(np.sin, (0.0, 10.0))])
    ['1.570796', '4.712389', '7.853982']
    """
    from scipy.optimize import brentq

    if not callable(f):
        raise TypeError(f"f must be a function of a scalar y, got {type(f).__name__}")
    try:
        a, b = (float(v) for v in finite_array("interval", interval, allow_complex=False))
    except ValueError as err:
        if "finite" in str(err):
            raise
        raise ValueError(f"interval must be a pair (a, b), got {interval!r}") from err
    if not a < b:
        raise ValueError(f"interval must have a < b, got ({a}, {b})")
    if isinstance(n, bool) or not isinstance(n, (int, onp.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    _value(f, a, "the interval's start")
    df = grad(f)
    ys = onp.linspace(a, b, n + 1)
    gs = onp.array([float(df(y)) for y in ys])
    if not onp.all(onp.isfinite(gs)):
        k = int(onp.argmin(onp.isfinite(gs)))
        raise ValueError(f"f'(y) is not finite at y = {ys[k]:.6g}")
    roots = [float(y) for y, g in zip(ys, gs) if g == 0]
    for k in onp.flatnonzero(gs[:-1] * gs[1:] < 0):
        root = brentq(lambda y: float(df(y)), ys[k], ys[k + 1], xtol=xtol)
        if abs(float(df(root))) <= gtol:
            roots.append(root)
    return onp.array(sorted(roots))


def classify_stationary(f, y, *, tol=1e-8, gtol=1e-5, max_order=6):
    """'maximum', 'minimum', 'saddle' or 'degenerate' for a stationary point y of f.

    The second-derivative test: at ∇f(y) = 0 the Hessian H = ∇²f(y) (autograd's ``hessian``)
    decides. All eigenvalues < −tol: maximum; all > tol: minimum; both signs: saddle. For a
    scalar y with f''(y) = 0 the test is silent, so the first non-zero derivative f⁽ᵏ⁾(y)
    decides (k even: an extremum by its sign; k odd: an inflection, reported as 'saddle'),
    up to ``max_order``. What stays undecided is 'degenerate'.

    >>> [classify_stationary(f, 0.0) for f in (np.cos, lambda y: y**3, lambda y: y**4)]
    ['maximum', 'saddle', 'minimum']
    >>> classify_stationary(lambda y: y[0] ** 2 - y[1] ** 2, np.zeros(2))
    'saddle'
    """
    if not callable(f):
        raise TypeError(f"f must be a function of y, got {type(f).__name__}")
    y = finite_array("y", y, allow_complex=False)
    _value(f, y, "y")
    g = onp.asarray(grad(f)(y), dtype=float)
    if onp.linalg.norm(g) > gtol:
        raise ValueError(
            f"y = {_show(y)} is not a stationary point: |∇f(y)| = {onp.linalg.norm(g):.3g} > "
            f"gtol = {gtol:g}; find one first (stationary_points or maximize)"
        )
    if y.ndim == 0:
        derivative = grad(grad(f))
        for order in range(2, max_order + 1):
            value = float(derivative(y))
            if abs(value) > tol:
                if order % 2:
                    return "saddle"
                return "maximum" if value < 0 else "minimum"
            derivative = grad(derivative)
        return "degenerate"
    H = onp.asarray(hessian(f)(y), dtype=float).reshape(y.size, y.size)
    eig = onp.linalg.eigvalsh((H + H.T) / 2)
    if onp.all(eig < -tol):
        return "maximum"
    if onp.all(eig > tol):
        return "minimum"
    if eig.min() < -tol and eig.max() > tol:
        return "saddle"
    return "degenerate"
