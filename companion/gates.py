"""Binary gates inside recurrent networks: surrogate gradients and straight-through (chapter 2).

The gate of the chapter's question is a pulse: it is 1 while x sits in one of two bands,

    g(x) = [x_max − e < x < x_max]  or  [−x_max < x < −x_max + e],

and 0 elsewhere, so g is piecewise constant and dg/dx = 0 wherever it exists.

Offers
    pulse_gate(x, x_max, e)                    the exact gate, as floats (what autodiff sees)
    SURROGATES                                 surrogate derivatives of the unit step, by name
    SMOOTH_STEPS                               the smooth step each surrogate is the derivative of
    heaviside(x, surrogate, scale)             exact step forward, surrogate backward (a primitive)
    soft_step(x, surrogate, scale)             the smooth step itself (a relaxation)
    pulse_from_steps(x, x_max, e, step)        the gate as two rising and two falling steps
    surrogate_pulse_gate(x, x_max, e, ...)     exact gate forward, surrogate gradient backward
    soft_pulse_gate(x, x_max, e, ...)          relaxed gate: smooth forward, true gradient
    framework_gate_grad(framework, x, y, ...)  what TensorFlow, PyTorch, JAX, autograd return
    framework_cast_grad(framework, x)          ... and for a float → int → float cast
    FrameworkRaises                            raised where the framework itself raises
    band_task(n_seq, steps, seed)              sequences where the output must pass only in a band
    gated_rnn(params, u, y, route, ...)        the chapter's recurrent cell with the gate inside
    train_gated_rnn(route, ...)                its seeded training loop, built on companion.nets

References: Bengio, Léonard & Courville (2013) for straight-through; Zenke & Ganguli (2018)
for SuperSpike's fast sigmoid; Bellec et al. (2018) for the triangle pseudo-derivative;
Neftci, Mostafa & Zenke (2019) for surrogate gradients in recurrent networks; Yin et al.
(2019) for why the choice of straight-through estimator matters.
"""

import warnings
from dataclasses import dataclass

import autograd.numpy as np
import numpy as onp
from autograd import grad
from autograd.extend import defvjp, primitive
from autograd.tracer import getval

from companion import nets
from companion._validate import choice, finite_array, positive
from companion.frameworks import FRAMEWORKS

# --- surrogate derivatives of the unit step H, each of unit area and width `s` ----------------
# d(x, s) replaces the Dirac delta H'(x) in the backward pass; SMOOTH_STEPS[name] is the
# smooth step whose true derivative it is (straight-through's "step" is the identity).
SURROGATES = {
    "fast_sigmoid": lambda x, s: 0.5 / (s * (1 + np.abs(x / s)) ** 2),  # Zenke & Ganguli 2018
    "sigmoid": lambda x, s: 0.25 * (1 - np.tanh(x / (2 * s)) ** 2) / s,  # logistic σ'(x/s)/s
    "triangle": lambda x, s: np.maximum(0.0, 1 - np.abs(x / s)) / s,  # Bellec et al. 2018
    "boxcar": lambda x, s: (np.abs(x) < s) / (2 * s),  # flat on (−s, s)
    "straight_through": lambda x, s: np.ones_like(x),  # Bengio et al. 2013: identity
}
SMOOTH_STEPS = {
    "fast_sigmoid": lambda x, s: 0.5 * (1 + (x / s) / (1 + np.abs(x / s))),
    "sigmoid": lambda x, s: 0.5 * (1 + np.tanh(x / (2 * s))),
    "triangle": lambda x, s: 0.5 + 0.5 * np.sign(x) * (1 - (1 - np.minimum(np.abs(x / s), 1)) ** 2),
    "boxcar": lambda x, s: np.clip(0.5 + x / (2 * s), 0.0, 1.0),
    "straight_through": lambda x, s: x,
}


@primitive
def _step(x, surrogate, scale):
    return (onp.asarray(x) > 0).astype(float)


defvjp(_step, lambda ans, x, surrogate, scale: lambda g: g * SURROGATES[surrogate](x, scale))


def _real(name, x):
    """Check the value under any autograd boxes; return x itself so gradients still flow."""
    finite_array(name, getval(x), allow_complex=False)
    return x


def _band(x_max, e):
    x_max, e = positive("x_max", x_max), positive("e", e)
    if e > x_max:
        raise ValueError(
            f"e must be <= x_max: with e = {e} > x_max = {x_max} the bands ({x_max - e:g}, {x_max:g}) "
            f"and ({-x_max:g}, {-x_max + e:g}) overlap, and the sum of four steps counts the "
            "overlap twice (g = 2 there). Use e <= x_max."
        )
    return x_max, e


def _surrogate(name, scale):
    return choice("surrogate", name, tuple(SURROGATES)), positive("scale", scale)


def pulse_gate(x, x_max, e):
    """The exact gate g = (x_max−e < x < x_max) or (−x_max < x < −x_max+e), as 0.0/1.0 floats.

    Written the natural way, with comparisons, logical and/or and a cast, so autograd sees
    no path from x to g: its gradient is 0 everywhere. The true derivative is a sum of
    Dirac deltas at the four edges, with signs +, −, +, − from left to right.

    >>> print(pulse_gate(np.array([-0.9, -0.5, 0.0, 0.8, 1.0]), x_max=1.0, e=0.3))
    [1. 0. 0. 1. 0.]
    """
    x = _real("x", x)
    x_max, e = _band(x_max, e)
    upper = np.logical_and(x > x_max - e, x < x_max)
    lower = np.logical_and(x > -x_max, x < -x_max + e)
    return np.logical_or(upper, lower).astype(float)


def heaviside(x, surrogate="fast_sigmoid", scale=0.1):
    """The unit step H(x) = [x > 0] forward, ``SURROGATES[surrogate](x, scale)`` as its derivative.

    An autograd primitive: the backward pass multiplies the incoming gradient by the
    surrogate d(x; s) in place of the Dirac delta H'(x). The surrogate is written with
    autograd.numpy, so the result can be differentiated again (d/dx of the VJP is d'(x; s)).
    The default s = 0.1 is SuperSpike's steepness β = 1/s = 10 (Zenke & Ganguli 2018).

    >>> from autograd import elementwise_grad
    >>> x = np.array([-0.2, 0.0, 0.05])
    >>> print(heaviside(x), elementwise_grad(heaviside)(x, "triangle", 0.1))
    [0. 0. 1.] [ 0. 10.  5.]
    """
    _real("x", x)
    return _step(x, *_surrogate(surrogate, scale))


def soft_step(x, surrogate="sigmoid", scale=0.1):
    """The smooth step S(x; s) = ∫ d(t; s) dt whose true derivative is the surrogate d.

    Used as a relaxation: a soft forward with its exact gradient. For "sigmoid" this is
    the logistic σ(x/s) with temperature s; straight-through's counterpart is x itself.

    >>> print(f"{soft_step(0.0):.2f} {soft_step(0.1, 'sigmoid', 0.1):.4f}")
    0.50 0.7311
    """
    surrogate, scale = _surrogate(surrogate, scale)
    return SMOOTH_STEPS[surrogate](_real("x", x), scale)


def pulse_from_steps(x, x_max, e, step):
    """The gate as four steps: g = H(x−(x_max−e)) − H(x−x_max) + H(x+x_max) − H(x−(−x_max+e)).

    ``step`` is any unit step H. The falling edges are written H(hi − x) − 1, which equals
    −H(x − hi) for every step with H(−u) = 1 − H(u) away from u = 0 (all of ``SMOOTH_STEPS``
    but straight-through, and the exact step) and has the same even surrogate derivative;
    with the exact step, [u > 0], it reproduces ``pulse_gate`` at the four edges too.

    >>> x = np.array([-0.9, 0.0, 0.8, 1.0])
    >>> print(pulse_from_steps(x, 1.0, 0.3, lambda u: (u > 0) * 1.0))
    [1. 0. 1. 0.]
    """
    x = _real("x", x)
    x_max, e = _band(x_max, e)
    rising = step(x - (x_max - e)) + step(x + x_max)
    falling = step(x_max - x) + step((-x_max + e) - x) - 2.0
    return rising + falling


def surrogate_pulse_gate(x, x_max, e, surrogate="fast_sigmoid", scale=0.1):
    """The exact gate forward; backward, each of its four steps uses the surrogate d(·; s).

    dg/dx = d(x−(x_max−e)) − d(x−x_max) + d(x+x_max) − d(x−(−x_max+e)) (Neftci et al. 2019).
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
