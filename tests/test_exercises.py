"""The exercise machinery, and proof that every exercise in the book is solvable.

For every registered exercise: the reference passes, its solution source passes, each
typical wrong answer is caught with its own hint, and an untouched stub says 'not
attempted'. The slow test executes each chapter with the solutions pasted over its stubs.
"""

import re

import nbformat
import numpy as onp
import pytest
from notebook_tools import chapter_paths, execute, stub_cells

from companion import exercises as ex

ALL = ex.ids()
REGISTRY = {i: ex._registry()[i] for i in ALL}


def _stub(*args, **kwargs):
    raise NotImplementedError


def solution_answer(exercise):
    namespace = {}
    exec(exercise.solution, namespace)
    return namespace[exercise.name]


@pytest.mark.parametrize("exercise_id", ALL)
def test_reference_passes(exercise_id):
    exercise = REGISTRY[exercise_id]
    answer = exercise.reference() if exercise.is_value else exercise.reference
    assert ex.evaluate(exercise_id, answer).passed


@pytest.mark.parametrize("exercise_id", ALL)
def test_solution_source_passes(exercise_id):
    feedback = ex.evaluate(exercise_id, solution_answer(REGISTRY[exercise_id]))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("exercise_id", ALL)
def test_typical_mistakes_are_caught_with_their_hint(exercise_id):
    exercise = REGISTRY[exercise_id]
    assert exercise.mistakes, f"exercise {exercise_id} declares no typical mistake"
    for mistake in exercise.mistakes:
        feedback = ex.evaluate(exercise_id, mistake.answer)
        assert feedback.status == "failed", (exercise_id, mistake.hint)
        assert mistake.hint in feedback.message, feedback.message


@pytest.mark.parametrize("exercise_id", ALL)
def test_untouched_stub_is_not_attempted(exercise_id):
    exercise = REGISTRY[exercise_id]
    stub = ... if exercise.is_value else _stub
    assert ex.evaluate(exercise_id, stub).status == "not attempted"


@pytest.mark.parametrize("exercise_id", ALL)
def test_hints_and_solution_print(exercise_id, capsys):
    exercise = REGISTRY[exercise_id]
    assert exercise.hints
    ex.hint(exercise_id, len(exercise.hints))
    ex.solution(exercise_id)
    out = capsys.readouterr().out
    assert (
        exercise.hints[-1] in out and f"def {exercise.name}" in out or f"{exercise.name} =" in out
    )


def test_ids_are_unique_ordered_and_match_their_module():
    assert ALL == sorted(ALL, key=lambda i: tuple(map(int, i.split("."))))
    for exercise_id, exercise in REGISTRY.items():
        chapter = int(exercise_id.split(".")[0])
        assert exercise.reference.__module__ != "", exercise_id
        assert re.fullmatch(r"\d+\.\d+", exercise_id)
        assert chapter <= 6


# --- check never raises, whatever the learner passes ----------------------------------


def feedback_for(answer, exercise_id="0.1"):
    return ex.evaluate(exercise_id, answer)


def test_wrong_type_is_explained():
    feedback = feedback_for(42)
    assert feedback.status == "failed" and "expected a function" in feedback.message


def test_exception_inside_the_learners_function_is_reported():
    def broken(f, x, h=1e-5):
        return f(x) / 0 + undefined_name  # noqa: F821

    feedback = feedback_for(broken)
    assert feedback.status == "error" and "ZeroDivisionError" in feedback.message


def test_wrong_signature_names_the_expected_one():
    feedback = feedback_for(lambda f: 0.0)
    assert "central_difference(f, x, h=1e-5)" in feedback.message


def test_infinite_loop_is_cut_by_a_timeout(monkeypatch):
    exercise = REGISTRY["0.1"]
    monkeypatch.setitem(
        ex._REGISTRY, "0.1", type(exercise)(**{**exercise.__dict__, "timeout": 0.2})
    )

    def forever(f, x, h=1e-5):
        while True:
            pass

    feedback = feedback_for(forever)
    assert feedback.status == "failed" and "longer than 0.2 s" in feedback.message


def test_wrong_shape_and_none_are_named():
    assert "wrong shape" in feedback_for(lambda f, x, h=1e-5: onp.zeros(3)).message
    assert "forget `return`" in feedback_for(lambda f, x, h=1e-5: None).message


def test_unknown_id_lists_the_valid_ones(capsys):
    ex.check("42.1", _stub)
    ex.hint("42.1")
    ex.solution("42.1")
    out = capsys.readouterr().out
    assert out.count("Valid ids: 0.1") == 3


def test_check_prints_and_never_raises(capsys):
    for answer in (None, ..., "text", _stub, lambda *a: 1 / 0, lambda f, x, h: [1, 2]):
        assert ex.check("0.1", answer) is None
    assert capsys.readouterr().out.count("[0.1]") == 6


def test_generic_slips_are_recognised():
    assert "conjugate" in ex._generic_slip(onp.array([1 - 2j]), onp.array([1 + 2j]), 1e-9, 0)
    assert "factor of 2" in ex._generic_slip(2.0, 1.0, 1e-9, 0)
    assert "sign" in ex._generic_slip(-1.0, 1.0, 1e-9, 0)
    assert ex._generic_slip(3.0, 1.0, 1e-9, 0) == ""


def test_hint_reveals_one_more_each_call(capsys):
    ex._REVEALED.pop("0.1", None)
    ex.hint("0.1")
    first = capsys.readouterr().out
    ex.hint("0.1")
    second = capsys.readouterr().out
    assert "Hint 1/" in first and "Hint 2/" not in first and "Hint 2/" in second


# --- the chapters are solvable with the reference solutions pasted in -----------------


@pytest.mark.slow
@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.name)
def test_chapter_runs_with_solutions_pasted(path):
    nb = nbformat.read(path, as_version=4)
    stubs = stub_cells(nb)
    chapter = int(path.name[:2])
    declared = [i for i in ALL if int(i.split(".")[0]) == chapter]
    assert sorted(i for i, _ in stubs) == declared, (
        "every declared exercise needs exactly one stub cell"
    )
    for exercise_id, index in stubs:
        nb.cells[index].source = REGISTRY[exercise_id].solution
    execute(nb)
    for exercise_id, index in stubs:
        check_cell = nb.cells[index + 1]
        printed = "".join(out.get("text", "") for out in check_cell.get("outputs", []))
        assert f"cp.exercises.check({exercise_id!r}" in check_cell.source.replace('"', "'"), (
            f"the cell after stub {exercise_id} must call cp.exercises.check({exercise_id!r}, ...)"
        )
        assert re.search(rf"^\[{re.escape(exercise_id)}\] passed", printed, re.M), (
            exercise_id,
            printed,
        )
