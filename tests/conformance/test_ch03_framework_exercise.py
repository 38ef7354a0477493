"""Exercise 3.5 (optional, in JAX: a straight-through round with stop_gradient) against the real
framework, where the main environment can only say how to install it: the reference and the
solution source pass, each declared slip gets its own hint and never another's, and the
checker's mutation score (tests/mutation.py) is at least 95%."""

import sys
from pathlib import Path

import pytest
from conformance_support import STRICT

from companion import exercises as ex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for mutation.py

EXERCISE = ex._registry()["3.5"]
ID = pytest.mark.parametrize("exercise_id", [pytest.param("3.5", id="ch03-exercise-3.5-jax")])


@pytest.fixture(autouse=True)
def need_jax():
    if EXERCISE.missing():
        if STRICT:
            pytest.fail("jax is not installed; the conformance suite needs it")
        pytest.skip("jax not installed")


@ID
def test_reference_and_solution_source_pass(exercise_id):
    assert ex.evaluate(exercise_id, EXERCISE.reference).passed
    namespace = {}
    exec(EXERCISE.solution, namespace)
    feedback = ex.evaluate(exercise_id, namespace[EXERCISE.name])
    assert feedback.passed, feedback.message


@ID
def test_each_slip_gets_its_own_hint(exercise_id):
    hints = [m.hint for m in EXERCISE.mistakes]
    for mistake in EXERCISE.mistakes:
        feedback = ex.evaluate(exercise_id, mistake.answer)
        assert feedback.status in ("failed", "error"), mistake.hint
        assert mistake.hint in feedback.message, feedback.message
        assert not any(h in feedback.message for h in hints if h != mistake.hint), feedback.message


@ID
def test_a_stub_is_not_attempted_and_a_numpy_answer_is_an_error(exercise_id):
    import numpy as onp

    def stub(x):
        raise NotImplementedError

    assert ex.evaluate(exercise_id, stub).status == "not attempted"
    assert ex.evaluate(exercise_id, lambda x: onp.asarray(x).round()).status == "error"  # no trace


@ID
def test_mutants(exercise_id):
    from mutation import assert_mutation_score

    assert_mutation_score(exercise_id, {})
