"""Chapter 4's optional framework exercise (issue 26) against the real JAX and optax: exercise 4.5
writes one optax step on complex parameters, conjugating JAX's gradient before
``optimizer.update``. The reference must follow the companion's descent path (w ← w + η·(−2∂L/∂w̄)
for optax.sgd, from companion.wirtinger.descent_direction), the printed solution must pass, each
declared wrong answer must get its own hint, and the checker must kill at least 95% of the
mechanical mutants of the solution (tests/mutation.py, issue 22)."""

import sys
from pathlib import Path

import numpy as onp
import pytest
from conformance_support import STRICT, assert_close, companion_module

if not STRICT:
    pytest.importorskip("optax")

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/: the mutation engine


def exercise():
    return companion_module("exercises")._registry()["4.5"]


def test_reference_follows_the_companions_descent_path():
    import autograd.numpy as anp

    wirtinger = companion_module("wirtinger")
    ex = exercise()
    w0, target, name, lr, steps = ex.cases[0].args
    assert name == "sgd"
    got = ex.judged(ex.reference)(w0, target, name, lr, steps)
    loss = lambda w: anp.sum(anp.abs(w - onp.asarray(target)) ** 2)  # noqa: E731
    w = onp.asarray(w0, complex)
    for _ in range(steps):
        w = w + lr * wirtinger.descent_direction(loss, w)
    assert_close(got, w, 1e-12, "optax.sgd with the conjugated gradient")


def test_printed_solution_passes_and_each_mistake_gets_its_own_hint():
    exercises = companion_module("exercises")
    ex = exercise()
    namespace = {}
    exec(ex.solution, namespace)
    assert exercises.evaluate("4.5", namespace[ex.name]).passed
    for mistake in ex.mistakes:
        feedback = exercises.evaluate("4.5", mistake.answer)
        assert feedback.status in ("failed", "error"), mistake.hint
        assert mistake.hint in feedback.message
        assert all(
            other.hint not in feedback.message for other in ex.mistakes if other is not mistake
        )


def test_mutants_of_the_solution_are_killed():
    from mutation import assert_mutation_score

    equivalent = {
        "L9:12-47 swap args 1,2": "apply_updates adds the two trees leaf by leaf and casts to "
        "the first one's dtype; params and updates are both complex128, so the order is moot",
    }
    assert_mutation_score("4.5", equivalent)
