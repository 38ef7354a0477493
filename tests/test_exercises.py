"""The exercise machinery, and proof that every exercise in the book is solvable.

For every registered exercise: the reference passes, its solution source passes, each
typical wrong answer is caught with its own hint, and an untouched stub says 'not
attempted'. Every exercise declares at least one wrong answer of each kind an exercise
must separate (issue 15): an off-by-one, an ignored parameter, a sign error and the
exercise's signature confusion; no hint gives away a line of the solution. The slow test
executes each chapter with the solutions pasted over its stubs.
"""

import ast
import builtins
import copy
import difflib
import inspect
import re
import sys

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


def judged_here(exercise):
    """True when this environment can judge ``exercise``; otherwise (an optional framework
    exercise whose framework is absent, as in the main environment) check that any answer
    gets the install advice instead, and the conformance stage judges it."""
    if not exercise.missing():
        return True
    feedback = ex.evaluate(exercise.id, _stub)
    assert feedback.status == "not available", feedback.message
    assert all(
        "pip install" in feedback.message and m in feedback.message for m in exercise.missing()
    )
    return False


@pytest.mark.parametrize("exercise_id", ALL)
def test_reference_passes(exercise_id):
    exercise = REGISTRY[exercise_id]
    if not judged_here(exercise):
        return
    # a value exercise's reference() is its whole computation (1.3 trains and searches): the
    # checker computes it once per session, and the test reuses that value
    answer = ex._expected(exercise) if exercise.is_value else exercise.reference
    assert ex.evaluate(exercise_id, answer).passed


@pytest.mark.parametrize("exercise_id", ALL)
def test_solution_source_passes(exercise_id):
    if not judged_here(REGISTRY[exercise_id]):
        return
    feedback = ex.evaluate(exercise_id, solution_answer(REGISTRY[exercise_id]))
    assert feedback.passed, feedback.message


@pytest.mark.parametrize("exercise_id", ALL)
def test_typical_mistakes_are_caught_with_their_hint(exercise_id):
    """Each declared wrong answer fails (or, for a signature slip, raises) and gets its own hint."""
    exercise = REGISTRY[exercise_id]
    assert exercise.mistakes, f"exercise {exercise_id} declares no typical mistake"
    if not judged_here(exercise):
        return
    for mistake in exercise.mistakes:
        feedback = ex.evaluate(exercise_id, mistake.answer)
        assert feedback.status in ("failed", "error"), (exercise_id, mistake.hint)
        assert mistake.hint in feedback.message, feedback.message


@pytest.mark.parametrize("exercise_id", ALL)
def test_no_mistake_is_told_another_mistakes_hint(exercise_id):
    """Issue 22: each declared mistake gets its own hint and never another's, even where two
    wrong answers agree on the case that fails (a hint names the slip, not a coincidence)."""
    exercise = REGISTRY[exercise_id]
    if not judged_here(exercise):
        return
    for mistake in exercise.mistakes:
        message = ex.evaluate(exercise_id, mistake.answer).message
        others = [m.hint for m in exercise.mistakes if m.hint != mistake.hint and m.hint in message]
        assert not others, f"{exercise_id}: {mistake.hint!r} was also told {others}"


def test_a_mistake_that_only_coincides_on_the_failing_case_is_not_named(monkeypatch):
    """Issue 22 (1.2): an answer that matches a declared mistake on the failing case but not on
    the others has made another slip; it gets a generic hint, not that mistake's."""
    exercise = ex.Exercise(
        id="9.2",
        title="a toy",
        name="double",
        reference=lambda x: 2 * x,
        solution="def double(x):\n    return 2 * x\n",
        hints=("Twice x.",),
        cases=(ex.Case((0.0,)), ex.Case((1.0,)), ex.Case((3.0,))),
        mistakes=(ex.Mistake(lambda x: 2 * x + 1, "You added one."),),
    )
    monkeypatch.setitem(ex._REGISTRY, "9.2", exercise)
    # x + 1 equals the mistake at x = 0 only; elsewhere it differs from it
    message = ex.evaluate("9.2", lambda x: x + 1).message
    assert "You added one." not in message and "Hint: Twice x." in message, message
    assert "You added one." in ex.evaluate("9.2", lambda x: 2 * x + 1).message


REQUIRED_KINDS = ex.MISTAKE_KINDS[:4]


@pytest.mark.parametrize("exercise_id", ALL)
def test_every_kind_of_mistake_is_declared(exercise_id):
    """Issue 15: an off-by-one, an ignored parameter, a sign error and a signature slip, at least
    one each, so the cases are proven to separate them; each with a hint of its own."""
    exercise = REGISTRY[exercise_id]
    kinds = [m.kind for m in exercise.mistakes]
    missing = [k for k in REQUIRED_KINDS if k not in kinds]
    assert not missing, (
        f"exercise {exercise_id} declares no Mistake of kind {missing}; declared: {kinds}"
    )
    hints = [m.hint for m in exercise.mistakes]
    shared = sorted({h for h in hints if hints.count(h) > 1})
    assert not shared, f"exercise {exercise_id}: these mistakes share a hint: {shared}"


# A hint leaks the answer when it holds a run of this many non-space characters of the
# solution's code: long enough to pass over API names (cp.inputs.maximize) and an API's
# shape (defvjp(f, lambda ans, x: lambda g: ...)), short enough to catch a copied line.
LEAK = 24


def solution_code(solution):
    """The solution's statements, whitespace removed; defs, imports and comments left out."""
    pieces = []
    for line in inspect.cleandoc(solution).splitlines():
        code = line.split("#")[0].strip()
        if code and not code.startswith(("def ", "import ", "from ", "@")):
            pieces.append(re.sub(r"\s+", "", code))
    return pieces


def leaked_code(text, solution):
    """The runs of >= LEAK characters of solution code that ``text`` contains."""
    squeezed = re.sub(r"\s+", "", text)
    found = []
    for code in solution_code(solution):
        matcher = difflib.SequenceMatcher(None, code, squeezed, autojunk=False)
        match = matcher.find_longest_match(0, len(code), 0, len(squeezed))
        if match.size >= LEAK:
            found.append(code[match.a : match.a + match.size])
    return found


@pytest.mark.parametrize("exercise_id", ALL)
def test_hints_do_not_contain_the_answer(exercise_id):
    """A hint guides; it never contains the answer's code. The first hint is shown automatically
    when no mistake matches, so it must not hold a line of the solution (issue 15, 2.1's defvjp)."""
    exercise = REGISTRY[exercise_id]
    for text in list(exercise.hints) + [m.hint for m in exercise.mistakes]:
        leaked = leaked_code(text, exercise.solution)
        assert not leaked, f"exercise {exercise_id}: a hint contains solution code {leaked}: {text}"


def test_the_leak_check_catches_a_hint_that_is_the_answer():
    solution = """
def step(x):
    y = np.where(x > 0, 1.0, 0.0) * scale  # forward
    defvjp(step, lambda ans, x: lambda g: g * (np.abs(x) < 1) / 2)
    return y
"""
    assert leaked_code("Write y = np.where(x > 0, 1.0, 0.0) * scale.", solution)
    assert leaked_code("defvjp(step, lambda ans, x: lambda g: g * (np.abs(x) < 1))", solution)
    assert not leaked_code("Give it a backward pass: defvjp(f, lambda ans, x: ...).", solution)
    assert not leaked_code("The forward pass is a step: 1 where x > 0, else 0.", solution)


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


def test_feedback_prints_numbers_to_eight_digits():
    """Issue 20: float64's last digits are rounding, and differ between machines; feedback
    shows 8 significant digits, inside containers too."""
    assert ex._show(2.718282281505724) == "2.7182823"
    assert (
        ex._show((onp.float64(1 / 3), [2.0, 1e-12], 1 + 2j)) == "(0.33333333, [2, 1e-12], (1+2j))"
    )
    assert ex._show({"a": 0.1 + 0.2}) == "{'a': 0.3}"
    assert ex._show("maximum") == "'maximum'" and ex._show(True) == "True"


def test_hint_reveals_one_more_each_call(capsys):
    ex._REVEALED.pop("0.1", None)
    ex.hint("0.1")
    first = capsys.readouterr().out
    ex.hint("0.1")
    second = capsys.readouterr().out
    assert "Hint 1/" in first and "Hint 2/" not in first and "Hint 2/" in second
    assert "Hint 1/" not in second, "each call prints only the newly revealed hint"


def test_hint_after_the_last_says_there_are_no_more(capsys):
    exercise = REGISTRY["0.1"]
    ex._REVEALED.pop("0.1", None)
    for _ in exercise.hints:
        ex.hint("0.1")
    capsys.readouterr()
    ex.hint("0.1")
    out = capsys.readouterr().out
    assert "No more hints for 0.1" in out and "Hint " not in out, out
    # hint(id, n) still prints hints 1..n in the format book/build.py reads
    ex.hint("0.1", 10**6)
    lines = capsys.readouterr().out.splitlines()
    found = [line for line in lines if re.match(r"^Hint \d+/\d+ for 0\.1: ", line)]
    assert len(found) == len(exercise.hints)


@pytest.mark.parametrize("n", [0, -1, 2.5, "2", True])
def test_hint_refuses_a_bad_count(n):
    with pytest.raises((TypeError, ValueError), match="n must"):
        ex.hint("0.1", n)


class _Unusual(BaseException):
    pass


@pytest.mark.parametrize(
    ("raised", "phrase"),
    [(SystemExit(1), "SystemExit"), (SystemExit(), "SystemExit"), (_Unusual("x"), "_Unusual")],
)
def test_evaluate_never_lets_the_learners_exit_escape(raised, phrase, capsys):
    def answer(f, x, h=1e-5):
        raise raised

    feedback = ex.evaluate("0.1", answer)
    assert feedback.status == "error" and phrase in feedback.message, feedback.message
    assert ex.check("0.1", answer) is None
    assert "[0.1]" in capsys.readouterr().out


def test_sys_exit_inside_the_answer_is_feedback():
    feedback = ex.evaluate("0.1", lambda f, x, h=1e-5: sys.exit("bye"))
    assert feedback.status == "error" and "sys.exit()" in feedback.message


def test_keyboard_interrupt_still_stops_the_cell():
    def answer(f, x, h=1e-5):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.evaluate("0.1", answer)


def test_sign_is_diagnosed_before_a_conjugate():
    """Issue 15 (4.3): with a purely imaginary expected value conj(g) = −g; an ascent step is a
    sign error, and the feedback says so first."""
    message = ex._generic_slip(onp.array([-2j]), onp.array([2j]), 1e-9, 0)
    assert message.startswith("off by a sign") and "purely imaginary" in message
    assert ex._generic_slip(onp.array([1 - 2j]), onp.array([1 + 2j]), 1e-9, 0) == (
        "off by a complex conjugate"
    )
    assert ex._generic_slip(onp.array([-1 - 2j]), onp.array([1 + 2j]), 1e-9, 0) == "off by a sign"


def test_a_tuple_answer_is_named_by_its_items():
    """Issue 15 (5.1): returning one item of a pair names the pair, not a (2, n) shape."""
    message = ex._generic_slip(onp.zeros(4), (onp.ones(4), onp.ones(4)), 1e-9, 0, ("delta", "ms"))
    assert message == "expected a tuple of the 2 values (delta, ms), got an array of shape (4,)"
    assert not ex._close(onp.array([1.0, 2.0]), "maximum", 1e-9, 0)  # no ambiguous truth value
    swapped = ex._generic_slip(
        (onp.ones(4), -onp.ones(4)), (-onp.ones(4), onp.ones(4)), 1e-9, 0, ("delta", "ms")
    )
    assert "wrong order" in swapped
    one_sign = ex._generic_slip(
        (-onp.ones(4), onp.ones(4)), (onp.ones(4), onp.ones(4)), 1e-9, 0, ("delta", "ms")
    )
    assert one_sign == "delta (item 0 of the tuple): off by a sign"


def test_five_point_stencil_is_told_why_the_exercise_wants_two_points():
    """Issue 15 (0.1): the more accurate five-point stencil is not called a wrong derivative;
    the feedback says what it is and why this exercise asks for the central difference."""

    def five_point(f, x, h=1e-5):
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)

    message = ex.evaluate("0.1", five_point).message
    assert "five-point stencil" in message and "gradient checks" in message, message
    assert "does not change with h" not in message


def test_two_mistakes_that_agree_on_one_case_are_told_apart_by_the_others():
    """A fixed h and the five-point stencil both land near f'(x) on case 1; the other cases
    pick the mistake that matches everywhere."""
    fixed = ex.evaluate("0.1", lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5)
    assert "does not change with h" in fixed.message, fixed.message


def test_a_signature_slip_that_raises_gets_its_hint():
    feedback = ex.evaluate("0.1", lambda x, f, h=1e-5: (f(x + h) - f(x - h)) / (2 * h))
    assert feedback.status == "error"
    assert "order (f, x, h)" in feedback.message and "central_difference(f, x, h=1e-5)" in (
        feedback.message
    )


def test_adapt_lets_the_checker_differentiate_the_learners_function(monkeypatch):
    """Issue 15 (2.1): an answer that returns the right numbers without a derivative fails when
    the exercise judges the learner's function through ``adapt`` (here: autograd's slope)."""
    from autograd import elementwise_grad
    from autograd.extend import defvjp, primitive

    @primitive
    def step(x, s):
        return (x > 0) * 1.0

    defvjp(step, lambda ans, x, s: lambda g: g * (onp.abs(x) < s) / (2 * s))

    def numbers_only(x, s):
        return (x > 0) * 1.0  # right values, but autograd sees a comparison: slope 0

    exercise = ex.Exercise(
        id="9.1",
        title="a primitive",
        name="step",
        reference=step,
        solution="def step(x, s):\n    ...",
        hints=("Wrap it.",),
        cases=(ex.Case((onp.array([-0.05, 0.0, 0.3]), 0.1)),),
        mistakes=(ex.Mistake(numbers_only, "No backward pass: autograd sees a comparison."),),
        adapt=lambda f: lambda x, s: (f(x, s), elementwise_grad(f)(x, s)),
    )
    monkeypatch.setitem(ex._REGISTRY, "9.1", exercise)
    assert ex.evaluate("9.1", step).passed
    feedback = ex.evaluate("9.1", numbers_only)
    assert feedback.status == "failed" and "No backward pass" in feedback.message


def test_an_exercise_in_a_missing_framework_says_how_to_install_it(monkeypatch, capsys):
    """Issue 26: an optional exercise in a framework's idiom is never judged without its
    framework; check prints how to install it and never raises."""
    exercise = ex.Exercise(
        id="9.3",
        title="a framework idiom",
        name="step",
        reference=lambda x: x,
        solution="def step(x):\n    return x\n",
        hints=("Think.",),
        cases=(ex.Case((1.0,)),),
        requires=("no_such_framework_xyz", "numpy"),
    )
    monkeypatch.setitem(ex._REGISTRY, "9.3", exercise)
    assert exercise.missing() == ["no_such_framework_xyz"]
    feedback = ex.evaluate("9.3", lambda x: x)
    assert feedback.status == "not available" and not feedback.passed
    assert "`pip install no_such_framework_xyz`" in feedback.message, feedback.message
    ex.check("9.3", None)
    assert "needs no_such_framework_xyz" in capsys.readouterr().out
    present = type(exercise)(**{**exercise.__dict__, "requires": "numpy"})
    monkeypatch.setitem(ex._REGISTRY, "9.3", present)
    assert ex.evaluate("9.3", lambda x: x).passed


def test_mistake_kind_is_checked():
    with pytest.raises(ValueError, match="Mistake kind must be one of"):
        ex.Mistake(lambda: 0, "a hint", kind="typo")
    with pytest.raises(TypeError, match="non-empty str"):
        ex.Mistake(lambda: 0, "")


# --- the chapters are solvable with the reference solutions pasted in -----------------
#
# Executing every chapter a second time with its solutions pasted in doubled the notebooks'
# share of `uv run pytest` (issue 23). The same guarantee, cheaper: the solutions are
# self-contained (test_solution_source_passes runs each in an empty namespace) and each check
# cell reads only `cp` and the exercise's name (checked below), so pasting a solution can change
# a chapter only through the names it binds. Where a solution binds a name that a later cell
# reads (other than the exercise's own, or the same import the chapter made), that chapter is
# executed whole with its solutions pasted; every other chapter's solutions and check cells run
# together in one fresh kernel.


def _parse(source):
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython magics; no stub or check cell uses them
        return ast.parse("")


def bound_names(source):
    """Top-level names a cell binds: {name: the module for an import, else None}."""
    bound = {}
    for node in _parse(source).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            bound.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] = None
        else:
            stores = (n for n in ast.walk(node) if isinstance(n, ast.Name))
            bound.update({n.id: None for n in stores if isinstance(n.ctx, ast.Store)})
    return bound


def free_names(source):
    """Names a cell reads without binding them itself."""
    tree = _parse(source)
    loaded = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    stored = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))} | {
        a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for a in n.args
    }
    return loaded - stored - defined - set(bound_names(source))


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.name)
def test_stubs_and_their_check_cells(path):
    """One stub cell per declared exercise; the cell after it calls check and reads only `cp`
    and the answer (what lets the fast path below run solutions outside their chapter)."""
    nb, stubs = CHAPTERS[path]
    companion_notebook = path.name[2] != "_"  # NNb_*.ipynb: depth, no exercises
    chapter = str(int(path.name[:2]))
    declared = [] if companion_notebook else [i for i in ALL if i.split(".")[0] == chapter]
    assert sorted(i for i, _ in stubs) == declared, (
        f"{path.name}: every declared exercise needs exactly one stub cell"
    )
    for exercise_id, index in stubs:
        check_cell = nb.cells[index + 1]
        assert f"cp.exercises.check({exercise_id!r}" in check_cell.source.replace('"', "'"), (
            f"the cell after stub {exercise_id} must call cp.exercises.check({exercise_id!r}, ...)"
        )
        names = free_names(check_cell.source) - {"cp", REGISTRY[exercise_id].name}
        extra = names - set(dir(builtins))
        assert not extra, (
            f"the check cell of {exercise_id} reads {sorted(extra)}: only cp and the answer"
        )


def rebound_names(nb, stubs):
    """{exercise id: names its solution rebinds that a later cell of the chapter reads}."""
    checks = {index + 1 for _, index in stubs} | {index for _, index in stubs}
    found = {}
    for exercise_id, index in stubs:
        exercise = REGISTRY.get(exercise_id)
        if exercise is None:  # an undeclared stub: test_stubs_and_their_check_cells says so
            continue
        before = {}
        for cell in nb.cells[:index]:
            if cell.cell_type == "code":
                before.update(bound_names(cell.source))
        later = set()
        for j, cell in enumerate(nb.cells[index + 2 :], index + 2):
            if cell.cell_type == "code" and j not in checks:
                later |= free_names(cell.source)
        names = [
            name
            for name, module in bound_names(exercise.solution).items()
            if name != exercise.name
            and name in later
            and not (module is not None and before.get(name) == module)
        ]
        if names:
            found[exercise_id] = sorted(names)
    return found


def _verdict(exercise_id, printed):
    verdict = "needs" if REGISTRY[exercise_id].missing() else "passed"
    return re.search(rf"^\[{re.escape(exercise_id)}\] (this exercise )?{verdict}", printed, re.M)


def _read(path):
    nb = nbformat.read(path, as_version=4)
    return nb, stub_cells(nb)


CHAPTERS = {path: _read(path) for path in chapter_paths()}
WHOLE = [path for path, (nb, stubs) in CHAPTERS.items() if rebound_names(nb, stubs)]


def test_the_rebinding_check_sees_a_solution_that_shadows_the_chapters_numpy():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import autograd.numpy as np\nimport companion as cp"),
        nbformat.v4.new_code_cell("# Exercise 0.1\n..."),
        nbformat.v4.new_code_cell('cp.exercises.check("0.1", central_difference)'),
        nbformat.v4.new_code_cell("for k in range(3):\n    print(np.sin(k))"),
    ]
    exercise = REGISTRY["0.1"]
    patched = type(exercise)(
        **{**exercise.__dict__, "solution": "import numpy as np\n" + exercise.solution}
    )
    REGISTRY["0.1"], saved = patched, exercise
    try:
        assert rebound_names(nb, [("0.1", 1)]) == {"0.1": ["np"]}
        REGISTRY["0.1"] = type(exercise)(
            **{**exercise.__dict__, "solution": "import autograd.numpy as np\n" + exercise.solution}
        )
        assert rebound_names(nb, [("0.1", 1)]) == {}, "the chapter's own import is no rebinding"
    finally:
        REGISTRY["0.1"] = saved


@pytest.mark.slow
def test_solutions_pass_when_pasted_into_their_chapters():
    """Every chapter's setup cell, then each solution and its check cell, in one fresh kernel."""
    nb = nbformat.v4.new_notebook()
    expected = []
    for path, (chapter, stubs) in CHAPTERS.items():
        if path in WHOLE or not stubs:
            continue
        setup = next(
            c for c in chapter.cells if c.cell_type == "code" and "import companion" in c.source
        )
        nb.cells.append(nbformat.v4.new_code_cell(setup.source))
        for exercise_id, index in stubs:
            nb.cells.append(nbformat.v4.new_code_cell(REGISTRY[exercise_id].solution))
            nb.cells.append(nbformat.v4.new_code_cell(chapter.cells[index + 1].source))
            expected.append((exercise_id, len(nb.cells) - 1))
    execute(nb)
    for exercise_id, index in expected:
        printed = "".join(out.get("text", "") for out in nb.cells[index].get("outputs", []))
        assert _verdict(exercise_id, printed), (exercise_id, printed)


@pytest.mark.slow
def test_chapters_whose_solutions_rebind_names_run_whole_with_them_pasted():
    """The chapters where a solution rebinds a name a later cell reads (none today), executed
    whole with every solution pasted over its stub."""
    for path in WHOLE:
        nb, stubs = CHAPTERS[path]
        nb = copy.deepcopy(nb)
        for exercise_id, index in stubs:
            nb.cells[index].source = REGISTRY[exercise_id].solution
        execute(nb)
        for exercise_id, index in stubs:
            printed = "".join(out.get("text", "") for out in nb.cells[index + 1].get("outputs", []))
            assert _verdict(exercise_id, printed), (path.name, exercise_id, printed)
