"""Maximizing a trained network's output over one of its inputs (chapter 1).

With the weights and the other inputs x fixed, f(y) = net(x, y) is an ordinary function of y,
and an interior maximizer solves ∇_y f(y) = 0. A negative definite Hessian there is sufficient
for a strict local maximum; a negative semidefinite one is only necessary (−y⁴ has f'' = 0 at its
maximum). Erhan et al. (2009) call this activation maximization; Simonyan et al. (2014) apply it
to class scores. A maximum need not exist: a ReLU network can grow without bound, and a bounded
(saturating) one can approach its supremum only as |y| → ∞, without attaining it.

Offers
    maximize(f, y0, ...)            gradient ascent (plain or Adam), projected onto a box,
                                    with random restarts; reports the evidence far out when
                                    ascent runs away, and says what it cannot decide
    MaxResult                       its result: best y, f(y), path, converged, hit_bound,
                                    unbounded and attained (True, False or None:
                                    undecided)
    MAX_ITERATIONS                  the most ascent steps one call may take, (restarts + 1)·steps
    asymptotic_slope(f, y, d)       the slope of f far out along the direction d
    stationary_points(f, interval)  the roots of f' on an interval (scalar y), by bracketing
    classify_stationary(f, y)       maximum, minimum, saddle, inflection or degenerate, from
                                    derivatives

``f`` is a function of y alone, written with ``autograd.numpy``; fix x with a closure,
``functools.partial`` or ``companion.nets.freeze``. y may be a scalar or an array.
"""

import warnings
from dataclasses import dataclass

import autograd.numpy as np  # noqa: F401  (the doctests differentiate with it)
import numpy as onp
from autograd import grad, hessian, value_and_grad

from companion._validate import choice, finite_array, float32_number, function, integer, number

METHODS = ("adam", "plain")

# The most ascent steps one ``maximize`` call may take, (restarts + 1)·steps: a few minutes for a
# small network under autograd (about 0.2 ms per step for chapter 1's 2-10-1 network). Above it the call is refused instead of running for hours; batch
# many starts into one vector y (one step advances them all), or raise this limit on purpose.
MAX_ITERATIONS = 1_000_000


@dataclass(frozen=True)
class MaxResult:
    """What ``maximize`` found: the best y over every start, and how far to trust it.

    y, value      the best iterate seen and f there (a float for a scalar y)
    path, values  the best start's iterates y_0 … y_T and f along them
    converged     the projected gradient's norm fell to ``gtol``: a point where |∇f| ≤ gtol,
                  not necessarily a maximum (tanh converges near y = 9.9 after about 22 000 Adam
                  steps; y² converges at once from 0), hence the checks under ``attained``
    hit_bound     the best y lies on the box's edge (some coordinate at lower or upper)
    unbounded     True: f grows along the ascent direction as far as it was sampled (it
                  overflowed float64, or it is linear far out to ``LINEAR_RTOL``, as a ReLU
                  network beyond its last kink; a heuristic: f = min(y, 10⁶) is linear as far as
                  it is sampled and is called unbounded, and a kink beyond the sampling can even
                  hide an attained maximum); False: a box was given, on which a continuous f is
                  bounded; None: undecided, which is every other run without a box: no finite
                  run can prove that log y grows for ever or that arctan y levels off
    attained      whether y is a maximum, by the evidence. False: f far along the ascent
                  direction is higher than anywhere the run went (the supremum lies out there,
                  finite or not; checked for converged runs too, since a saturating f converges
                  far out), or the run converged where f curves upward (a minimum or saddle, by
                  the second-order test). None: the run converged, no box, and the second-order
                  test cannot decide (a zero curvature, or a Newton step |f'/f''| that is not
                  negligible, so y is only nearly stationary); or the run stopped short of a
                  peak that f has further along the ray (y·exp(−y/10⁵) stops near 50, its
                  peak is at 10⁵: take more steps). True otherwise: a box, a strict local
                  maximum by the second-order test, or a kink; no guarantee without a box
    slope, gains  the evidence far out along the ascent direction (None when not examined):
                  f's slope over the last doubling [4R, 8R] of the distance, and its gains over
                  [R, 2R], [2R, 4R] and [4R, 8R] (``gain`` is the last of them)
    steps         T, the steps the best start took
    starts, finals  every start, and the best f reached from each
    message       the verdict in words, with what it cannot decide
    """

    y: object
    value: float
    path: onp.ndarray
    values: onp.ndarray
    converged: bool
    hit_bound: bool
    unbounded: object
    steps: int
    starts: onp.ndarray
    finals: onp.ndarray
    message: str
    attained: object = True
    slope: object = None
    gains: object = None

    @property
    def gain(self):
        """f's gain over the last doubling [4R, 8R] of the distance, or None."""
        return None if self.gains is None else self.gains[-1]

    def __str__(self):
        return f"y = {_show(self.y)}, f(y) = {self.value:.6g}: {self.message}"


def _bounds(bounds, shape):
    if bounds is None:
        return None
    try:
        lower, upper = bounds
    except (TypeError, ValueError) as err:
        raise ValueError(f"bounds must be a pair (lower, upper), got {bounds!r}") from err
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
    exactly linear and s is that piece's slope: s > 0 means f is higher at 2R than at R, and
    grows without bound along d if R lies beyond the outermost kink (two samples cannot tell). For
    a saturating network (tanh), s → 0. Returns +inf if f itself overflows to +inf out there.

    >>> print(f"{asymptotic_slope(lambda y: np.maximum(2 * y - 1, 0.5 * y), 0.0, 1.0):.3f}")
    2.000
    >>> print(f"{asymptotic_slope(np.tanh, 0.0, 1.0):.3f}")
    0.000
    """
    function("f", f)
    y = finite_array("y", y, allow_complex=False)
    d = finite_array("direction", direction, allow_complex=False)
    if d.shape not in ((), y.shape) or not onp.any(d):
        raise ValueError(
            f"direction must be non-zero with y's shape {y.shape}, got {_show(d)} of shape {d.shape}"
        )
    far = number("far", far, lo=0.0, lo_open=True)
    with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
        d = onp.broadcast_to(d, y.shape) / onp.max(onp.abs(d))  # no underflow in the norm
        d = d / onp.linalg.norm(d)
        radius = far * max(1.0, float(onp.linalg.norm(y)))
        if not onp.isfinite(2 * radius):
            raise ValueError(f"far = {far:g} puts the far points beyond float range; lower it")
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
    identity. A start outside the box is projected into it first (``starts`` holds the projected
    one). A run stops when the projected gradient's norm is at most ``gtol`` (converged) or after
    ``steps`` steps; (restarts + 1)·steps above ``MAX_ITERATIONS`` is refused. The iterates keep
    y0's dtype: a float32 y0 is searched in float32 throughout (every constant and update is cast
    explicitly, so NumPy 1's and NumPy 2's promotion rules agree), as in the frameworks. Random
    starts are uniform in the box, or y0 + N(0, max(1, |y0|)²) without one, drawn with ``seed``.

    Without bounds, a run that still climbs over the second half of its path (converged or not) is
    followed along the ray from
    its last iterate in its late direction of ascent (the second half of its path), at distances
    doubling out to R = 10³·max(1, ‖y‖) and on to 8R, and the evidence is reported (``slope``,
    ``gains``, the message). If f falls somewhere on the ray, ascent had not reached the top along
    it (a peak of f along the ray lies ahead; for a scalar y, a local maximum). If f out there
    is higher than anywhere ascent went, no maximum was found (``attained=False``), and the
    gains over the doublings [R, 2R], [2R, 4R], [4R, 8R] say how f rises: doubling each time
    means f is linear out there (``unbounded=True``, as a ReLU network beyond its last kink);
    otherwise (log, √y, arctan, tanh) ``unbounded=None``, because no finite run can tell a
    function that grows for ever from one that levels off. A converged run whose ray shows no
    such rise (and any converged run inside a box, off its edge) gets the second-order test of
    ``classify_stationary`` (up to f'', with its Newton-distance check): a maximum keeps
    ``attained=True``, a minimum or saddle gets False, and an undecided test None. These verdicts
    are heuristics, from finitely many values of f: min(y, 10⁶) is linear as far as it is sampled
    and is called unbounded, and a maximum beyond 8R, or in a dip narrower than the sampling,
    goes unseen (y − 2·max(y − 10⁶, 0) is called unbounded, yet attains its maximum at 10⁶).
    With a box a continuous f always attains its maximum (``unbounded=False``), and ``hit_bound``
    says whether the best y is on its edge.

    >>> r = maximize(lambda y: -((y - 1.5) ** 2), 0.0, method="plain", lr=0.25)
    >>> print(f"{r.y:.6f} {r.converged} {r.hit_bound} {r.unbounded} {r.attained}")
    1.500000 True False None True
    >>> print(maximize(lambda y: -((y - 1.5) ** 2), 0.0, method="plain", lr=0.25).message)
    converged after 29 steps at a strict local maximum by the second-order test (no guarantee for f elsewhere)
    >>> print(maximize(lambda y: -((y - 1.5) ** 2), 0.0, bounds=(-1, 1)))
    y = 1, f(y) = -0.25: converged at a bound after 22 steps
    >>> print(maximize(lambda y: np.maximum(y, 0.0), 1.0, steps=50).message)
    ... # doctest: +NORMALIZE_WHITESPACE
    did not converge in 50 steps; f is linear as far as sampled (distance 2.8e+04): slope 1, the
    gain doubling with each doubling of the distance, as a ReLU network is beyond its last kink;
    unbounded unless f has a kink further out
    >>> r = maximize(np.arctan, 0.0)
    >>> print(r.unbounded, r.attained, f"{r.gain:.1e}")
    None False 1.3e-05
    """
    function("f", f)
    float32 = getattr(y0, "dtype", None) == onp.float32
    y0 = finite_array("y0", y0, allow_complex=False, nonempty=True)
    method = choice("method", method, METHODS)
    steps = integer("steps", steps, lo=1)
    restarts = integer("restarts", restarts, lo=0)
    if (restarts + 1) * steps > MAX_ITERATIONS:
        raise ValueError(
            f"(restarts + 1)·steps = {(restarts + 1) * steps:,} exceeds MAX_ITERATIONS = "
            f"{MAX_ITERATIONS:,} (restarts = {restarts}, steps = {steps}), hours of work at "
            "a few ms per step; batch starts into one vector y, or raise "
            "companion.inputs.MAX_ITERATIONS on purpose"
        )
    real = float32_number if float32 else number
    lr = real("lr", lr, lo=0.0, lo_open=True)
    gtol = number("gtol", gtol, lo=0.0)
    b1 = number("b1", b1, lo=0.0, hi=1.0, hi_open=True)
    b2 = number("b2", b2, lo=0.0, hi=1.0, hi_open=True)
    eps = real("eps", eps, lo=0.0, lo_open=True)
    if seed is not None and not isinstance(seed, onp.random.Generator):
        seed = integer("seed", seed, lo=0)
    return _maximize(f, y0, bounds, float32, method, lr, steps, restarts, seed, gtol, b1, b2, eps)


def _maximize(f, y0, bounds, float32, method, lr, steps, restarts, seed, gtol, b1, b2, eps):
    dtype = onp.float32 if float32 else onp.float64
    y0 = onp.array(y0, dtype=dtype)
    box = _bounds(bounds, y0.shape)
    if box is not None:
        box = tuple(onp.asarray(b, dtype=dtype) for b in box)
        y0 = onp.clip(y0, box[0], box[1]).astype(dtype)
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
    n = len(values) - 1
    ray, curvature = None, None
    if value == onp.inf:
        ray = {"kind": "overflow", "slope": onp.inf, "gains": (onp.inf,) * 3, "y": y}
        unbounded, attained = True, False
    elif box is not None:  # a continuous f is bounded on a closed box and attains its maximum
        unbounded, attained = False, True
    else:
        ray = _far_out(f, path, values, value, kinks=not converged)
        kind = ray["kind"] if ray else None
        unbounded = {"overflow": True, "linear": True}.get(kind)
        attained = kind not in ("overflow", "linear", "fading", "rising")
    if converged and attained and not hit_bound:
        curvature, attained = _second_order(f, y, box is None)
    elif ray and ray["kind"] == "ahead":  # ascent stopped short of a peak: y is not a maximum
        attained = None
    slope, gains = (ray.get("slope"), ray.get("gains")) if ray else (None, None)
    if converged:
        message = f"converged{' at a bound' if hit_bound else ''} after {n} steps"
        message += _curvature_note(curvature) if curvature else _verdict(ray, hit_bound, True)
    else:
        message = f"did not converge in {n} steps" + _verdict(ray, hit_bound, False)
    return MaxResult(
        y=float(y) if y.ndim == 0 else y.copy(),
        value=float(value),
        path=path,
        values=values,
        converged=converged,
        hit_bound=hit_bound,
        unbounded=unbounded,
        steps=n,
        starts=onp.array(starts),
        finals=finals,
        message=message,
        attained=None if attained is None else bool(attained),
        slope=None if slope is None else float(slope),
        gains=None if gains is None else tuple(float(g) for g in gains),
    )


# How close to exactly doubling the gains over successive doublings of the distance must be to
# call f linear far out (a ReLU network beyond its last kink is linear to rounding).
LINEAR_RTOL = 1e-6


def _far_out(f, path, values, value, kinks=True):
    """The evidence along the ray from the last iterate in the run's late direction of ascent.

    None when the run was not heading anywhere (no net direction, or f no longer rising).
    Otherwise a dict with ``kind``: 'kink' (only if ``kinks``: the last two steps' components
    along the net direction have opposite signs, so a coordinate that oscillates while f runs
    off in another does not count), 'ahead' (f falls somewhere
    along the ray: ascent had not reached the top along it), 'flat' (f far out is not above
    the best value found), 'overflow' (f is +inf far out), or, f being higher far out than
    anywhere ascent went, 'linear' (the gains G over the doublings [R, 2R], [2R, 4R], [4R, 8R]
    double each time, to ``LINEAR_RTOL``: f is linear out there), 'fading' (the last gain is
    under 3/4 of the one before, as for arctan or tanh) or 'rising' (neither: log, √y, y²);
    with ``slope`` = G₃/(4R), ``gains`` = (G₁, G₂, G₃) and ``far`` = f at 8R.
    R = 10³·max(1, ‖y‖); f is also sampled at distances doubling from the last step's length up
    to R, so a fall on the way is seen unless it is narrower than the sampling.
    """
    half = len(path) // 2
    direction = path[-1] - path[half]
    if half == 0 or not onp.any(direction) or values[-1] <= values[half]:
        return None
    y = onp.asarray(path[-1], dtype=float)
    d = onp.asarray(direction, dtype=float) / onp.max(onp.abs(direction))
    d = d / onp.linalg.norm(d)
    if kinks and len(path) > 2:
        late, before = (
            onp.vdot(onp.asarray(s, dtype=float), d) for s in onp.diff(path[-3:], axis=0)[::-1]
        )
        if late * before < 0:
            return {"kind": "kink", "slope": None, "gains": None}
    radius = 1e3 * max(1.0, float(onp.linalg.norm(y)))
    last = max(float(onp.linalg.norm(path[-1] - path[-2])), 1e-8 * radius)
    distances = [last * 2.0**k for k in range(int(onp.log2(radius / last)))]
    distances += [radius * 2.0**k for k in range(4)]
    with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ray = [_value(f, y + r * d, f"R = {r:.3g}") for r in distances]
    if onp.inf in ray:
        at = y + distances[ray.index(onp.inf)] * d
        return {"kind": "overflow", "slope": onp.inf, "gains": (onp.inf,) * 3, "y": at}
    noise = 1e-12 * max(1.0, abs(value))
    if onp.any(onp.diff([value, *ray]) < -noise):
        return {"kind": "ahead", "slope": None, "gains": None}
    g1, g2, g3 = onp.diff(ray[-4:])
    evidence = {"slope": g3 / (4 * radius), "gains": (g1, g2, g3), "far": ray[-1]}
    evidence["distance"] = distances[-1]
    if ray[-4] <= value + noise:
        kind = "flat"
    elif g1 > 0 and all(abs(b - 2 * a) <= LINEAR_RTOL * b for a, b in ((g1, g2), (g2, g3))):
        kind = "linear"
    elif g3 < 0.75 * g2 or g3 <= noise:
        kind = "fading"
    else:
        kind = "rising"
    return {"kind": kind, **evidence}


def _verdict(ray, hit_bound, converged):
    """The end of a message: what the evidence far out says, and what it cannot decide."""
    kind = ray["kind"] if ray else None
    if kind == "overflow":
        return (
            f"; f overflowed to +inf at y = {_show(ray['y'])}: it exceeds the float64 range, so "
            "treat it as unbounded"
        )
    if kind == "kink":
        return (
            "; its steps keep reversing, as at a kink (the peak of a ReLU network) or with an lr "
            "too large for the curvature, so the best point seen is returned"
        )
    if converged and kind not in ("linear", "fading", "rising"):
        return ""
    if converged:
        return " (|∇f| ≤ gtol), but the run was still rising" + _verdict(
            ray, hit_bound, False
        ).replace("; no maximum", ": no maximum", 1)
    if kind == "ahead":
        return (
            "; f falls further along the ascent direction, so ascent had not reached the top along "
            "it: take more steps or a larger lr"
        )
    if kind == "linear":
        return (
            f"; f is linear as far as sampled (distance {ray['distance']:.3g}): slope "
            f"{ray['slope']:.3g}, the gain doubling with each doubling of the distance, as a "
            "ReLU network is beyond its last kink; unbounded unless f has a kink further out"
        )
    if kind in ("fading", "rising"):
        shape = (
            "its rise fades: f looks bounded (as arctan), with a supremum no y attains, but no "
            "finite run can rule out growth further out"
            if kind == "fading"
            else "its rise does not fade, yet is not linear: f may be unbounded (as log is) or "
            "level off further out, and no finite run can decide which"
        )
        return (
            f"; no maximum was found: f is higher far along the ascent direction "
            f"({ray['far']:.6g} at distance {ray['distance']:.3g}) than anywhere ascent went, "
            f"and gains {ray['gains'][2]:.3g} over the last doubling of the distance after "
            f"{ray['gains'][1]:.3g}, so {shape}; y is only where ascent stopped"
        )
    return "; stopped at a bound" if hit_bound else ""


def _second_order(f, y, unboxed):
    """The second-order test at a converged y: (its verdict, attained)."""
    try:
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.filterwarnings("ignore", "Output seems independent of input", UserWarning)
            kind = _classify(f, onp.asarray(y, dtype=float), 1e-8, onp.inf, 2)
    except ValueError as err:
        return str(err), None
    if kind == "maximum":
        return kind, True
    if kind in ("minimum", "saddle"):
        return kind, False
    return kind, None if unboxed else True


def _curvature_note(curvature):
    if curvature == "maximum":
        return " at a strict local maximum by the second-order test (no guarantee for f elsewhere)"
    if curvature in ("minimum", "saddle"):
        return (
            f" at a {curvature}, not a maximum: f curves upward there (the second-order test); "
            "start elsewhere or add restarts"
        )
    return " (|∇f| ≤ gtol), but the second-order test cannot tell whether y is a maximum: " + (
        "a curvature within 1e-8 of 0" if curvature in ("degenerate", "inflection") else curvature
    )


def _ascend(f, y, box, method, lr, steps, gtol, b1, b2, eps):
    """One ascent run; returns (path, values, converged).

    Every constant and every update is cast to y's dtype, so a float32 search stays float32
    under NumPy 1's value-based casting (where a 0-d float32 array plus a Python float gave
    float64) as under NumPy 2's rules.
    """
    dtype = y.dtype.type
    lr, b1, b2, eps = dtype(lr), dtype(b1), dtype(b2), dtype(eps)
    one = dtype(1)
    value_grad = value_and_grad(f)
    m = onp.zeros_like(y)
    v = onp.zeros_like(y)
    path, values = [], []
    converged = False
    for t in range(steps + 1):
        with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
            value, g = value_grad(y)
        value = _checked(value, y, t)
        g = onp.asarray(g, dtype=dtype)
        path.append(y)
        values.append(value)
        if value == onp.inf:
            break
        if not onp.all(onp.isfinite(g)):
            raise ValueError(f"the gradient of f is not finite at step {t} (y = {_show(y)})")
        if box is not None:
            g = onp.where(((y <= box[0]) & (g < 0)) | ((y >= box[1]) & (g > 0)), dtype(0), g)
        if onp.linalg.norm(g) <= gtol:
            converged = True
            break
        if t == steps:
            break
        with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if method == "plain":
                step = lr * g
            else:
                m = onp.asarray(b1 * m + (one - b1) * g, dtype=dtype)
                v = onp.asarray(b2 * v + (one - b2) * g * g, dtype=dtype)
                m_hat = m / (one - b1 ** dtype(t + 1))
                v_hat = v / (one - b2 ** dtype(t + 1))
                step = lr * m_hat / (onp.sqrt(v_hat) + eps)
            y = onp.asarray(y + step, dtype=dtype)
        if not onp.all(onp.isfinite(y)):
            raise FloatingPointError(
                f"the ascent step overflowed at step {t + 1} (lr = {float(lr):g}); lower lr"
            )
        if box is not None:
            y = onp.asarray(onp.clip(y, box[0], box[1]), dtype=dtype)
    return onp.array(path, dtype=dtype), onp.array(values), converged


def stationary_points(f, interval, *, n=200, xtol=1e-12, gtol=1e-6):
    """Every root of f'(y) = 0 on ``interval`` = (a, b) where f' changes sign, for scalar y.

    f' (by autograd) is evaluated on n + 1 equally spaced points (2 ≤ n ≤ 10⁶); each sign change
    brackets a root that Brent's method (scipy.optimize.brentq; Brent 1973) refines to ``xtol``
    (> 0). This is a heuristic search: roots closer together than the grid spacing, and double
    roots where f' touches zero without changing sign, can be missed (y³ on (−1, 1.1) has f' =
    3y² ≥ 0 and no grid point at 0, so its stationary point 0 is not found): refine n if in doubt. A bracket around a kink, where f'
    jumps across zero (ReLU), is not a stationary point and is dropped (|f'| > gtol ≥ 0 there).

    >>> print([f"{r:.6f}" for r in stationary_points(np.sin, (0.0, 10.0))])
    ['1.570796', '4.712389', '7.853982']
    """
    from scipy.optimize import brentq

    function("f", f)
    a, b = _interval(interval)
    n = integer("n", n, lo=2, hi=10**6)
    xtol = number("xtol", xtol, lo=0.0, lo_open=True)
    gtol = number("gtol", gtol, lo=0.0)
    _value(f, a, "the interval's start")
    df = grad(f)
    ys = onp.linspace(a, b, n + 1)
    gs = onp.array([_derivative(df, y) for y in ys])
    if not onp.all(onp.isfinite(gs)):
        k = int(onp.argmin(onp.isfinite(gs)))
        raise ValueError(f"f'(y) is not finite at y = {ys[k]:.6g}")
    roots = [float(y) for y, g in zip(ys, gs) if g == 0]
    for k in onp.flatnonzero(onp.sign(gs[:-1]) * onp.sign(gs[1:]) < 0):
        root = brentq(lambda y: float(df(y)), ys[k], ys[k + 1], xtol=xtol)
        if abs(float(df(root))) <= gtol:
            roots.append(root)
    return onp.array(sorted(roots))


def _interval(interval):
    try:
        values = finite_array("interval", interval, allow_complex=False)
    except TypeError:
        raise TypeError(
            f"interval must be a pair of real numbers (a, b), got {interval!r}"
        ) from None
    if values.shape != (2,):
        raise ValueError(f"interval must be a pair (a, b), got {interval!r}")
    a, b = (float(v) for v in values)
    if not a < b:
        raise ValueError(f"interval must have a < b, got ({a}, {b})")
    if not onp.isfinite(b - a):
        raise ValueError(
            f"interval ({a:g}, {b:g}) is too wide: its width b - a overflows float64, so the "
            "grid cannot be spaced; split it into pieces narrower than about 1.8e308"
        )
    return a, b


def _derivative(df, y):
    raw = df(y)
    if onp.iscomplexobj(raw) or onp.shape(raw) != ():
        raise TypeError(
            f"f must map a real scalar y to a real scalar; f'({y:.6g}) has shape {onp.shape(raw)}"
        )
    return float(raw)


def classify_stationary(f, y, *, tol=1e-8, gtol=1e-5, max_order=6):
    """'maximum', 'minimum', 'saddle', 'inflection' or 'degenerate' for a stationary point y of f.

    The second-derivative test: at ∇f(y) = 0 the Hessian H = ∇²f(y) (autograd's ``hessian``)
    decides. All eigenvalues < −tol (negative definite, sufficient for a strict maximum):
    maximum; all > tol: minimum; both signs: saddle. Negative semidefinite is only necessary,
    so when an eigenvalue is within ``tol`` of 0 the test is silent. For a scalar y the first
    non-zero derivative f⁽ᵏ⁾(y) then decides, up to ``max_order``: k even, an extremum by its
    sign (−y⁴ is a maximum with f'' = 0); k odd, an 'inflection' (y³: f rises through y; some
    texts call it a saddle point, a name kept here for a curvature of both signs, in 2+ dimensions). What stays undecided is 'degenerate'.
    ``tol`` and ``gtol`` are >= 0; ``max_order`` is an integer in [2, 12]. The verdict is a
    heuristic, since "zero" means "within tol": −10⁻⁹y² has a strict maximum at 0, but its f''
    is within the default tol and every higher derivative vanishes, so it is called 'degenerate'
    (scale f, or lower tol). A small gradient is not stationarity: tanh at 6.5 has |f'| = 9e-6 <
    gtol and f'' < 0, but no maximum anywhere. So a definite curvature is trusted only when the
    Newton step to the nearby stationary point, ‖H⁻¹∇f‖ (|f'/f''|), is at most 10⁻⁶·max(1, ‖y‖);
    otherwise a ValueError says y is not stationary. Far out in a saturated region (a tanh
    network at y = 30, tanh at 1000) autograd's higher derivatives can be NaN, and that is also
    a ValueError.

    >>> [classify_stationary(f, 0.0) for f in (np.cos, lambda y: y**3, lambda y: -(y**4))]
    ['maximum', 'inflection', 'maximum']
    >>> classify_stationary(lambda y: y[0] ** 2 - y[1] ** 2, np.zeros(2))
    'saddle'
    """
    function("f", f)
    y = finite_array("y", y, allow_complex=False, nonempty=True)
    tol = number("tol", tol, lo=0.0)
    gtol = number("gtol", gtol, lo=0.0)
    max_order = integer("max_order", max_order, lo=2, hi=12)
    _value(f, y, "y")
    with warnings.catch_warnings():  # a derivative that is constant (y³'s fourth) is fine here
        warnings.filterwarnings("ignore", "Output seems independent of input", UserWarning)
        return _classify(f, y, tol, gtol, max_order)


def _classify(f, y, tol, gtol, max_order):
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
            if not onp.isfinite(value):
                raise ValueError(f"f's derivative of order {order} is {value} at y = {_show(y)}")
            if abs(value) > tol:
                if order % 2:
                    return "inflection"
                if order == 2:
                    _newton(y, float(g), value)
                return "maximum" if value < 0 else "minimum"
            derivative = grad(derivative)
        return "degenerate"
    H = onp.asarray(hessian(f)(y), dtype=float).reshape(y.size, y.size)
    if not onp.all(onp.isfinite(H)):
        raise ValueError(f"f's Hessian is not finite at y = {_show(y)}")
    eig = onp.linalg.eigvalsh((H + H.T) / 2)
    if onp.all(onp.abs(eig) > tol):
        _newton(y, g.ravel(), (H + H.T) / 2)
    if onp.all(eig < -tol):
        return "maximum"
    if onp.all(eig > tol):
        return "minimum"
    if eig.min() < -tol and eig.max() > tol:
        return "saddle"
    return "degenerate"


def _newton(y, g, H):
    """Refuse a y whose Newton step to the nearby stationary point is not negligible."""
    with onp.errstate(all="ignore"):  # a y near the float range: an inf norm is a fine answer
        step = float(onp.linalg.norm(onp.linalg.solve(H, g) if onp.ndim(H) else g / H))
        size = float(onp.linalg.norm(y))
    if step > 1e-6 * max(1.0, size):
        raise ValueError(
            f"y = {_show(y)} is not a stationary point: |∇f| ≤ gtol, but the Newton step to "
            f"where ∇f = 0 is {step:.3g}, not negligible next to |y|; refine y first"
        )
