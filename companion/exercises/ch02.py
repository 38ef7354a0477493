"""Exercises of chapter 2, binary gates: a boxcar surrogate, the gate as steps, edge slopes."""

from functools import partial

import autograd.numpy as np
from autograd import elementwise_grad

from companion.exercises import Case, Exercise, Mistake
from companion.gates import SMOOTH_STEPS, heaviside, pulse_from_steps, surrogate_pulse_gate


def boxcar_step_and_slope(x, scale):
    """(H(x), dH/dx) for the exact step with the boxcar surrogate of ``companion.gates``."""
    return heaviside(x, "boxcar", scale), elementwise_grad(heaviside)(x, "boxcar", scale)


def edge_slopes():
    """dz/dx at x = −1, −0.6, 0.6, 1 for z = g·y, y = −0.5, x_max = 1, e = 0.4, triangle, s = 0.1."""
    edges = np.array([-1.0, -0.6, 0.6, 1.0])
    return -0.5 * elementwise_grad(surrogate_pulse_gate)(edges, 1.0, 0.4, "triangle", 0.1)


def _exact_step(u):
    return (u > 0) * 1.0


_sigmoid_step = partial(SMOOTH_STEPS["sigmoid"], s=0.1)
_fast_sigmoid_step = partial(SMOOTH_STEPS["fast_sigmoid"], s=0.2)
_X = np.array([-1.15, -0.9, -0.75, -0.3, 0.0, 0.45, 0.8, 0.95, 1.3])

EXERCISES = [
    Exercise(
        id="2.1",
        title="the boxcar surrogate as an autograd primitive",
        name="boxcar_step_and_slope",
        reference=boxcar_step_and_slope,
        solution="""
from functools import partial

import autograd.numpy as np
from autograd import elementwise_grad
from autograd.extend import defvjp, primitive


@primitive
def boxcar_step(x, scale):
    return (x > 0) * 1.0


defvjp(boxcar_step, lambda ans, x, scale: lambda g: g * (np.abs(x) < scale) / (2 * scale))


def boxcar_step_and_slope(x, scale):
    return boxcar_step(x, scale), elementwise_grad(boxcar_step)(x, scale)
""",
        hints=(
            "Decorate the exact step, (x > 0) * 1.0, with @primitive, then give it its backward "
            "pass with defvjp(step, lambda ans, x, scale: lambda g: g * boxcar(x)).",
            "The boxcar is flat on (−scale, scale), with height 1/(2·scale) so that its area is 1, "
            "the size of the step's jump.",
            "The slope is elementwise_grad(boxcar_step)(x, scale).",
        ),
        cases=(
            Case((np.array([-0.3, -0.05, 0.0, 0.04, 0.2]), 0.1), {}, "scale 0.1, x = 0 included"),
            Case((np.linspace(-1.0, 1.0, 9), 0.6), {}, "scale 0.6"),
            Case((np.array([-0.02, 0.01, 0.03]), 0.025), {}, "a sharp boxcar, scale 0.025"),
        ),
        mistakes=(
            Mistake(
                lambda x, scale: ((x > 0) * 1.0, np.zeros_like(x)),
                "Your slope is 0 everywhere: autograd differentiated the comparison x > 0, which "
                "has no derivative. Wrap the exact step with @primitive and attach the boxcar "
                "with defvjp.",
            ),
            Mistake(
                lambda x, scale: ((x > 0) * 1.0, (np.abs(x) < scale) * 1.0),
                "Your boxcar has height 1, so its area is 2·scale instead of 1. Divide by "
                "2·scale: a surrogate must integrate to the step's jump, 1.",
            ),
            Mistake(
                lambda x, scale: ((x > 0) * 1.0, (np.abs(x) < scale / 2) / scale),
                "Your boxcar is flat on (−scale/2, scale/2); the book's is flat on "
                "(−scale, scale) with height 1/(2·scale).",
            ),
            Mistake(
                lambda x, scale: ((x >= 0) * 1.0, (np.abs(x) < scale) / (2 * scale)),
                "Your forward pass is 1 at x = 0. The exact step is H(x) = [x > 0], which is 0 "
                "at x = 0; use a strict comparison.",
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
            "g = H(x − (x_max − e)) − H(x − x_max) + H(x + x_max) − H(x − (−x_max + e)).",
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
edge_slopes = [-5.0, 5.0, -5.0, 5.0]  # ±d(0)·y with d(0) = 1/0.1 = 10 and y = −0.5
""",
        hints=(
            "At an edge, only that edge's step contributes: dg/dx = ±d(0), + at a band's left "
            "edge and − at its right edge.",
            "The triangle surrogate peaks at d(0) = 1/scale.",
            "Then dz/dx = y·dg/dx, and y is negative.",
        ),
        mistakes=(
            Mistake(
                [5.0, -5.0, 5.0, -5.0],
                "Those are the signs of y·|dg/dx| with y's sign forgotten: y = −0.5 < 0 flips "
                "each one.",
            ),
            Mistake(
                [-10.0, 10.0, -10.0, 10.0],
                "Right signs, but you left out |y| = 0.5: dz/dx = y·dg/dx.",
            ),
            Mistake(
                [10.0, -10.0, 10.0, -10.0],
                "That is dg/dx, the gate's surrogate slope. z = g·y, so multiply by y = −0.5.",
            ),
            Mistake(
                [0.0, 0.0, 0.0, 0.0],
                "Zero is what autodiff gives through the exact gate. With a surrogate, each edge "
                "contributes ±d(0)·y, which is not zero.",
            ),
        ),
    ),
]
