"""Mutation score of the preface's exercise (issue 22): the checker of 0.1 must reject at least
95% of the mechanical mutants of its solution (tests/mutation.py); every survivor is listed
below with the reason it computes the same thing. Run with -s to see the score line."""

import pytest
from mutation import assert_mutation_score

# mutant id -> why it is equivalent (none survive today)
EQUIVALENT = {"0.1": {}}


@pytest.mark.parametrize("exercise_id", sorted(EQUIVALENT))
def test_mutants_are_killed(exercise_id):
    report = assert_mutation_score(exercise_id, EQUIVALENT[exercise_id])
    assert len(report.mutants) >= 20, "the central difference has at least 20 places to break"
