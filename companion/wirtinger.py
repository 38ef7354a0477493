"""Complex derivatives: Wirtinger calculus, and what four frameworks call "the gradient".

Offers
    real_jacobian(f)        z ↦ the 2×2 real Jacobian [[u_x, u_y], [v_x, v_y]] of f = u + iv
    wirtinger(f)            z ↦ (∂f/∂z, ∂f/∂z̄), elementwise, or for a scalar f of an array
    is_holomorphic(f, z)    numerical Cauchy–Riemann check: ∂f/∂z̄ ≈ 0 at z and on small
                            circles around it (holomorphic = on a neighbourhood)
    descent_direction(f, z) the steepest-descent direction −2 ∂f/∂z̄ of a real loss
    framework_grad(f, z, framework, cotangent=None)
                            the value TensorFlow, PyTorch, JAX or autograd return as "the gradient"
    FRAMEWORK_MODES         the valid framework names (the four, plus two holomorphic modes)
    COMPLEX_OPTIMIZERS      which built-in optimizers of Keras, PyTorch and optax train a
                            complex parameter correctly (measured; re-checked in conformance)
    convention(f, z, framework, cotangent=None)
                            which Wirtinger expression that gradient is, as text
    conventions_table(rows) the table of chapter 4: every framework's convention per row,
                            displayed as Markdown (a ConventionsTable)
    NotDifferentiableError  raised where f has no real derivative (a kink), so no Wirtinger pair
    ComplexOutputError      raised for a complex output and no cotangent (a FrameworkRaises)

An emulated framework's refusal raises companion.frameworks.FrameworkRaises, as in every module.

Write z = x + iy and f = u + iv. The Wirtinger derivatives (Brandwood 1983;
Kreutz-Delgado 2009) treat z and z̄ as independent variables:

    ∂f/∂z = ½ (∂f/∂x − i ∂f/∂y),        ∂f/∂z̄ = ½ (∂f/∂x + i ∂f/∂y).

A real-differentiable f is complex-differentiable at a point exactly where ∂f/∂z̄ = 0 there
(the Cauchy–Riemann equations), and then ∂f/∂z = f′(z); it is holomorphic on an open set
where ∂f/∂z̄ = 0 throughout (|z|² is complex-differentiable at 0 only: holomorphic nowhere).
Where f is not real-differentiable (|z| at 0) neither derivative exists. For a real loss L the steepest-ascent direction is 2 ∂L/∂z̄ =
∂L/∂x + i ∂L/∂y. Every function here computes ∂f/∂x and ∂f/∂y with autograd on the
real and imaginary parts, so nothing depends on autograd's own complex convention.
"""

import warnings

import autograd.numpy as np
import numpy as onp
from autograd import grad

from companion._validate import choice, finite_array, function, number
from companion.frameworks import FRAMEWORKS, FrameworkRaises

FRAMEWORK_MODES = FRAMEWORKS + ("jax-holomorphic", "autograd-holomorphic")

# Which built-in optimizers train a complex parameter correctly when handed the framework's own
# gradient (JAX's conjugated first, see descent_direction). Measured with keras 3.15.1,
# torch 2.13.0 and optax 0.2.8 on complex least squares: "safe" means the run reaches the loss
# that the same optimizer reaches on the real and imaginary parts as separate real parameters.
# Only the optimizers listed were measured; others may differ (torch's Adadelta and optax's
# adadelta, for example, had not converged either way in the probe's 150 steps, so they are left
# out). optax scales by |g|² and torch treats a complex weight as two real ones (view_as_real),
# so both are safe. Keras' adaptive optimizers square the gradient as g·g, a complex number:
# RMSprop and Adagrad walk to a wrong point without an error; the Adam family mixes complex64
# into a complex128 product and raises, while on complex64 weights it too walks silently to a
# wrong point. tests/conformance/test_ch04_complex_optimizers.py runs every entry against the
# real framework (complex128, and complex64 where the entry names it).
_WRONG_POINT = "wrong point, silently (squares g as g·g, not |g|²)"
_RAISES_128 = "raises InvalidArgumentError in complex128; wrong point, silently, in complex64"
COMPLEX_OPTIMIZERS = {
    "keras": {
        "SGD": "safe",
        "SGD(momentum=0.9)": "safe",
        "RMSprop": _WRONG_POINT,
        "Adagrad": _WRONG_POINT,
        "Adam": _RAISES_128,
        "AdamW": _RAISES_128,
        "Nadam": _RAISES_128,
    },
    "torch": {
        **dict.fromkeys(("SGD", "SGD(momentum=0.9)", "RMSprop", "Adagrad", "Adam"), "safe"),
        "Adafactor": "raises RuntimeError",
    },
    "optax": {
        **dict.fromkeys(("sgd", "sgd(momentum=0.9)", "rmsprop", "adagrad", "adam"), "safe"),
        "sm3": "raises ValueError",
        "rprop": "raises ValueError",
    },
}

# What each real framework raises where framework_grad raises FrameworkRaises, as
# (exception type, message), measured with torch 2.13.0, tensorflow 2.21.0, jax 0.10.2 and
# autograd 1.9.1.
_NO_COTANGENT_COMPLEX = {
    "torch": ("RuntimeError", "grad can be implicitly created only for real scalar outputs"),
    "jax": ("TypeError", "grad requires real-valued outputs"),
    "autograd": ("TypeError", "Grad only applies to real scalar-output functions"),
}
_NO_COTANGENT_NONSCALAR = {
    "torch": ("RuntimeError", "grad can be implicitly created only for scalar outputs"),
    "jax": ("TypeError", "Gradient only defined for scalar-output functions"),
    "jax-holomorphic": ("TypeError", "Gradient only defined for scalar-output functions"),
    "autograd": ("TypeError", "Grad only applies to real scalar-output functions"),
    "autograd-holomorphic": ("TypeError", "Grad only applies to real scalar-output functions"),
}
_COMPLEX_COTANGENT_REAL_OUTPUT = {
    "tensorflow": (
        "InvalidArgumentError or TypeError",
        "InvalidArgumentError when a Mul made the output (e.g. abs(z)**2), TypeError when"
        " tf.math.real, tf.math.imag or tf.abs did",
    ),
    "torch": ("RuntimeError", "... grad_output and output are required to have the same dtype"),
    "jax": ("ValueError", "unexpected JAX type (e.g. shape/dtype) for argument to VJP function"),
    "autograd": (None, "its answer depends on the operations inside f, not on f"),
}


class ComplexOutputError(FrameworkRaises):
    """A complex output and no cotangent: PyTorch, JAX and autograd refuse to pick one."""


class NotDifferentiableError(ValueError):
    """f has no real derivative at z (a kink or a cusp), so it has no Wirtinger derivatives."""


def _complex_input(z):
    z = finite_array("z", z, nonempty=True)
    if not onp.iscomplexobj(z):
        raise TypeError(
            f"z must be complex (for example {z.flat[0] if z.size else 1.0} + 0j), got real "
            f"dtype {z.dtype}: on a real z every convention agrees, so nothing can be compared"
        )
    return z


def _evaluate(f, z):
    """f(z) as an ndarray, checked: numeric, finite, and a scalar or shaped like z."""
    function("f", f)
    with onp.errstate(all="ignore"):
        value = onp.asarray(f(z))
    if value.dtype == object or not onp.issubdtype(value.dtype, onp.number):
        raise TypeError(f"f must return numbers, got dtype {value.dtype}")
    if value.shape not in ((), z.shape):
        raise ValueError(
            f"f must return a scalar, or an array shaped like z {z.shape} (applied elementwise); "
            f"got shape {value.shape}"
        )
    bad = ~onp.isfinite(value)
    if bad.any():
        where = tuple(int(i) for i in onp.argwhere(bad)[0])
        raise ValueError(f"f returned the non-finite value {value[where]} at z = {z[where]}")
    return value


def _raw_partials(f, z):
    """(∂f/∂x, ∂f/∂y) at z, by autograd on u = Re f and v = Im f as functions of real x, y.

    A scalar f of an array gives its gradient; an elementwise f gives the diagonal. No check:
    entries may be non-finite, and at a kink autograd returns one subgradient."""
    value = _evaluate(f, z)
    xy = (onp.real(z), onp.imag(z))

    def summed(part, seed):
        return lambda p: seed * np.sum(part(f(p[0] + 1j * p[1])))  # float seed: an integer f

    def partials(seed):
        with onp.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                u_x, u_y = grad(summed(np.real, seed))(xy)
                v_x, v_y = (
                    grad(summed(np.imag, seed))(xy)
                    if onp.iscomplexobj(value)
                    else (0.0 * u_x, 0.0 * u_y)
                )
            except (TypeError, ValueError, AttributeError) as err:
                raise TypeError(
                    "f must be differentiable by autograd (write it with autograd.numpy, "
                    f"`import autograd.numpy as np`); differentiating it raised "
                    f"{type(err).__name__}: {err}"
                ) from err
            # inf or nan stay for the caller to judge
            f_x = onp.broadcast_to(onp.asarray(u_x + 1j * v_x, dtype=complex) / seed, z.shape)
            f_y = onp.broadcast_to(onp.asarray(u_y + 1j * v_y, dtype=complex) / seed, z.shape)
        return f_x, f_y

    f_x, f_y = partials(1.0)
    # autograd's rules multiply before they divide (|x|: g·conj(x)/|x|), so a derivative far
    # below 1 can underflow to 0 on the way although it is representable (2e-300 for |z − a|²
    # with |a| = 1e-300). Entries that came out 0, tiny or not finite are recomputed with the
    # exact seed 2**1000, which lifts the intermediate products, and kept where that is finite.
    small = ~(onp.abs(f_x) + onp.abs(f_y) > _SMALL)  # nan too
    if small.any():
        g_x, g_y = partials(_SEED)
        lifted = small & onp.isfinite(g_x) & onp.isfinite(g_y)
        f_x, f_y = onp.where(lifted, g_x, f_x), onp.where(lifted, g_y, f_y)
    return f_x, f_y


_SMALL, _SEED = 2.0**-500, 2.0**1000  # see _raw_partials


# The neighbourhood both checks sample: 8 points on a circle around every entry of z, at angles
# 2π(k + 0.3)/8 (off the axes, so a kink along an axis is not straddled symmetrically), each
# entry turned by a further golden angle so that entries move in different directions and a
# kink that couples entries (e.g. |z₀ − z₁|) is seen too.
_RING_POINTS = 8
_GOLDEN_ANGLE = onp.pi * (3 - onp.sqrt(5))


def _ring(z, radius, k):
    """The k-th point on the circles of the given radii (an array like z) around the entries of z."""
    phase = 2 * onp.pi * (k + 0.3) / _RING_POINTS + _GOLDEN_ANGLE * onp.arange(z.size)
    return z + radius * onp.exp(1j * phase).reshape(z.shape)


def _first(mask, z):
    where = tuple(int(i) for i in onp.argwhere(mask)[0]) if z.shape else ()
    return z[where]


def _ring_partials(f, z, radius):
    """(∂f/∂x, ∂f/∂y) at the _RING_POINTS points around z, stacked; NotDifferentiableError if
    f or its derivative is not finite there."""
    fx, fy = [], []
    for k in range(_RING_POINTS):
        try:
            a, b = _raw_partials(f, _ring(z, radius, k))
        except ValueError as err:  # f itself is not finite next to z
            raise NotDifferentiableError(
                f"f is not differentiable at z = {z if not z.shape else z.ravel()[0]}: it is not "
                f"finite right next to it ({err})"
            ) from None
        fx.append(a)
        fy.append(b)
    fx, fy = onp.stack(fx), onp.stack(fy)
    bad = ~(onp.isfinite(fx) & onp.isfinite(fy)).all(axis=0)
    if bad.any():
        raise ValueError(
            f"the derivative of f is not finite at or next to z = {_first(bad, z)}: it "
            "overflows there, or f is singular there; rescale f or z"
        )
    return fx, fy


def _partials(f, z, check=True):
    """(∂f/∂x, ∂f/∂y) at z, from autograd, made trustworthy where autograd alone is not.

    The derivative is also computed on two small circles around each entry of z, of radius
    r = 1e-8·|z| and 100 r (r at least 1e-150, so that squares of the steps stay normal
    floats; a kink nearer to z than r counts as one at z), and it must settle there: on the
    inner circle it varies by at most 1e-6 of its size, or by at most a
    tenth of its variation on the outer one (a smooth f varies 100 times less; at a kink or a
    cusp it does not shrink). Where autograd's value at z is not finite but the derivative
    settles around z, that limit is the derivative: autograd's modulus rule, for example,
    divides by |x| and overflows when |x| is subnormal although |x|² is smooth. A limit below
    1e-6 of the samples' size is their rounding noise, not a derivative (4.4e-309j would come
    out as 3.9e-166): ValueError "cannot be resolved", never that noise. With check=False
    (the frameworks' own answer, subgradients included) the circles are sampled only there.
    """
    f_x, f_y = _raw_partials(f, z)
    finite = onp.isfinite(f_x) & onp.isfinite(f_y)
    if finite.all() and not check:
        return f_x, f_y
    radius = onp.maximum(1e-8 * onp.abs(z), 1e-150)
    inner_x, inner_y = _ring_partials(f, z, radius)
    centre_x = onp.where(finite, f_x, inner_x.mean(axis=0))  # the mean cancels the linear term
    centre_y = onp.where(finite, f_y, inner_y.mean(axis=0))

    def spread(ring_x, ring_y):
        return (onp.abs(ring_x - centre_x) + onp.abs(ring_y - centre_y)).max(axis=0)

    size = onp.maximum(
        (onp.abs(inner_x) + onp.abs(inner_y)).max(axis=0), onp.abs(centre_x) + onp.abs(centre_y)
    )
    inner = spread(inner_x, inner_y)
    settled = inner <= 1e-6 * size
    if not settled.all():
        outer = spread(*_ring_partials(f, z, 100 * radius))
        settled |= inner <= 0.1 * outer
    needed = onp.ones(z.shape, bool) if check else ~finite
    unsettled = needed & ~settled
    if unsettled.any():
        raise NotDifferentiableError(
            f"f is not differentiable at z = {_first(unsettled, z)}: its derivative does not "
            "settle as the point approaches z (a kink or a cusp, such as |z| at 0), so there is "
            "no ∂f/∂z or ∂f/∂z̄ there. autograd would return one subgradient (0 for np.abs at "
            "0); framework_grad(f, z, framework) gives the value each framework returns there"
        )
    ring_size = (onp.abs(inner_x) + onp.abs(inner_y)).max(axis=0)
    lost = ~finite & (onp.abs(centre_x) + onp.abs(centre_y) <= 1e-6 * ring_size)
    if lost.any():  # the mean of the ring is rounding noise, not a derivative
        raise ValueError(
            f"the derivative of f at z = {_first(lost, z)} cannot be resolved: autograd's rules "
            "give no finite value there (a subnormal intermediate), and the derivative is "
            f"smaller than the rounding error of its samples at distance {_first(lost, radius):.0e}"
            "; rescale f or z"
        )
    return centre_x, centre_y


def _scalar_or_array(a, z):
    return a if z.shape else a[()]


def real_jacobian(f):
    """Return z ↦ J, the Jacobian of f = u + iv as a map (x, y) ↦ (u, v) of the plane.

        J = [[∂u/∂x, ∂u/∂y],
             [∂v/∂x, ∂v/∂y]],

    shape z.shape + (2, 2). f is complex-differentiable at z where J is a scaled rotation,
    [[a, −b], [b, a]] (the Cauchy–Riemann equations u_x = v_y, u_y = −v_x); then f′(z) = a + ib.
    Raises NotDifferentiableError where f has no real derivative (see ``wirtinger``).

    >>> J = real_jacobian(lambda z: z**2)(1 + 2j)
    >>> print(J.round(6).tolist())
    [[2.0, -4.0], [4.0, 2.0]]
    >>> print(real_jacobian(np.conj)(1 + 2j).round(6).tolist())
    [[1.0, 0.0], [0.0, -1.0]]
    """
    function("f", f)

    def jacobian(z):
        f_x, f_y = _partials(f, _complex_input(z))
        rows = (onp.stack([f_x.real, f_y.real], -1), onp.stack([f_x.imag, f_y.imag], -1))
        return onp.stack(rows, -2)

    return jacobian


def _finite_result(value, what, z):
    bad = ~onp.isfinite(value)
    if bad.any():
        raise ValueError(
            f"{what} overflows at z = {_first(bad, z)}: the derivative of f is too large to "
            "represent there; rescale f or z"
        )
    return value


def _wirtinger_pair(f, z, check=True):
    f_x, f_y = _partials(f, z, check)
    with onp.errstate(all="ignore"):
        d, dbar = (f_x - 1j * f_y) / 2, (f_x + 1j * f_y) / 2
    d, dbar = _finite_result(d, "∂f/∂z", z), _finite_result(dbar, "∂f/∂z̄", z)
    return _scalar_or_array(d, z), _scalar_or_array(dbar, z)


def wirtinger(f):
    """Return z ↦ (∂f/∂z, ∂f/∂z̄), the Wirtinger derivatives of f at z.

        ∂f/∂z = ½ (∂f/∂x − i ∂f/∂y),    ∂f/∂z̄ = ½ (∂f/∂x + i ∂f/∂y)

    (Brandwood 1983; Kreutz-Delgado 2009), with ∂f/∂x, ∂f/∂y from autograd on the real and
    imaginary parts. z is a complex scalar or array; f returns a scalar (its derivatives with
    respect to each entry of z) or an array shaped like z, taken to act elementwise.

    They exist only where f is real-differentiable. autograd returns a number even at a kink
    (for np.abs at 0, the subgradient 0); here the derivative is also sampled on two small
    circles around z (radius 1e-8·|z| and 100 times that) and must settle, or
    ``NotDifferentiableError`` names the point. Use ``framework_grad`` for the value a
    framework returns there anyway.

    >>> d_dz, d_dzbar = wirtinger(lambda z: z * np.conj(z))(1 + 2j)
    >>> print(f"{d_dz:.3f} {d_dzbar:.3f}")
    1.000-2.000j 1.000+2.000j
    >>> d_dz, d_dzbar = wirtinger(lambda x: np.sum(np.conj(x)))(np.ones((2, 2)) + 0j)
    >>> print(d_dz.real.tolist(), d_dzbar.real.tolist())
    [[0.0, 0.0], [0.0, 0.0]] [[1.0, 1.0], [1.0, 1.0]]
    >>> wirtinger(np.abs)(0j)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    companion.wirtinger.NotDifferentiableError: f is not differentiable at z = 0j: ...
    """
    function("f", f)

    def derivatives(z):
        return _wirtinger_pair(f, _complex_input(z))

    return derivatives


def is_holomorphic(f, z, tol=1e-8, radius=1e-2):
    """True when f is holomorphic around z: Cauchy–Riemann holds on a neighbourhood of z.

    Holomorphic at z means complex-differentiable on an open disc around z, which is more
    than complex-differentiable at z (|z|² is complex-differentiable at 0 only, and
    holomorphic nowhere). The equations u_x = v_y, u_y = −v_x say ∂f/∂z̄ = 0 (Cauchy 1814;
    Riemann 1851; Brandwood 1983). They are checked at z and at 8 points on each of two
    circles around every entry of z, of radius ρ = radius·(1 + |z|) and ρ/10, at the angles
    2π(k + 0.3)/8 (each further entry of an array turned by another golden angle):

        |∂f/∂z̄| ≤ tol · (|∂f/∂z| + S)   at every sampled point,

    where S is the largest |∂f/∂z| + |∂f/∂z̄| over the samples (so the test is scale-free);
    tol is at most 0.01: Re z has |∂f/∂z̄| = ½ against a bound of tol·(½ + 1), so it would pass
    from tol = 1/3 on, and 0.01 keeps a wide margin below that.
    The answer is about the disc of radius ρ: an f that is holomorphic only on a smaller disc
    (a rule that changes nearby) counts as not holomorphic when the samples see the change;
    pass a smaller ``radius`` there.
    A point next to z where f is not finite (a pole) is skipped; where f is not
    real-differentiable at z (a kink) the answer is False.

    This is a heuristic, a numerical test at finitely many points against a tolerance, not a
    proof. It fails in both directions: a non-holomorphic f whose ∂f/∂z̄ is below the tolerance
    passes (z + 1e-9·z̄ is reported holomorphic), and an f that is holomorphic except on a
    set the samples miss is reported from the samples alone: np.log at −1 + 1e-6j, right next
    to its branch cut along the negative real axis, is reported holomorphic, because autograd
    differentiates log's formula and the jump across the cut never enters a derivative.

    >>> is_holomorphic(np.exp, 0.3 + 0.4j), is_holomorphic(np.conj, 0.3 + 0.4j)
    (True, False)
    >>> is_holomorphic(lambda z: np.abs(z) ** 2, 0j), is_holomorphic(np.abs, 0j)
    (False, False)
    """
    function("f", f)
    tol = number("tol", tol, lo=0.0, hi=0.01, lo_open=True)
    radius = number("radius", radius, lo=0.0, hi=0.5, lo_open=True)
    z = _complex_input(z)
    _evaluate(f, z)
    try:
        samples = [_partials(f, z, check=True)]
    except NotDifferentiableError:
        return False
    rho = radius * (1 + onp.abs(z))
    for scale in (1.0, 0.1):
        for k in range(_RING_POINTS):
            point = _ring(z, scale * rho, k)
            try:
                samples.append(_partials(f, point, check=False))
            except NotDifferentiableError:
                return False
            except ValueError:  # f is not finite at this point: a pole next to z
                continue
    d = onp.stack([onp.abs(fx - 1j * fy) / 2 for fx, fy in samples])
    dbar = onp.stack([onp.abs(fx + 1j * fy) / 2 for fx, fy in samples])
    size = (d + dbar).max(axis=0)
    return bool(onp.all(dbar <= tol * (d + size)))


def descent_direction(f, z):
    """The steepest-descent direction of a real loss f at complex z: −2 ∂f/∂z̄ = −(∂f/∂x + i∂f/∂y).

    A small step z − η · 2∂f/∂z̄ lowers f fastest (Brandwood 1983). The conjugate direction
    −2∂f/∂z, which a JAX or autograd gradient gives, is a descent direction only for the real
    parts. f must return a real scalar (a complex dtype with zero imaginary part is accepted)
    and be differentiable at z (``NotDifferentiableError`` otherwise, see ``wirtinger``).

    >>> print(descent_direction(lambda z: np.abs(z - (1 + 1j)) ** 2, 3 + 0j))
    (-4+2j)
    """
    function("f", f)
    z = _complex_input(z)
    value = _evaluate(f, z)
    if value.shape != ():
        raise ValueError(f"f must return a scalar loss, got shape {value.shape}")
    if abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        raise ValueError(
            f"f must be real-valued (a loss to minimise); f(z) = {complex(value)} is complex. "
            "Minimise np.abs(f(z)) ** 2 or np.real(f(z)) instead"
        )
    return -2 * _wirtinger_pair(f, z)[1]


def framework_grad(f, z, framework, cotangent=None):
    """The value the named framework returns as "the gradient" of f at complex z.

    Computed from the Wirtinger derivatives of f and the framework's convention, so no
    framework needs to be installed. With a cotangent c (the "output gradient",
    broadcast to f's output shape, summed over outputs):

    ====================  ============================================  ============================
    framework             returns                                       for a real f and c = 1
    ====================  ============================================  ============================
    tensorflow, torch     c · conj(∂f/∂z) + conj(c) · ∂f/∂z̄             2 ∂f/∂z̄ = ∂f/∂x + i ∂f/∂y
    jax, autograd         c · ∂f/∂z + conj(c) · conj(∂f/∂z̄)             2 ∂f/∂z = ∂f/∂x − i ∂f/∂y
    *-holomorphic         ∂f/∂z + conj(∂f/∂z̄)  (c = 1, no cotangent)    f′(z) only if holomorphic
    ====================  ============================================  ============================

    The exact calls emulated (float64/complex128, jax with ``jax_enable_x64``; measured with
    tensorflow 2.21.0, torch 2.13.0, jax 0.10.2, autograd 1.9.1):

    - ``cotangent=None``, the framework's default call:
      tensorflow ``tape.gradient(w, z)`` inside ``with tf.GradientTape() as tape:
      tape.watch(z); w = f(z)``; torch ``torch.autograd.grad(f(z), z)`` with
      ``z = torch.tensor(z0, dtype=torch.complex128, requires_grad=True)``;
      jax ``jax.grad(f)(z)``; autograd ``autograd.grad(f)(z)``;
      jax-holomorphic ``jax.grad(f, holomorphic=True)(z)``;
      autograd-holomorphic ``autograd.holomorphic_grad(f)(z)``.
    - a cotangent c, given in the output's shape and dtype:
      tensorflow ``tape.gradient(w, z, output_gradients=c)``; torch
      ``torch.autograd.grad(f(z), z, grad_outputs=c)``; jax ``jax.vjp(f, z)[1](c)``;
      autograd ``autograd.make_vjp(f)(z)[0](c)``.

    For a real f, "tensorflow" and "torch" equal ``companion.gradcheck.numerical_grad``'s
    ∂f/∂a + i ∂f/∂b, and "jax" and "autograd" its conjugate.

    The output counts as complex by its dtype, as in the frameworks: ``z * np.conj(z)`` is
    complex even though its value is real. Where the real framework raises, this raises
    ``companion.frameworks.FrameworkRaises`` (``.error`` and ``.raises`` name the real exception):

    - complex output and no cotangent: torch, jax and autograd raise (``ComplexOutputError``);
      tensorflow silently uses c = 1, which is how ∑ conj(x) gets the gradient 1;
    - non-scalar output and no cotangent: all but tensorflow (which uses ones) raise;
    - jax-holomorphic with a real output raises; autograd-holomorphic accepts it;
    - a complex cotangent for a real output: tensorflow, torch and jax raise; autograd does
      not, but its answer then depends on the operations inside f, so this raises for it too.

    The holomorphic modes never check holomorphy: for a non-holomorphic f they silently
    return ∂f/∂z + conj(∂f/∂z̄), not ∂f/∂z (for conj, 1 instead of 0).
    References: Brandwood 1983; Kreutz-Delgado 2009; the PyTorch "Autograd for Complex
    Numbers" note; the JAX autodiff cookbook, section on complex numbers.

    >>> f = lambda z: np.abs(z) ** 2
    >>> for name in ("tensorflow", "jax"):
    ...     print(name, framework_grad(f, 1 + 2j, name))
    tensorflow (2+4j)
    jax (2-4j)
    >>> x = np.array([[1 + 2j, 3j], [-1 + 0j, 0.5 - 1j]])
    >>> print(framework_grad(lambda x: np.sum(np.conj(x)), x, "tensorflow").real.tolist())
    [[1.0, 1.0], [1.0, 1.0]]
    >>> framework_grad(lambda x: np.sum(np.conj(x)), x, "torch")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    companion.wirtinger.ComplexOutputError: torch raises RuntimeError: grad can be implicitly created only...
    """
    choice("framework", framework, FRAMEWORK_MODES)
    z = _complex_input(z)
    value = _evaluate(f, z)
    complex_output = onp.iscomplexobj(value)
    holomorphic_mode = framework.endswith("-holomorphic")
    if cotangent is None:
        if value.shape != () and framework != "tensorflow":
            raise FrameworkRaises(
                framework,
                *_NO_COTANGENT_NONSCALAR[framework],
                advice=f"{framework} needs a cotangent for an output of shape {value.shape}: "
                "pass cotangent=1 (ones), or sum the output",
            )
        if complex_output and framework in _NO_COTANGENT_COMPLEX:
            raise ComplexOutputError(
                framework,
                *_NO_COTANGENT_COMPLEX[framework],
                advice=f"{framework} refuses a complex output without a cotangent: pass "
                "cotangent=1 (or 1j), or make the loss real with np.real or np.abs(...) ** 2",
            )
        if framework == "jax-holomorphic" and not complex_output:
            raise FrameworkRaises(
                framework,
                "TypeError",
                "grad with holomorphic=True requires outputs with complex dtype",
                advice="jax-holomorphic needs a complex output; use framework='jax' for a real f",
            )
        c = onp.ones(value.shape)
    else:
        if holomorphic_mode:
            raise ValueError(
                f"{framework} emulates a grad call, which takes no cotangent; use "
                f"framework={framework.split('-')[0]!r} for the vjp with a cotangent"
            )
        c = finite_array("cotangent", cotangent)
        if c.shape not in ((), value.shape):
            raise ValueError(
                f"cotangent must be a scalar or shaped like f's output {value.shape}, got {c.shape}"
            )
        if onp.iscomplexobj(c) and not complex_output:
            raise FrameworkRaises(
                framework,
                *_COMPLEX_COTANGENT_REAL_OUTPUT[framework],
                advice=f"f is real-valued, so its cotangent must be real, got {cotangent!r}: "
                "a complex cotangent has no meaning here",
            )
        c = onp.broadcast_to(c, value.shape)
    if framework in ("tensorflow", "torch"):
        d_dz, d_dzbar = _wirtinger_pair(lambda t: np.sum(f(t) * onp.conj(c)), z, check=False)
        with onp.errstate(all="ignore"):
            g = onp.conj(d_dz) + d_dzbar
    else:
        d_dz, d_dzbar = _wirtinger_pair(lambda t: np.sum(f(t) * c), z, check=False)
        with onp.errstate(all="ignore"):
            g = d_dz + onp.conj(d_dzbar)
    return _finite_result(onp.asarray(g), f"{framework}'s gradient", z)[()]


# --- the conventions table of chapter 4 --------------------------------------------------------


def _candidates(f, z, cotangent):
    """The Wirtinger expressions a framework can return for f at z, {label: value}."""
    d, dbar = _wirtinger_pair(f, _complex_input(z), check=False)
    k = 1 if cotangent is None else cotangent
    c_, cbar = ("", "") if cotangent is None else ("c·", "c̄·")
    if not onp.iscomplexobj(_evaluate(f, _complex_input(z))):  # a real f: both collapse to 2·
        return {"2 ∂f/∂z̄": 2 * k * dbar, "2 ∂f/∂z": 2 * k * d}
    return {
        f"{c_}conj(∂f/∂z) + {cbar}∂f/∂z̄": k * onp.conj(d) + onp.conj(k) * dbar,
        f"{c_}∂f/∂z + {cbar}conj(∂f/∂z̄)": k * d + onp.conj(k) * onp.conj(dbar),
    }


def _rule(framework):
    """Which of the two candidate forms ``framework`` uses, read off a function where they differ."""
    generic, z = (lambda t: np.sin(t) * np.conj(t)), 0.7 - 1.3j
    cotangent = None if framework.endswith("-holomorphic") else 1j
    g = framework_grad(generic, z, framework, cotangent)
    return [onp.allclose(g, v) for v in _candidates(generic, z, cotangent).values()].index(True)


def convention(f, z, framework, cotangent=None):
    """Name the Wirtinger expression ``framework`` returns as the gradient of f at z, as text.

    The value comes from ``framework_grad``; the text is whichever candidate expression it
    equals (for a real f, 2∂f/∂z̄ or 2∂f/∂z), or what the framework does instead of returning.

    >>> convention(lambda z: np.abs(z) ** 2, 1 + 2j, "torch")
    '2 ∂f/∂z̄'
    >>> convention(np.conj, 1 + 2j, "jax-holomorphic")
    '∂f/∂z + conj(∂f/∂z̄) ≠ ∂f/∂z, **silently wrong**'
    >>> convention(np.conj, 1 + 2j, "torch")
    '**raises** RuntimeError'
    """
    try:
        g = framework_grad(f, z, framework, cotangent)
    except ComplexOutputError as err:
        return f"**raises** {err.error}"  # a ComplexOutputError
    except FrameworkRaises as err:
        if err.error is None:
            return "refused (the answer would depend on how f is written)"
        return f"raises {err.error}"
    except ValueError as err:
        if "takes no cotangent" not in str(err):
            raise
        return "n/a (takes no cotangent)"
    found = _candidates(f, z, cotangent)
    names = list(found)
    first = names[_rule(framework)]
    order = [first] + [n for n in names if n != first]  # ties (e.g. f = 0): the rule's own form
    text = next(n for n in order if onp.allclose(g, found[n], atol=1e-12))
    if framework.endswith("-holomorphic") and onp.iscomplexobj(_evaluate(f, _complex_input(z))):
        d = _wirtinger_pair(f, _complex_input(z), check=False)[0]
        text += " = f′(z)" if onp.allclose(g, d) else " ≠ ∂f/∂z, **silently wrong**"
    return text


def _markdown_cell(text):
    """Text safe inside a Markdown table cell: pipes escaped, no line breaks."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cotangent_text(c):
    if c is None:
        return "—"
    c = complex(c)
    if c.imag == 0:
        return f"{c.real:g}"
    if c.real == 0:
        return "i" if c.imag == 1 else f"{c.imag:g}i"
    return f"{c.real:g}{c.imag:+g}i"


class ConventionsTable:
    """What each framework returns for each (f, z, cotangent): a Markdown table in a notebook.

    ``cells[label, cotangent][framework]`` is the text of one cell (see ``convention``);
    ``markdown`` is the table, every cell escaped so a ``|`` in a label cannot split it.
    """

    def __init__(self, rows, frameworks=FRAMEWORK_MODES):
        self.frameworks = _framework_list(frameworks)
        self.cells = {}
        for label, f, z, cotangent in _table_rows(rows):
            key = (label, cotangent)
            self.cells[key] = {m: convention(f, z, m, cotangent) for m in self.frameworks}

    @property
    def markdown(self):
        header = ["f", "cotangent c", *self.frameworks]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for (label, cotangent), row in self.cells.items():
            cells = [label, _cotangent_text(cotangent), *(row[m] for m in self.frameworks)]
            lines.append("| " + " | ".join(_markdown_cell(t) for t in cells) + " |")
        return "\n".join(lines)

    def __getitem__(self, key):
        return self.cells[key]

    def _repr_markdown_(self):
        return self.markdown

    def __repr__(self):
        return f"ConventionsTable({len(self.cells)} rows × {len(self.frameworks)} frameworks)"


def conventions_table(rows, frameworks=FRAMEWORK_MODES):
    """The table of chapter 4: for each row (label, f, z, cotangent), each framework's convention.

    Every cell is generated by ``convention`` (so by ``framework_grad``), never typed. A
    notebook displays the result as a Markdown table; index it as
    ``table[label, cotangent][framework]`` for the claims a chapter asserts.

    >>> t = conventions_table([("|z|² (real)", lambda z: np.abs(z) ** 2, 1 + 2j, None)],
    ...                       ("torch", "jax"))
    >>> print(t.markdown)
    | f | cotangent c | torch | jax |
    |---|---|---|---|
    | \\|z\\|² (real) | — | 2 ∂f/∂z̄ | 2 ∂f/∂z |
    >>> t["|z|² (real)", None]["jax"]
    '2 ∂f/∂z'
    """
    return ConventionsTable(rows, frameworks)


def _framework_list(frameworks):
    if isinstance(frameworks, str):
        frameworks = (frameworks,)
    if not isinstance(frameworks, (tuple, list)):
        raise TypeError(
            f"frameworks must be a tuple of framework names, got {type(frameworks).__name__}"
        )
    if not frameworks:
        raise ValueError("frameworks must name at least one framework, got none")
    for m in frameworks:
        if not isinstance(m, str):
            raise TypeError(f"frameworks must hold names (strings), got {_short(m)}")
        choice("framework", m, FRAMEWORK_MODES)
    if len(set(frameworks)) != len(frameworks):
        raise ValueError(f"frameworks must not repeat a name, got {tuple(frameworks)}")
    return tuple(frameworks)


def _table_rows(rows):
    if not isinstance(rows, (tuple, list)):
        raise TypeError(
            f"rows must be a list of (label, f, z, cotangent) tuples, got {type(rows).__name__}"
        )
    if not rows:
        raise ValueError("rows must hold at least one (label, f, z, cotangent), got none")
    checked, seen = [], set()
    for i, row in enumerate(rows):
        if not isinstance(row, (tuple, list)) or len(row) != 4:
            raise TypeError(
                f"rows[{i}] must be a tuple (label, f, z, cotangent), got {_short(row)}"
            )
        label, f, z, cotangent = row
        if not isinstance(label, str) or not label.strip():
            raise TypeError(f"rows[{i}]: the label must be a non-empty string, got {label!r}")
        function("f", f)
        if cotangent is not None and (
            isinstance(cotangent, (bool, onp.bool_))
            or not isinstance(cotangent, (int, float, complex, onp.number))
        ):
            raise TypeError(
                f"rows[{i}]: the cotangent must be None or a number (one per row), got "
                f"{_short(cotangent)}"
            )
        if (label, cotangent) in seen:
            raise ValueError(f"rows[{i}] repeats the row ({label!r}, cotangent {cotangent!r})")
        seen.add((label, cotangent))
        checked.append((label, f, z, cotangent))
    return checked


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
