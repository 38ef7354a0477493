"""Exercises of chapter 3, non-differentiable losses: soft F1, a straight-through round,
the centred softsign step, choosing the threshold after training, and (optional, JAX) the
straight-through round in a framework's stop-gradient idiom."""

import numpy as onp
from autograd import grad

from companion import losses
from companion.exercises import Case, Exercise, Mistake


def ste_precision_grad(y_true, y_prob):
    """Gradient in y_prob of 1 − precision(y, round(p)) with a straight-through round."""
    return grad(lambda p: 1.0 - losses.soft_precision(y_true, losses.round_ste(p)))(y_prob)


def centred_softsign(p, m):
    """The reader's modified softsign ½(1 + m·u/(1 + m|u|)), centred at u = p − 0.5."""
    return losses.softsign_step(p, m / 2, center=0.5)


def _soft(y, p):
    y, p = onp.asarray(y, float), onp.asarray(p, float)
    return onp.sum(y * p), onp.sum((1 - y) * p), onp.sum(y * (1 - p))


def _div(a, b):
    return a / b if b else 0.0


def _arithmetic_mean_f1(y, p):
    tp, fp, fn = _soft(y, p)
    return 0.5 * (_div(tp, tp + fp) + _div(tp, tp + fn))


def _jaccard(y, p):
    tp, fp, fn = _soft(y, p)
    return _div(tp, tp + fp + fn)


def _true_negatives_as_fn(y, p):
    y, p = onp.asarray(y, float), onp.asarray(p, float)
    tp, fp, tn = onp.sum(y * p), onp.sum((1 - y) * p), onp.sum((1 - y) * (1 - p))
    return _div(2 * tp, 2 * tp + fp + tn)


def _unguarded_f1(y, p):
    tp, fp, fn = _soft(y, p)
    with onp.errstate(invalid="ignore", divide="ignore"):
        return onp.float64(2 * tp) / (2 * tp + fp + fn)


def _hard_sign_step(p, m):
    u = onp.asarray(p, float) - 0.5
    with onp.errstate(invalid="ignore", divide="ignore"):
        return 0.5 * (1 + m * u / (m * onp.abs(u)))


def _skips_first(y, p):
    tp, fp, fn = _soft(onp.asarray(y)[1:], onp.asarray(p)[1:])
    return _div(2 * tp, 2 * tp + fp + fn)


def _ignores_labels(y, p):
    p = onp.asarray(p, float)
    tp, fn = onp.sum(p), onp.sum(1 - p)  # every example counted as a positive
    return _div(2 * tp, 2 * tp + fn)


def _negative_fn(y, p):
    tp, fp, fn = _soft(y, p)
    return _div(2 * tp, 2 * tp + fp - fn)


def soft_f1_with_eps(y_true, y_prob, eps):
    """A learner's soft_f1 that asks for an ε the checker does not pass."""
    tp, fp, fn = _soft(y_true, y_prob)
    return 2 * tp / (2 * tp + fp + fn + eps)


soft_f1_with_eps.__name__ = soft_f1_with_eps.__qualname__ = "soft_f1"


def _ste_grad(y_true, y_prob, rounding=onp.round, backward=None, argnum=1):
    """The gradient of 1 − tp/(tp + fp) on hard b = rounding(p), with a hand-made VJP
    (``backward(x)`` returns the VJP; the default passes g straight through)."""
    import autograd.numpy as anp
    from autograd.extend import defvjp, primitive

    @primitive
    def hard(x):
        return rounding(x)

    defvjp(hard, backward or (lambda ans, x: lambda g: g))

    def loss(y, p):
        b = hard(p)
        tp, fp = anp.sum(y * b), anp.sum((1 - y) * b)
        return 1.0 - tp / (tp + fp)

    return grad(loss, argnum)(onp.asarray(y_true, float), onp.asarray(y_prob, float))


def _sweep(y, p, beta, score, positive, better=onp.greater, start=-1.0, zero=True):
    y, p = onp.asarray(y, float), onp.asarray(p, float)
    best_t, best = 0.0, start
    for t in sorted({0.0, *p.tolist()} if zero else set(p.tolist())):
        pred = positive(p, t)
        tp, fp = onp.sum(pred * y), onp.sum(pred * (1 - y))
        fn = onp.sum(y) - tp
        value = score(tp, fp, fn, beta)
        if better(value, best):
            best_t, best = t, value
    return best_t, best


def best_threshold_b(y_true, y_prob, b=1.0):
    """A learner's best_threshold whose F_β parameter is called b, not beta."""
    return _sweep(y_true, y_prob, b, _f, onp.greater)[0]


best_threshold_b.__name__ = best_threshold_b.__qualname__ = "best_threshold"


def _f(tp, fp, fn, beta):
    return _div((1 + beta**2) * tp, (1 + beta**2) * tp + beta**2 * fn + fp)


# --- Exercise 3.5 (optional, JAX): the straight-through round in a framework's idiom ---------
# The checker runs the learner's function in JAX inside a larger graph: s = 2v − 0.5 feeds it
# (so 0.5 and 2.5 are ties that round to even) and non-unit, varied cotangents w weigh its
# output, so an answer that drops the incoming gradient is seen.

_V = onp.array([0.5, 1.5, -0.25, 0.1, 0.6, -0.4, 2.0])
_W = onp.array([3.0, -2.0, 0.5, 1.0, -1.5, 2.0, 0.25])


def _in_a_larger_graph(round_ste):
    """adapt for 3.5: (round_ste(2v − 0.5), d Σ w·round_ste(2v − 0.5) / dv), computed by JAX."""

    def judged(v, w):
        import jax
        import jax.numpy as jnp

        v, w = jnp.asarray(v, jnp.float32), jnp.asarray(w, jnp.float32)
        value = round_ste(2 * v - 0.5)
        g = jax.grad(lambda u: jnp.sum(w * round_ste(2 * u - 0.5)))(v)
        return onp.asarray(value, float), onp.asarray(g, float)

    return judged


def jax_round_ste(x):
    """round(x) forward, identity backward, in JAX: x + stop_gradient(round(x) − x)."""
    import jax
    import jax.numpy as jnp

    return x + jax.lax.stop_gradient(jnp.round(x) - x)


def _jax_slip(kind):
    """A wrong 3.5 answer, as a learner would write it in JAX."""

    def answer(x):
        import jax
        import jax.numpy as jnp

        stop = jax.lax.stop_gradient
        if kind == "plain round":
            return jnp.round(x)
        if kind == "not rounded":
            return x
        if kind == "halves up":
            return x + stop(jnp.floor(x + 0.5) - x)
        if kind == "wrong part stopped":
            return stop(x) + jnp.round(x) - x
        if kind == "sigmoid inside":
            p = jax.nn.sigmoid(x)
            return p + stop(jnp.round(p) - p)
        # "ones backward": a custom VJP that returns 1 whatever the incoming gradient
        ones = jax.custom_vjp(jnp.round)
        ones.defvjp(lambda y: (jnp.round(y), y), lambda y, g: (jnp.ones_like(y),))
        return ones(x)

    answer.__name__ = answer.__qualname__ = "round_ste"
    return answer


_Y1 = onp.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
_P1 = onp.array([0.9, 0.6, 0.45, 0.3, 0.15, 0.7, 0.55, 0.05])
_Y2 = onp.array([0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0])
_P2 = onp.array([0.52, 0.48, 0.2, 0.81, 0.95, 0.33, 0.61, 0.07, 0.44, 0.58])
_Y3 = onp.array([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0])
_P3 = onp.array([0.66, 0.93, 0.22, 0.28, 0.2, 0.48, 0.27, 0.76, 0.92, 0.63, 0.02, 0.46])

EXERCISES = [
    Exercise(
        id="3.1",
        title="soft F1 from soft confusion counts",
        name="soft_f1",
        reference=losses.soft_f1,
        solution="""
import autograd.numpy as np

def soft_f1(y_true, y_prob):
    tp = np.sum(y_true * y_prob)
    fp = np.sum((1 - y_true) * y_prob)
    fn = np.sum(y_true * (1 - y_prob))
    den = 2 * tp + fp + fn
    return 2 * tp / den if den > 0 else 0.0
""",
        hints=(
            "Soft counts: tp = Σ y·p, fp = Σ (1 − y)·p, fn = Σ y·(1 − p).",
            "F1 = 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall.",
            "When 2·tp + fp + fn = 0 the book's convention returns 0.0, never nan.",
        ),
        cases=(
            Case((_Y1, _P1), label="8 examples, 3 positives"),
            Case((_Y2, _P2), label="10 examples, 3 positives"),
            Case((onp.array([1.0, 1.0]), onp.array([0.25, 0.75])), label="only positives"),
            Case((onp.zeros(3), onp.zeros(3)), label="no positives, nothing predicted: 0/0"),
        ),
        mistakes=(
            Mistake(
                lambda y, p: losses.f_beta(y, p),
                "That is the hard F1 of the rounded predictions: use the probabilities themselves "
                "as soft counts, tp = Σ y·p, without thresholding.",
            ),
            Mistake(
                _arithmetic_mean_f1,
                "That is the arithmetic mean (P + R)/2; F1 is the harmonic mean 2PR/(P + R) "
                "= 2tp/(2tp + fp + fn).",
            ),
            Mistake(
                _jaccard,
                "That is the soft Jaccard index tp/(tp + fp + fn): F1 counts tp twice, "
                "2tp/(2tp + fp + fn).",
            ),
            Mistake(
                _true_negatives_as_fn,
                "Your fn is Σ (1 − y)(1 − p), the true negatives. False negatives are positives "
                "predicted negative: fn = Σ y·(1 − p).",
            ),
            Mistake(
                _unguarded_f1,
                "0/0 gives nan: with no positives and nothing predicted, return 0.0 (the book's "
                "zero-division convention).",
            ),
            Mistake(
                _skips_first,
                "Your sums leave out the first example: a loop or slice that starts at index 1. "
                "Sum over every example.",
                kind="off-by-one",
            ),
            Mistake(
                _ignores_labels,
                "Your result does not depend on y_true: every example is counted as a positive. "
                "The labels decide which probabilities are hits and which are false alarms.",
                kind="ignored-parameter",
            ),
            Mistake(
                _negative_fn,
                "Your fn is negative: Σ y·(p − 1) instead of Σ y·(1 − p). A count of missed "
                "positives is never below zero.",
                kind="sign",
            ),
            Mistake(
                soft_f1_with_eps,
                "soft_f1 takes exactly (y_true, y_prob): the checker passes no ε. The book's "
                "zero-division convention replaces the reader's ε.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="3.2",
        title="a straight-through round as an autograd primitive",
        name="ste_precision_grad",
        reference=ste_precision_grad,
        solution="""
import autograd.numpy as np
from autograd import grad
from autograd.extend import defvjp, primitive

@primitive
def round_st(x):
    return np.round(x)

defvjp(round_st, lambda ans, x: lambda g: g)  # backward: the identity

def ste_precision_grad(y_true, y_prob):
    def loss(p):
        b = round_st(p)
        tp = np.sum(y_true * b)
        fp = np.sum((1 - y_true) * b)
        return 1.0 - tp / (tp + fp)
    return grad(loss)(y_prob)
""",
        hints=(
            "autograd.extend.primitive makes a function opaque to autograd; "
            "defvjp(f, lambda ans, x: lambda g: ...) gives it your own backward pass.",
            "The forward pass rounds; the backward pass returns g unchanged.",
            "Then differentiate 1 − tp/(tp + fp) with tp = Σ y·b, fp = Σ (1 − y)·b, b = round(p).",
        ),
        cases=(
            Case((_Y1, _P1), label="8 examples, 3 predicted positive and 1 false alarm"),
            Case((_Y2, _P2), label="10 examples"),
            Case(
                (onp.array([1.0, 0.0, 1.0]), onp.array([0.8, 0.9, 0.2])),
                label="one hit, one false alarm",
            ),
            Case(
                (onp.array([1.0, 0.0, 1.0, 0.0]), onp.array([0.5, 0.7, 0.9, 0.2])),
                label="one probability exactly at 0.5",
            ),
        ),
        mistakes=(
            Mistake(
                lambda y, p: onp.zeros_like(p),
                "Your gradient is all zeros: autograd treats np.round as a constant. Wrap the "
                "round in a primitive whose VJP passes g straight through.",
            ),
            Mistake(
                lambda y, p: grad(lambda q: 1.0 - losses.soft_precision(y, q))(p),
                "That is the gradient of soft precision of p itself: the forward pass must use "
                "round(p); only the backward pass pretends round is the identity.",
            ),
            Mistake(
                lambda y, p: -ste_precision_grad(y, p),
                "That is the gradient of precision; the loss is 1 − precision, so its gradient "
                "has the opposite sign.",
                kind="sign",
            ),
            Mistake(
                lambda y, p: _ste_grad(y, p, rounding=lambda x: onp.floor(x + 0.5)),
                "Your forward pass rounds 0.5 up, so an example at exactly p = 0.5 becomes one "
                "more predicted positive. round(p) sends 0.5 to 0, as the threshold p > 0.5 does.",
                kind="off-by-one",
            ),
            Mistake(
                lambda y, p: _ste_grad(y, p, backward=lambda ans, x: lambda g: onp.ones_like(x)),
                "Your backward pass ignores g: it returns 1 for every element whatever the loss. "
                "A VJP multiplies the incoming gradient g by the Jacobian, here 1.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda y, p: _ste_grad(y, p, argnum=0),
                "That is the gradient with respect to y_true: autograd's grad differentiates the "
                "first argument unless told otherwise. Differentiate with respect to y_prob.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="3.3",
        title="fix the reader's softsign: centre it at the threshold",
        name="centred_softsign",
        reference=centred_softsign,
        solution="""
import autograd.numpy as np

def centred_softsign(p, m):
    u = p - 0.5
    return 0.5 * (1 + m * u / (1 + m * np.abs(u)))
""",
        hints=(
            "round(p) jumps at p = 0.5, so the smooth step must be ½ there.",
            "Replace y by u = p − 0.5 in ½(1 + m·y/(1 + m|y|)); keep the reader's m.",
        ),
        cases=(
            Case((onp.linspace(0, 1, 11), 10.0), label="p on a grid, m = 10"),
            Case((onp.array([0.5, 0.45, 0.9]), 100.0), label="m = 100"),
            Case((onp.array([0.0, 0.2, 1.0]), 1.0), label="m = 1"),
        ),
        mistakes=(
            Mistake(
                lambda p, m: 0.5 * (1 + m * p / (1 + m * onp.abs(p))),
                "That is the reader's step, centred at 0: every probability p > 0 lands above ½. "
                "Centre it at the threshold, u = p − 0.5.",
            ),
            Mistake(
                lambda p, m: losses.softsign_step(p, m, center=0.5),
                "Your step is twice as steep: keep the reader's m, whose peak slope is m/2 "
                "(softsign_step's max_gradient is m/2).",
            ),
            Mistake(
                _hard_sign_step,
                "Your denominator lost its 1: m·u/(m|u|) is just the sign of u, a hard step with "
                "no slope and 0/0 at the threshold. Keep 1 + m|u|.",
                kind="off-by-one",
            ),
            Mistake(
                lambda p, m: centred_softsign(p, 10.0),
                "Your step ignores m: it has the same steepness whatever m is. Use the m you are "
                "given.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda p, m: centred_softsign(1.0 - onp.asarray(p, float), m),
                "Your step falls as p grows: u = 0.5 − p. It must rise, like round(p): u = p − 0.5.",
                kind="sign",
            ),
            Mistake(
                lambda m, p: 0.5 * (1 + m * (p - 0.5) / (1 + m * onp.abs(p - 0.5))),
                "Your arguments are swapped: the checker calls centred_softsign(p, m), the "
                "probabilities first and the steepness second.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="3.4",
        title="choose the threshold after training",
        name="best_threshold",
        reference=losses.best_threshold,
        solution="""
import autograd.numpy as np

def best_threshold(y_true, y_prob, beta=1.0):
    best_t, best_f = 0.0, -1.0
    for t in sorted({0.0, *np.asarray(y_prob).tolist()}):
        pred = y_prob > t
        tp = np.sum(pred * y_true)
        fp = np.sum(pred * (1 - y_true))
        fn = np.sum(y_true) - tp
        den = (1 + beta**2) * tp + beta**2 * fn + fp
        f = (1 + beta**2) * tp / den if den else 0.0
        if f > best_f:
            best_t, best_f = t, f
    return best_t
""",
        hints=(
            "Try t = 0 and every distinct probability; predict positive when p > t.",
            "F_β = (1 + β²)tp / ((1 + β²)tp + β²fn + fp); keep the first (lowest) t on ties.",
        ),
        cases=(
            Case((_Y1, _P1), label="8 examples, F1"),
            Case((_Y2, _P2), label="10 examples, F1"),
            Case((_Y1, _P1), {"beta": 2.0}, label="8 examples, F2 favours recall"),
            Case((_Y2, _P2), {"beta": 0.5}, label="10 examples, F0.5 favours precision"),
            Case(
                (onp.array([1.0, 0.0, 0.0, 1.0]), onp.array([0.9, 0.6, 0.4, 0.2])),
                label="t = 0 and t = 0.6 tie for the best F1",
            ),
            Case((_Y3, _P3), {"beta": 2.0}, label="12 examples, F2: where β² and β⁴ part ways"),
            Case(
                (onp.array([1.0, 0.0, 1.0, 0.0]), onp.array([0.9, 0.3, 0.7, 0.1])),
                label="separable: F1 = 1 at t = 0.3",
            ),
            Case(
                (onp.zeros(3), onp.array([0.2, 0.5, 0.7])),
                label="no positives: every F_β is 0, so t = 0",
            ),
        ),
        mistakes=(
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, 1.0, _f, onp.greater)[0],
                "You ignored beta: F_β weighs recall β² times as much as precision.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(
                    y, p, beta, lambda tp, fp, fn, b: _div(tp, tp + fp), onp.greater
                )[0],
                "You maximised precision: it is best with almost nothing predicted positive. "
                "Maximise F_β, which also counts the missed positives.",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, beta, _f, onp.greater_equal)[0],
                "You counted p = t as positive: the book, like Keras, predicts positive when p > t.",
                kind="off-by-one",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, beta, _f, onp.greater, onp.greater_equal)[0],
                "Two thresholds tie for the best F_β and you kept the last, highest one. Keep the "
                "first, lowest: replace the best only when F_β strictly improves.",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, beta, _f, onp.greater, zero=False)[0],
                "Your candidates leave out t = 0. Predicting every example with p > 0 positive "
                "can be the best F_β (it catches every positive); try 0 as well as each distinct "
                "probability.",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, beta, _f, onp.greater, onp.less, 2.0)[0],
                "You picked the threshold with the lowest F_β: the comparison points the wrong "
                "way. Keep the threshold whose F_β is highest.",
                kind="sign",
            ),
            Mistake(
                lambda y, p, beta=1.0: _sweep(y, p, beta, _f, onp.greater)[1],
                "You returned the best F_β itself; return the threshold that achieves it.",
            ),
            Mistake(
                best_threshold_b,
                "The checker passes beta by name, best_threshold(y_true, y_prob, beta=2.0): call "
                "the parameter beta.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="3.5",
        title="optional, in JAX: a straight-through round with stop_gradient",
        name="round_ste",
        reference=jax_round_ste,
        requires=("jax",),
        adapt=_in_a_larger_graph,
        solution="""
def round_ste(x):
    import jax  # inside, so that the cell runs where JAX is not installed
    import jax.numpy as jnp

    return x + jax.lax.stop_gradient(jnp.round(x) - x)
""",
        hints=(
            "The value must be round(x); the derivative must be that of x. Start from x and add "
            "a correction whose gradient the framework ignores.",
            "jax.lax.stop_gradient(e) has the value of e and no derivative.",
        ),
        cases=(
            Case(
                (_V, _W),
                label="round_ste(2v − 0.5) weighted by 3, −2, 0.5, ...; ties at 0.5 and 2.5",
            ),
            Case((-_V[::-1], _W[::-1] * 0.5), label="mirrored inputs, other cotangents"),
        ),
        mistakes=(
            Mistake(
                _jax_slip("plain round"),
                "Your values are right but your gradient is zero: round has no derivative. Keep "
                "round(x) in the value, but let the gradient come from x itself.",
            ),
            Mistake(
                _jax_slip("not rounded"),
                "Your values are not rounded: the forward pass must give round(x) exactly.",
            ),
            Mistake(
                _jax_slip("halves up"),
                "You round halves up (2.5 to 3); the framework's round sends a half to the even "
                "neighbour (2.5 to 2), as the rounding in the loss does.",
                kind="off-by-one",
            ),
            Mistake(
                _jax_slip("ones backward"),
                "Your backward pass returns 1 whatever the loss around it: it ignores the "
                "incoming gradient, which a backward pass must multiply.",
                kind="ignored-parameter",
            ),
            Mistake(
                _jax_slip("wrong part stopped"),
                "Your gradient is −1 times the right one: you stopped the gradient of x and let "
                "it flow through −x. Stop the gradient of the whole correction round(x) − x.",
                kind="sign",
            ),
            Mistake(
                _jax_slip("sigmoid inside"),
                "Your function applies a sigmoid first: round_ste takes x itself, whatever it "
                "is, and rounds it; the sigmoid belongs to the loss that calls it.",
                kind="signature",
            ),
        ),
    ),
]
