"""Exercises of chapter 2, binary gates: a boxcar surrogate, the gate as steps, edge slopes, and
(optional, in JAX) a surrogate step written with ``jax.lax.stop_gradient``."""

from functools import partial

import autograd.numpy as np
import numpy as onp
from autograd import elementwise_grad, grad
from autograd.extend import defvjp, primitive

from companion.exercises import Case, Exercise, Mistake
from companion.gates import SMOOTH_STEPS, heaviside, pulse_from_steps, surrogate_pulse_gate


def boxcar_step(x, scale):
    """H(x) = [x > 0] forward, the boxcar surrogate of ``companion.gates`` backward."""
    return heaviside(x, "boxcar", scale)


def with_slope(step):
    """What exercise 2.1 judges, for ``step(x, scale)``: its values, autograd's slope of the step
    alone (incoming gradient 1), and the gradient of Σ y·step(x, scale) with respect to x, where
    the step sits inside a larger computation and its backward pass receives the non-unit,
    varied incoming gradient y: a backward pass that drops g fails there."""

    def judged(x, scale, y):
        value = step(x, scale)
        in_graph = grad(lambda v: np.sum(step(v, scale) * y))(x)
        return value, elementwise_grad(step)(x, scale), in_graph

    return judged


EDGES = np.array([-1.0, -0.6, 0.6, 1.0])
EDGE_Y = np.array([-0.5, 1.0, 2.0, -1.5])  # y at each edge: every slope differs


def edge_slopes():
    """dz/dx_i at the four edges for z = Σ g(x_i)·y_i, x_max = 1, e = 0.4, triangle, s = 0.1."""
    return EDGE_Y * elementwise_grad(surrogate_pulse_gate)(EDGES, 1.0, 0.4, "triangle", 0.1)


# --- 2.1's typical wrong answers, written as a learner would write boxcar_step ----------------


def _primitive_step(vjp_of_x_and_scale, forward=lambda x: (x > 0) * 1.0):
    @primitive
    def step(x, scale):
        return forward(x)

    defvjp(step, lambda ans, x, scale: lambda g: g * vjp_of_x_and_scale(x, scale))
    return step


@primitive
def _drops_g(x, scale):
    return (x > 0) * 1.0


defvjp(_drops_g, lambda ans, x, scale: lambda g: (np.abs(x) < scale) / (2 * scale))  # no g


def _no_primitive(x, scale):
    return (x > 0) * 1.0  # the right values; autograd sees a comparison, slope 0


@primitive
def _vjp_without_scale(x, scale):
    return (x > 0) * 1.0


defvjp(_vjp_without_scale, lambda ans, x: lambda g: g * (np.abs(x) < 0.1) / 0.2)


def _returns_the_pair(x, scale):
    step = _primitive_step(lambda x, s: (np.abs(x) < s) / (2 * s))
    return step(x, scale), elementwise_grad(step)(x, scale)


_sigmoid_step = partial(SMOOTH_STEPS["sigmoid"], s=0.1)
_fast_sigmoid_step = partial(SMOOTH_STEPS["fast_sigmoid"], s=0.2)
_X = np.array([-1.15, -0.9, -0.75, -0.3, 0.0, 0.45, 0.8, 0.95, 1.3])


def _exact_step(u):
    return (u > 0) * 1.0


# --- 2.4 (optional, JAX): the surrogate step with the stop_gradient idiom -----------------------


def _jax():
    import jax
    import jax.numpy as jnp

    return jax, jnp


def surrogate_step(u, s):
    """[u > 0] forward; the gradient of σ(u/s), i.e. σ'(u/s)/s, backward: soft + sg(hard − soft)."""
    jax, jnp = _jax()
    soft = jax.nn.sigmoid(u / s)
    hard = (u > 0).astype(soft.dtype)
    return soft + jax.lax.stop_gradient(hard - soft)


def with_jax_gradient(step):
    """What exercise 2.4 judges, in JAX (float64): the values of ``step(u, s)`` and the gradient
    of Σ y·step(u, s) with respect to u, a non-unit and varied incoming gradient y."""

    def judged(u, s, y):
        jax, jnp = _jax()
        jax.config.update("jax_enable_x64", True)
        u, y = jnp.asarray(u, jnp.float64), jnp.asarray(y, jnp.float64)
        value = step(u, s)
        slope = jax.grad(lambda v: jnp.sum(step(v, s) * y))(u)
        return onp.asarray(value, dtype=float), onp.asarray(slope, dtype=float)

    return judged


def _jax_mistake(body):
    """A learner's wrong surrogate_step, written with jax: body(jax, jnp, u, s)."""
    return lambda u, s: body(*_jax(), u, s)


def _sg_of(soft_fn, hard_fn):
    """soft + stop_gradient(hard − soft) with the learner's own soft and hard steps."""
    return _jax_mistake(
        lambda jax, jnp, u, s: (
            soft_fn(jax, u, s) + jax.lax.stop_gradient(hard_fn(u, s) - soft_fn(jax, u, s))
        )
    )


_SOFT = lambda jax, u, s: jax.nn.sigmoid(u / s)  # noqa: E731
_HARD = lambda u, s: (u > 0) * 1.0  # noqa: E731
_U = np.array([-0.4, -0.1, -0.02, 0.0, 0.03, 0.1, 0.25])
_UY = np.array([3.0, -2.0, 0.5, 4.0, -1.5, 2.5, 1.0])


EXERCISES = [
    Exercise(
        id="2.1",
        title="the boxcar surrogate as an autograd primitive",
        name="boxcar_step",
        reference=boxcar_step,
        adapt=with_slope,
        solution="""
import autograd.numpy as np
from autograd.extend import defvjp, primitive


@primitive
def boxcar_step(x, scale):
    return (x > 0) * 1.0


def boxcar_vjp(ans, x, scale):
    return lambda g: g * (np.abs(x) < scale) / (2 * scale)


defvjp(boxcar_step, boxcar_vjp)
""",
        hints=(
            "Decorate the exact step with @primitive so that autograd treats it as one operation, "
            "then give it a backward pass with defvjp: a function of the primitive's output and "
            "all its inputs that returns a function of the incoming gradient.",
            "The boxcar is flat on (−scale, scale), with height 1/(2·scale) so that its area is 1, "
            "the size of the step's jump.",
            "The checker differentiates your function itself, alone and inside sum(y * step), "
            "so return only the step's value; the slope comes from your backward pass, and that "
            "backward pass must multiply the incoming gradient g.",
        ),
        cases=(
            Case(
                (
                    np.array([-0.3, -0.05, 0.0, 0.04, 0.2]),
                    0.1,
                    np.array([3.0, -2.0, 0.5, 4.0, 1.5]),
                ),
                {},
                "scale 0.1, x = 0 included, inside sum(y * step) with y = [3, -2, 0.5, 4, 1.5]",
            ),
            Case(
                (np.linspace(-1.0, 1.0, 9), 0.5, np.linspace(2.0, -2.0, 9)),
                {},
                "scale 0.5, x = ±scale included, inside sum(y * step) with y from 2 to -2",
            ),
            Case(
                (np.array([-0.02, 0.01, 0.03, -0.025]), 0.025, np.array([3.0, -2.0, 0.5, 7.0])),
                {},
                "a sharp boxcar, scale 0.025, inside sum(y * step) with y = [3, -2, 0.5, 7]",
            ),
        ),
        mistakes=(
            Mistake(
                _no_primitive,
                "Your step returns the right values, but its slope is 0 everywhere: the checker "
                "differentiates your function itself, and autograd can only see the comparison "
                "x > 0, which has no derivative. Make the step a @primitive and attach the "
                "boxcar with defvjp.",
            ),
            Mistake(
                _primitive_step(lambda x, s: (np.abs(x) < 0.1) / (2 * 0.1)),
                "Your boxcar ignores scale: its width is fixed at 0.1 (the chapter's default). "
                "Build it from the scale argument that the backward pass receives.",
                kind="ignored-parameter",
            ),
            Mistake(
                _primitive_step(lambda x, s: (np.abs(x) < s) / (-2 * s)),
                "Your slope has the wrong sign: the step rises from 0 to 1, so its surrogate "
                "slope is positive. The backward pass multiplies g by +boxcar.",
                kind="sign",
            ),
            Mistake(
                _primitive_step(lambda x, s: (np.abs(x) < s) / (2 * s), lambda x: (x >= 0) * 1.0),
                "Your forward pass is 1 at x = 0, one point too early. The exact step is "
                "H(x) = [x > 0], which is 0 at x = 0; use a strict comparison.",
                kind="off-by-one",
            ),
            Mistake(
                _returns_the_pair,
                "Return only the step's value, not a pair (value, slope): the checker computes "
                "the slope itself, with elementwise_grad on your function.",
                kind="signature",
            ),
            Mistake(
                _vjp_without_scale,
                "defvjp calls your backward function with the primitive's output and every "
                "input of the primitive, x and scale, so it must accept all three; take the "
                "width from that scale, not from a constant.",
                kind="signature",
            ),
            Mistake(
                _drops_g,
                "Your backward pass ignores the incoming gradient g: it returns the boxcar alone. "
                "That is right only when the step is the whole computation (g = 1); inside "
                "sum(y * step) the gradient must be y times the boxcar. Return g times the "
                "boxcar from the function that defvjp receives.",
            ),
            Mistake(
                _primitive_step(lambda x, s: (np.abs(x) < s) * 1.0),
                "Your boxcar has height 1, so its area is 2·scale instead of 1. Divide by "
                "2·scale: a surrogate must integrate to the step's jump, 1.",
            ),
            Mistake(
                _primitive_step(lambda x, s: (np.abs(x) < s / 2) / s),
                "Your boxcar is flat on (−scale/2, scale/2); the book's is flat on "
                "(−scale, scale) with height 1/(2·scale).",
            ),
            Mistake(
                _primitive_step(lambda x, s: ((x >= 0) & (x < s)) / s),
                "Your boxcar is one-sided, flat on [0, scale) with height 1/scale. It stands in "
                "for the Dirac delta at 0, so centre it: flat on (−scale, scale), height "
                "1/(2·scale).",
            ),
        ),
    ),
    Exercise(
        id="2.2",
        title="the pulse gate as four steps",
        name="gate_from_steps",
        reference=pulse_from_steps,
        solution="""
def gate_from_steps(x, x_max, e, step):
    return step(x - (x_max - e)) - step(x - x_max) + step(x + x_max) - step(x - (-x_max + e))
""",
        hints=(
            "Each band is a step up at its left edge minus a step up at its right edge.",
            "The upper band is (x_max − e, x_max), the lower band is (−x_max, −x_max + e).",
            "Add the two bands; each band contributes its left edge's step with + and its right "
            "edge's step with −, all four steps shifted so that they rise at the edge.",
        ),
        cases=(
            Case((_X, 1.0, 0.3, _exact_step), {}, "the exact step, away from the edges"),
            Case((_X, 1.0, 0.3, _sigmoid_step), {}, "a sigmoid step of temperature 0.1"),
            Case((_X, 1.2, 0.5, _fast_sigmoid_step), {}, "a fast-sigmoid step, x_max = 1.2"),
        ),
        mistakes=(
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - e))
                    + step(x - x_max)
                    + step(x + x_max)
                    + step(x - (-x_max + e))
                ),
                "All four steps are added. A band rises at its left edge and falls at its right "
                "edge, so the signs are +, −, +, −.",
                kind="sign",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - e))
                    - step(x - x_max)
                    - step(x + x_max)
                    + step(x - (-x_max + e))
                ),
                "The lower band has its signs swapped: it rises at −x_max (+H(x + x_max)) and "
                "falls at −x_max + e (−H(x − (−x_max + e))).",
                kind="sign",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - e)) + step(x_max - x) + step(x + x_max) + step(-x_max + e - x)
                ),
                "Your gate is off by one in each band: a falling edge written H(edge − x) equals "
                "1 − H(x − edge), so each band counts an extra 1. Use −H(x − edge) for a falling "
                "edge, or subtract 1 for each.",
                kind="off-by-one",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    _exact_step(x - (x_max - e))
                    - _exact_step(x - x_max)
                    + _exact_step(x + x_max)
                    - _exact_step(x - (-x_max + e))
                ),
                "Your gate ignores the step argument: it compares x with the edges itself, so it "
                "is right for the exact step only. Build all four steps by calling step.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - 0.3))
                    - step(x - x_max)
                    + step(x + x_max)
                    - step(x - (-x_max + 0.3))
                ),
                "Your bands have a fixed width 0.3: build their inner edges from e, x_max − e "
                "and −x_max + e.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda x, step, x_max, e: (
                    step(x - (x_max - e)) - step(x - x_max) + step(x + x_max) - step(x + x_max - e)
                ),
                "Check the argument order: the checker calls gate_from_steps(x, x_max, e, step), "
                "with the step function last.",
                kind="signature",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - e), e)
                    - step(x - x_max, e)
                    + step(x + x_max, e)
                    - step(x - (-x_max + e), e)
                ),
                "step is a function of one array, step(u): its width is already inside it. "
                "Call it with the shifted x only.",
                kind="signature",
            ),
            Mistake(
                lambda x, x_max, e, step: (
                    step(x - (x_max - e))
                    - step(x - x_max)
                    + step(x - x_max)
                    - step(x - (x_max - e))
                ),
                "Your lower band uses the upper band's edges, so the two cancel. The lower band "
                "sits at (−x_max, −x_max + e): use x + x_max and x − (−x_max + e).",
            ),
        ),
    ),
    Exercise(
        id="2.3",
        title="predict the surrogate slope at each edge",
        name="edge_slopes",
        reference=edge_slopes,
        solution="""
edge_slopes = [-5.0, -10.0, 20.0, 15.0]  # y_i·(±d(0)), d(0) = 1/0.1 = 10, signs +, −, +, −
""",
        hints=(
            "At an edge, only that edge's step contributes: dg/dx = ±d(0), + at a band's left "
            "edge and − at its right edge.",
            "The triangle surrogate peaks at d(0) = 1/scale.",
            "Then dz/dx_i = y_i·dg/dx at x_i, with the y of that same point and its sign.",
        ),
        mistakes=(
            Mistake(
                [5.0, 10.0, -20.0, -15.0],
                "Each of your slopes has the opposite sign. A band's left edge is a rising step "
                "(dg/dx = +d(0)) and its right edge a falling one (−d(0)); then multiply by y.",
                kind="sign",
            ),
            Mistake(
                [10.0, -10.0, 10.0, -10.0],
                "That is dg/dx, the gate's surrogate slope; you left out y. z = Σ g(x_i)·y_i, so "
                "multiply each slope by its y_i.",
                kind="ignored-parameter",
            ),
            Mistake(
                [10.0, -20.0, -15.0, 5.0],
                "Your y values are shifted by one point: each slope uses the y of the next edge. "
                "dz/dx_i takes the y_i at the same x_i.",
                kind="off-by-one",
            ),
            Mistake(
                [15.0, 20.0, -10.0, -5.0],
                "Right values in reverse order: list the slopes in the order of the edges asked "
                "for, x = −1, −0.6, 0.6, 1, left to right.",
                kind="signature",
            ),
            Mistake(
                [-2.5, -5.0, 10.0, 7.5],
                "Half of each slope: the triangle's peak is d(0) = 1/scale = 10, twice the "
                "boxcar's 1/(2·scale).",
            ),
            Mistake(
                [0.0, 0.0, 0.0, 0.0],
                "Zero is what autodiff gives through the exact gate. With a surrogate, each edge "
                "contributes ±d(0)·y, which is not zero.",
            ),
        ),
    ),
    Exercise(
        id="2.4",
        title="optional, in JAX: a surrogate step with jax.lax.stop_gradient",
        name="surrogate_step",
        reference=surrogate_step,
        adapt=with_jax_gradient,
        requires="jax",
        solution="""
def surrogate_step(u, s):
    import jax  # inside the function, so that this cell runs without JAX too

    soft = jax.nn.sigmoid(u / s)  # its gradient is the sigmoid bump sigma'(u/s)/s
    hard = (u > 0).astype(soft.dtype)  # the exact step
    return soft + jax.lax.stop_gradient(hard - soft)  # value: hard; gradient: soft's
""",
        hints=(
            "jax.lax.stop_gradient(v) has the value v and the gradient 0. So a + stop_gradient(b - a) "
            "has the value b and the gradient of a.",
            "Take the smooth sigmoid step σ(u/s) as a and the exact step [u > 0], cast to float, "
            "as b.",
            "The checker computes jax.grad of sum(y * surrogate_step(u, s)) with varied y, so "
            "the gradient it expects is y·σ'(u/s)/s.",
        ),
        cases=(
            Case((_U, 0.1, _UY), {}, "s = 0.1, u = 0 included, inside sum(y * step)"),
            Case((_U * 3.0, 0.3, -_UY[::-1]), {}, "s = 0.3, inside sum(y * step)"),
            Case((_U / 10.0, 0.02, _UY * 0.5), {}, "a sharp step, s = 0.02"),
        ),
        mistakes=(
            Mistake(
                _jax_mistake(
                    lambda jax, jnp, u, s: (
                        -_SOFT(jax, u, s) + jax.lax.stop_gradient(_HARD(u, s) + _SOFT(jax, u, s))
                    )
                ),
                "Your gradient has the wrong sign: the step rises, so the gradient of "
                "sum(y * step) is +y·σ'(u/s)/s. Add the soft step, do not subtract it.",
                kind="sign",
            ),
            Mistake(
                _sg_of(_SOFT, lambda u, s: (u >= 0) * 1.0),
                "Your forward value is 1 at u = 0, one point too early: the exact step is "
                "[u > 0], a strict comparison.",
                kind="off-by-one",
            ),
            Mistake(
                _sg_of(lambda jax, u, s: jax.nn.sigmoid(u / 0.1), _HARD),
                "Your sigmoid ignores s: its temperature is fixed at 0.1. Build the soft step "
                "from the s argument.",
                kind="ignored-parameter",
            ),
            Mistake(
                _jax_mistake(
                    lambda jax, jnp, u, s: (
                        jax.nn.sigmoid(s / u)
                        + jax.lax.stop_gradient((s > 0) * 1.0 - jax.nn.sigmoid(s / u))
                    )
                ),
                "Check the argument order: the checker calls surrogate_step(u, s), the point "
                "first and the temperature second.",
                kind="signature",
            ),
            Mistake(
                _jax_mistake(
                    lambda jax, jnp, u, s: (
                        _HARD(u, s) + jax.lax.stop_gradient(_SOFT(jax, u, s) - _HARD(u, s))
                    )
                ),
                "stop_gradient wraps the wrong part: your value is the soft step and your "
                "gradient the exact step's, which is 0. Keep the soft step outside and wrap the "
                "correction hard − soft.",
            ),
            Mistake(
                _jax_mistake(lambda jax, jnp, u, s: u + jax.lax.stop_gradient(_HARD(u, s) - u)),
                "That is straight-through: the value is right but the gradient is 1 everywhere. "
                "Use the soft sigmoid step, whose gradient is the bump σ'(u/s)/s.",
            ),
            Mistake(
                _jax_mistake(lambda jax, jnp, u, s: _SOFT(jax, u, s)),
                "Your value is the soft step σ(u/s), not the exact step: add "
                "stop_gradient(hard − soft) so that the value becomes [u > 0] while the "
                "gradient stays the soft one.",
            ),
        ),
    ),
]
