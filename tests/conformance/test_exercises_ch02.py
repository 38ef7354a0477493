"""Chapter 2's optional framework exercise (issue 26) against the real JAX: exercise 2.4 writes a
surrogate step with ``jax.lax.stop_gradient``. Its reference solution must give the exact step
forward and, inside sum(y * step) with varied y, the gradient y·σ'(u/s)/s that the companion's
autograd primitive ``gates.heaviside(u, "sigmoid", s)`` gives; the printed solution must pass the
checker, and each declared wrong answer must get its own hint."""

import numpy as onp
import pytest
from conformance_support import STRICT, assert_close, companion_module

if not STRICT:
    pytest.importorskip("jax")


def exercise():
    return companion_module("exercises")._registry()["2.4"]


@pytest.mark.parametrize("case", range(3), ids=[f"ch02-exercise-2.4-case{i + 1}" for i in range(3)])
def test_reference_solution_in_jax_matches_the_companions_surrogate(case):
    from autograd import elementwise_grad

    gates = companion_module("gates")
    ex = exercise()
    u, s, y = ex.cases[case].args
    value, slope = ex.judged(ex.reference)(u, s, y)
    assert_close(value, (onp.asarray(u) > 0).astype(float), 0.0, "forward: the exact step")
    expected = y * elementwise_grad(gates.heaviside)(onp.asarray(u, float), "sigmoid", s)
    assert_close(slope, expected, 1e-12, "gradient inside sum(y * step)")
    assert len(set(onp.round(expected, 9))) >= 5  # varied, non-unit cotangents


def test_printed_solution_passes_and_each_mistake_gets_its_own_hint():
    exercises = companion_module("exercises")
    ex = exercise()
    namespace = {}
    exec(ex.solution, namespace)
    assert exercises.evaluate("2.4", namespace[ex.name]).passed
    for mistake in ex.mistakes:
        feedback = exercises.evaluate("2.4", mistake.answer)
        assert feedback.status == "failed", mistake.hint
        assert mistake.hint in feedback.message
        assert all(
            other.hint not in feedback.message for other in ex.mistakes if other is not mistake
        )
