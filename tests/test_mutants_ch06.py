"""Mutation score of chapter 6's exercises (issue 22): each checker must reject at least 95% of
the mechanical mutants of its solution (tests/mutation.py); every survivor is listed below with
the reason it computes the same thing on every input the exercise allows. Run with -s to see the
score line of each exercise (mutants, killed, equivalent, invalid, survivors, score).

6.4, the optional PyTorch exercise, is skipped here (the main environment has no torch); the
conformance stage runs it (tests/conformance/test_ch06_exercise_torch.py)."""

import pytest
from mutation import assert_mutation_score

EQUIVALENT = {
    "6.1": {
        "L5:13-13 y to fitted": "n = len(fitted) = len(y): the two arrays have one value per row",
        "L6:22-31 negate": "-(y - fitted) is squared: the same SSR",
        "L6:50-61 negate": "-(y - y.mean()) is squared: the same SST",
    },
    "6.2": {},
    "6.3": {
        "L7:9-20 negate": "the residuals enter only squared (e @ e and e**2)",
        "L10:35-39 negate": "(1 - h) enters only squared",
    },
    "6.4": {
        "L5:39-39 x to y": "len(y) = len(x): one target per row",
        "L5:52-52 x to y": "y.dtype = x.dtype: both float64 tensors",
        "L7:13-24 negate": "the residuals enter only as e @ e",
    },
}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    if exercise_id == "6.4":
        pytest.importorskip("torch", reason="6.4 needs torch: the conformance stage scores it")
    assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])
