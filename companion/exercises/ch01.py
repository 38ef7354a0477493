"""Exercises of chapter 1: projected gradient ascent that knows when to stop, classifying a
stationary point, the maximizer of a given network within bounds, and (optional) the same
search in PyTorch.

Each exercise declares an off-by-one, an ignored parameter, a sign error and a signature slip,
and its cases are chosen so that none of them converges to the reference by accident: 1.1's
cases stop before ascent settles, one oscillates so that the final iterate is not the best one
seen, one stops early on a large gtol, and two stop on the box's edge, where only the projected
gradient vanishes.
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


def projected_ascent(f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6):
    """The chapter's reference: plain projected ascent that stops as soon as the projected
    gradient is at most ``gtol``; returns the final iterate (not the best one seen) and the
    number of steps taken."""
    run = inputs.maximize(
        f, y0, bounds=(lower, upper), method="plain", lr=lr, steps=steps, gtol=gtol
    )
    return float(run.path[-1]), run.steps


# --- typical wrong answers, written as a learner would --------------------------------------


def _ascent(
    f,
    y0,
    lower,
    upper,
    lr,
    steps,
    gtol,
    sign=1.0,
    project="every step",
    stop="projected",
    returns="final",
):
    y, best, taken = float(y0), float(y0), steps
    for t in range(steps):
        g = float(grad(f)(y))
        if stop == "projected" and ((y <= lower and g < 0) or (y >= upper and g > 0)):
            g = 0.0
        if stop != "never" and abs(g) <= gtol:
            taken = t
            break
        y = y + sign * lr * g
        if project == "every step":
            y = float(onp.clip(y, lower, upper))
        best = y if f(y) > f(best) else best
    if project == "at the end":
        y = float(onp.clip(y, lower, upper))
    return (best if returns == "best" else y), taken


def _classify(f, y, swap=False, highest=6, at=None, start=2, odd="inflection", parity=0):
    derivative = grad(grad(f)) if start == 2 else grad(f)
    for order in range(2, highest + 1):
        value = float(derivative(float(y if at is None else at)))
        if abs(value) > 1e-8:
            if (order + parity) % 2:
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
            self._value = self._compute()
        return self._value

    def __array__(self, dtype=None, copy=None):
        return onp.asarray(self.value(), dtype=dtype)

    def __repr__(self):
        return repr(self.value())


def _grid(lower=BOX[0], upper=BOX[1], n=600_001):
    return onp.linspace(lower, upper, n)


def _pair(y):
    return float(y), float(exercise_network()(float(y)))


def _best():
    """(y, f(y)) at the maximizer over the box: ascent with restarts, confirmed by a dense grid
    (spacing 1e-5)."""
    run = inputs.maximize(
        exercise_network(), 0.0, bounds=BOX, method="plain", lr=0.1, restarts=10, seed=0
    )
    grid = _grid()
    assert abs(run.y - grid[onp.argmax(exercise_network()(grid))]) <= 1e-5
    return _pair(run.y)


def _parabola(y):
    return -((y - 2.0) ** 2)


# --- exercise 1.4 (optional): the same search in PyTorch ----------------------------------

# (W1, b1, W2, b2) in Keras' layout for the two networks the cases search: a seeded 2-6-1 tanh
# MLP, and exercise 1.3's network. Plain lists, so the cases hold no framework objects.
_TORCH_WEIGHTS = tuple(
    tuple(w.tolist() for w in nets.export_weights(nets.init_mlp(sizes, seed=seed, scale=scale)))
    for sizes, seed, scale in (([2, 6, 1], 4, 1.5), ([2, 8, 1], 10, 2.0))
)


def _torch_model(weights):
    """A frozen-able torch.nn.Sequential (Linear, Tanh, Linear) in float64 holding ``weights``."""
    import torch

    W1, b1, W2, b2 = (torch.tensor(w, dtype=torch.float64) for w in weights)
    model = torch.nn.Sequential(
        torch.nn.Linear(*W1.shape), torch.nn.Tanh(), torch.nn.Linear(*W2.shape)
    ).double()
    with torch.no_grad():  # nn.Linear stores W transposed
        model[0].weight.copy_(W1.T)
        model[0].bias.copy_(b1)
        model[2].weight.copy_(W2.T)
        model[2].bias.copy_(b2)
    return model


def _on_torch_model(answer):
    """The checker's view of an answer to 1.4: build the case's network in PyTorch, run the
    answer on it, and return its y (a float)."""

    def judged(weights, x, y0, lower, upper, lr=0.05, steps=100):
        return float(answer(_torch_model(weights), x, y0, lower, upper, lr=lr, steps=steps))

    return judged


def maximize_torch(model, x, y0, lower, upper, lr=0.05, steps=100):
    """The reference for 1.4: projected SGD ascent on the input in PyTorch, ``steps`` steps. The
    conformance stage checks it against ``inputs.maximize`` (plain, the same lr and steps)."""
    return _torch_ascent(model, x, y0, lower, upper, lr, steps)


def _torch_ascent(
    model,
    x,
    y0,
    lower,
    upper,
    lr,
    steps,
    ascent=True,
    zero_grad=True,
    clamp="every step",
    output=False,
):
    import torch

    model.requires_grad_(False)
    x = torch.tensor([x], dtype=torch.float64)
    y = torch.tensor([y0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([y], lr=lr, maximize=ascent)
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        model(torch.cat([x, y]))[0].backward()
        optimizer.step()
        if clamp == "every step":
            with torch.no_grad():
                y.clamp_(lower, upper)
    if clamp == "at the end":
        with torch.no_grad():
            y.clamp_(lower, upper)
    return model(torch.cat([x, y]))[0].item() if output else y.item()


def _torch_mistake(extra_steps=0, fixed_lr=None, **slip):
    """A wrong answer to 1.4, as a learner would write it: ``extra_steps`` more (or fewer) steps,
    a ``fixed_lr`` whatever lr is passed, or one of ``_torch_ascent``'s slips."""

    def answer(model, x, y0, lower, upper, lr=0.05, steps=100):
        lr = fixed_lr if fixed_lr is not None else lr
        return _torch_ascent(model, x, y0, lower, upper, lr, steps + extra_steps, **slip)

    return answer


EXERCISES = [
    Exercise(
        id="1.1",
        title="projected gradient ascent that knows when to stop",
        name="projected_ascent",
        reference=projected_ascent,
        solution="""
from autograd import grad
import autograd.numpy as np

def projected_ascent(f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6):
    df = grad(f)
    y = float(y0)
    for t in range(steps):
        g = float(df(y))
        if (y <= lower and g < 0) or (y >= upper and g > 0):
            g = 0.0  # on the edge, pointing out of the box: the projected gradient is 0
        if abs(g) <= gtol:
            return y, t
        y = float(np.clip(y + lr * g, lower, upper))
    return y, steps
""",
        hints=(
            "Before each step take g = f'(y). If y sits on a bound and g points out of the box, "
            "the projected gradient is 0. Stop as soon as |projected gradient| <= gtol; "
            "otherwise step uphill by lr·g and clip y back into [lower, upper].",
            "Return the last y you computed (not the best one seen) and how many steps you took: "
            "0 if y0 already satisfies the test, `steps` if it never did.",
        ),
        cases=(
            Case(
                (_parabola, 0.5, -2.0, 1.7),
                {"lr": 0.1, "steps": 30},
                "f = −(y − 2)², box [−2, 1.7]: ascent reaches the upper edge and must stop there",
            ),
            Case(
                (_parabola, 0.0, -1.0, 2.5),
                {"lr": 0.9, "steps": 3},
                "f = −(y − 2)², box [−1, 2.5], lr 0.9: the first step leaves the box, past the peak",
            ),
            Case(
                (_parabola, 2.3, 0.0, 2.3),
                {"lr": 0.1, "steps": 10},
                "f = −(y − 2)², box [0, 2.3], starting on the upper edge with f' pointing inwards",
            ),
            Case(
                (lambda y: 0.5 * y, 0.0, 0.0, 1.0),
                {"lr": 0.1, "steps": 5},
                "f = y/2, box [0, 1], starting on the lower edge with f' pointing inwards",
            ),
            Case(
                (lambda y: np.sin(3 * y) + 0.5 * y, 0.2, 0.0, 2.0),
                {"lr": 0.3, "steps": 4},
                "f = sin 3y + y/2, box [0, 2], lr 0.3: the steps overshoot, so the final y is "
                "not the best one seen",
            ),
            Case(
                (_parabola, -1.0, -3.0, 3.0),
                {"lr": 0.1, "steps": 50, "gtol": 0.5},
                "f = −(y − 2)², box [−3, 3], gtol 0.5: an early stop",
            ),
            Case(
                (lambda y: -((y + 1.2) ** 2), 0.0, -1.0, 1.0),
                {"lr": 0.3, "steps": 20, "gtol": 0.0},
                "f = −(y + 1.2)², box [−1, 1], gtol 0: ascent stops on the lower edge",
            ),
            Case(
                (lambda y: np.sin(3 * y) + 0.5 * y, 0.2, 0.0, 2.0),
                {"lr": 0.05, "steps": 7},
                "f = sin 3y + y/2, box [0, 2], seven steps, far from converged",
            ),
        ),
        mistakes=(
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, project="at the end"
                ),
                "You projected once, after the loop. Ascent that leaves the box follows the "
                "gradient out there and comes back somewhere else: project after every step.",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, project="never"
                ),
                "Your y left the box: project onto [lower, upper] after every step.",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, stop="raw"
                ),
                "On the box's edge your run never stops: there the gradient points outwards and "
                "need not vanish. Test the projected gradient, which is 0 when y sits on a bound "
                "and the gradient points out of the box.",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, returns="best"
                ),
                "You returned the best y seen; the exercise asks for the final iterate, where "
                "the loop stopped (they differ when a step overshoots the peak).",
                kind="other",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps - 1, gtol
                ),
                "One step short: the loop may take up to `steps` steps (check its range).",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps + 1, gtol
                ),
                "One step too many: the loop may take at most `steps` steps (check its range).",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, 0.1, steps, gtol
                ),
                "Your step size is always 0.1: use the lr that was passed in.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, 100, gtol
                ),
                "You always allow 100 steps: use the steps that were passed in.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, stop="never"
                ),
                "Your run never stops early: stop as soon as the projected gradient is at most "
                "gtol, and report the steps taken until then.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol, sign=-1.0
                ),
                "You walked downhill (that is descent, subtracting the gradient): ascent adds "
                "lr times f'(y).",
                kind="sign",
            ),
            Mistake(
                lambda f, y0, upper, lower, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol
                ),
                "Your answer sits on the wrong end of the box: the signature is "
                "(f, y0, lower, upper, ...), lower bound first.",
                kind="signature",
            ),
            Mistake(
                lambda f, y0, lower, upper, lr=0.1, steps=100, gtol=1e-6: _ascent(
                    f, y0, lower, upper, lr, steps, gtol
                )[0],
                "Return two things, the final y and the number of steps taken: a tuple (y, t).",
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
            Case((lambda y: 0.3 * y**2, 0.0), {}, "f = 0.3y² at y = 0"),
            Case((lambda y: 7.5e-9 * y**2, 0.0), {}, "f = 7.5·10⁻⁹ y² at 0: f'' = 1.5·10⁻⁸"),
            Case((lambda y: 5e-9 * y**2, 0.0), {}, "f = 5·10⁻⁹ y² at 0: f'' = 10⁻⁸, zero"),
            Case((lambda y: y**7, 0.0), {}, "f = y⁷ at y = 0, beyond the sixth derivative"),
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
                lambda f, y: _classify(f, y, parity=1),
                "Even and odd are swapped: an even order (the 2nd, 4th, 6th derivative) decides "
                "an extremum by its sign, an odd order (the 3rd, 5th) means an inflection.",
                kind="other",
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
                "An odd first non-zero derivative is what this exercise calls an inflection (some "
                "texts say a saddle point); 'saddle' is kept for a point that curves up in one "
                "direction and down in another, which needs two dimensions.",
                kind="other",
            ),
        ),
    ),
    Exercise(
        id="1.3",
        title="the maximizer of a network within bounds",
        name="best",
        reference=_best,
        solution="""
import autograd.numpy as np

import companion as cp

net13 = cp.nets.freeze(cp.nets.init_mlp([2, 8, 1], seed=10, scale=2.0), [1.0])
grid13 = np.linspace(-3.0, 3.0, 60_001)  # spacing 1e-4, both ends included
y13 = grid13[np.argmax(net13(grid13))]
best = (float(y13), float(net13(y13)))
""",
        hints=(
            "A box maximum is either a local maximum inside (f' = 0, where f'' <= 0 is necessary "
            "and f'' < 0 sufficient) or an end of the box.",
            "cp.inputs.maximize with bounds=(-3.0, 3.0) and a few restarts, or a dense grid over "
            "[−3, 3], finds it.",
        ),
        mistakes=(
            Mistake(
                _Later(
                    lambda: _pair(
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
                _Later(lambda: _pair(3.0)[::-1]),
                "The pair is the wrong way round: best = (y, f(y)), the maximizer first.",
                kind="signature",
            ),
            Mistake(
                _Later(lambda: _pair(_grid()[onp.argmin(exercise_network()(_grid()))])),
                "That is where the network is lowest on the box: you minimized. Maximize f.",
                kind="sign",
            ),
            Mistake(
                _Later(
                    lambda: _pair(
                        (grid := onp.arange(BOX[0], BOX[1], 1e-3))[
                            onp.argmax(exercise_network()(grid))
                        ]
                    )
                ),
                "Your grid stops one point short of y = 3: np.arange leaves out its end point. "
                "Use np.linspace(-3, 3, n), which includes both ends.",
                kind="off-by-one",
            ),
            Mistake(
                _Later(
                    lambda: _pair(
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
    Exercise(
        id="1.4",
        title="(optional) the search in PyTorch",
        name="maximize_torch",
        reference=maximize_torch,
        solution="""
def maximize_torch(model, x, y0, lower, upper, lr=0.05, steps=100):
    import torch

    model.eval()
    model.requires_grad_(False)  # freeze the weights: only y is optimized
    x = torch.tensor([x], dtype=torch.float64)
    y = torch.tensor([y0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([y], lr=lr, maximize=True)
    for _ in range(steps):
        optimizer.zero_grad()
        model(torch.cat([x, y]))[0].backward()
        optimizer.step()
        with torch.no_grad():
            y.clamp_(lower, upper)  # project back into the box
    return y.item()
""",
        hints=(
            "Freeze the model's parameters, make y a float64 tensor that requires grad, and give "
            "the optimizer y alone. SGD has a maximize flag for ascent. After every step, clamp "
            "y into [lower, upper] in place, outside the autograd record.",
            "Each step: clear the old gradient, evaluate the model on the concatenation of x and "
            "y, backpropagate, step. Return the final y as a Python float.",
        ),
        cases=tuple(
            Case((_TORCH_WEIGHTS[k], *args), kwargs, label)
            for k, args, kwargs, label in (
                (0, (0.3, 0.2, -2.0, 2.0), {"lr": 0.07, "steps": 6}, "six steps from 0.2"),
                (1, (1.0, 0.0, -3.0, 0.5), {"lr": 1.0, "steps": 3}, "big steps against the edge"),
                (0, (0.3, 1.9, 1.5, 2.0), {"lr": 0.4, "steps": 8}, "down to the lower edge"),
                (1, (1.0, 0.0, -3.0, 3.0), {"lr": 0.02, "steps": 5}, "exercise 1.3's net"),
            )
        ),
        mistakes=(
            Mistake(
                _torch_mistake(extra_steps=-1),
                "One step short: take exactly `steps` optimizer steps (check the loop's range).",
                kind="off-by-one",
            ),
            Mistake(
                _torch_mistake(fixed_lr=0.05),
                "Your learning rate is always 0.05: pass the lr you were given to the optimizer.",
                kind="ignored-parameter",
            ),
            Mistake(
                _torch_mistake(ascent=False),
                "You walked downhill: a PyTorch optimizer minimizes, so ask it to maximize "
                "(maximize=True) or minimize the negative output.",
                kind="sign",
            ),
            Mistake(
                _torch_mistake(output=True),
                "That is the network's output at the final y; return y itself, as a float.",
                kind="signature",
            ),
            Mistake(
                _torch_mistake(zero_grad=False),
                "Your gradients pile up: PyTorch adds each backward pass into y.grad, so clear it "
                "(optimizer.zero_grad()) before every backward pass.",
                kind="other",
            ),
            Mistake(
                _torch_mistake(clamp="never"),
                "Your y left the box: clamp it into [lower, upper] after every step.",
                kind="other",
            ),
            Mistake(
                _torch_mistake(clamp="at the end"),
                "You clamped once, after the loop: ascent that leaves the box follows the "
                "gradient out there. Clamp after every step.",
                kind="other",
            ),
        ),
        adapt=_on_torch_model,
        requires=("torch",),
    ),
]
