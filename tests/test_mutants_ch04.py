"""Mutation score of chapter 4's exercises (issue 22): each checker must reject at least 95% of
the mechanical mutants of its solution (tests/mutation.py); every survivor is listed below with
the reason it computes the same thing. 4.5 needs JAX and optax, so the conformance stage scores
it (tests/conformance/test_exercises_ch04.py). Run with -s to see the score lines."""

import pytest
from mutation import assert_mutation_score

EQUIVALENT = {
    "4.1": {
        "L6:9-21 negate": "z → −z leaves both answers unchanged: 2(−z)·conj(−z) = 2z·z̄ and "
        "(−z)² = z², so the mutant is the same function",
    },
    "4.2": {},
    "4.3": {},
    "4.4": {},
}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])
