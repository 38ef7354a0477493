"""Bad input for companion.exercises, companion.plotting, companion.snippets and
companion.frameworks' helpers (issue 16), plus hypothesis properties of the checker.

The exercise checker's promise is stronger than a named error: ``evaluate`` and ``check``
never raise into a learner's notebook, whatever the learner's code does (raise, call
``sys.exit()``, return garbage); only KeyboardInterrupt, the notebook's stop button, passes.
The helpers a chapter author calls (``hint``'s count, plotting, snippets) refuse bad
arguments with a named TypeError or ValueError.
"""

import math
import sys

import matplotlib
import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import exercises as ex
from companion import frameworks, plotting, snippets

matplotlib.use("Agg")


def status(expected, phrase=""):
    """An ``expect`` for a Feedback: its status, and a phrase of its message."""
    return lambda fb: fb.status == expected and phrase in fb.message


def raising(error):
    def answer(f, x, h=1e-5):
        raise error

    return answer


class Unconvertible:
    """A return value that NumPy cannot turn into an array."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array for you")


def printed_nothing_else(result):
    return result is None


BOWL = lambda x, y: -(x**2 + y**2)  # noqa: E731
PATH = [onp.array([[1.0, 1.0], [0.0, 0.0]])]

CASES = [
    # evaluate: the id
    Bad(ex.evaluate, ("9.9", None), expect=status("error", "Valid ids: 0.1"), id="evaluate-unknown-id"),
    Bad(ex.evaluate, (None, None), expect=status("error", "There is no exercise None"), id="evaluate-id-none"),
    Bad(ex.evaluate, (["0.1"], None), expect=status("error", "There is no exercise"), id="evaluate-id-list"),
    # evaluate: what the learner's function does
    Bad(ex.evaluate, ("0.1", 42), expect=status("failed", "expected a function, got int"), id="evaluate-answer-number"),
    Bad(ex.evaluate, ("0.1", ...), expect=status("not attempted"), id="evaluate-answer-ellipsis"),
    Bad(ex.evaluate, ("0.1", raising(SystemExit(1))), expect=status("error", "SystemExit"), id="evaluate-sys-exit"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: sys.exit()), expect=status("error", "sys.exit()"), id="evaluate-sys-exit-call"),
    Bad(ex.evaluate, ("0.1", raising(GeneratorExit())), expect=status("error", "GeneratorExit"), id="evaluate-generator-exit"),
    Bad(ex.evaluate, ("0.1", raising(KeyboardInterrupt("stop button"))), raises=KeyboardInterrupt, match="stop button", id="evaluate-keyboard-interrupt-passes"),
    Bad(ex.evaluate, ("0.1", raising(MemoryError("big"))), expect=status("error", "MemoryError"), id="evaluate-memory-error"),
    Bad(ex.evaluate, ("0.1", raising(RecursionError())), expect=status("error", "RecursionError"), id="evaluate-recursion"),
    Bad(ex.evaluate, ("0.1", lambda f: 0.0), expect=status("error", "Check the signature: central_difference(f, x, h=1e-5)"), id="evaluate-signature"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: None), expect=status("failed", "forget `return`"), id="evaluate-returns-none"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: "2.718"), expect=status("failed", "expected a float, got a str"), id="evaluate-returns-string"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: math.nan), expect=status("failed", "got      nan"), id="evaluate-returns-nan"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: math.inf), expect=status("failed"), id="evaluate-returns-inf"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: Unconvertible()), expect=lambda fb: fb.status in ("failed", "error"), id="evaluate-returns-unconvertible"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: [1.0, 2.0]), expect=status("failed", "wrong shape"), id="evaluate-returns-list"),
    Bad(ex.evaluate, ("0.1", lambda f, x, h=1e-5: 1j), expect=status("failed"), id="evaluate-returns-complex"),
    # value exercises
    Bad(ex.evaluate, ("1.3", lambda: 3.0), expect=status("failed", "got a function"), id="evaluate-value-given-function"),
    Bad(ex.evaluate, ("1.3", "three"), expect=status("failed", "is not right"), id="evaluate-value-string"),
    Bad(ex.evaluate, ("1.3", math.nan), expect=status("failed"), id="evaluate-value-nan"),
    # check prints and returns None, whatever happens
    Bad(ex.check, ("0.1", raising(SystemExit(2))), expect=printed_nothing_else, id="check-sys-exit"),
    Bad(ex.check, ("9.9", None), expect=printed_nothing_else, id="check-unknown-id"),
    Bad(ex.check, ("0.1", lambda f, x, h=1e-5: Unconvertible()), expect=printed_nothing_else, id="check-unconvertible"),
    # hint: n
    Bad(ex.hint, ("0.1", 0), match="n must be in [1, inf], got 0", id="hint-n-zero"),
    Bad(ex.hint, ("0.1", -2), match="n must be in [1, inf], got -2", id="hint-n-negative"),
    Bad(ex.hint, ("0.1", 2.5), raises=TypeError, match="n must be an integer, got float", id="hint-n-float"),
    Bad(ex.hint, ("0.1", "2"), raises=TypeError, match="n must be an integer, got str", id="hint-n-string"),
    Bad(ex.hint, ("0.1", True), raises=TypeError, match="n must be an integer, got bool", id="hint-n-bool"),
    Bad(ex.hint, ("0.1", 10**6), expect=printed_nothing_else, id="hint-n-huge-prints-all"),
    Bad(ex.hint, ("9.9",), expect=printed_nothing_else, id="hint-unknown-id"),
    Bad(ex.solution, ("9.9",), expect=printed_nothing_else, id="solution-unknown-id"),
    Bad(ex.solution, (None,), expect=printed_nothing_else, id="solution-id-none"),
    Bad(ex.ids, (1,), raises=TypeError, match="positional argument", id="ids-takes-nothing"),
    # declaring a mistake
    Bad(ex.Mistake, (lambda: 0, "hint"), {"kind": "typo"}, match="Mistake kind must be one of", id="mistake-kind-unknown"),
    Bad(ex.Mistake, (lambda: 0, ""), raises=TypeError, match="non-empty str", id="mistake-hint-empty"),
    Bad(ex.Mistake, (lambda: 0, None), raises=TypeError, match="non-empty str", id="mistake-hint-none"),
    # plotting
    Bad(plotting.setup, (1,), raises=TypeError, match="positional argument", id="setup-takes-nothing"),
    Bad(plotting.ascent_paths, (3.0, (-1, 1), (-1, 1)), raises=TypeError, match="f must be a callable", id="ascent-f-number"),
    Bad(plotting.ascent_paths, (BOWL, (1, -1), (-1, 1)), match="xlim must be (lo, hi) with lo < hi", id="ascent-xlim-reversed"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (math.nan, 1)), match="ylim[0] must be finite", id="ascent-ylim-nan"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1, 2), (-1, 1)), raises=TypeError, match="xlim must be a pair (lo, hi)", id="ascent-xlim-triple"),
    Bad(plotting.ascent_paths, (BOWL, "ab", (-1, 1)), raises=TypeError, match="xlim[0] must be a real number", id="ascent-xlim-string"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1)), {"levels": 1}, match="levels must be in [2, 500]", id="ascent-levels-one"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1)), {"levels": 2.5}, raises=TypeError, match="levels must be an integer", id="ascent-levels-float"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1)), {"n": 10**6}, match="n must be in [2, 1000]", id="ascent-n-huge"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1)), {"n": 1}, match="n must be in [2, 1000]", id="ascent-n-one"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), [onp.ones((3, 3))]), match="paths[0] must have shape (k, 2), got (3, 3)", id="ascent-path-shape"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), [[[math.nan, 0.0]]]), match="paths[0] must be finite", id="ascent-path-nan"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), [onp.zeros((0, 2))]), match="paths[0] must not be empty", id="ascent-path-empty"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), [[[1j, 0.0]]]), raises=TypeError, match="paths[0] must be real", id="ascent-path-complex"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), "path"), raises=TypeError, match="paths must be a sequence", id="ascent-paths-string"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), PATH), {"labels": ["a", "b"]}, match="one entry per path: 1 paths, 2 labels", id="ascent-labels-length"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1), PATH), {"labels": "a"}, raises=TypeError, match="labels must be a sequence", id="ascent-labels-string"),
    Bad(plotting.ascent_paths, (lambda x, y: onp.where(x > 0, x, onp.nan), (-1, 1), (-1, 1)), match="f returned nan at (x, y)", id="ascent-f-nan"),
    Bad(plotting.ascent_paths, (lambda x, y: 1.0, (-1, 1), (-1, 1)), match="f must be vectorised", id="ascent-f-scalar"),
    Bad(plotting.ascent_paths, (lambda x, y: x + 1j * y, (-1, 1), (-1, 1)), raises=TypeError, match="f must return real numbers", id="ascent-f-complex"),
    Bad(plotting.ascent_paths, (BOWL, (-1, 1), (-1, 1)), {"ax": "axes"}, raises=TypeError, match="ax must be a matplotlib Axes", id="ascent-ax-string"),
    # snippets
    Bad(snippets.files, ("1_maximize",), match="route must look like 'NN_name'", id="files-route-short"),
    Bad(snippets.files, (3,), match="route must look like 'NN_name'", id="files-route-number"),
    Bad(snippets.files, ("01_Maximize",), match="route must look like 'NN_name'", id="files-route-case"),
    Bad(snippets.files, ("09_no_such_route",), match="has no snippet files", id="files-route-missing"),
    Bad(snippets.files, ("01_maximize", "/nonexistent-folder"), match="has no snippet files", id="files-directory-missing"),
    Bad(snippets.requirements, ("/nonexistent-folder",), match="holds no snippet files", id="requirements-directory-missing"),
    Bad(snippets.requirements, (3,), raises=TypeError, match="directory must be a str or a pathlib.Path, got int", id="requirements-directory-number"),
    Bad(snippets.files, ("01_maximize", 3), raises=TypeError, match="directory must be a str or a pathlib.Path, got int", id="files-directory-number"),
    Bad(snippets.show, ("../01_maximize",), match="route must look like 'NN_name'", id="show-route-path"),
    Bad(snippets.Snippets, ("", None), match="route must look like 'NN_name'", id="snippets-route-empty"),
    # frameworks' helpers (more in test_badinput_wirtinger.py)
    Bad(frameworks.verified_note, ("torch", "Torch"), match="unknown framework 'Torch'", id="verified-note-case"),
    Bad(frameworks.verified_note, (), expect=lambda s: s.startswith("verified against torch"), id="verified-note-all"),
    Bad(frameworks.installed_version, ("autograd",), expect=lambda v: isinstance(v, str) and "+" not in v, id="installed-version-autograd"),
]  # fmt: skip


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case, capsys):
    run(case)
    capsys.readouterr()
    import matplotlib.pyplot as plt

    plt.close("all")


# --- properties ------------------------------------------------------------------------------

ANSWERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.none(),
    st.lists(st.floats(allow_nan=True), max_size=4),
    st.lists(st.floats(allow_nan=True), max_size=4).map(onp.array),  # == a str is an array
    st.tuples(st.floats(allow_nan=True), st.integers()),
    st.dictionaries(st.text(max_size=2), st.floats(allow_nan=True), max_size=2),
)
ERRORS = st.sampled_from(
    [ValueError, TypeError, ZeroDivisionError, SystemExit, GeneratorExit, RuntimeError, OSError]
)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(ex.ids()), ANSWERS)
def test_evaluate_returns_feedback_for_any_returned_value(exercise_id, value):
    """A learner's function returning anything at all gets a verdict, never an exception."""
    exercise = ex._registry()[exercise_id]
    answer = value if exercise.is_value else (lambda *a, **k: value)
    feedback = ex.evaluate(exercise_id, answer)
    assert feedback.status in ("passed", "failed", "not attempted", "error", "not available")
    assert feedback.message.startswith(f"[{exercise_id}]")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([i for i in ex.ids() if not ex._registry()[i].is_value]), ERRORS)
def test_evaluate_returns_feedback_for_any_raised_error(exercise_id, error):
    def answer(*args, **kwargs):
        raise error("boom")

    feedback = ex.evaluate(exercise_id, answer)
    if ex._registry()[exercise_id].missing():  # an optional framework exercise, not judged here
        assert feedback.status == "not available" and "pip install" in feedback.message
        return
    assert feedback.status == "error" and error.__name__ in feedback.message


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(ex.ids()))
def test_evaluate_never_mutates_the_cases(exercise_id):
    """An answer that edits its arrays in place cannot change the cases for the next learner."""
    exercise = ex._registry()[exercise_id]
    if exercise.is_value:
        return
    snapshot = [
        [onp.array(a, copy=True) if isinstance(a, onp.ndarray) else a for a in case.args]
        for case in exercise.cases
    ]

    def vandal(*args, **kwargs):
        for a in args:
            if isinstance(a, onp.ndarray) and a.flags.writeable and a.dtype.kind in "fc":
                a *= -1
        return 0.0

    ex.evaluate(exercise_id, vandal)
    for case, before in zip(exercise.cases, snapshot):
        for now, then in zip(case.args, before):
            if isinstance(then, onp.ndarray):
                onp.testing.assert_array_equal(now, then)
