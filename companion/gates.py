"""Binary gates inside recurrent networks: surrogate gradients and straight-through (chapter 2).

The gate of the chapter's question is a pulse: it is 1 while x sits in one of two bands,

    g(x) = [x_max − e < x < x_max]  or  [−x_max < x < −x_max + e],

and 0 elsewhere, so g is piecewise constant and dg/dx = 0 wherever it exists.

Offers
    pulse_gate(x, x_max, e)                    the exact gate, as floats (what autodiff sees)
    SURROGATES                                 surrogate derivatives of the unit step, by name
    SMOOTH_STEPS                               the smooth step each surrogate is the derivative of
    heaviside(x, surrogate, scale)             exact step forward, surrogate backward (a primitive)
    MIN_SCALE                                  the smallest surrogate scale accepted, 1e-300
    soft_step(x, surrogate, scale)             the smooth step itself (a relaxation)
    pulse_from_steps(x, x_max, e, step)        the gate as two rising and two falling steps
    surrogate_pulse_gate(x, x_max, e, ...)     exact gate forward, surrogate gradient backward
    soft_pulse_gate(x, x_max, e, ...)          relaxed gate: smooth forward, true gradient
    averaged_gate_loss(p, y, r)                L̄ = E[mean (g·y − r)²] for a stochastic gate, g ~ Bernoulli(p)
    score_function_grad(p, loss, theta, ...)   the score-function (REINFORCE) estimate of dL̄/dθ: unbiased
    framework_gate_grad(framework, x, y, ...)  what TensorFlow, PyTorch, JAX, autograd return
    framework_cast_grad(framework, x)          ... and for a float → int → float cast
    FrameworkRaises                            raised where the framework itself raises
    band_task(n_seq, steps, seed)              sequences where the output must pass only in a band
    init_gated_rnn(n_units, seed)              weights of the chapter's recurrent cell
    gated_rnn(params, u, y, route, ...)        that cell, read out through the gate; ROUTES lists
                                               the three gates: "exact", "surrogate", "soft"
    train_gated_rnn(route, ...)                its seeded training loop on companion.nets.adam_fit,
                                               returning a GatedRun (losses, test accuracy)

References: Bengio, Léonard & Courville (2013) for straight-through; Zenke & Ganguli (2018)
for SuperSpike's fast sigmoid; Bellec et al. (2018) for the triangle pseudo-derivative;
Esser et al. (2016) for a surrogate derivative in trained binary (neuromorphic) networks;
Neftci, Mostafa & Zenke (2019) for a review of surrogate-gradient learning; Yin et al. (2019)
for when a straight-through estimator gives a descent direction; Williams (1992) for the
score-function (REINFORCE) estimator, which Bengio, Léonard & Courville (2013) compare with
straight-through on stochastic binary units.
"""

import warnings
from dataclasses import dataclass

import autograd.numpy as np
import numpy as onp
from autograd import grad, jacobian
from autograd.differential_operators import make_jvp_reversemode
from autograd.extend import defvjp, primitive
from autograd.tracer import getval

from companion import nets
from companion._validate import (
    choice,
    finite_array,
    flag,
    function,
    integer,
    interval,
    number,
    real_traced,
)
from companion.frameworks import FRAMEWORKS, FrameworkRaises

# --- surrogate derivatives of the unit step H ---------------------------------------------------
# d(x, s) replaces the Dirac delta H'(x) in the backward pass. Every bump below has unit area
# (the size of the step's jump) and width `s`; its peak d(0; s) is 1/(2s) for the fast sigmoid
# and the boxcar, 1/(4s) for the sigmoid and 1/s for the triangle. Straight-through is the
# exception: it is the constant 1, of infinite area, and ignores s. SMOOTH_STEPS[name] is the smooth step whose true
# derivative d is (straight-through's "step" is the identity).
SURROGATES = {
    # SuperSpike's (1 + |x|/s)⁻² (Zenke & Ganguli 2018, β = 1/s), divided by 2s for unit area;
    # they chose it because it needs no exponential (cheap to evaluate)
    # written s/(s + |x|)² rather than 1/(s(1 + |x/s|)²), so that |x/s| = inf gives 0, not inf/inf
    "fast_sigmoid": lambda x, s: 0.5 / (s + np.abs(x)) * (s / (s + np.abs(x))),
    "sigmoid": lambda x, s: (
        np.exp(-np.logaddexp(0, x / s) - np.logaddexp(0, -x / s)) / s
    ),  # σ'(x/s)/s
    "triangle": lambda x, s: np.maximum(0.0, 1 - np.abs(x / s)) / s,  # Bellec et al. 2018
    "boxcar": lambda x, s: (np.abs(x) < s) / (2 * s),  # flat on (−s, s)
    "straight_through": lambda x, s: np.ones_like(x),  # Bengio et al. 2013: ignores s
}
SMOOTH_STEPS = {
    "fast_sigmoid": lambda x, s: 0.5 * (1 + x / (s + np.abs(x))),  # = ½(1 + (x/s)/(1 + |x/s|))
    "sigmoid": lambda x, s: np.exp(-np.logaddexp(0, -x / s)),  # logistic σ(x/s), no overflow
    "triangle": lambda x, s: 0.5 + 0.5 * np.sign(x) * (1 - (1 - np.minimum(np.abs(x / s), 1)) ** 2),
    "boxcar": lambda x, s: np.clip(0.5 + x / (2 * s), 0.0, 1.0),
    "straight_through": lambda x, s: x,
}


@primitive
def _step(x, surrogate, scale):
    return (onp.asarray(x) > 0).astype(float)


defvjp(_step, lambda ans, x, surrogate, scale: lambda g: g * SURROGATES[surrogate](x, scale))


def _band(x_max, e):
    x_max = number("x_max", x_max, lo=0.0, lo_open=True)
    e = number("e", e, lo=0.0, lo_open=True)
    if e > x_max:
        raise ValueError(
            f"e must be <= x_max: with e = {e} > x_max = {x_max} the bands ({x_max - e:g}, {x_max:g}) "
            f"and ({-x_max:g}, {-x_max + e:g}) overlap, and the sum of four steps counts the "
            "overlap twice (g = 2 there). Use e <= x_max."
        )
    return x_max, e


# The smallest scale accepted. The peaks are 1/(4s) to 1/s; 1/s overflows below about 5.6e-309,
# and at 1e-300 it leaves a factor 1e8 of headroom for the sum of four bumps times y.
MIN_SCALE = 1e-300


def _surrogate(name, scale):
    if not isinstance(name, str):
        raise TypeError(f"surrogate must be a name (str), one of {tuple(SURROGATES)}; got {name!r}")
    scale = number("scale", scale, lo=0.0, lo_open=True)
    if scale < MIN_SCALE:
        raise ValueError(
            f"scale must be at least {MIN_SCALE:g} (gates.MIN_SCALE), got {scale:g}: the "
            "surrogate's peak is of order 1/scale, which must stay well inside the float range"
        )
    return choice("surrogate", name, tuple(SURROGATES)), scale


def pulse_gate(x, x_max, e):
    """The exact gate g = (x_max−e < x < x_max) or (−x_max < x < −x_max+e), as 0.0/1.0 floats.

    Written the natural way, with comparisons, logical and/or and a cast, so autograd sees
    no path from x to g: its gradient is 0 everywhere. The true derivative is a sum of
    Dirac deltas at the four edges, with signs +, −, +, − from left to right.

    >>> print(pulse_gate(np.array([-0.9, -0.5, 0.0, 0.8, 1.0]), x_max=1.0, e=0.3))
    [1. 0. 0. 1. 0.]
    """
    x, _ = real_traced("x", x)
    x_max, e = _band(x_max, e)
    upper = np.logical_and(x > x_max - e, x < x_max)
    lower = np.logical_and(x > -x_max, x < -x_max + e)
    return np.logical_or(upper, lower).astype(float)


def heaviside(x, surrogate="fast_sigmoid", scale=0.1):
    """The unit step H(x) = [x > 0] forward, ``SURROGATES[surrogate](x, scale)`` as its derivative.

    An autograd primitive: the backward pass multiplies the incoming gradient by the
    surrogate d(x; s) in place of the Dirac delta H'(x). The surrogate is written with
    autograd.numpy, so the result can be differentiated again (d/dx of the VJP is d'(x; s)).
    The default s = 0.1 is this book's choice, a width suited to the chapter's gate; it is not
    SuperSpike's: Zenke & Ganguli (2018) use the fast sigmoid's steepness β = 1/s with
    β = (1 mV)⁻¹, on a membrane potential measured in millivolts. The scale must be at least
    ``MIN_SCALE`` = 1e-300, so that the surrogate's peak, of order 1/s, is a finite float with
    room to spare (1/s overflows below about 5.6e-309); smaller scales raise ValueError.

    >>> from autograd import elementwise_grad
    >>> x = np.array([-0.2, 0.0, 0.05])
    >>> print(heaviside(x), elementwise_grad(heaviside)(x, "triangle", 0.1))
    [0. 0. 1.] [ 0. 10.  5.]
    """
    x, _ = real_traced("x", x)
    return _step(x, *_surrogate(surrogate, scale))


def soft_step(x, surrogate="sigmoid", scale=0.1):
    """The smooth step S(x; s) = ∫ d(t; s) dt whose true derivative is the surrogate d.

    Used as a relaxation: a soft forward with its exact gradient. For "sigmoid" this is
    the logistic σ(x/s) with temperature s; straight-through's counterpart is x itself.

    >>> print(f"{soft_step(0.0):.2f} {soft_step(0.1, 'sigmoid', 0.1):.4f}")
    0.50 0.7311
    """
    surrogate, scale = _surrogate(surrogate, scale)
    return SMOOTH_STEPS[surrogate](real_traced("x", x)[0], scale)


def pulse_from_steps(x, x_max, e, step):
    """The gate as four steps: g = H(x−(x_max−e)) − H(x−x_max) + H(x+x_max) − H(x−(−x_max+e)).

    ``step`` is any unit step H. The falling edges are written H(hi − x) − 1, which equals
    −H(x − hi) for every step with H(−u) = 1 − H(u) away from u = 0 (all of ``SMOOTH_STEPS``
    but straight-through, and the exact step) and has the same even surrogate derivative;
    with the exact step, [u > 0], it reproduces ``pulse_gate`` at the four edges too, where
    the four-term formula above, with −H(x − x_max) for instance, would give g(x_max) = 1.
    Each of the four values ``step`` returns must be finite: a NaN or inf raises ValueError
    naming the edge, rather than passing into g.

    >>> x = np.array([-0.9, 0.0, 0.8, 1.0])
    >>> print(pulse_from_steps(x, 1.0, 0.3, lambda u: (u > 0) * 1.0))
    [1. 0. 1. 0.]
    """
    x, _ = real_traced("x", x)
    x_max, e = _band(x_max, e)
    function("step", step)
    steps = [
        _finite_step(step, u, what)
        for u, what in (
            (x - (x_max - e), "step(x - (x_max - e))"),
            (x + x_max, "step(x + x_max)"),
            (x_max - x, "step(x_max - x)"),
            ((-x_max + e) - x, "step((-x_max + e) - x)"),
        )
    ]
    return steps[0] + steps[1] + steps[2] + steps[3] - 2.0


def _finite_step(step, u, what):
    """step(u), checked: a real, finite value (under autograd boxes too), else a named error."""
    value = step(u)
    arr = onp.asarray(getval(value))
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"step must return real numbers; {what} returned dtype {arr.dtype}")
    if not onp.all(onp.isfinite(arr)):
        bad = arr[~onp.isfinite(arr)].ravel()[0]
        raise ValueError(f"step must return finite values; {what} returned {bad} (x finite)")
    return value


def surrogate_pulse_gate(x, x_max, e, surrogate="fast_sigmoid", scale=0.1):
    """The exact gate forward; backward, each of its four steps uses the surrogate d(·; s).

    dg/dx = d(x−(x_max−e)) − d(x−x_max) + d(x+x_max) − d(x−(−x_max+e)), the surrogate
    gradient of Esser et al. (2016) and Zenke & Ganguli (2018), reviewed by Neftci et al. (2019).
    With "straight_through" the four constants cancel and dg/dx = 0 exactly.

    >>> from autograd import elementwise_grad
    >>> x = np.array([0.7, 0.85, 1.0])
    >>> dg = elementwise_grad(surrogate_pulse_gate)(x, 1.0, 0.3, "triangle", 0.1)
    >>> print(surrogate_pulse_gate(x, 1.0, 0.3), dg)
    [0. 1. 0.] [ 10.   0. -10.]
    """
    surrogate, scale = _surrogate(surrogate, scale)
    return pulse_from_steps(x, x_max, e, lambda u: _step(u, surrogate, scale))


def soft_pulse_gate(x, x_max, e, surrogate="sigmoid", scale=0.1):
    """The relaxed gate: ``pulse_from_steps`` with the smooth step S(·; s), and its true gradient.

    Its derivative equals the surrogate gate's, but its forward value is not 0 or 1:
    near an edge it is about 1/2. Straight-through has no smooth step and is refused.

    >>> print(soft_pulse_gate(np.array([0.7, 0.85, 0.0]), 1.0, 0.3, "sigmoid", 0.01).round(3))
    [0.5 1.  0. ]
    """
    surrogate, scale = _surrogate(surrogate, scale)
    if surrogate == "straight_through":
        valid = ", ".join(repr(n) for n in SMOOTH_STEPS if n != "straight_through")
        raise ValueError(
            "surrogate 'straight_through' has no smooth step (its counterpart is the identity, "
            f"and four identities sum to a constant); use one of {valid}"
        )
    return pulse_from_steps(x, x_max, e, lambda u: SMOOTH_STEPS[surrogate](u, scale))


# --- the stochastic gate: an unbiased gradient of the noise-averaged loss ----------------------


def _probabilities(name, p):
    """Check that p (possibly under autograd boxes) holds probabilities in [0, 1]."""
    checked, _ = real_traced(name, p)
    value = onp.asarray(getval(checked))
    if value.size and (value.min() < 0 or value.max() > 1):
        bad = value[(value < 0) | (value > 1)][0]
        raise ValueError(f"{name} must hold probabilities in [0, 1], found {bad:g}")
    return checked


def averaged_gate_loss(p, y, r):
    """L̄ = E[mean_t (g_t·y_t − r_t)²] with independent gates g_t ~ Bernoulli(p_t), in closed form.

    Because g_t is 0 or 1, each term averages to p_t (y_t − r_t)² + (1 − p_t) r_t², so

        L̄ = mean_t [ p_t (y_t − r_t)² + (1 − p_t) r_t² ],

    smooth in p. With logistic noise of scale s on the state x, the pulse gate opens with
    probability p = ``soft_pulse_gate(x, x_max, e, "sigmoid", s)``, so differentiating this
    through p gives the exact gradient of the noise-averaged loss. Differentiable in ``p``.
    Raises FloatingPointError when the squares overflow (|y − r| or |r| beyond about 1e154);
    finite terms whose sum would overflow are averaged by dividing before summing.

    >>> print(f"{averaged_gate_loss([0.5, 1.0], [2.0, 1.0], [1.0, 1.0]):.3f}")
    0.500
    """
    p = _probabilities("p", p)
    (y, _), (r, _) = real_traced("y", y), real_traced("r", r)
    shapes = {name: onp.shape(getval(v)) for name, v in (("p", p), ("y", y), ("r", r))}
    if len(set(shapes.values())) > 1:
        raise ValueError(f"p, y and r must have the same shape, got {shapes}")
    with onp.errstate(over="ignore", invalid="ignore"):  # 0·inf: refused just below
        terms = p * (y - r) ** 2 + (1 - p) * r**2
        if not onp.all(onp.isfinite(getval(terms))):
            raise FloatingPointError(
                "the averaged loss overflows: (y - r)² or r² exceeds the float range; rescale y and r"
            )
        loss = np.mean(terms)
        if not onp.isfinite(getval(loss)):  # finite terms whose sum overflows: divide first
            loss = np.sum(terms / onp.size(getval(terms)))
    return loss


def _jacobian(f, theta, n_out):
    """∂f/∂θ as an (n_out, θ.size) matrix: one reverse pass per output, or, when θ is the
    smaller, one Jacobian-vector product per parameter (the double-VJP trick)."""
    if theta.size < n_out:
        jvp = make_jvp_reversemode(f)(theta)
        basis = onp.eye(theta.size).reshape((theta.size,) + theta.shape)
        return onp.stack([onp.ravel(jvp(v)) for v in basis], axis=1).astype(float)
    return onp.asarray(jacobian(f)(theta), dtype=float).reshape(n_out, -1)


def score_function_grad(
    p, loss, theta, *, n_samples=1000, seed=0, baseline=0.0, samples=None, batched=False
):
    """Score-function (REINFORCE) estimates of ∇L̄(θ), L̄(θ) = E_{g ~ Bernoulli(p(θ))}[loss(g)].

    Each gate g_t is 1 with probability p_t(θ), independently. For one sample g,

        ĝ = (loss(g) − b) · ∇_θ log P(g; θ),
        ∇_θ log P(g; θ) = Σ_t (g_t − p_t) / (p_t (1 − p_t)) · ∇_θ p_t,

    and E[ĝ] = ∇L̄ exactly, for any constant baseline b, because E[∇_θ log P] = 0 (Williams
    1992). It differentiates neither the gate nor the loss, only p: the price of being unbiased
    is variance, which the baseline b can reduce. Bengio, Léonard & Courville (2013) compare it
    with straight-through on stochastic binary units.

    ``p`` maps θ to probabilities (any shape) and must be differentiable with autograd; ``loss``
    maps one binary sample g of that shape to a real number; ``theta`` is a float or an array.
    Returns one independent estimate per sample, shape (n_samples, *θ.shape): their mean
    estimates ∇L̄ and their variance is the estimator's. ``samples`` (0/1, shape (n, *p.shape))
    replaces the random draw, e.g. to enumerate every outcome. With ``batched=True``, ``loss``
    is called once with every sample, shape (n, *p.shape), and returns the n losses.
    Raises FloatingPointError, rather than returning inf, when an estimate overflows.

    >>> est = score_function_grad(lambda t: 1 / (1 + np.exp(-t)) * np.ones(2),
    ...                           lambda g: np.sum(g), 0.0, n_samples=20000, seed=1)
    >>> print(est.shape, f"{est.mean():.2f}")  # exact: d/dθ 2σ(θ) = 0.5 at θ = 0
    (20000,) 0.50
    """
    function("p", p)
    function("loss", loss)
    theta = finite_array("theta", theta, allow_complex=False)
    number("baseline", baseline)
    prob = onp.asarray(_probabilities("p(theta)", p(theta)), dtype=float)
    if samples is None:
        n = integer("n_samples", n_samples, lo=1, hi=10_000_000)
        rng = onp.random.default_rng(integer("seed", seed, lo=0))
        g = (rng.random((n,) + prob.shape) < prob).astype(float)
    else:
        g = finite_array("samples", samples, allow_complex=False)
        if g.shape[1:] != prob.shape or g.ndim != prob.ndim + 1:
            raise ValueError(
                f"samples must have shape (n, *p(theta).shape) = (n, *{prob.shape}), got {g.shape}"
            )
        if not onp.all((g == 0) | (g == 1)):
            raise ValueError("samples must hold only 0 and 1 (the gate's two values)")
        if onp.any((g == 1) & (prob == 0)) or onp.any((g == 0) & (prob == 1)):
            raise ValueError("samples hold an outcome of probability 0 under p(theta)")
    if flag("batched", batched):
        values = onp.asarray(loss(g), dtype=float)
        if values.shape != (len(g),):
            raise ValueError(
                f"a batched loss must return one value per sample, shape ({len(g)},); "
                f"got shape {values.shape}"
            )
    else:
        values = onp.array([float(loss(sample)) for sample in g])
    if not onp.all(onp.isfinite(values)):
        raise ValueError(f"loss must return finite numbers, got {values[~onp.isfinite(values)][0]}")
    with onp.errstate(divide="ignore", invalid="ignore"):
        score = onp.where(g > 0, 1 / prob, -1 / (1 - prob))  # ∂ log P(g_t) / ∂p_t
    jac = _jacobian(p, theta, prob.size)
    with onp.errstate(over="ignore", invalid="ignore"):
        estimates = ((values - baseline)[:, None] * score.reshape(len(g), -1)) @ jac
    if not onp.all(onp.isfinite(estimates)):
        raise FloatingPointError(
            "an estimate overflows: (loss − baseline) times the score 1/p or 1/(1 − p) exceeds "
            "the float range; rescale the loss or the baseline, or keep p away from 0 and 1"
        )
    return estimates.reshape((len(g),) + theta.shape)


# --- what the real frameworks return for the gate, measured (see tests/conformance) ----------


_TORCH_UNUSED = (
    "The differentiated Tensor at index 0 appears to not have been used in the graph. "
    "Set allow_unused=True if this is the desired behavior."
)
_TORCH_NO_GRAD_FN = "element 0 of tensors does not require grad and does not have a grad_fn"


def _framework(framework, allow_unused):
    if not isinstance(framework, str):
        raise TypeError(f"framework must be a name (str), one of {FRAMEWORKS}; got {framework!r}")
    choice("framework", framework, FRAMEWORKS)
    allow_unused = flag("allow_unused", allow_unused)
    if allow_unused and framework != "torch":
        raise ValueError(f"allow_unused is an option of torch.autograd.grad, not of {framework}")
    return framework


def _autograd_grad(f, *args, argnum=0):
    with warnings.catch_warnings():  # autograd warns "Output seems independent of input."
        warnings.simplefilter("ignore", UserWarning)
        return onp.asarray(grad(f, argnum)(*args), dtype=float)


def framework_gate_grad(framework, x, y, x_max, e, *, allow_unused=False):
    """(dz/dx, dz/dy) for z = sum(g(x)·y), the gate written with comparisons, and/or and a cast.

    dz/dy = g in every framework; dz/dx is what differs. Returns two float arrays, with
    ``None`` where the framework returns None, or raises ``FrameworkRaises`` where it raises.
    Measured in float64 (torch 2.13.0, tensorflow 2.21.0, jax 0.10.2, autograd 1.9.1) with:

    - torch: ``x, y`` float64 tensors with ``requires_grad=True``;
      ``g = (((x < x_max) & (x > x_max - e)) | ((x > -x_max) & (x < -x_max + e))).to(x.dtype)``;
      ``torch.autograd.grad((g * y).sum(), (x, y))`` raises RuntimeError (x is unused);
      with ``allow_unused=True`` it returns ``(None, g)`` (``backward()`` leaves ``x.grad`` None).
    - tensorflow: float64 ``tf.constant``s, ``tape.watch([x, y])`` in a ``tf.GradientTape``;
      ``g = tf.cast(tf.logical_or(tf.logical_and(x < x_max, x > x_max - e),
      tf.logical_and(x > -x_max, x < -x_max + e)), x.dtype)``;
      ``tape.gradient(g * y, [x, y])`` returns ``[None, g]`` (the same with tf.Variable).
    - jax: ``jax_enable_x64``; ``g = jnp.logical_or(...same...).astype(x.dtype)``;
      ``jax.grad(lambda x, y: jnp.sum(g(x) * y), argnums=(0, 1))`` returns ``(zeros, g)``.
    - autograd: computed here, ``grad(lambda x, y: np.sum(pulse_gate(x, x_max, e) * y), argnum)``
      for argnum 0 and 1: ``(zeros, g)``, with the UserWarning "Output seems independent of input."

    >>> dx, dy = framework_gate_grad("jax", np.array([0.8, 0.0]), np.array([2.0, 3.0]), 1.0, 0.3)
    >>> print(dx, dy)
    [0. 0.] [1. 0.]
    >>> framework_gate_grad("tensorflow", np.array([0.8]), np.array([2.0]), 1.0, 0.3)[0] is None
    True
    """
    framework = _framework(framework, allow_unused)
    x, y = finite_array("x", x, allow_complex=False), finite_array("y", y, allow_complex=False)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    g = pulse_gate(x, x_max, e)
    if framework == "torch" and not allow_unused:
        raise FrameworkRaises("torch", "RuntimeError", _TORCH_UNUSED)
    if framework in ("torch", "tensorflow"):
        return None, g
    if framework == "jax":
        return onp.zeros_like(x), g
    z = lambda x, y: np.sum(pulse_gate(x, x_max, e) * y)
    return _autograd_grad(z, x, y, argnum=0), _autograd_grad(z, x, y, argnum=1)


def framework_cast_grad(framework, x, *, allow_unused=False):
    """d/dx of sum(float(int(x))): a cast to integers and back, piecewise constant like a step.

    Measured in float64 with the versions of ``framework_gate_grad``:

    - torch: ``torch.autograd.grad(x.long().double().sum(), (x,))`` raises RuntimeError
      (integer tensors carry no gradient), with or without ``allow_unused=True``;
    - tensorflow: ``tape.gradient(tf.reduce_sum(tf.cast(tf.cast(x, tf.int64), tf.float64)), x)``
      returns None;
    - jax: ``jax.grad(lambda x: jnp.sum(x.astype(jnp.int64).astype(x.dtype)))`` returns zeros;
    - autograd: computed here, ``grad(lambda x: np.sum(x.astype(int).astype(float)))``
      returns ones: its ``astype`` passes the gradient straight through, silently.

    >>> print(framework_cast_grad("autograd", np.array([-1.7, 0.4])))
    [1. 1.]
    """
    framework = _framework(framework, allow_unused)
    x = finite_array("x", x, allow_complex=False)
    if framework == "torch":
        raise FrameworkRaises("torch", "RuntimeError", _TORCH_NO_GRAD_FN)
    if framework == "tensorflow":
        return None
    if framework == "jax":
        return onp.zeros_like(x)
    return _autograd_grad(lambda v: np.sum(v.astype(int).astype(float)), x)


# --- the chapter's recurrent network: a leaky recurrent layer read out through the gate -------

ROUTES = ("exact", "surrogate", "soft")


def band_task(n_seq, steps=30, seed=0, *, leak=0.7, band=(0.2, 0.6)):
    """Sequences where a signal y_t must pass only while a driven state s_t sits in a band.

    u_t is a sum of two slow sinusoids with random frequency, phase and amplitude; the state
    integrates it, s_t = leak·s_{t−1} + (1 − leak)·u_t, so the answer depends on the past;
    y_t ~ U(0.5, 1.5). The target is r_t = [band₀ < s_t < band₁]·y_t. Arrays are (steps, n_seq).

    >>> task = band_task(8, steps=30, seed=0)
    >>> sorted(task), task["u"].shape
    (['inside', 's', 'target', 'u', 'y'], (30, 8))
    """
    n_seq = integer("n_seq", n_seq, lo=1, hi=1_000_000)
    steps = integer("steps", steps, lo=1, hi=100_000)
    leak = number("leak", leak, lo=0.0, hi=1.0, hi_open=True)
    band = interval("band", band)
    rng = onp.random.default_rng(integer("seed", seed, lo=0))
    t = onp.arange(steps)[:, None, None]
    freq, phase = rng.uniform(0.03, 0.2, (2, n_seq)), rng.uniform(0, 2 * onp.pi, (2, n_seq))
    u = onp.sum(rng.uniform(0.3, 0.8, (2, n_seq)) * onp.sin(2 * onp.pi * freq * t + phase), 1)
    s = onp.zeros_like(u)
    for k in range(steps):
        s[k] = leak * (s[k - 1] if k else 0.0) + (1 - leak) * u[k]
    y = rng.uniform(0.5, 1.5, u.shape)
    inside = ((s > band[0]) & (s < band[1])).astype(float)
    return {"u": u, "y": y, "s": s, "inside": inside, "target": inside * y}


def init_gated_rnn(n_units=4, seed=0):
    """Parameters of ``gated_rnn``: leak logits, an input layer and a linear readout (``nets.init_mlp``).

    >>> p = init_gated_rnn(4, seed=0)
    >>> sorted(p), p["leak_logit"].shape
    (['input', 'leak_logit', 'readout'], (4,))
    """
    n_units = integer("n_units", n_units, lo=1, hi=10_000)
    rng = onp.random.default_rng(integer("seed", seed, lo=0))
    return {
        "leak_logit": rng.normal(0.0, 1.0, n_units),
        "input": nets.init_mlp([1, n_units], seed=seed, scale=1.0),
        "readout": nets.init_mlp([n_units, 1], seed=seed + 1),
    }


def _route(route):
    if not isinstance(route, str):
        raise TypeError(f"route must be a name (str), one of {ROUTES}; got {route!r}")
    return choice("route", route, ROUTES)


_SHAPES = {"leak_logit": "(n,)", "input": "[((1, n), (n,))]", "readout": "[((n, 1), (1,))]"}


def _check_params(params):
    """Check gated_rnn's parameters leaf by leaf, naming the one that is wrong: e.g.
    params['readout'][0][1]. Autograd boxes are checked by their value and passed on."""
    params = getval(params)
    if not isinstance(params, dict) or set(params) != set(_SHAPES):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise TypeError(
            f"params must be a dict with keys {sorted(_SHAPES)} (from init_gated_rnn), got {got}"
        )
    n = onp.shape(getval(params["leak_logit"]))
    expected = {
        "leak_logit": [n],
        "input": [(1,) + n, n],
        "readout": [n + (1,), (1,)],
    }
    for key, shapes in expected.items():
        leaves = [params[key]] if key == "leak_logit" else None
        if key != "leak_logit":
            try:
                ((W, b),) = params[key]
                leaves = [W, b]
            except (TypeError, ValueError) as err:
                raise TypeError(
                    f"params[{key!r}] must be one layer [(W, b)], shapes {_SHAPES[key]}"
                ) from err
        for i, (leaf, shape) in enumerate(zip(leaves, shapes)):
            label = f"params[{key!r}]" + ("" if key == "leak_logit" else f"[0][{i}]")
            value = finite_array(label, getval(leaf), allow_complex=False)
            if len(n) != 1 or value.shape != shape:
                raise ValueError(
                    f"{label} must have shape {shape if len(n) == 1 else '(n,)'} "
                    f"(params shapes: {_SHAPES}), got {value.shape}"
                )


def _gate(route, x_max, e, surrogate, scale):
    _route(route)
    x_max, e = _band(x_max, e)
    surrogate, scale = _surrogate(surrogate, scale)
    if route == "soft":
        soft_pulse_gate(0.0, x_max, e, surrogate, scale)  # refuses straight-through, by name
    if route == "exact":
        return lambda x: pulse_gate(x, x_max, e)
    if route == "surrogate":
        return lambda x: surrogate_pulse_gate(x, x_max, e, surrogate, scale)
    return lambda x: soft_pulse_gate(x, x_max, e, surrogate, scale)


def gated_rnn(params, u, y, route="surrogate", *, x_max=1.0, e=0.5, surrogate="sigmoid", scale=0.2):
    """The chapter's recurrent cell over u, y of shape (T, batch); returns (z, x), both (T, batch).

        h_t = λ ⊙ h_{t−1} + (1 − λ) ⊙ (u_t w + b),   λ = logistic(leak_logit)
        x_t = h_t·W + c,   z_t = g(x_t)·y_t

    A leaky recurrent layer (the membrane of Bellec et al. 2018, without spikes) drives x,
    and the pulse gate decides when y passes. The recurrence is unrolled exactly, h_t =
    Σ_{k≤t} (1−λ)λ^{t−k}(u_k w + b), as one matrix product per unit. ``route`` picks the gate:
    "exact" (``pulse_gate``), "surrogate" (``surrogate_pulse_gate``) or "soft" (``soft_pulse_gate``).

    >>> task = band_task(5, steps=12, seed=0)
    >>> z, x = gated_rnn(init_gated_rnn(seed=0), task["u"], task["y"], "exact")
    >>> z.shape, bool(np.all((z == 0) | (z == task["y"])))
    ((12, 5), True)
    """
    gate = _gate(route, x_max, e, surrogate, scale)
    _check_params(params)
    u, y = finite_array("u", u, allow_complex=False), finite_array("y", y, allow_complex=False)
    if u.ndim != 2 or u.shape != y.shape:
        raise ValueError(f"u and y must both have shape (T, batch), got {u.shape} and {y.shape}")
    lag = onp.subtract.outer(onp.arange(len(u)), onp.arange(len(u)))  # t − k
    log_leak = -np.logaddexp(0.0, -params["leak_logit"])
    kernel = np.exp(onp.maximum(lag, 0) * log_leak[:, None, None]) * (lag >= 0)
    kernel = kernel * (1 - np.exp(log_leak))[:, None, None]  # (units, T, T)
    drive = nets.mlp(params["input"], u[..., None], final_activation="identity")
    h = np.transpose(np.matmul(kernel, np.transpose(drive, (2, 0, 1))), (1, 2, 0))
    x = nets.mlp(params["readout"], h, final_activation="identity")[..., 0]
    if not onp.all(onp.isfinite(getval(x))):
        raise FloatingPointError(
            "the gated neuron's state x_t = h_t·W + c overflowed to a non-finite value: the "
            "parameters (or u) are too large"
        )
    return gate(x) * y, x


@dataclass(frozen=True)
class GatedRun:
    """One training run of ``train_gated_rnn``: the loss it minimised and how the hard gate does."""

    route: str
    params: dict
    history: onp.ndarray  # the trained loss after 0, 1, ..., steps Adam steps (soft for "soft")
    train_loss: float  # history[-1]: the trained loss at the returned params
    hard_train_loss: float  # the same network, the same data, with the exact gate
    test_accuracy: float  # hard gate open ⇔ target in band, on fresh sequences
    test_accuracy_as_trained: float  # the same with the gate used in training (open if > 1/2)


def train_gated_rnn(
    route,
    *,
    seed=0,
    steps=100,
    lr=0.1,
    n_seq=40,
    n_test=256,
    length=30,
    n_units=4,
    x_max=1.0,
    e=0.5,
    surrogate="sigmoid",
    scale=0.2,
):
    """Fit ``gated_rnn`` to ``band_task`` with ``nets.adam_fit`` on loss mean_t (z_t − r_t)².

    The same seed gives the same data and initial weights whatever the route, so runs
    compare. With route "exact" autograd's gradient is 0 and Adam never moves.
    ``history`` has steps + 1 entries: history[k] is the loss after k steps, so history[0] is
    at the initial weights and history[-1] = ``train_loss`` at the returned ``params``.
    Raises FloatingPointError naming lr when the weights grow until the state x overflows.

    >>> run = train_gated_rnn("exact", steps=3)
    >>> print(f"{run.history[0] - run.history[-1]:.1f} {run.test_accuracy == run.test_accuracy_as_trained}")
    0.0 True
    """
    _gate(route, x_max, e, surrogate, scale)
    steps = integer("steps", steps, lo=1, hi=100_000)
    lr = number("lr", lr, lo=0.0, lo_open=True)
    integer("n_test", n_test, lo=1, hi=1_000_000)
    kw = {"x_max": x_max, "e": e, "surrogate": surrogate, "scale": scale}
    train = band_task(n_seq, length, seed)
    test = band_task(n_test, length, seed + 1)
    loss = lambda p, d, r: np.mean((gated_rnn(p, d["u"], d["y"], r, **kw)[0] - d["target"]) ** 2)
    with warnings.catch_warnings():  # the exact route: "Output seems independent of input."
        warnings.simplefilter("ignore", UserWarning)
        try:
            params, history = nets.adam_fit(
                lambda p: loss(p, train, route), init_gated_rnn(n_units, seed), steps=steps, lr=lr
            )
            final = float(loss(params, train, route))  # adam_fit records before each step
        except FloatingPointError as err:
            raise FloatingPointError(
                f"training diverged with lr = {lr:g}: {err}. Lower lr (0.1 works here)."
            ) from err

    def accuracy(r):
        z, _ = gated_rnn(params, test["u"], test["y"], r, **kw)
        return float(onp.mean((z > 0.5 * test["y"]) == (test["inside"] > 0)))

    return GatedRun(
        route=route,
        params=params,
        history=onp.append(history, final),
        train_loss=final,
        hard_train_loss=float(loss(params, train, "exact")),
        test_accuracy=accuracy("exact"),
        test_accuracy_as_trained=accuracy(route),
    )
