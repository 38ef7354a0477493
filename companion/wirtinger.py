"""Complex derivatives: Wirtinger calculus, and what four frameworks call "the gradient".

Offers
    real_jacobian(f)        z ↦ the 2×2 real Jacobian [[u_x, u_y], [v_x, v_y]] of f = u + iv
    wirtinger(f)            z ↦ (∂f/∂z, ∂f/∂z̄), elementwise, or for a scalar f of an array
    is_holomorphic(f, z)    numerical Cauchy–Riemann check: ∂f/∂z̄ ≈ 0 at every point of z
    descent_direction(f, z) the steepest-descent direction −2 ∂f/∂z̄ of a real loss
    framework_grad(f, z, framework, cotangent=None)
                            the value TensorFlow, PyTorch, JAX or autograd return as "the gradient"
    FRAMEWORK_MODES         the valid framework names (the four, plus two holomorphic modes)
    FrameworkError          raised wherever the emulated framework raises
    ComplexOutputError      ... in particular for a complex output and no cotangent

Write z = x + iy and f = u + iv. The Wirtinger derivatives (Brandwood 1983;
Kreutz-Delgado 2009) treat z and z̄ as independent variables:

    ∂f/∂z = ½ (∂f/∂x − i ∂f/∂y),        ∂f/∂z̄ = ½ (∂f/∂x + i ∂f/∂y).

f is holomorphic exactly where ∂f/∂z̄ = 0 (the Cauchy–Riemann equations), and then
∂f/∂z = f′(z). For a real loss L the steepest-ascent direction is 2 ∂L/∂z̄ =
∂L/∂x + i ∂L/∂y. Every function here computes ∂f/∂x and ∂f/∂y with autograd on the
real and imaginary parts, so nothing depends on autograd's own complex convention.
"""

import warnings

import autograd.numpy as np
import numpy as onp
from autograd import grad

from companion._validate import choice, finite_array
from companion.frameworks import FRAMEWORKS

FRAMEWORK_MODES = FRAMEWORKS + ("jax-holomorphic", "autograd-holomorphic")

# What each real framework raises where framework_grad raises FrameworkError,
# measured with torch 2.13.0, tensorflow 2.21.0, jax 0.10.2 and autograd 1.9.1.
_NO_COTANGENT_COMPLEX = {
    "torch": "RuntimeError: grad can be implicitly created only for real scalar outputs",
    "jax": "TypeError: grad requires real-valued outputs",
    "autograd": "TypeError: Grad only applies to real scalar-output functions",
}
_NO_COTANGENT_NONSCALAR = {
    "torch": "RuntimeError: grad can be implicitly created only for scalar outputs",
    "jax": "TypeError: Gradient only defined for scalar-output functions",
    "jax-holomorphic": "TypeError: Gradient only defined for scalar-output functions",
    "autograd": "TypeError: Grad only applies to real scalar-output functions",
    "autograd-holomorphic": "TypeError: Grad only applies to real scalar-output functions",
}
_COMPLEX_COTANGENT_REAL_OUTPUT = {
    "tensorflow": (
        "InvalidArgumentError or TypeError: InvalidArgumentError when a Mul made the output"
        " (e.g. abs(z)**2), TypeError when tf.math.real, tf.math.imag or tf.abs did"
    ),
    "torch": "RuntimeError: ... grad_output and output are required to have the same dtype",
    "jax": "ValueError: unexpected JAX type (e.g. shape/dtype) for argument to VJP function",
    "autograd": "no error, but an answer that depends on the operations inside f",
}


class FrameworkError(TypeError):
    """The emulated framework raises on this call; ``raises`` names what the real one raises."""

    def __init__(self, message, framework, raises):
        super().__init__(message)
        self.framework = framework
        self.raises = raises


class ComplexOutputError(FrameworkError):
    """A complex output and no cotangent: PyTorch, JAX and autograd refuse to pick one."""


def _complex_input(z):
    z = finite_array("z", z)
    if not onp.iscomplexobj(z):
        raise TypeError(
            f"z must be complex (for example {z.flat[0] if z.size else 1.0} + 0j), got real "
            f"dtype {z.dtype}: on a real z every convention agrees, so nothing can be compared"
        )
    return z


def _evaluate(f, z):
    """f(z) as an ndarray, checked: numeric, finite, and a scalar or shaped like z."""
    if not callable(f):
        raise TypeError(f"f must be a function z -> f(z), got {type(f).__name__}")
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


def _partials(f, z):
    """(∂f/∂x, ∂f/∂y) at z, by autograd on u = Re f and v = Im f as functions of real x, y.

    A scalar f of an array gives its gradient; an elementwise f gives the diagonal."""
    value = _evaluate(f, z)
    xy = (onp.real(z), onp.imag(z))

    def summed(part):
        return lambda p: 1.0 * np.sum(part(f(p[0] + 1j * p[1])))  # 1.0: an integer constant f

    with onp.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u_x, u_y = grad(summed(np.real))(xy)
        v_x, v_y = grad(summed(np.imag))(xy) if onp.iscomplexobj(value) else (0.0 * u_x, 0.0 * u_y)
    f_x = onp.asarray(u_x + 1j * v_x, dtype=complex)
    f_y = onp.asarray(u_y + 1j * v_y, dtype=complex)
    bad = ~(onp.isfinite(f_x) & onp.isfinite(f_y))
    if bad.any():
        where = tuple(int(i) for i in onp.argwhere(bad)[0])
        raise ValueError(
            f"the derivative of f is not finite at z = {z[where]}: f is not differentiable "
            "there as written (for example sqrt(x² + y²) at 0; np.abs(z) gives 0 instead)"
        )
    return f_x, f_y


def _scalar_or_array(a, z):
    return a if z.shape else a[()]


def real_jacobian(f):
    """Return z ↦ J, the Jacobian of f = u + iv as a map (x, y) ↦ (u, v) of the plane.

        J = [[∂u/∂x, ∂u/∂y],
             [∂v/∂x, ∂v/∂y]],

    shape z.shape + (2, 2). f is holomorphic where J is a scaled rotation, [[a, −b], [b, a]]
    (the Cauchy–Riemann equations u_x = v_y, u_y = −v_x); then f′(z) = a + ib.

    >>> J = real_jacobian(lambda z: z**2)(1 + 2j)
    >>> print(J.round(6).tolist())
    [[2.0, -4.0], [4.0, 2.0]]
    >>> print(real_jacobian(np.conj)(1 + 2j).round(6).tolist())
    [[1.0, 0.0], [0.0, -1.0]]
    """

    def jacobian(z):
        f_x, f_y = _partials(f, _complex_input(z))
        rows = (onp.stack([f_x.real, f_y.real], -1), onp.stack([f_x.imag, f_y.imag], -1))
        return onp.stack(rows, -2)

    return jacobian


def wirtinger(f):
    """Return z ↦ (∂f/∂z, ∂f/∂z̄), the Wirtinger derivatives of f at z.

        ∂f/∂z = ½ (∂f/∂x − i ∂f/∂y),    ∂f/∂z̄ = ½ (∂f/∂x + i ∂f/∂y)

    (Brandwood 1983; Kreutz-Delgado 2009), with ∂f/∂x, ∂f/∂y from autograd on the real and
    imaginary parts. z is a complex scalar or array; f returns a scalar (its derivatives with
    respect to each entry of z) or an array shaped like z, taken to act elementwise.

    >>> d_dz, d_dzbar = wirtinger(lambda z: z * np.conj(z))(1 + 2j)
    >>> print(f"{d_dz:.3f} {d_dzbar:.3f}")
    1.000-2.000j 1.000+2.000j
    >>> d_dz, d_dzbar = wirtinger(lambda x: np.sum(np.conj(x)))(np.ones((2, 2)) + 0j)
    >>> print(d_dz.real.tolist(), d_dzbar.real.tolist())
    [[0.0, 0.0], [0.0, 0.0]] [[1.0, 1.0], [1.0, 1.0]]
    """

    def derivatives(z):
        z = _complex_input(z)
        f_x, f_y = _partials(f, z)
        return _scalar_or_array((f_x - 1j * f_y) / 2, z), _scalar_or_array((f_x + 1j * f_y) / 2, z)

    return derivatives


def is_holomorphic(f, z, tol=1e-8):
    """True when the Cauchy–Riemann equations hold at every point of z, to a tolerance.

    The equations u_x = v_y, u_y = −v_x say ∂f/∂z̄ = 0; the check is
    |∂f/∂z̄| ≤ tol · (1 + |∂f/∂z|) everywhere (Cauchy 1814; Riemann 1851; Brandwood 1983).

    >>> is_holomorphic(np.exp, 0.3 + 0.4j), is_holomorphic(np.conj, 0.3 + 0.4j)
    (True, False)
    >>> is_holomorphic(lambda z: np.abs(z) ** 2, 0j)
    True
    """
    tol = float(tol)
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    d_dz, d_dzbar = wirtinger(f)(z)
    return bool(onp.all(onp.abs(d_dzbar) <= tol * (1 + onp.abs(d_dz))))


def descent_direction(f, z):
    """The steepest-descent direction of a real loss f at complex z: −2 ∂f/∂z̄ = −(∂f/∂x + i∂f/∂y).

    A small step z − η · 2∂f/∂z̄ lowers f fastest (Brandwood 1983). The conjugate direction
    −2∂f/∂z, which a JAX or autograd gradient gives, is a descent direction only for the real
    parts. f must return a real scalar (a complex dtype with zero imaginary part is accepted).

    >>> print(descent_direction(lambda z: np.abs(z - (1 + 1j)) ** 2, 3 + 0j))
    (-4+2j)
    """
    z = _complex_input(z)
    value = _evaluate(f, z)
    if value.shape != ():
        raise ValueError(f"f must return a scalar loss, got shape {value.shape}")
    if abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        raise ValueError(
            f"f must be real-valued (a loss to minimise); f(z) = {complex(value)} is complex. "
            "Minimise np.abs(f(z)) ** 2 or np.real(f(z)) instead"
        )
    return -2 * wirtinger(f)(z)[1]


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
    ``FrameworkError`` (``.raises`` names the real exception):

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
    companion.wirtinger.ComplexOutputError: torch refuses a complex output without a cotangent...
    """
    choice("framework", framework, FRAMEWORK_MODES)
    z = _complex_input(z)
    value = _evaluate(f, z)
    complex_output = onp.iscomplexobj(value)
    holomorphic_mode = framework.endswith("-holomorphic")
    if cotangent is None:
        if value.shape != () and framework != "tensorflow":
            raise FrameworkError(
                f"{framework} needs a cotangent for an output of shape {value.shape}: the real "
                f"call raises {_NO_COTANGENT_NONSCALAR[framework]}. Pass cotangent=1 (ones), or "
                "sum the output",
                framework,
                _NO_COTANGENT_NONSCALAR[framework],
            )
        if complex_output and framework in _NO_COTANGENT_COMPLEX:
            raises = _NO_COTANGENT_COMPLEX[framework]
            raise ComplexOutputError(
                f"{framework} refuses a complex output without a cotangent: the real call raises "
                f"{raises}. Pass cotangent=1 (or 1j), or make the loss real with np.real or "
                "np.abs(...) ** 2",
                framework,
                raises,
            )
        if framework == "jax-holomorphic" and not complex_output:
            raises = "TypeError: grad with holomorphic=True requires outputs with complex dtype"
            raise FrameworkError(
                f"jax-holomorphic needs a complex output; the real call raises {raises}. "
                "Use framework='jax' for a real f",
                framework,
                raises,
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
            raises = _COMPLEX_COTANGENT_REAL_OUTPUT[framework]
            raise FrameworkError(
                f"f is real-valued, so its cotangent must be real, got {cotangent!r}: a complex "
                f"cotangent has no meaning here ({framework}: {raises})",
                framework,
                raises,
            )
        c = onp.broadcast_to(c, value.shape)
    if framework in ("tensorflow", "torch"):
        d_dz, d_dzbar = wirtinger(lambda t: np.sum(f(t) * onp.conj(c)))(z)
        return onp.conj(d_dz) + d_dzbar
    d_dz, d_dzbar = wirtinger(lambda t: np.sum(f(t) * c))(z)
    return d_dz + onp.conj(d_dzbar)
