"""Exercises of chapter 1: projected gradient ascent, classifying a stationary point, and the
maximizer of a given network within bounds."""

import autograd.numpy as np
from autograd import grad

from companion import inputs, nets
from companion.exercises import Case, Exercise, Mistake

BOX = (-3.0, 3.0)


def exercise_network():
    """The network of exercise 1.3: y ↦ mlp([1, y]) for a seeded 2-8-1 tanh MLP."""
    return nets.freeze(nets.init_mlp([2, 8, 1], seed=10, scale=2.0), [1.0])


def projected_ascent(f, y0, lower, upper, lr=0.1, steps=100):
    """The chapter's reference: plain projected ascent run for all ``steps`` steps."""
    return inputs.maximize(
        f, y0, bounds=(lower, upper), method="plain", lr=lr, steps=steps, gtol=0.0
    ).y


def _ascent(f, y0, lower, upper, lr, steps, sign=1.0, project=True):
    y = float(y0)
    for _ in range(steps):
        y = y + sign * lr * grad(f)(y)
        if project:
            y = float(np.clip(y, lower, upper))
    return y


def _classify(f, y, swap=False, second_only=False):
    derivative = grad(grad(f))
    for order in range(2, 3 if second_only else 7):
        value = float(derivative(float(y)))
        if abs(value) > 1e-8:
            if order % 2:
                return "inflection"
            return "maximum" if (value < 0) != swap else "minimum"
        derivative = grad(derivative)
    return "degenerate"


def _y_best():
    return inputs.maximize(
        exercise_network(), 0.0, bounds=BOX, method="plain", lr=0.1, restarts=10, seed=0
    ).y


EXERCISES = [
    Exercise(
        id="1.1",
        title="projected gradient ascent",
        name="projected_ascent",
        reference=projected_ascent,
        solution="""
from autograd import grad
import autograd.numpy as np

def projected_ascent(f, y0, lower, upper, lr=0.1, steps=100):
    df = grad(f)
    y = float(y0)
    for _ in range(steps):
        y = float(np.clip(y + lr * df(y), lower, upper))
    return y
""",
        hints=(
            "Step uphill, y + lr·f'(y), with f' from autograd.grad(f); then put y back in the box.",
            "np.clip(y, lower, upper) is the projection onto [lower, upper]; apply it after every step.",
        ),
        cases=(
            Case(
                (lambda y: -((y - 2.0) ** 2), 0.0, -1.0, 1.0),
                {"lr": 0.1, "steps": 50},
                "f = −(y − 2)², box [−1, 1]",
            ),
            Case(
                (lambda y: np.sin(3 * y) + 0.5 * y, 0.2, 0.0, 2.0),
                {"lr": 0.05, "steps": 200},
                "f = sin 3y + y/2, box [0, 2]",
            ),
            Case(
                (lambda y: -((y + 0.5) ** 2), 1.5, -2.0, 2.0),
                {"lr": 0.1, "steps": 100},
                "f = −(y + 0.5)², box [−2, 2]",
            ),
        ),
        mistakes=(
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps, project=False
                ),
                "Your y left the box: project after every step, y = np.clip(y, lower, upper).",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps, sign=-1.0
                ),
                "You walked downhill (that is descent, y − lr·f'(y)): ascent adds lr·f'(y).",
            ),
        ),
    ),
    Exercise(
        id="1.2",
        title="classify a stationary point",
        name="classify",
        reference=inputs.classify_stationary,
        solution="""
from autograd import grad

def classify(f, y):
    derivative = grad(grad(f))
    for order in range(2, 7):
        value = float(derivative(float(y)))
        if abs(value) > 1e-8:
            if order % 2 == 1:
                return "inflection"
            return "maximum" if value < 0 else "minimum"
        derivative = grad(derivative)
    return "degenerate"
""",
        hints=(
            "At a stationary point the sign of f''(y) decides: negative bends down (maximum), positive up (minimum).",
            "If f''(y) = 0, differentiate again with grad(grad(...)) until a derivative is non-zero: "
            "an even order decides by its sign, an odd order is an inflection ('inflection').",
        ),
        cases=(
            Case((np.cos, 0.0), {}, "f = cos at y = 0"),
            Case((np.cos, float(np.pi)), {}, "f = cos at y = π"),
            Case((lambda y: y**3, 0.0), {}, "f = y³ at y = 0"),
            Case((lambda y: y**4, 0.0), {}, "f = y⁴ at y = 0"),
            Case((lambda y: np.cos(y) - y**4, 0.0), {}, "f = cos y − y⁴ at y = 0"),
        ),
        mistakes=(
            Mistake(
                lambda f, y: _classify(f, y, swap=True),
                "Maximum and minimum are swapped: f'' < 0 means the graph bends down, a maximum.",
            ),
            Mistake(
                lambda f, y: _classify(f, y, second_only=True),
                "When f''(y) = 0 the second-derivative test is silent (think of y⁴): look at the "
                "first non-zero higher derivative; an even order is an extremum, an odd one an inflection.",
            ),
        ),
    ),
    Exercise(
        id="1.3",
        title="the maximizer of a network within bounds",
        name="y_best",
        reference=_y_best,
        solution="""
import companion as cp

net13 = cp.nets.freeze(cp.nets.init_mlp([2, 8, 1], seed=10, scale=2.0), [1.0])
y_best = cp.inputs.maximize(
    net13, 0.0, bounds=(-3.0, 3.0), method="plain", lr=0.1, restarts=10, seed=0
).y
""",
        hints=(
            "A box maximum is either a local maximum inside (f' = 0, f'' < 0) or an end of the box.",
            "cp.inputs.maximize with bounds=(-3.0, 3.0) and a few restarts, or a dense grid over [−3, 3], finds it.",
        ),
        mistakes=(
            Mistake(
                inputs.maximize(exercise_network(), 0.0, method="plain", lr=0.1, steps=500).y,
                "That is the local maximum next to y = 0 where f' = 0. The maximum over a box can "
                "sit on its edge, where f' ≠ 0: compare f at the ends too, or restart from several points.",
            ),
            Mistake(
                float(exercise_network()(3.0)),
                "That is the network's output f(y) at the maximizer; the exercise asks for y itself.",
            ),
        ),
        rtol=0.0,
        atol=1e-4,
    ),
]
