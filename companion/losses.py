"""Non-differentiable losses and their soft replacements (chapter 3).

Offers
  Hard metrics, thresholded (a prediction is positive when p > threshold, as in Keras)
    confusion_counts(y_true, y_prob, threshold)      (tp, fp, fn)
    precision, recall, f_beta                        the usual ratios of those counts
    best_threshold(y_true, y_prob, beta)             the threshold that maximises F-beta
    precision_at_recall(y_true, y_prob, min_recall)  the best precision with recall ≥ min_recall
    threshold_at_recall(y_true, y_prob, min_recall)  the highest threshold that keeps that recall
    roc_auc(y_true, y_prob)                          the ranking alone: P(p₊ > p₋), ties ½
  Soft metrics, differentiable in y_prob with autograd
    soft_counts(y_true, y_prob)                      tp = Σ y·p, fp = Σ (1−y)·p, fn = Σ y·(1−p)
    soft_precision, soft_recall, soft_f_beta, soft_f1
    sigmoid_f1_loss(y_true, logits, slope, offset)   the sigmoidF1 loss (Bénédict et al. 2021)
    hinge_bounds, hinge_f_beta_bound                 the bounds of Eban et al. (2017)
    precision_at_recall_lagrangian                   their precision-at-recall objective
  Steps with a usable gradient
    round_ste(x, clip)                               forward round, backward (clipped) identity
    ramp_step(x, width, center)                      the clipped linear ramp
    softsign_step(x, max_gradient, center)           the "modified softsign" step
  Training
    sigmoid, bce_with_logits                         σ(z) and the binary cross-entropy on logits
    fit_classifier(loss, X, y, ...)                  a seeded tiny network trained by full-batch Adam
    fit_precision_at_recall(X, y, min_recall, ...)   the same network, trained by dual ascent on
                                                     precision_at_recall_lagrangian
    predict_proba(params, X)                         its probabilities
  What the frameworks do
    framework_op_grad(op, x, framework)              d(Σ op(x))/dx as TensorFlow, PyTorch, JAX
                                                     and autograd return it: an array, None or
                                                     FrameworkRaises

Zero-division convention. When a ratio's denominator is zero (no predicted positives for
precision, no actual positives for recall, tp = fp = fn = 0 for F-beta) the ratio is 0.0,
never NaN. This is scikit-learn's ``zero_division=0`` and what Keras' ``Precision`` and
``Recall`` metrics return (they divide with ``divide_no_nan``). The soft metrics use the same
convention, so they equal the hard metrics on 0/1 inputs.
"""

import autograd.numpy as np
import numpy as onp
from autograd.extend import defvjp, primitive
from autograd.tracer import getval

from companion._validate import (
    choice,
    finite_array,
    function,
    integer,
    interval,
    number,
    positive,
    real_traced,
)
from companion.frameworks import FrameworkRaises
from companion.nets import ACTIVATIONS, adam_fit, init_mlp, mlp

# --- argument checks ------------------------------------------------------------------------


def _labels(y_true):
    y = finite_array("y_true", getval(y_true), allow_complex=False, nonempty=True)
    if not onp.all((y == 0) | (y == 1)):
        bad = y[(y != 0) & (y != 1)][0]
        raise ValueError(f"y_true must hold labels 0 or 1; found {bad}")
    return y


def _probs(name, y_prob, shape):
    y_prob, p = real_traced(name, y_prob)
    if p.shape != shape:
        raise ValueError(f"{name} must have the shape of y_true {shape}, got {p.shape}")
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(
            f"{name} must be probabilities in [0, 1]; found {p.min() if p.min() < 0 else p.max()}"
            ". Apply sigmoid to logits first."
        )
    return y_prob, p


def _logits(y_true, logits):
    y = _labels(y_true)
    logits, z = real_traced("logits", logits)
    if z.shape != y.shape:
        raise ValueError(f"logits must have the shape of y_true {y.shape}, got {z.shape}")
    return y, logits


def _unit(name, value):
    return number(name, value, lo=0.0, hi=1.0)


BETA_MAX = 1e100  # β² must not overflow; F_β with β = 1e100 is recall to 200 digits anyway


def _beta(beta):
    return number("beta", beta, lo=0.0, lo_open=True, hi=BETA_MAX)


def _finite_result(value, what, culprit):
    """``value`` if every entry is finite; else a ValueError naming the input that overflowed."""
    v = onp.asarray(getval(value), dtype=float)
    if not onp.all(onp.isfinite(v)):
        raise ValueError(
            f"{what} overflowed to {v.ravel()[~onp.isfinite(v.ravel())][0]} for finite input: "
            f"the magnitude of {culprit} is too large"
        )
    return value


def _ratio(num, den):
    """num/den, and 0.0 where den = 0 (then num = 0 too): the book's zero-division convention."""
    return num / np.where(den > 0, den, 1.0)


# --- hard metrics ----------------------------------------------------------------------------


def confusion_counts(y_true, y_prob, threshold=0.5):
    """(tp, fp, fn) with prediction ŷ = 1[p > threshold]: tp = Σ y ŷ, fp = Σ (1−y) ŷ, fn = Σ y (1−ŷ).

    >>> confusion_counts([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1])
    (1, 1, 1)
    """
    y = _labels(y_true)
    _, p = _probs("y_prob", y_prob, y.shape)
    pred = p > _unit("threshold", threshold)
    tp = int(onp.sum(pred & (y == 1)))
    return tp, int(onp.sum(pred & (y == 0))), int(onp.sum(y)) - tp


def precision(y_true, y_prob, threshold=0.5):
    """Precision tp / (tp + fp) of ŷ = 1[p > threshold]; 0.0 when nothing is predicted positive.

    >>> precision([1, 1, 0, 0], [0.9, 0.8, 0.6, 0.1])
    0.6666666666666666
    >>> precision([1, 0], [0.2, 0.1])
    0.0
    """
    tp, fp, _ = confusion_counts(y_true, y_prob, threshold)
    return tp / (tp + fp) if tp + fp else 0.0


def recall(y_true, y_prob, threshold=0.5):
    """Recall tp / (tp + fn) of ŷ = 1[p > threshold]; 0.0 when there are no actual positives.

    >>> recall([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1])
    0.5
    """
    tp, _, fn = confusion_counts(y_true, y_prob, threshold)
    return tp / (tp + fn) if tp + fn else 0.0


def f_beta(y_true, y_prob, beta=1.0, threshold=0.5):
    """F_β = (1+β²)·P·R / (β²P + R) = (1+β²)tp / ((1+β²)tp + β²fn + fp); 0.0 when tp = 0.

    β > 1 weighs recall more, β < 1 precision (van Rijsbergen 1979).

    >>> print(f"{f_beta([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1]):.4f}")
    0.5000
    """
    beta = _beta(beta)
    tp, fp, fn = confusion_counts(y_true, y_prob, threshold)
    den = (1 + beta**2) * tp + beta**2 * fn + fp
    return (1 + beta**2) * tp / den if den else 0.0


def _sweep(y_true, y_prob):
    """Candidate thresholds 0 and every distinct p, with (tp, fp, fn) of ŷ = 1[p > t] at each.

    Sorted once, so O(n log n): the positives above t are a suffix sum of the labels in p order.
    """
    y = _labels(y_true)
    _, p = _probs("y_prob", y_prob, y.shape)
    p, y = p.ravel(), y.ravel()
    order = onp.argsort(p, kind="stable")
    thresholds = onp.unique(onp.concatenate([[0.0], p]))
    at_or_below = onp.searchsorted(p[order], thresholds, side="right")
    positives_above = onp.concatenate([onp.cumsum(y[order][::-1])[::-1], [0.0]])
    tp = positives_above[at_or_below]
    fp = (p.size - at_or_below) - tp
    fn = y.sum() - tp
    return thresholds, tp, fp, fn


def best_threshold(y_true, y_prob, beta=1.0):
    """The threshold t among {0} ∪ {p_i} that maximises F_β of ŷ = 1[p > t]; the lowest on ties.

    Choose it on held-out data after training: the loss sets the ranking, the threshold
    sets the trade-off between precision and recall.

    >>> best_threshold([0, 1, 0, 1, 1], [0.1, 0.35, 0.4, 0.8, 0.9])
    0.1
    """
    beta = _beta(beta)
    thresholds, tp, fp, fn = _sweep(y_true, y_prob)
    f = _ratio((1 + beta**2) * tp, (1 + beta**2) * tp + beta**2 * fn + fp)
    return float(thresholds[onp.argmax(f)])


def precision_at_recall(y_true, y_prob, min_recall):
    """max over t of precision(ŷ = 1[p > t]) subject to recall ≥ min_recall; 0.0 if unreachable.

    The objective of Eban et al. (2017): a fixed recall, then as few false alarms as possible.

    >>> precision_at_recall([0, 1, 0, 1, 1], [0.1, 0.35, 0.4, 0.8, 0.9], 0.6)
    1.0
    """
    min_recall = _unit("min_recall", min_recall)
    _, tp, fp, fn = _sweep(y_true, y_prob)
    ok = _ratio(tp, tp + fn) >= min_recall
    return float(onp.max(_ratio(tp, tp + fp)[ok])) if ok.any() else 0.0


def roc_auc(y_true, y_prob):
    """Area under the ROC curve: the chance that a random positive gets a higher p than a random
    negative, ties counting ½ (the Mann-Whitney statistic), AUC = (#{p₊ > p₋} + ½#{p₊ = p₋})/(n₊n₋).

    It measures the ranking alone, whatever the threshold: 0.5 is chance, and below 0.5 the
    model ranks the classes the wrong way round. Needs both classes in y_true.

    >>> roc_auc([0, 1, 0, 1], [0.1, 0.35, 0.4, 0.8])
    0.75
    """
    y = _labels(y_true)
    _, tp, fp, _ = _sweep(y_true, y_prob)
    n_pos, n_neg = onp.sum(y), y.size - onp.sum(y)
    if not n_pos or not n_neg:
        raise ValueError(
            f"y_true must contain both labels for an AUC; got {int(n_pos)} positives and "
            f"{int(n_neg)} negatives"
        )
    tpr = onp.concatenate([[1.0], tp / n_pos, [0.0]])[::-1]  # from t above every p down to below
    fpr = onp.concatenate([[1.0], fp / n_neg, [0.0]])[::-1]
    return float(onp.sum(onp.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def threshold_at_recall(y_true, y_prob, min_recall):
    """The highest threshold t among {0} ∪ {p_i} whose predictions ŷ = 1[p > t] have
    recall ≥ ``min_recall`` on (y_true, y_prob): the constraint holds there by construction.

    Recall falls as t rises, so this is the most precise-leaning threshold that still meets
    the target. Raises ValueError when no candidate reaches it (positives with p = 0).

    >>> threshold_at_recall([0, 1, 0, 1, 1], [0.1, 0.35, 0.4, 0.8, 0.9], 0.6)
    0.4
    """
    min_recall = _unit("min_recall", min_recall)
    thresholds, tp, _, fn = _sweep(y_true, y_prob)
    ok = _ratio(tp, tp + fn) >= min_recall
    if not ok.any():
        raise ValueError(
            f"no threshold reaches recall {min_recall}: the best, at t = 0, is "
            f"{float(_ratio(tp, tp + fn)[0])} (positives with y_prob = 0 are never predicted)"
        )
    return float(thresholds[ok][-1])


# --- soft metrics ----------------------------------------------------------------------------


def soft_counts(y_true, y_prob):
    """Soft confusion counts tp = Σ y·p, fp = Σ (1−y)·p, fn = Σ y·(1−p): expected counts when
    each prediction is positive with probability p. On 0/1 inputs they are the hard counts.

    >>> [f"{c:.1f}" for c in soft_counts([1, 1, 0], [0.9, 0.4, 0.3])]
    ['1.3', '0.3', '0.7']
    """
    y = _labels(y_true)
    y_prob, _ = _probs("y_prob", y_prob, y.shape)
    return np.sum(y * y_prob), np.sum((1 - y) * y_prob), np.sum(y * (1 - y_prob))


def _eps(eps):
    return positive("eps", eps, strict=False)


def soft_precision(y_true, y_prob, eps=0.0):
    """Soft precision tp / (tp + fp + ε) from ``soft_counts``; 0.0 when the denominator is 0.

    ε > 0 is the reader's guard against 0/0; it biases the ratio down when tp + fp is
    comparable to ε (chapter 3, pitfalls).

    >>> print(f"{soft_precision([1, 1, 0], [0.9, 0.4, 0.3]):.4f}")
    0.8125
    """
    tp, fp, _ = soft_counts(y_true, y_prob)
    return _ratio(tp, tp + fp + _eps(eps))


def soft_recall(y_true, y_prob, eps=0.0):
    """Soft recall tp / (tp + fn + ε) = Σ y·p / (Σ y + ε); 0.0 when the denominator is 0.

    >>> print(f"{soft_recall([1, 1, 0], [0.9, 0.4, 0.3]):.4f}")
    0.6500
    """
    tp, _, fn = soft_counts(y_true, y_prob)
    return _ratio(tp, tp + fn + _eps(eps))


def soft_f_beta(y_true, y_prob, beta=1.0, eps=0.0):
    """Soft F_β = (1+β²)tp / ((1+β²)tp + β²fn + fp + ε) from ``soft_counts``; 0.0 when that is 0/0.

    With β = 1 and sigmoid probabilities, 1 − soft_f_beta is the sigmoidF1 loss of Bénédict et
    al. (2021); other β weigh the soft counts differently from their loss.

    >>> print(f"{soft_f_beta([1, 1, 0], [0.9, 0.4, 0.3], beta=2.0):.4f}")
    0.6771
    """
    beta = _beta(beta)
    tp, fp, fn = soft_counts(y_true, y_prob)
    b2 = beta**2
    return _ratio((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp + _eps(eps))


def soft_f1(y_true, y_prob, eps=0.0):
    """Soft F1 = 2tp / (2tp + fn + fp + ε), the harmonic mean of soft precision and soft recall.

    >>> print(f"{soft_f1([1, 1, 0], [0.9, 0.4, 0.3]):.4f}")
    0.7222
    """
    return soft_f_beta(y_true, y_prob, 1.0, eps)


def sigmoid_f1_loss(y_true, logits, slope=1.0, offset=0.0):
    """The sigmoidF1 loss of Bénédict et al. (2021): 1 − soft F1 of S = σ(slope·(z + offset)).

    ``slope`` and ``offset`` are the paper's β and η. As the slope grows, S tends to the hard
    step 1[z > −offset] and the soft counts tend to the hard ones, at the price of smaller
    gradients away from the threshold; the gap between soft and hard F1 need not shrink
    monotonically on the way (chapter 3 measures it).

    >>> print(f"{sigmoid_f1_loss([1, 0], [2.0, -2.0], slope=1.0):.4f}")
    0.1192
    """
    _, logits = _logits(y_true, logits)
    slope = positive("slope", slope)
    offset = number("offset", offset)
    return 1.0 - soft_f1(y_true, sigmoid(slope * (logits + offset)))


def hinge_bounds(y_true, logits):
    """Eban et al. (2017): with ŷ = 1[z > 0], tp ≥ tp_l = Σ_{y=1} min(1, z) = Σ_{y=1} (1 − h(z))
    and fp ≤ fp_u = Σ_{y=0} max(0, 1 + z) = Σ_{y=0} h(−z), h(z) = max(0, 1 − z) the hinge loss.

    Returns (tp_l, fp_u), both differentiable in the logits almost everywhere.

    >>> [f"{b:.1f}" for b in hinge_bounds([1, 1, 0], [2.0, -0.5, 0.2])]
    ['0.5', '1.2']
    """
    y, logits = _logits(y_true, logits)
    with onp.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        tp_l = np.sum(y * np.minimum(1.0, logits))
        fp_u = np.sum((1 - y) * np.maximum(0.0, 1.0 + logits))
    return _finite_result(tp_l, "tp_l", "logits"), _finite_result(fp_u, "fp_u", "logits")


def hinge_f_beta_bound(y_true, logits, beta=1.0):
    """A lower bound on the hard F_β of ŷ = 1[z > 0] (Eban et al. 2017):

    F_β = (1+β²)tp / (β²·n₊ + tp + fp) grows with tp and falls with fp, so with
    t = max(tp_l, 0) ≤ tp and fp_u ≥ fp from ``hinge_bounds``: F_β ≥ (1+β²)t / (β²n₊ + t + fp_u).

    >>> print(f"{hinge_f_beta_bound([1, 1, 0], [2.0, 1.5, -1.0]):.4f}")
    1.0000
    """
    beta = _beta(beta)
    y, logits = _logits(y_true, logits)
    tp_l, fp_u = hinge_bounds(y_true, logits)
    t = np.maximum(tp_l, 0.0)
    return _ratio((1 + beta**2) * t, beta**2 * onp.sum(y) + t + fp_u)


def precision_at_recall_lagrangian(y_true, logits, min_recall, lam):
    """Eban et al. (2017)'s Lagrangian for "fewest false alarms with recall ≥ α", on hinge bounds:

        𝓛(z, λ) = fp_u / n₊ + λ·(α − tp_l / n₊),   λ ≥ 0,

    with tp_l, fp_u from ``hinge_bounds``. At an exact saddle point (minimised over the logits,
    maximised over λ) tp_l ≥ α·n₊, and since tp ≥ tp_l the recall at ŷ = 1[z > 0] on the
    training data is then at least α. A finite run of dual ascent only approaches that point
    and guarantees nothing (``fit_precision_at_recall``). For fixed λ it is a class-weighted
    hinge loss: convex in linear logits.

    >>> print(f"{precision_at_recall_lagrangian([1, 1, 0], [2.0, -0.5, 0.2], 0.5, 2.0):.4f}")
    1.1000
    """
    min_recall = _unit("min_recall", min_recall)
    lam = positive("lam", lam, strict=False)
    y, logits = _logits(y_true, logits)
    n_pos = float(onp.sum(y))
    if n_pos == 0:
        raise ValueError("y_true must contain at least one positive label for a recall constraint")
    tp_l, fp_u = hinge_bounds(y, logits)
    with onp.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        value = fp_u / n_pos + lam * (min_recall - tp_l / n_pos)
    return _finite_result(value, "the Lagrangian", "lam or logits")


def fit_precision_at_recall(
    X, y, min_recall, *, hidden=(), seed=0, rounds=30, steps=10, lr=0.1, lr_lambda=1.0
):
    """Train logits z = mlp(params, X) for precision at recall ≥ ``min_recall`` (Eban et al.
    2017) by dual ascent on ``precision_at_recall_lagrangian``; returns (params, λ).

    Each of ``rounds`` rounds takes ``steps`` Adam steps on the logits' weights with λ fixed,
    then one projected ascent step on λ: λ ← max(0, λ + lr_lambda·(α − tp_l/n₊)). λ starts at 0.
    Each round runs a fresh ``adam_fit``, so Adam's moments and bias correction restart every
    round (the first step of each round moves every weight by about ``lr``).
    Dual ascent only approaches the saddle point, so after finitely many rounds neither
    tp_l ≥ α·n₊ nor recall ≥ α at z > 0 is guaranteed. A known failure: on chapter 3's task
    (10% positives, a linear model) with α = 0.9 and the defaults, tp_l/n₊ ends at 0.66 and the
    training recall at z > 0 at 0.85. With 300 rounds the recall reaches 0.92, but tp_l/n₊ is
    still 0.85: the bound's constraint is not met. To meet the recall target on the training
    data, choose the threshold afterwards with ``threshold_at_recall``.

    >>> X = np.array([[-1.0], [-0.5], [0.5], [1.0]])
    >>> params, lam = fit_precision_at_recall(X, np.array([0, 0, 1, 1]), 1.0, rounds=5)
    >>> recall(np.array([0, 0, 1, 1]), predict_proba(params, X))
    1.0
    """
    min_recall = _unit("min_recall", min_recall)
    rounds = integer("rounds", rounds, lo=1, hi=10_000)
    steps = integer("steps", steps, lo=1, hi=10_000)
    lr_lambda = positive("lr_lambda", lr_lambda)
    X, y, params = _classifier_setup(X, y, hidden, seed)
    if not onp.any(y == 1):
        raise ValueError("y must contain at least one positive label for a recall constraint")
    lam = 0.0
    for _ in range(rounds):
        params, _ = adam_fit(
            lambda p, lam=lam: precision_at_recall_lagrangian(y, mlp(p, X)[:, 0], min_recall, lam),
            params,
            steps=steps,
            lr=lr,
        )
        tp_l, _ = hinge_bounds(y, mlp(params, X)[:, 0])
        lam = max(0.0, lam + lr_lambda * (min_recall - float(tp_l) / onp.sum(y)))
    return params, lam


# --- steps with a usable gradient ------------------------------------------------------------


@primitive
def round_ste(x, clip=None):
    """Round in the forward pass; in the backward pass pass the gradient straight through,
    ∂round_ste/∂x := 1 (Hinton 2012; Bengio et al. 2013), or 1[lo ≤ x ≤ hi] with ``clip=(lo, hi)``
    (the clipped identity of Hubara et al. 2016). Rounds half to even, so round_ste(0.5) = 0,
    which agrees with the hard metrics' ŷ = 1[p > 0.5].

    >>> from autograd import grad
    >>> float(round_ste(0.7)), float(grad(round_ste)(0.7)), float(grad(round_ste)(1.7, clip=(0, 1)))
    (1.0, 1.0, 0.0)
    """
    x = finite_array("x", x, allow_complex=False)
    if clip is not None:
        interval("clip", clip)
    return onp.round(x)


def _round_ste_vjp(ans, x, clip=None):
    if clip is None:
        return lambda g: g
    lo, hi = interval("clip", clip)
    window = (onp.asarray(x) >= lo) & (onp.asarray(x) <= hi)
    return lambda g: g * window


defvjp(round_ste, _round_ste_vjp)


def ramp_step(x, width=0.125, center=0.5):
    """The clipped linear ramp max(0, min(1, (x − c)/w + ½)): slope 1/w on a window of width w
    around c, zero outside. The reader's ramp (y + 0.0625)/0.125 is ramp_step(y, 0.125, 0.0).

    >>> [float(v) for v in ramp_step(np.array([0.4, 0.5, 0.55, 0.6]))]
    [0.0, 0.5, 0.9, 1.0]
    """
    width = positive("width", width)
    center = number("center", center)
    x, _ = real_traced("x", x)
    return np.clip((x - center) / width + 0.5, 0.0, 1.0)


def softsign_step(x, max_gradient, center=0.5):
    """A softsign step ½(1 + s·u/(1 + s|u|)), u = x − c, s = 2·max_gradient, with values in (0, 1)
    and slope ½s/(1 + s|u|)², largest (= max_gradient) at x = c.

    The reader's "modified softsign" max(0, min(1, ½(1 + m·y/(1 + m|y|)))) is
    softsign_step(y, m/2, center=0): its peak slope is m/2, its clip never acts, and it is
    centred at 0 instead of at the 0.5 threshold of round(p).

    >>> from autograd import grad
    >>> print(f"{softsign_step(0.5, 4.0):.2f} {grad(softsign_step)(0.5, 4.0):.2f}")
    0.50 4.00
    """
    s = 2.0 * number("max_gradient", max_gradient, lo=0.0, lo_open=True, hi=1e300)
    center = number("center", center)
    x, _ = real_traced("x", x)
    with onp.errstate(over="ignore"):
        u = x - center
    # s·u/(1 + s|u|) written as u/(1/s + |u|), which neither overflows for a huge s nor
    # divides by zero for a tiny one
    with onp.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        value = 0.5 * (1.0 + u / (1.0 / s + np.abs(u)))
    return _finite_result(value, "softsign_step", "x − center")


# --- training ---------------------------------------------------------------------------------


def sigmoid(z):
    """σ(z) = 1/(1 + e^−z), computed as ½(tanh(z/2) + 1) (``companion.nets``) so it never overflows.

    >>> print(f"{sigmoid(0.0):.2f} {sigmoid(-800.0):.2f}")
    0.50 0.00
    """
    z, _ = real_traced("z", z)
    return ACTIVATIONS["sigmoid"](z)


def bce_with_logits(y_true, logits):
    """Mean binary cross-entropy from logits, mean(log(1 + e^z) − y·z), evaluated stably.

    >>> print(f"{bce_with_logits([1, 0], [0.0, 0.0]):.4f}")
    0.6931
    """
    y, logits = _logits(y_true, logits)
    with onp.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below
        value = np.mean(np.logaddexp(0.0, logits) - y * logits)
    return _finite_result(value, "the cross-entropy", "logits")


def _classifier_setup(X, y, hidden, seed):
    """Checked X (n, d), labels y (n,) and seeded initial weights of a [d, *hidden, 1] network."""
    X = finite_array("X", X, allow_complex=False)
    y = _labels(y)
    if X.ndim != 2 or X.shape[0] != y.shape[0] or y.ndim != 1:
        raise ValueError(
            f"X must have shape (n, d) and y shape (n,); got X {X.shape} and y {y.shape}"
        )
    return X, y, init_mlp([X.shape[1], *hidden, 1], seed=seed)


def fit_classifier(loss, X, y, *, hidden=(), seed=0, steps=300, lr=0.05):
    """Train logits z = mlp(params, X) (tanh hidden layers ``hidden``; () is logistic regression)
    to minimise ``loss(y, z)`` by full-batch Adam from ``companion.nets``; returns (params, history).

    The same ``seed`` gives the same initial weights, so losses can be compared fairly.

    >>> X = np.array([[-1.0], [-0.5], [0.5], [1.0]])
    >>> params, history = fit_classifier(bce_with_logits, X, np.array([0, 0, 1, 1]), steps=50)
    >>> bool(history[-1] < history[0])
    True
    """
    function("loss", loss)
    X, y, params = _classifier_setup(X, y, hidden, seed)
    return adam_fit(lambda p: loss(y, mlp(p, X)[:, 0]), params, steps=steps, lr=lr)


def predict_proba(params, X):
    """σ(z) for the logits z of a network trained by ``fit_classifier``, shape (n,).

    ``companion.nets.mlp`` refuses non-finite weights by name (``params[i][j]``) and raises
    FloatingPointError for logits beyond the range of float64 at finite weights and X.

    >>> params = init_mlp([1, 1], seed=0)
    >>> predict_proba(params, np.zeros((2, 1))).tolist()
    [0.5, 0.5]
    """
    X = finite_array("X", X, allow_complex=False, ndim=2)
    return sigmoid(mlp(params, X)[:, 0])


# --- what the frameworks return ---------------------------------------------------------------


_NONE = "None"
_TORCH_NO_GRAD_FN = (
    "RuntimeError",
    "element 0 of tensors does not require grad and does not have a grad_fn",
)


def _zeros(x):
    return onp.zeros_like(x)


def _ones(x):
    return onp.ones_like(x)


def _sign(x):
    return onp.sign(x) + 0.0  # + 0.0 turns −0.0 into 0.0


def _step(x):
    return (x > 0) + 0.0


def _step_half(x):
    return (x > 0) + 0.5 * (x == 0)


# d(Σ op(x))/dx, one row per op and framework; clip is clip(x, 0, 1).
# Measured with torch 2.13.0, tensorflow 2.21.0, jax 0.10.2 and autograd 1.9.1 (see
# framework_op_grad for the exact calls). A rule is a function of x, _NONE or (error, message).
_FRAMEWORK_GRADS = {
    # rounding and steps: nothing flows, but each framework says so differently
    "round": {"tensorflow": _NONE, "torch": _zeros, "jax": _zeros, "autograd": _zeros},
    "floor": {"tensorflow": _NONE, "torch": _zeros, "jax": _zeros, "autograd": _zeros},
    "sign": {"tensorflow": _zeros, "torch": _zeros, "jax": _zeros, "autograd": _zeros},
    "cast": {"tensorflow": _NONE, "torch": _TORCH_NO_GRAD_FN, "jax": _zeros, "autograd": _ones},
    # kinks: the value chosen at x = 0
    "abs": {
        "tensorflow": _sign,
        "torch": _sign,
        "jax": lambda x: onp.where(x >= 0, 1.0, -1.0),
        "autograd": _sign,
    },
    "relu": {"tensorflow": _step, "torch": _step, "jax": _step, "autograd": _step_half},
    # ties: maximum(x, 0) at x = 0, maximum(x, x) everywhere, clip at its bounds
    "maximum": {
        "tensorflow": lambda x: (x >= 0) + 0.0,
        "torch": _step_half,
        "jax": _step_half,
        "autograd": _step_half,
    },
    "maximum_self": {"tensorflow": _ones, "torch": _ones, "jax": _ones, "autograd": _ones},
    "clip": {
        "tensorflow": lambda x: ((x >= 0) & (x <= 1)) + 0.0,
        "torch": lambda x: ((x >= 0) & (x <= 1)) + 0.0,
        "jax": lambda x: ((x > 0) & (x < 1)) + 0.5 * ((x == 0) | (x == 1)),
        "autograd": lambda x: ((x > 0) & (x < 1)) + 0.0,
    },
}
FRAMEWORK_OPS = tuple(_FRAMEWORK_GRADS)


def framework_op_grad(op, x, framework):
    """What ``framework`` returns for d(Σ op(x))/dx: a float array shaped like x, None, or it
    raises ``FrameworkRaises`` (where the framework itself raises).

    Ops (float64 x; each applied elementwise, then summed):

    ============  ==============================  =============================================
    op            meaning                         TensorFlow / PyTorch / JAX / autograd call
    ============  ==============================  =============================================
    round         round half to even              tf.round / torch.round / jnp.round / np.round
    floor         floor                           tf.floor / torch.floor / jnp.floor / np.floor
    sign          sign                            tf.sign / torch.sign / jnp.sign / np.sign
    cast          float → int → float             tf.cast(tf.cast(x, tf.int32), tf.float64) /
                                                  x.to(torch.int64).to(torch.float64) /
                                                  x.astype(jnp.int32).astype(jnp.float64) /
                                                  x.astype(int).astype(float)
    abs           |x|                             tf.abs / torch.abs / jnp.abs / np.abs
    relu          max(x, 0)                       tf.nn.relu / torch.relu / jax.nn.relu /
                                                  np.maximum(x, 0.0) (autograd has no relu)
    maximum       maximum(x, 0)                   tf.maximum(x, tf.constant(0.0, tf.float64)) /
                                                  torch.maximum(x, torch.zeros_like(x)) /
                                                  jnp.maximum(x, 0.0) / np.maximum(x, 0.0)
    maximum_self  maximum(x, x), a tie everywhere tf.maximum(x, x) / torch.maximum(x, x) / ...
    clip          clip(x, 0, 1)                   tf.clip_by_value(x, 0.0, 1.0) /
                                                  torch.clamp(x, 0.0, 1.0) /
                                                  jnp.clip(x, 0.0, 1.0) / np.clip(x, 0.0, 1.0)
    ============  ==============================  =============================================

    Gradient calls: TensorFlow ``tape.gradient(tf.reduce_sum(op(v)), v)`` for
    ``v = tf.Variable(x)`` under ``tf.GradientTape()`` (default ``unconnected_gradients``, so an
    unconnected input gives None); PyTorch ``torch.autograd.grad(op(t).sum(), t)`` with
    ``t = torch.tensor(x, requires_grad=True)`` (``op(t).sum().backward()`` gives the same, and
    the same RuntimeError); JAX ``jax.grad(lambda x: jnp.sum(op(x)))`` with
    ``jax_enable_x64``; autograd ``autograd.grad(lambda x: np.sum(op(x)))``. Measured with
    torch 2.13.0, tensorflow 2.21.0, jax 0.10.2 and autograd 1.9.1 at x in
    {−1.5, −1, −0.5, −0.3, −0.0, 0, ±1e−300, 0.3, 0.5, 0.7, 1 − 2⁻⁵³, 1, 1 + 2⁻⁵², 1.5, 2}.
    Note autograd's cast: it passes the gradient straight through (1), where the others stop it.

    >>> framework_op_grad("round", [0.2, 0.7], "autograd").tolist()
    [0.0, 0.0]
    >>> framework_op_grad("round", [0.2, 0.7], "tensorflow") is None
    True
    >>> framework_op_grad("maximum", [-1.0, 0.0, 1.0], "tensorflow").tolist()
    [0.0, 1.0, 1.0]
    >>> framework_op_grad("maximum", [-1.0, 0.0, 1.0], "torch").tolist()
    [0.0, 0.5, 1.0]
    >>> framework_op_grad("cast", [0.5], "torch")
    Traceback (most recent call last):
    ...
    companion.frameworks.FrameworkRaises: torch raises RuntimeError for op 'cast': element 0 of tensors does not require grad and does not have a grad_fn
    """
    from companion.frameworks import FRAMEWORKS

    choice("op", op, FRAMEWORK_OPS)
    choice("framework", framework, FRAMEWORKS)
    x = finite_array("x", x, allow_complex=False)
    rule = _FRAMEWORK_GRADS[op][framework]
    if rule is _NONE:
        return None
    if isinstance(rule, tuple):
        raise FrameworkRaises(framework, *rule, op=op)
    return onp.asarray(rule(x), dtype=float)
