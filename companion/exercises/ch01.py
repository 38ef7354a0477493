"""Exercises of chapter 1: projected gradient ascent, classifying a stationary point, and the
maximizer of a given network within bounds.

Each exercise declares an off-by-one, an ignored parameter, a sign error and a signature slip,
and its cases are chosen so that none of them converges to the reference by accident: 1.1's
cases stop before ascent settles, and one oscillates across the box's edge, so projecting only
at the end lands elsewhere than projecting after every step.
"""

import autograd.numpy as np
import numpy as onp
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


# --- typical wrong answers, written as a learner would --------------------------------------


def _ascent(f, y0, lower, upper, lr, steps, sign=1.0, project="every step"):
    y = float(y0)
    for _ in range(steps):
        y = y + sign * lr * float(grad(f)(y))
        if project == "every step":
            y = float(onp.clip(y, lower, upper))
    if project == "at the end":
        y = float(onp.clip(y, lower, upper))
    return y


def _classify(f, y, swap=False, highest=6, at=None, start=2, odd="inflection"):
    derivative = grad(grad(f)) if start == 2 else grad(f)
    for order in range(2, highest + 1):
        value = float(derivative(float(y if at is None else at)))
        if abs(value) > 1e-8:
            if order % 2:
                return odd
            return "maximum" if (value < 0) != swap else "minimum"
        derivative = grad(derivative)
    return "degenerate"


class _Later:
    """A wrong value for exercise 1.3, computed when first compared: importing stays fast."""

    def __init__(self, compute):
        self._compute, self._value = compute, None

    def value(self):
        if self._value is None:
            self._value = float(self._compute())
        return self._value

    def __array__(self, dtype=None, copy=None):
        return onp.asarray(self.value(), dtype=dtype)

    def __float__(self):
        return self.value()

    def __repr__(self):
        return repr(self.value())


def _grid(lower=BOX[0], upper=BOX[1], n=600_001):
    return onp.linspace(lower, upper, n)


def _y_best():
    return inputs.maximize(
        exercise_network(), 0.0, bounds=BOX, method="plain", lr=0.1, restarts=10, seed=0
    ).y


def _parabola(y):
    return -((y - 2.0) ** 2)


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
            "Step uphill by lr times the derivative (autograd.grad gives it), then put y back "
            "into [lower, upper]; repeat exactly `steps` times.",
            "np.clip is the projection onto the box. Apply it inside the loop, after every "
            "step, not once when the loop is over.",
        ),
        cases=(
            Case(
                (_parabola, 0.5, -2.0, 1.0), {"lr": 0.1, "steps": 3}, "f = −(y − 2)², box [−2, 1]"
            ),
            Case(
                (_parabola, 0.0, -1.0, 1.5),
                {"lr": 0.8, "steps": 2},
                "f = −(y − 2)², box [−1, 1.5], a step so large that ascent overshoots the peak",
            ),
            Case(
                (_parabola, -1.0, -3.0, 3.0),
                {"lr": 0.05, "steps": 10},
                "f = −(y − 2)², box [−3, 3], ten steps, far from converged",
            ),
            Case(
                (lambda y: np.sin(3 * y) + 0.5 * y, 0.2, 0.0, 2.0),
                {"lr": 0.05, "steps": 7},
                "f = sin 3y + y/2, box [0, 2]",
            ),
        ),
        mistakes=(
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps, project="at the end"
                ),
                "You projected once, after the loop. Ascent that leaves the box follows the "
                "gradient out there and comes back somewhere else: project after every step.",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps, project="never"
                ),
                "Your y left the box: project onto [lower, upper] after every step.",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps - 1
                ),
                "One step short: the loop must take exactly `steps` steps (check its range).",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps + 1
                ),
                "One step too many: the loop must take exactly `steps` steps (check its range).",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, 0.1, steps
                ),
                "Your step size is always 0.1: use the lr that was passed in.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, 100
                ),
                "You always take 100 steps: use the steps that were passed in.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps, sign=-1.0
                ),
                "You walked downhill (that is descent, subtracting the gradient): ascent adds "
                "lr times f'(y).",
                kind="sign",
            ),
            Mistake(
                lambda f, y0, upper, lower, lr=0.1, steps=100: _ascent(
                    f, y0, lower, upper, lr, steps
                ),
                "Your answer sits on the wrong end of the box: the signature is "
                "(f, y0, lower, upper, ...), lower bound first.",
                kind="signature",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100: float(
                    f(_ascent(f, y0, lower, upper, lr, steps))
                ),
                "That looks like f at the final point: return the final y itself.",
                kind="signature",
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
            "At a stationary point the sign of f''(y) decides: negative bends down (maximum), "
            "positive bends up (minimum).",
            "If f''(y) = 0, differentiate again until a derivative is non-zero, up to the "
            "sixth: an even order decides by its sign, an odd order means an inflection.",
        ),
        cases=(
            Case((np.cos, 0.0), {}, "f = cos at y = 0"),
            Case((np.cos, float(np.pi)), {}, "f = cos at y = π"),
            Case((lambda y: y**3, 0.0), {}, "f = y³ at y = 0"),
            Case((lambda y: -(y**4), 0.0), {}, "f = −y⁴ at y = 0"),
            Case((lambda y: y**4, 0.0), {}, "f = y⁴ at y = 0"),
            Case((lambda y: -(y**6), 0.0), {}, "f = −y⁶ at y = 0"),
            Case((lambda y: y**8, 0.0), {}, "f = y⁸ at y = 0"),
            Case((lambda y: np.cos(y) - y**4, 0.0), {}, "f = cos y − y⁴ at y = 0"),
        ),
        mistakes=(
            Mistake(
                lambda f, y: _classify(f, y, at=0.0),
                "Right at y = 0, wrong elsewhere: evaluate the derivatives at the y you were "
                "given, not at 0.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y: _classify(f, y, swap=True),
                "Maximum and minimum are swapped: f'' < 0 means the graph bends down, a maximum.",
                kind="sign",
            ),
            Mistake(
                lambda f, y: _classify(f, y, start=1),
                "You differentiated once too few: f is the function itself, not its derivative, "
                "so its second derivative needs grad twice.",
                kind="signature",
            ),
            Mistake(
                lambda f, y: _classify(f, y, highest=5),
                "Your loop stops one derivative early: −y⁶ needs the sixth derivative.",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, y: _classify(f, y, highest=2),
                "When f''(y) = 0 the second-derivative test is silent (think of −y⁴): look at the "
                "first non-zero higher derivative; an even order is an extremum, an odd one an "
                "inflection.",
                kind="other",
            ),
            Mistake(
                lambda f, y: _classify(f, y, odd="saddle"),
                "An odd first non-zero derivative in one dimension is an inflection, not a saddle: "
                "a saddle curves up in one direction and down in another, which needs two.",
                kind="other",
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
            "cp.inputs.maximize with bounds=(-3.0, 3.0) and a few restarts, or a dense grid over "
            "[−3, 3], finds it.",
        ),
        mistakes=(
            Mistake(
                _Later(
                    lambda: (
                        inputs.maximize(
                            exercise_network(), 0.0, method="plain", lr=0.1, steps=500
                        ).y
                    )
                ),
                "That is the local maximum next to y = 0 where f' = 0. The maximum over a box can "
                "sit on its edge, where f' ≠ 0: compare f at the ends too, or restart from several "
                "points.",
                kind="other",
            ),
            Mistake(
                _Later(lambda: exercise_network()(3.0)),
                "That is the network's output f(y) at the maximizer; the exercise asks for y itself.",
                kind="signature",
            ),
            Mistake(
                _Later(lambda: _grid()[onp.argmin(exercise_network()(_grid()))]),
                "That is where the network is lowest on the box: you minimized. Maximize f.",
                kind="sign",
            ),
            Mistake(
                _Later(
                    lambda: (grid := onp.arange(BOX[0], BOX[1], 1e-3))[
                        onp.argmax(exercise_network()(grid))
                    ]
                ),
                "Your grid stops one point short of y = 3: np.arange leaves out its end point. "
                "Use np.linspace(-3, 3, n), which includes both ends.",
                kind="off-by-one",
            ),
            Mistake(
                _Later(
                    lambda: (
                        inputs.maximize(
                            exercise_network(), 0.0, method="plain", lr=0.1, restarts=10, seed=0
                        ).y
                    )
                ),
                "Your y lies outside [−3, 3]: the box was ignored. Without it this network rises "
                "towards a supremum it never attains; pass bounds=(-3.0, 3.0).",
                kind="ignored-parameter",
            ),
        ),
        rtol=0.0,
        atol=1e-4,
    ),
]
