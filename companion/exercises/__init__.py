"""Exercises: a learner writes a function (or a value) in a stub cell, and ``check`` says how it went.

Offers
    check(id, answer)      print specific feedback; never raises into the notebook
    hint(id, n=None)       print the next hint (one per call), or hints 1..n
    solution(id)           print the reference solution
    evaluate(id, answer)   the same judgement as ``check``, returned as a ``Feedback``
    ids()                  every exercise id, in order
    Exercise, Case, Mistake    how a chapter declares its exercises

Each chapter declares its exercises in ``companion/exercises/chNN.py`` as a list
``EXERCISES``; this package finds those modules by name, so adding a chapter edits
no shared file. A stub cell in a notebook starts with ``# Exercise N.M`` and its
function raises ``NotImplementedError`` (or its value is ``...``); the tests paste
``Exercise.solution`` over such cells and check that every exercise then passes.

An exercise may set ``adapt``: the checker then calls ``adapt(answer)`` on the cases, so it can
use the learner's function itself, e.g. differentiate it, and not only the values it returns.

Feedback for a wrong answer names the likely mistake: first the exercise's own
``Mistake`` list (each a typical wrong answer with its hint; a mistake that raises is
recognised by raising the same error), then generic slips (a sign before a complex
conjugate, a factor of 2, a shape, a missing tuple item), then the first hint.
"""

import ast
import contextlib
import copy
import importlib
import importlib.util
import inspect
import io
import pkgutil
import re
import signal
import threading
import warnings
from dataclasses import dataclass, field

import numpy as onp

from companion import _validate

__all__ = [
    "Case",
    "Exercise",
    "Feedback",
    "MISTAKE_KINDS",
    "Mistake",
    "check",
    "evaluate",
    "hint",
    "ids",
    "solution",
]


@dataclass(frozen=True)
class Case:
    """One input to an exercise: positional ``args``, ``kwargs`` and a ``label`` for the feedback."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str = ""


# What kind of slip a Mistake is. Every exercise declares at least one of each of the first
# four (tests/test_exercises.py checks), so its cases are proven to separate them.
MISTAKE_KINDS = ("off-by-one", "ignored-parameter", "sign", "signature", "other")


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer, written as a learner would, and the hint that names it.

    ``kind`` is one of ``MISTAKE_KINDS``: an off-by-one, a parameter that is ignored, a sign
    error, the exercise's signature confusion, or another slip.
    """

    answer: object
    hint: str
    kind: str = "other"

    def __post_init__(self):
        if self.kind not in MISTAKE_KINDS:
            raise ValueError(
                f"Mistake kind must be one of {', '.join(map(repr, MISTAKE_KINDS))}, "
                f"got {self.kind!r}"
            )
        if not isinstance(self.hint, str) or not self.hint.strip():
            raise TypeError(f"Mistake hint must be a non-empty str, got {self.hint!r}")


@dataclass(frozen=True)
class Exercise:
    """An exercise: the learner writes ``name``; ``reference`` is the right answer.

    With ``cases``, the answer is a function called on each case and compared with
    ``reference`` on the same case. Without cases, the answer is a value compared with
    ``reference()``. ``solution`` is source code that defines ``name``. An optional exercise in
    a framework's idiom names the modules it needs in ``requires``; without them ``evaluate``
    says how to install them (status 'not available') instead of judging.
    """

    id: str
    title: str
    name: str
    reference: object
    solution: str
    hints: tuple
    cases: tuple = ()
    mistakes: tuple = ()
    rtol: float = 1e-7
    atol: float = 1e-10
    timeout: float = 10.0
    adapt: object = None
    requires: tuple = ()

    def missing(self):
        """The modules in ``requires`` (e.g. ``("jax", "optax")``) that are not installed."""
        names = (self.requires,) if isinstance(self.requires, str) else tuple(self.requires)
        return [n for n in names if importlib.util.find_spec(n.split(".")[0]) is None]

    @property
    def is_value(self):
        return not self.cases

    def judged(self, function):
        """The function the cases call for ``function`` (the learner's, a mistake's or the
        reference): ``adapt(function)`` when the exercise sets ``adapt``, else itself.

        ``adapt`` lets the checker use the learner's function rather than only its values, e.g.
        differentiate it: ``adapt=lambda step: lambda x, s: (step(x, s), grad(step)(x, s))``
        makes an answer that returns the right numbers without a working derivative fail.
        """
        if self.adapt is None:
            return function

        def adapted(*args, **kwargs):
            return self.adapt(function)(*args, **kwargs)

        return adapted


@dataclass(frozen=True)
class Feedback:
    """The verdict of ``evaluate``: ``status`` is 'passed', 'failed', 'not attempted', 'error',
    or 'not available' (the exercise needs a framework that is not installed)."""

    id: str
    status: str
    message: str

    @property
    def passed(self):
        return self.status == "passed"

    def __str__(self):
        return self.message


class _Timeout(BaseException):
    """Raised inside the learner's code when it runs past the exercise's time limit."""


_REGISTRY = {}
_REVEALED = {}


def _registry():
    if not _REGISTRY:
        found = {}
        package = importlib.import_module(__name__)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if re.fullmatch(r"ch\d\d", info.name):
                module = importlib.import_module(f"{__name__}.{info.name}")
                for ex in module.EXERCISES:
                    if ex.id in found:
                        raise RuntimeError(f"exercise id {ex.id} is declared twice")
                    found[ex.id] = ex
        _REGISTRY.update(sorted(found.items(), key=lambda kv: tuple(map(int, kv[0].split(".")))))
    return _REGISTRY


def ids():
    """Every exercise id, in chapter order.

    >>> ids()[0]
    '0.1'
    """
    return list(_registry())


def _lookup(exercise_id):
    exercises = _registry()
    key = str(exercise_id)
    if key not in exercises:
        return None, f"There is no exercise {exercise_id!r}. Valid ids: {', '.join(exercises)}."
    return exercises[key], ""


def _call(function, args, kwargs, timeout):
    """Call the learner's function under a wall-clock limit (SIGALRM, main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        return function(*args, **kwargs)

    def _alarm(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return function(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _as_array(value):
    try:
        arr = onp.asarray(value)
    except Exception:
        return None
    if arr.dtype == object or not (onp.issubdtype(arr.dtype, onp.number) or arr.dtype == bool):
        return None
    return arr


def _close(got, expected, rtol, atol):
    """True when ``got`` matches ``expected``: numbers and arrays to tolerance, containers item by item."""
    if isinstance(expected, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(expected)
            and all(_close(got[k], expected[k], rtol, atol) for k in expected)
        )
    if isinstance(expected, (tuple, list)) and _as_array(expected) is None:
        return (
            isinstance(got, (tuple, list))
            and len(got) == len(expected)
            and all(_close(g, e, rtol, atol) for g, e in zip(got, expected))
        )
    if expected is None:
        return got is None
    if isinstance(expected, str):
        return isinstance(got, str) and got == expected
    e, g = _as_array(expected), _as_array(got)
    if e is None or g is None or e.shape != g.shape:
        return False
    if onp.iscomplexobj(g) and not onp.iscomplexobj(e) and onp.any(g.imag != 0):
        return False
    return bool(onp.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))


def _kind_of(value):
    """A short description of what ``value`` is, for feedback: 'a tuple of 3 items', 'an array of shape (4,)'."""
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    arr = _as_array(value)
    if arr is not None and arr.shape:
        return f"an array of shape {arr.shape}"
    return f"a {type(value).__name__}"


def _generic_slip(got, expected, rtol, atol, names=()):
    """Name a common slip that turns ``expected`` into ``got``, or return ''.

    A sign is tried before a complex conjugate: where the expected value is purely
    imaginary the two give the same numbers, and an ascent step is the likelier slip.
    ``names`` are the items of a tuple the solution returns, e.g. ('delta', 'ms').
    """
    if isinstance(expected, (tuple, list)):
        e_arr, g_arr = _as_array(expected), _as_array(got)
        same_items = isinstance(got, (tuple, list)) and len(got) == len(expected)
        same_array = e_arr is not None and g_arr is not None and e_arr.shape == g_arr.shape
        if not same_items and not same_array:
            what = (
                f"the {len(expected)} values ({', '.join(names)})"
                if len(names) == len(expected)
                else f"{len(expected)} values"
            )
            return f"expected a {type(expected).__name__} of {what}, got {_kind_of(got)}"
        if same_items:
            order = [
                next(
                    (j for j, e_item in enumerate(expected) if _close(g_item, e_item, rtol, atol)),
                    None,
                )
                for g_item in got
            ]
            if (
                None not in order
                and sorted(order) == list(range(len(expected)))
                and order != sorted(order)
            ):
                what = f" ({', '.join(names)})" if len(names) == len(expected) else ""
                return f"the right values in the wrong order: return them in the order{what or ' asked'}"
            for i, (g_item, e_item) in enumerate(zip(got, expected)):
                if not _close(g_item, e_item, rtol, atol):
                    slip = _generic_slip(g_item, e_item, rtol, atol)
                    label = names[i] if len(names) == len(expected) else f"item {i}"
                    return f"{label} (item {i} of the tuple): {slip}" if slip else ""
            return ""
    e, g = _as_array(expected), _as_array(got)
    if e is None or g is None:
        if type(got) is not type(expected) and not isinstance(expected, (tuple, list, dict)):
            return f"expected a {type(expected).__name__}, got a {type(got).__name__}"
        return ""
    if e.shape != g.shape:
        return f"wrong shape: expected {e.shape}, got {g.shape}"
    if not onp.any(e):
        return ""
    sign = "off by a sign"
    if onp.iscomplexobj(e) and onp.allclose(onp.conj(e), -e, rtol=rtol, atol=atol):
        sign += (
            " (the expected value is purely imaginary here, so a complex conjugate would give"
            " the same numbers; check the direction of your step first)"
        )
    slips = [
        (-e, sign),
        (onp.conj(e), "off by a complex conjugate"),
        (2 * e, "off by a factor of 2 (yours is twice the answer)"),
        (e / 2, "off by a factor of 2 (yours is half the answer)"),
        (-onp.conj(e), "off by a sign and a complex conjugate"),
        (2 * onp.conj(e), "off by a complex conjugate and a factor of 2"),
        (onp.conj(e) / 2, "off by a complex conjugate and a factor of 1/2"),
    ]
    for candidate, message in slips:
        if not onp.allclose(candidate, e, rtol=rtol, atol=atol) and _close(
            g, candidate, rtol, atol
        ):
            return message
    return ""


def _return_names(ex):
    """The names in the solution's ``return a, b`` (for feedback on tuples), or ()."""
    try:
        tree = ast.parse(inspect.cleandoc(ex.solution))
    except SyntaxError:
        return ()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == ex.name:
            returns = [n for n in ast.walk(node) if isinstance(n, ast.Return)]
            if returns and isinstance(returns[-1].value, ast.Tuple):
                items = returns[-1].value.elts
                if all(isinstance(item, ast.Name) for item in items):
                    return tuple(item.id for item in items)
    return ()


def _plain(value):
    """NumPy scalars as Python numbers, inside containers too, so feedback reads 1j, not np.complex128(1j)."""
    if isinstance(value, onp.generic):
        return value.item()
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _digits(value):
    """``value`` as feedback prints it: numbers to 8 significant digits (rounding in the last
    of float64's 16 must not change what a learner reads, issue 20), containers item by item."""
    if isinstance(value, onp.ndarray):
        return onp.array2string(value, precision=6)
    if isinstance(value, bool) or not isinstance(value, (float, complex, tuple, list, dict)):
        return repr(value)
    if isinstance(value, float):
        return f"{value:.8g}"
    if isinstance(value, complex):
        return f"({value.real:.8g}{value.imag:+.8g}j)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_digits(v)}" for k, v in value.items()) + "}"
    items = ", ".join(_digits(v) for v in value)
    if isinstance(value, list):
        return f"[{items}]"
    return f"({items}{',' if len(value) == 1 else ''})"


def _show(value, limit=120):
    text = " ".join(_digits(_plain(value)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _signature(ex):
    match = re.search(rf"def {re.escape(ex.name)}\((.*?)\):", ex.solution, re.S)
    return f"{ex.name}({' '.join(match.group(1).split())})" if match else ex.name


_EXPECTED = {}


def _expected(ex, case=None):
    """The reference's answer on ``case`` (or the reference value), computed once per session:
    a reference is deterministic, and checking many answers (or mutants) should not re-run it."""
    key = (id(ex.reference), id(case), id(ex.adapt))
    if key not in _EXPECTED:
        if case is None:
            value = ex.reference()
        else:
            value = _call(
                ex.judged(ex.reference), copy.deepcopy(case.args), copy.deepcopy(case.kwargs), 600
            )
        # the key's objects are kept alive with the value, so their ids are never reused
        _EXPECTED[key] = (ex.reference, case, ex.adapt, value)
    return copy.deepcopy(_EXPECTED[key][3])


def _run_answer(ex, answer, case):
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(case.kwargs)
    return _call(ex.judged(answer), args, kwargs, ex.timeout)


def _mistake_output(ex, mistake, case):
    """What a declared mistake returns on ``case``; raises what it raises."""
    if case is None:
        return mistake.answer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _call(
            ex.judged(mistake.answer), copy.deepcopy(case.args), copy.deepcopy(case.kwargs), 60
        )


def _diagnose(ex, case, got, expected, answer=None):
    """The hint for a wrong ``got`` on ``case``: a declared mistake, a generic slip, or hint 1.

    A declared mistake is named only when it reproduces ``got`` on the failing case and the
    learner's answer on every other case too (both values close, or both raising the same
    type of error): two wrong answers can agree on one case, and a mistake that merely
    coincides there would name another slip's hint (issue 22: 1.2's swapped even/odd orders
    were told "you differentiated once too few"). Among the mistakes that agree everywhere, a
    sign error is named first. Otherwise a generic slip, else the first hint.
    """
    matching = []
    for mistake in ex.mistakes:
        try:
            wrong = _mistake_output(ex, mistake, case)
        except Exception:
            continue
        if _close(got, wrong, ex.rtol, ex.atol):
            matching.append(mistake)
    # a sign error before anything else it looks like (a conjugate of a purely imaginary value)
    matching.sort(key=lambda m: m.kind != "sign")
    if answer is not None and case is not None:
        # a mistake that only coincides with the answer here is not the learner's slip
        matching = [m for m in matching if _agrees_everywhere(ex, answer, m, case)]
    if matching:
        return matching[0].hint
    slip = _generic_slip(got, expected, ex.rtol, ex.atol, _return_names(ex))
    if slip:
        return slip
    return f"Hint: {ex.hints[0]}" if ex.hints else ""


def _agrees_everywhere(ex, answer, mistake, skip):
    """True when ``mistake`` and the learner's ``answer`` agree on every case but ``skip``:
    close values, or the same type of error raised by both."""
    for other in ex.cases:
        if other is skip:
            continue
        outputs = []
        for function, call in ((_run_answer, answer), (_mistake_output, mistake)):
            try:
                with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                    warnings.simplefilter("ignore")
                    outputs.append(function(ex, call, other))  # quietly: printed once already
            except (Exception, _Timeout) as err:
                outputs.append(err)
        theirs, ours = outputs
        if isinstance(theirs, _Timeout) or isinstance(ours, _Timeout):
            return False
        if isinstance(theirs, Exception) or isinstance(ours, Exception):
            if type(theirs) is not type(ours):
                return False
        elif not _close(theirs, ours, ex.rtol, ex.atol):
            return False
    return True


def _diagnose_error(ex, case, err):
    """The hint of a declared mistake that raises the same error as the learner's code, or ''."""
    for mistake in ex.mistakes:
        try:
            _mistake_output(ex, mistake, case)
        except Exception as theirs:
            if type(theirs) is type(err) and str(theirs) == str(err):
                return mistake.hint
    return ""


def evaluate(exercise_id, answer):
    """Judge ``answer`` for exercise ``exercise_id`` and return a ``Feedback``; never raises.

    Whatever the learner's code does (raise, loop for ever, call ``sys.exit()``), the verdict
    comes back as a ``Feedback``; only KeyboardInterrupt (the notebook's stop button) passes.

    >>> def stub(f, x, h=1e-5):
    ...     raise NotImplementedError
    >>> evaluate("0.1", stub).status
    'not attempted'
    >>> evaluate("0.1", lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / (2 * h)).status
    'passed'
    >>> import sys
    >>> evaluate("0.1", lambda f, x, h=1e-5: sys.exit(1)).status
    'error'
    """
    try:
        return _evaluate(exercise_id, answer)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # the checker itself must never break a learner's notebook
        return Feedback(
            str(exercise_id), "error", f"[{exercise_id}] the checker could not judge this: {err!r}"
        )


def _evaluate(exercise_id, answer):
    ex, problem = _lookup(exercise_id)
    if ex is None:
        return Feedback(str(exercise_id), "error", problem)
    tag = f"[{ex.id}]"
    missing = ex.missing()
    if missing:
        return Feedback(
            ex.id,
            "not available",
            f"{tag} this exercise needs {' and '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed here: "
            f"`pip install {' '.join(missing)}`, restart the kernel and run this cell again.",
        )
    if ex.is_value:
        return _evaluate_value(ex, answer, tag)
    if answer is None or answer is Ellipsis:
        return Feedback(
            ex.id, "not attempted", f"{tag} not attempted yet: write {_signature(ex)} above."
        )
    if not callable(answer):
        return Feedback(
            ex.id,
            "failed",
            f"{tag} expected a function, got {type(answer).__name__}. Define {_signature(ex)} and "
            f"pass the function itself, without calling it: check({ex.id!r}, {ex.name}).",
        )
    total = len(ex.cases)
    for number, case in enumerate(ex.cases, 1):
        where = f"case {number} of {total}" + (f" ({case.label})" if case.label else "")
        expected = _expected(ex, case)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = _run_answer(ex, answer, case)
        except NotImplementedError:
            return Feedback(
                ex.id, "not attempted", f"{tag} not attempted yet: write {_signature(ex)} above."
            )
        except _Timeout:
            return Feedback(
                ex.id,
                "failed",
                f"{tag} {where}: your function ran longer than {ex.timeout:g} s and was stopped. "
                "Look for a loop that never ends.",
            )
        except KeyboardInterrupt:
            raise
        except (SystemExit, GeneratorExit) as err:
            return Feedback(
                ex.id,
                "error",
                f"{tag} {where}: your function raised {type(err).__name__} "
                f"(sys.exit() or similar) instead of returning a value. Return the result instead.",
            )
        except Exception as err:
            advice = _diagnose_error(ex, case, err)
            if isinstance(err, TypeError):
                advice = f"{advice} Check the signature: {_signature(ex)}.".strip()
            return Feedback(
                ex.id,
                "error",
                f"{tag} {where}: your function raised {type(err).__name__}: {err}."
                + (f"\n  {advice}" if advice else ""),
            )
        if got is None and expected is not None:
            return Feedback(
                ex.id,
                "failed",
                f"{tag} {where}: your function returned None. Did you forget `return`?",
            )
        if not _close(got, expected, ex.rtol, ex.atol):
            diagnosis = _diagnose(ex, case, got, expected, answer)
            lines = [
                f"{tag} not yet: {where} differs.",
                f"  expected {_show(expected)}",
                f"  got      {_show(got)}",
            ]
            if diagnosis:
                lines.append(f"  {diagnosis}")
            if caught:
                lines.append(f"  (your function warned: {caught[0].message})")
            return Feedback(ex.id, "failed", "\n".join(lines))
    return Feedback(
        ex.id, "passed", f"{tag} passed: all {total} cases agree with the reference. Well done."
    )


def _evaluate_value(ex, answer, tag):
    if answer is None or answer is Ellipsis:
        return Feedback(ex.id, "not attempted", f"{tag} not attempted yet: set {ex.name} above.")
    expected = _expected(ex)
    if callable(answer) and not callable(expected):
        return Feedback(ex.id, "failed", f"{tag} expected a value for {ex.name}, got a function.")
    if _close(answer, expected, ex.rtol, ex.atol):
        return Feedback(ex.id, "passed", f"{tag} passed: {ex.name} is right. Well done.")
    diagnosis = _diagnose(ex, None, answer, expected)
    return Feedback(
        ex.id,
        "failed",
        f"{tag} not yet: {ex.name} = {_show(answer)} is not right."
        + (f"\n  {diagnosis}" if diagnosis else ""),
    )


def check(exercise_id, answer):
    """Print feedback on ``answer`` for exercise ``exercise_id``. Never raises into the notebook.

    >>> check("0.1", lambda f, x, h=1e-5: (f(x + h) - f(x)) / h)  # doctest: +ELLIPSIS
    [0.1] not yet: case 1 of 4 (...) differs.
    ...
    >>> check("9.9", None)  # doctest: +ELLIPSIS
    There is no exercise '9.9'. Valid ids: 0.1...
    """
    try:
        feedback = evaluate(exercise_id, answer)
    except BaseException as err:  # the checker itself must never break a learner's notebook
        if isinstance(err, KeyboardInterrupt):
            raise
        feedback = Feedback(
            str(exercise_id), "error", f"[{exercise_id}] the checker failed: {err!r}"
        )
    print(feedback.message)


def hint(exercise_id, n=None):
    """Print the next hint for ``exercise_id`` (each call reveals one more), or hints 1..n.

    Each hint prints as ``Hint k/n for id: ...`` (the book's build reads these lines). Once
    every hint has been revealed, a further ``hint(id)`` says there are no more rather than
    printing them again. ``n`` is a positive integer; more than there are prints them all.

    >>> hint("0.1", 1)  # doctest: +ELLIPSIS
    Hint 1/...
    >>> hint("0.1", 0)
    Traceback (most recent call last):
    ...
    ValueError: n must be in [1, inf], got 0
    """
    if n is not None:
        n = _validate.integer("n", n, lo=1)
    ex, problem = _lookup(exercise_id)
    if ex is None:
        print(problem)
        return
    total = len(ex.hints)
    last = f"That was the last hint; solution({ex.id!r}) prints a reference answer."
    if n is None:
        seen = _REVEALED.get(ex.id, 0)
        if seen >= total:
            print(
                f"No more hints for {ex.id}: all {total} have been shown. "
                f"solution({ex.id!r}) prints a reference answer."
            )
            return
        first, shown = seen, seen + 1
    else:
        first, shown = 0, min(n, total)
    _REVEALED[ex.id] = max(shown, _REVEALED.get(ex.id, 0))
    for k in range(first, shown):
        print(f"Hint {k + 1}/{total} for {ex.id}: {ex.hints[k]}")
    if shown == total:
        print(last)


def solution(exercise_id):
    """Print a reference solution for ``exercise_id``, and the companion function it mirrors.

    >>> solution("0.1")  # doctest: +ELLIPSIS
    Solution to 0.1 ...
    """
    ex, problem = _lookup(exercise_id)
    if ex is None:
        print(problem)
        return
    print(f"Solution to {ex.id} ({ex.title}):\n")
    print(inspect.cleandoc(ex.solution))
    module = getattr(ex.reference, "__module__", "") or ""
    if module.startswith("companion.") and not module.startswith("companion.exercises"):
        print(f"\nThe book's reference implementation: {module}.{ex.reference.__name__}")
