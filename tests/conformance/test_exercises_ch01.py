"""Chapter 1's optional PyTorch exercise (1.4) against the real framework and the companion.

The main environment has no torch, so there the checker only says how to install it; here its
reference solution is judged: on every case it must land where ``companion.inputs.maximize``
(plain projected ascent, the same lr and steps, no early stop) lands, its solution source and
every declared mistake must get their verdicts and hints, and its mutation score must hold.
"""

import sys
from pathlib import Path

import numpy as onp
import pytest
from conformance_support import STRICT

import companion.exercises as ex
from companion import inputs, nets
from companion.exercises import ch01

EXERCISE = next(e for e in ch01.EXERCISES if e.id == "1.4")


@pytest.fixture(autouse=True)
def _torch():
    if not STRICT:
        pytest.importorskip("torch")


@pytest.mark.parametrize("case", EXERCISE.cases, ids=[c.label for c in EXERCISE.cases])
def test_reference_lands_where_the_companions_ascent_lands(case):
    W1, b1, W2, b2 = (onp.array(w, dtype=float) for w in case.args[0])
    x, y0, lower, upper = case.args[1:]
    f = nets.freeze([(W1, b1), (W2, b2)], [x])
    oracle = inputs.maximize(
        f, y0, bounds=(lower, upper), method="plain", gtol=0.0, **case.kwargs
    ).path[-1]
    got = EXERCISE.judged(EXERCISE.reference)(*case.args, **case.kwargs)
    assert abs(got - oracle) <= 1e-12, (got, oracle)


def test_solution_passes_and_every_mistake_gets_its_hint():
    namespace = {}
    exec(EXERCISE.solution, namespace)
    assert ex.evaluate("1.4", namespace[EXERCISE.name]).passed
    for mistake in EXERCISE.mistakes:
        feedback = ex.evaluate("1.4", mistake.answer)
        assert feedback.status in ("failed", "error") and mistake.hint in feedback.message


def test_mutation_score():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mutation import assert_mutation_score
    from test_mutants_ch01 import EQUIVALENT

    assert_mutation_score("1.4", EQUIVALENT["1.4"])
