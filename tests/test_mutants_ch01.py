"""Mutation score of chapter 1's exercises (issue 22): each checker must reject at least 95% of
the mechanical mutants of its solution (tests/mutation.py); every survivor is listed below with
the reason it computes the same thing on every input the exercise allows. Run with -s to see the
score line of each exercise (mutants, killed, equivalent, invalid, survivors, score).

1.4, the optional PyTorch exercise, is skipped here (the main environment has no torch); the
conformance stage runs it (tests/conformance/test_exercises_ch01.py)."""

import pytest
from mutation import assert_mutation_score

EQUIVALENT = {
    "1.1": {
        "L9:28-32 < to <=": "g == 0 on the lower edge is set to 0.0, which it already is",
        "L9:54-58 > to >=": "g == 0 on the upper edge is set to 0.0, which it already is",
        "L13:19-51 swap args 1,2": "np.clip(lower, v, upper) = min(max(lower, v), upper) is "
        "clip(v, lower, upper) whenever lower <= upper, which the exercise guarantees",
    },
    "1.2": {
        "L10:33-41 < to <=": "value is never 0 here: the branch needs |value| > 1e-8",
    },
    "1.3": {
        # the maximum over [-3, 3] sits on the upper end y = 3 (f' > 0 there): every grid below
        # still contains 3 as its end point and nothing higher on the way (a dense grid over
        # [-6, 3] also peaks at 3), so its argmax is the same y
        "L6:23-25 const 3.0*2": "grid from -6 instead of -3: still peaks at its end 3",
        "L6:23-25 const 3.0+1": "grid from -4: still peaks at its end 3",
        "L6:23-25 const 3.0-1": "grid from -2: still peaks at its end 3",
        "L6:23-25 const 3.0/2": "grid from -1.5: still peaks at its end 3",
        "L6:33-38 const 60001*2": "a finer grid still ends exactly at 3",
        "L6:33-38 const 60001+1": "a grid of 60 002 points still ends exactly at 3",
        "L6:33-38 const 60001-1": "a grid of 60 000 points still ends exactly at 3",
        "L6:10-39 negate": "-linspace(-3, 3, n) is the same symmetric set of points, 3 included",
        "L6:10-39 swap args 1,2": "linspace(3, -3, n) is the same points in reverse; 3 among them",
    },
    "1.4": {
        "L11:34-34 const 0-1": "the model's output has shape (1,): [-1] is [0]",
    },
}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    report = assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])
    assert len(report.mutants) >= 25, "each solution has at least 25 places to break"
