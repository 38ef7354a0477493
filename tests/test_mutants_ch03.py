"""Mutation score of chapter 3's exercises (issue 22): each checker must reject at least 95% of
the mechanical mutants of its solution (tests/mutation.py); every survivor is listed below with
the reason it computes the same thing on every input the exercise allows. Run with -s to see the
score line of each exercise (mutants, killed, equivalent, invalid, survivors, score).

3.5, the optional JAX exercise, is skipped here (the main environment has no JAX); the
conformance stage runs its mutants (tests/conformance/test_ch03_framework_exercise.py).

Why so many of 3.4's survivors are equivalent: with P positives and k = tp + fp predictions,
F_β = (1+β²)tp / (k + β²P), and 1/F_β = (k + β²P)/((1+β²)tp). Miscounting fp as fp + 2tp or
as k, or fn as P + tp or as P, or dropping a term of (1+β²)tp, only adds a constant to 1/F_β,
and scaling the numerator only scales F_β: neither moves the arg max over thresholds, which is
all the exercise returns.
"""

import numpy as onp
import pytest
from mutation import assert_mutation_score

from companion import exercises as ex
from companion.exercises import ch03

F_BETA_ARGMAX = "shifts 1/F_β by a constant at every threshold (module docstring): same arg max"
NUMERATOR = "scales every F_β by the same positive factor: same arg max, same ties"
EQUIVALENT = {
    "3.1": {
        "L8:34-34 const 0+1": "den = 2tp + fp + fn ≥ n₊, so 0 < den ≤ 1 needs n₊ ≤ 1 and then "
        "tp = 0 (no positive, or the one positive at p = 0 with fp = 0): F1 is 0 either way",
    },
    "3.2": {
        "L13:13-23 negate": "tp/(tp + fp) is homogeneous of degree 0 in b: negating b changes "
        "neither its value nor its gradient",
        "L16:16-18 const 1.0+1": "the exercise returns the gradient; a constant has none",
        "L16:16-18 const 1.0-1": "the exercise returns the gradient; a constant has none",
        "L16:16-18 const 1.0/2": "the exercise returns the gradient; a constant has none",
        "L16:16-35 drop left": "−precision has the gradient of 1 − precision",
    },
    "3.3": {},
    "3.4": {
        "L4:22-24 const 0.0+1": "the first threshold always beats best_f = −1, overwriting best_t",
        "L4:22-24 const 0.0-1": "the first threshold always beats best_f = −1, overwriting best_t",
        "L4:28-30 const 1.0+1": "best_f = −2: the first threshold still beats it (F_β ≥ 0)",
        "L8:29-38 - to +": "fp → fp + 2tp " + F_BETA_ARGMAX,
        "L8:29-38 drop right": "fp → k = tp + fp " + F_BETA_ARGMAX,
        "L9:14-32 - to +": "fn → P + tp " + F_BETA_ARGMAX,
        "L9:14-32 drop right": "fn → P " + F_BETA_ARGMAX,
        "L10:16-26 drop left": "(1+β²)tp → β²tp in the denominator " + F_BETA_ARGMAX,
        "L10:16-26 drop right": "(1+β²)tp → tp in the denominator " + F_BETA_ARGMAX,
        "L11:14-14 const 1+1": NUMERATOR,
        "L11:14-14 const 1-1": NUMERATOR,
        "L11:14-14 const 1/2": NUMERATOR,
        "L11:14-24 drop left": NUMERATOR,
        "L11:14-24 drop right": NUMERATOR,
        "L11:24-24 const 2*2": NUMERATOR,
        "L11:24-24 const 2+1": NUMERATOR,
        "L11:24-24 const 2-1": NUMERATOR,
        "L11:50-52 const 0.0-1": "den = 0 only with no positive and nothing predicted; F = −1 "
        "there never beats an earlier threshold's 0, and as the only candidate (every p = 0) "
        "it leaves best_t at its initial 0.0, that same candidate",
    },
}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])


def test_leaving_t_0_out_is_told_so_not_that_precision_was_maximised():
    """Issue 22: 3.4 with t = 0 left out of the candidates said 'You maximised precision'."""

    def best_threshold(y_true, y_prob, beta=1.0):
        best_t, best_f = 0.0, -1.0
        for t in sorted(set(onp.asarray(y_prob).tolist())):  # 0 is missing
            pred = y_prob > t
            tp, fp = onp.sum(pred * y_true), onp.sum(pred * (1 - y_true))
            den = (1 + beta**2) * tp + beta**2 * (onp.sum(y_true) - tp) + fp
            f = (1 + beta**2) * tp / den if den else 0.0
            if f > best_f:
                best_t, best_f = t, f
        return best_t

    message = ex.evaluate("3.4", best_threshold).message
    assert "leave out t = 0" in message and "maximised precision" not in message, message
    hints = {m.hint for m in ch03.EXERCISES[3].mistakes}
    assert sum(h in message for h in hints) == 1, message
