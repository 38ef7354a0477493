"""Mutation score of chapter 5's exercises (issue 22): each checker must reject at least 95% of
the mechanical mutants of its solution (tests/mutation.py); every survivor is listed below with
the reason it computes the same thing, to within the checker's tolerance, on every input the
exercise allows. Run with -s to see the score line of each exercise (mutants, killed,
equivalent, invalid, survivors, score).

5.5, the optional PyTorch exercise, is checked here on states given as NumPy arrays (its checker
needs no torch); the conformance stage also runs its solution on a real torch.optim.Adam
(tests/conformance/test_ch05_exercise_torch.py)."""

import pytest
from mutation import assert_mutation_score

EQUIVALENT = {
    "5.1": {},
    "5.2": {
        "L9:22-26 const 1e-10/2": "TF1's first mean square is 0.9 + 0.1·g² >= 0.9, so its ε of "
        "1e-10 (or 5e-11) moves the delta by under 6e-11 relative on every input: below any "
        "tolerance a float check can use",
    },
    "5.3": {},
    "5.4": {},
    "5.5": {},
}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    report = assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])
    assert len(report.mutants) >= 5
