"""Chapter 6, exercise 6.4 (optional, PyTorch): standard errors of a trained torch.nn.Linear.
In the real torch: the solution source passes, every declared mistake is caught with its own
hint, and the checker kills at least 95% of the mechanical mutants of the solution (the main
environment has no torch, so tests/test_mutants_ch06.py skips 6.4 and this file scores it)."""

import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for mutation.py


def _exercise():
    from companion.exercises import ch06

    (exercise,) = [e for e in ch06.EXERCISES if e.id == "6.4"]
    return exercise


def test_ch06_ex6_4_solution_passes():
    from companion import exercises

    exercise = _exercise()
    namespace = {}
    exec(exercise.solution, namespace)  # the solution's source, as a learner would paste it
    feedback = exercises.evaluate("6.4", namespace[exercise.name])
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("index", range(5), ids=lambda i: f"ch06-ex6.4-mistake{i}")
def test_ch06_ex6_4_mistake_gets_its_own_hint(index):
    from companion import exercises

    mistake = _exercise().mistakes[index]
    feedback = exercises.evaluate("6.4", mistake.answer)
    assert not feedback.passed and mistake.hint in feedback.message, feedback.message


def test_ch06_ex6_4_mutation_score():
    from mutation import assert_mutation_score
    from test_mutants_ch06 import EQUIVALENT

    assert_mutation_score("6.4", EQUIVALENT["6.4"])
