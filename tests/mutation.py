"""Mutation testing of the exercise checkers (issue 22): can a checker tell its own reference
solution from a slightly wrong copy of it?

Each exercise's ``solution`` source (as ``cp.exercises.solution(id)`` prints it, so the line
numbers below are that listing's) is parsed with ``ast`` and changed in one place at a time.
Each changed copy, a *mutant*, is executed and judged by ``companion.exercises.evaluate``
exactly as a learner's answer would be. A checker should reject (*kill*) every mutant that
computes something else; a mutant that still passes either survives a weak checker or is
*equivalent* (it computes the same thing on every input the exercise allows), and an
equivalent mutant is listed with the reason by the chapter's test.

API
    mutants(exercise_id, limit=60) -> list[Mutant]
        every mutant of the solution, deduplicated (two edits giving the same program count
        once), in source order; past ``limit`` a deterministic round-robin over the operator
        classes keeps every class represented.
    score(exercise_id, equivalent={}, limit=60, timeout=2.0) -> Report
        runs every mutant through ``evaluate`` (the exercise's time limit lowered to
        ``timeout`` seconds) and sorts it: killed, equivalent, survivor or invalid.
    table(reports) -> str
        one line per exercise: mutants, killed, equivalent, invalid, survivors, score.
    assert_mutation_score(exercise_id, equivalent, minimum=0.95, limit=60) -> Report
        for pytest: prints the score line and fails, listing each unexplained survivor's id
        and description, when the score is below ``minimum``; it also fails on an
        ``equivalent`` entry that names no mutant or a mutant the checker kills (a stale
        excuse), so the lists stay honest. An exercise whose ``requires`` framework is not
        installed is skipped (``score`` refuses it): run the test in the conformance env.

    Mutant(id, description, kind, source)
        ``id`` is stable while the solution's text is unchanged: ``"L<line>:<col> <edit>"``,
        e.g. ``"L2:14-18 + to -"`` (line, first and last column of the
        changed expression, the edit); ``description`` is one line, e.g. "L2: + → − in `x + h`".
    Report(exercise_id, mutants, killed, equivalent, survivors, invalid, messages, misnamed)
        ``score`` = killed / (mutants − equivalent − invalid), 1.0 when nothing is left;
        ``messages[id]`` is the feedback a killed mutant got; ``misnamed`` lists the killed
        mutants told a declared mistake's hint although they do not compute what that
        mistake computes on every case (a hint for another slip; ``assert_mutation_score``
        fails on them).

Operators (``Mutant.kind``)
    binop    + ↔ −, * ↔ /
    compare  < ↔ <=, > ↔ >=
    const    a numeric literal c → c + 1, c − 1, 2c, c/2 (c//2 for an even int); booleans and
             parameter defaults are left alone (the signature is the exercise's, not the
             learner's choice)
    negate   the value of a ``return``, of an assignment, and of each arithmetic subexpression
             (a BinOp, or a call that is an operand of one)
    drop     one term of a sum or difference: ``a + b`` → ``a`` or ``b``, ``a − b`` → ``a`` or ``−b``
    swap     two neighbouring positional arguments of a call
    param    in the exercise's function, one use of a parameter replaced by another parameter
             of the same type (types from the exercise's first case), and every use of a
             parameter replaced by a constant: its default, else its value in the first case
             (an ignored or hard-coded parameter)
    vjp      in a custom-gradient solution (``defvjp``, ``custom_gradient``, ``custom_vjp``),
             the incoming gradient ``g`` of a backward function replaced by 1
    loop     ``break`` appended to a loop's body: the loop returns after its first iteration

A mutant whose source fails to execute (before ``evaluate`` is reached, e.g. a value
exercise whose computation raises) is *invalid*: it is skipped and counted apart; a mutant
that ``evaluate`` reports as failed, an error, not attempted or too slow is *killed*.

Example, in a chapter's test (``tests/test_mutants_chNN.py``)::

    from mutation import assert_mutation_score

    EQUIVALENT = {
        "1.1": {"L8:43-47 lower to y0": "y0 = lower in every case, so ..."},
    }

    @pytest.mark.parametrize("exercise_id", ["1.1", "1.2"])
    def test_mutants(exercise_id):
        assert_mutation_score(exercise_id, EQUIVALENT.get(exercise_id, {}))

Run it with ``-s`` (or read the captured output of a failure) to see the score line, or
``uv run python tests/mutation.py 1.1 2.1`` for the table and every survivor.
"""

import ast
import contextlib
import copy
import dataclasses
import inspect
import io
import sys
import warnings
from dataclasses import dataclass, field

import numpy as onp

from companion import exercises as _ex

__all__ = ["Mutant", "Report", "assert_mutation_score", "mutants", "score", "table"]

LIMIT = 60
TIMEOUT = 2.0
_VJP_MARKERS = ("defvjp", "custom_gradient", "custom_vjp", "defjvp")
_BINOPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
_CMPOPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
_SYMBOL = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_PRETTY = {"-": "−", "<=": "≤", ">=": "≥"}


@dataclass(frozen=True)
class Mutant:
    """One changed copy of a solution: ``source`` differs from it in one place."""

    id: str
    description: str
    kind: str
    source: str


@dataclass
class Report:
    """How a checker fared against the mutants of one exercise (see the module docstring)."""

    exercise_id: str
    mutants: list
    killed: list = field(default_factory=list)
    equivalent: dict = field(default_factory=dict)
    survivors: list = field(default_factory=list)
    invalid: list = field(default_factory=list)
    messages: dict = field(default_factory=dict)
    misnamed: list = field(default_factory=list)
    generated: int = 0

    @property
    def score(self):
        judged = len(self.mutants) - len(self.equivalent) - len(self.invalid)
        return len(self.killed) / judged if judged else 1.0

    def line(self):
        sampled = f" (sampled from {self.generated})" if self.generated > len(self.mutants) else ""
        return (
            f"{self.exercise_id:>5}: {len(self.mutants):3d} mutants{sampled}, "
            f"{len(self.killed):3d} killed, {len(self.equivalent):2d} equivalent, "
            f"{len(self.invalid):2d} invalid, {len(self.survivors):2d} survivors, "
            f"score {self.score:6.1%}"
        )


# --- generating mutants -------------------------------------------------------------------


def _exercise(exercise_id):
    exercise = _ex._registry().get(str(exercise_id))
    if exercise is None:
        raise KeyError(f"there is no exercise {exercise_id!r}; valid ids: {', '.join(_ex.ids())}")
    return exercise


def _source(exercise):
    return inspect.cleandoc(exercise.solution)


def _parents(tree):
    """child node -> its parent, for every node of ``tree``."""
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _skipped_nodes(tree):
    """Nodes no operator touches: imports, decorators, parameter defaults and annotations."""
    skip = set()
    for node in ast.walk(tree):
        roots = []
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            roots = [node]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            roots = list(node.args.defaults) + [d for d in node.args.kw_defaults if d]
            if not isinstance(node, ast.Lambda):
                roots += node.decorator_list + ([node.returns] if node.returns else [])
        for root in roots:
            skip.update(ast.walk(root))
    return skip


def _number(node):
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float, complex))
        and not isinstance(node.value, bool)
    )


def _const_values(value):
    half = value // 2 if isinstance(value, int) and value % 2 == 0 else value / 2
    seen, out = {value}, []
    for label, new in (("+1", value + 1), ("-1", value - 1), ("*2", 2 * value), ("/2", half)):
        if new not in seen:
            seen.add(new)
            out.append((label, new))
    return out


def _negatable(node):
    return not (
        isinstance(node, (ast.Tuple, ast.List, ast.Dict, ast.Set, ast.Compare, ast.BoolOp))
        or isinstance(node, (ast.Lambda, ast.JoinedStr, ast.ListComp, ast.DictComp))
        or isinstance(node, ast.Constant)  # a number's sign is the const operator's job
        or (isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)))
    )


def _neg(node):
    return ast.UnaryOp(op=ast.USub(), operand=copy.deepcopy(node))


def _type_key(value):
    if isinstance(value, onp.ndarray):
        return ("array", value.shape, value.dtype.kind)
    if isinstance(value, onp.generic):
        value = value.item()
    return type(value)


def _literal(value):
    if isinstance(value, onp.generic):
        value = value.item()
    if isinstance(value, (int, float, complex, str, bool)) and not (
        isinstance(value, float) and not onp.isfinite(value)
    ):
        return value, True
    return None, False


def _parameters(exercise, tree):
    """The exercise function's def node, and {parameter: (type key, constant or None, has)}."""
    function = next(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == exercise.name),
        None,
    )
    if function is None or not exercise.cases:
        return function, {}
    namespace = {}
    try:
        with _quiet():
            exec(compile(tree, "<solution>", "exec"), namespace)
        signature = inspect.signature(namespace[exercise.name])
        case = exercise.cases[0]
        bound = signature.bind(*case.args, **case.kwargs)
    except Exception:
        return function, {}
    params = {}
    for name, parameter in signature.parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        given = name in bound.arguments
        value = bound.arguments[name] if given else parameter.default
        constant, has = _literal(
            parameter.default if parameter.default is not parameter.empty else value
        )
        params[name] = (_type_key(value), constant, has)
    return function, params


@contextlib.contextmanager
def _quiet():
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _edits(exercise, tree):
    """Every (node, kind, tag, replacement) edit of ``tree``; replacement is a node or,
    for ``loop``, the loop with ``break`` appended."""
    skip = _skipped_nodes(tree)
    parents = _parents(tree)
    function, params = _parameters(exercise, tree)
    inside = set(ast.walk(function)) if function is not None else set()
    custom_gradient = any(marker in exercise.solution for marker in _VJP_MARKERS)
    edits = []

    for node in ast.walk(tree):
        if node in skip:
            continue
        parent = parents.get(node)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            new = copy.deepcopy(node)
            new.op = _BINOPS[type(node.op)]()
            a, b = _SYMBOL[type(node.op)], _SYMBOL[type(new.op)]
            edits.append((node, "binop", f"{a} to {b}", new))
            if isinstance(node.op, (ast.Add, ast.Sub)):
                right = copy.deepcopy(node.right)
                edits.append((node, "drop", "drop right", copy.deepcopy(node.left)))
                edits.append(
                    (
                        node,
                        "drop",
                        "drop left",
                        right if isinstance(node.op, ast.Add) else _neg(right),
                    )
                )
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _CMPOPS:
                    new = copy.deepcopy(node)
                    new.ops[i] = _CMPOPS[type(op)]()
                    a, b = _SYMBOL[type(op)], _SYMBOL[type(new.ops[i])]
                    edits.append((node, "compare", f"{a} to {b}", new))
        if _number(node):
            for label, value in _const_values(node.value):
                edits.append(
                    (node, "const", f"const {node.value!r}{label}", ast.Constant(value=value))
                )
        # negation: return values, assigned values, arithmetic subexpressions
        if isinstance(node, (ast.Return, ast.Assign, ast.AugAssign)) and node.value is not None:
            values = (
                node.value.elts
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple)
                else [node.value]
            )
            for value in values:
                if _negatable(value) and value not in skip:
                    edits.append((value, "negate", "negate", _neg(value)))
        elif isinstance(node, (ast.BinOp, ast.Call)) and isinstance(parent, ast.BinOp):
            edits.append((node, "negate", "negate", _neg(node)))
        if isinstance(node, ast.Call):
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            for i in range(len(positional) - 1):
                if ast.dump(positional[i]) != ast.dump(positional[i + 1]):
                    new = copy.deepcopy(node)
                    new.args[i], new.args[i + 1] = new.args[i + 1], new.args[i]
                    edits.append((node, "swap", f"swap args {i + 1},{i + 2}", new))
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node in inside
            and node.id in params
        ):
            key = params[node.id][0]
            for other, (other_key, _, _) in params.items():
                if other != node.id and other_key == key:
                    edits.append(
                        (node, "param", f"{node.id} to {other}", ast.Name(id=other, ctx=ast.Load()))
                    )
        if isinstance(node, (ast.For, ast.While)):
            new = copy.deepcopy(node)
            new.body.append(ast.Break())
            edits.append((node, "loop", "break", new))
        if custom_gradient and isinstance(node, (ast.Lambda, ast.FunctionDef)):
            if "g" in [a.arg for a in node.args.args] and node is not function:
                edits.append((node, "vjp", "g to 1", _replace_names(node, "g", 1.0)))

    if function is not None:
        for name, (_, constant, has) in params.items():
            if has:
                edits.append(
                    (
                        function,
                        "param",
                        f"{name}={constant!r}",
                        _replace_names(function, name, constant),
                    )
                )
    return edits


def _replace_names(node, name, value):
    """A copy of the function ``node`` with every load of ``name`` in its body made ``value``."""
    new = copy.deepcopy(node)
    body = new.body if isinstance(new.body, list) else [new.body]
    for statement in body:
        for sub in ast.walk(statement):
            for fname, child in ast.iter_fields(sub):
                if (
                    isinstance(child, ast.Name)
                    and child.id == name
                    and isinstance(child.ctx, ast.Load)
                ):
                    setattr(sub, fname, ast.Constant(value=value))
                elif isinstance(child, list):
                    for i, item in enumerate(child):
                        if (
                            isinstance(item, ast.Name)
                            and item.id == name
                            and isinstance(item.ctx, ast.Load)
                        ):
                            child[i] = ast.Constant(value=value)
    if isinstance(new, ast.Lambda) and isinstance(new.body, ast.Name) and new.body.id == name:
        new.body = ast.Constant(value=value)
    return new


def _substitute(tree, index, replacement):
    """A copy of ``tree`` with its ``index``-th node (in ``ast.walk`` order) replaced."""
    new_tree = copy.deepcopy(tree)
    target = list(ast.walk(new_tree))[index]
    replacement = copy.deepcopy(replacement)
    ast.copy_location(replacement, target)
    for parent in ast.walk(new_tree):
        for fname, child in ast.iter_fields(parent):
            if child is target:
                setattr(parent, fname, replacement)
                return ast.fix_missing_locations(new_tree)
            if isinstance(child, list):
                for i, item in enumerate(child):
                    if item is target:
                        child[i] = replacement
                        return ast.fix_missing_locations(new_tree)
    raise AssertionError("the node to replace is not in the tree")


def _snippet(node, limit=40):
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(node, kind, tag, replacement):
    line = f"L{node.lineno}"
    if kind in ("binop", "compare"):
        a, b = tag.split(" to ", 1)
        return f"{line}: {_PRETTY.get(a, a)} → {_PRETTY.get(b, b)} in `{_snippet(node)}`"
    if kind == "loop":
        return f"{line}: the loop stops after its first iteration (`{_snippet(node)}`)"
    if kind == "vjp":
        return f"{line}: the backward pass ignores the incoming gradient g (g → 1)"
    if kind == "param" and "=" in tag:
        name, value = tag.split("=", 1)
        return f"{line}: parameter {name} ignored, every use replaced by {value}"
    if kind == "param":
        a, b = tag.split(" to ", 1)
        return f"{line}: one use of parameter {a} replaced by {b}"
    return f"{line}: `{_snippet(node)}` → `{_snippet(replacement)}`"


def _all_mutants(exercise_id):
    exercise = _exercise(exercise_id)
    source = _source(exercise)
    tree = ast.parse(source)
    original = ast.unparse(tree)
    index = {id(node): i for i, node in enumerate(ast.walk(tree))}
    seen, found = {original}, []
    for node, kind, tag, replacement in _edits(exercise, tree):
        new_tree = _substitute(tree, index[id(node)], replacement)
        text = ast.unparse(new_tree)
        if text in seen:
            continue
        seen.add(text)
        mutant_id = f"L{node.lineno}:{node.col_offset + 1}-{node.end_col_offset} {tag}"
        found.append(Mutant(mutant_id, _describe(node, kind, tag, replacement), kind, text))
    ids = [m.id for m in found]
    assert len(ids) == len(set(ids)), f"duplicate mutant ids in {exercise_id}"
    return sorted(found, key=_position)


def _position(mutant):
    line, cols = mutant.id.split(" ", 1)[0][1:].split(":")
    return int(line), *map(int, cols.split("-")), mutant.id


def mutants(exercise_id, limit=LIMIT):
    """The mutants of exercise ``exercise_id``'s solution, at most ``limit`` (see the module)."""
    return _select(_all_mutants(exercise_id), limit)


def _select(found, limit):
    if len(found) <= limit:
        return found
    by_kind = {}
    for mutant in found:
        by_kind.setdefault(mutant.kind, []).append(mutant)
    queues = list(by_kind.values())
    chosen = []
    while len(chosen) < limit:
        for queue in queues:
            if queue and len(chosen) < limit:
                # spread through each class: take from the front and the back alternately
                chosen.append(queue.pop(0 if len(chosen) % 2 == 0 else -1))
    return sorted(chosen, key=_position)


# --- judging mutants ----------------------------------------------------------------------


def _answer(exercise, mutant, timeout):
    """The mutant's answer (its function, or its value), or raises what its source raises."""
    namespace = {"__name__": "mutant"}
    code = compile(mutant.source, f"<mutant {mutant.id}>", "exec")
    with _quiet():
        _ex._call(exec, (code, namespace), {}, max(timeout, 5 * TIMEOUT))
    return namespace[exercise.name]


def score(exercise_id, equivalent=None, limit=LIMIT, timeout=TIMEOUT):
    """Run every mutant of ``exercise_id`` through ``evaluate`` and return a ``Report``."""
    equivalent = dict(equivalent or {})
    exercise = _exercise(exercise_id)
    if exercise.missing():
        raise RuntimeError(
            f"exercise {exercise_id} needs {', '.join(exercise.missing())}, which is not "
            "installed: its mutants cannot be judged here (every one would be 'not available')"
        )
    found = _all_mutants(exercise_id)
    chosen = _select(list(found), limit)
    report = Report(str(exercise_id), chosen, generated=len(found))
    registry = _ex._registry()
    registry[exercise.id] = dataclasses.replace(exercise, timeout=min(exercise.timeout, timeout))
    try:
        for mutant in chosen:
            try:
                answer = _answer(exercise, mutant, timeout)
            except (Exception, _ex._Timeout) as err:
                report.invalid.append((mutant, f"{type(err).__name__}: {err}"))
                continue
            with _quiet():
                feedback = _ex.evaluate(exercise.id, answer)
            if feedback.passed:
                if mutant.id in equivalent:
                    report.equivalent[mutant.id] = equivalent[mutant.id]
                else:
                    report.survivors.append(mutant)
            else:
                report.killed.append(mutant.id)
                report.messages[mutant.id] = feedback.message
                report.misnamed += [
                    (mutant.id, hint) for hint in _misnamed(exercise, answer, feedback)
                ]
    finally:
        registry[exercise.id] = exercise
    return report


def _output(function, *args):
    """What ``function(*args)`` returns, or the error it raises, quietly."""
    try:
        with _quiet():
            return function(*args)
    except (Exception, _ex._Timeout) as err:
        return err


def _same(ours, theirs, exercise):
    if isinstance(ours, BaseException) or isinstance(theirs, BaseException):
        return type(ours) is type(theirs) and not isinstance(ours, _ex._Timeout)
    return _ex._close(ours, theirs, exercise.rtol, exercise.atol)


def _misnamed(exercise, answer, feedback):
    """The declared hints in ``feedback`` whose mistake does not compute what ``answer`` does on
    every case (close values, or the same type of error): hints told for another slip."""
    wrong = []
    for mistake in exercise.mistakes:
        if mistake.hint not in feedback.message:
            continue
        if exercise.is_value:
            pairs = [(answer, mistake.answer)]
        else:
            pairs = [
                (
                    _output(_ex._run_answer, exercise, answer, case),
                    _output(_ex._mistake_output, exercise, mistake, case),
                )
                for case in exercise.cases
            ]
        if not all(_same(ours, theirs, exercise) for ours, theirs in pairs):
            wrong.append(mistake.hint)
    return wrong


def table(reports):
    """The score table: one line per exercise, as the issue's closing note wants it."""
    return "\n".join(r.line() for r in reports)


def assert_mutation_score(exercise_id, equivalent, minimum=0.95, limit=LIMIT):
    """Score ``exercise_id``'s checker and fail unless it kills ``minimum`` of the mutants that
    are not declared ``equivalent`` ({mutant id: reason}); print the score line either way."""
    missing = _exercise(exercise_id).missing()
    if missing:  # an optional framework exercise: the conformance environment scores it
        import pytest

        pytest.skip(f"{exercise_id} needs {', '.join(missing)}, which is not installed here")
    report = score(exercise_id, equivalent, limit=limit)
    print(report.line())
    problems = []
    ids = {m.id: m for m in report.mutants}
    for mutant_id, reason in equivalent.items():
        if not isinstance(reason, str) or not reason.strip():
            problems.append(f"equivalent {mutant_id!r} needs a reason")
        if mutant_id not in ids:
            problems.append(
                f"equivalent {mutant_id!r} is not a mutant of {exercise_id} (stale id?)"
            )
        elif mutant_id in report.killed:
            problems.append(f"equivalent {mutant_id!r} is killed by the checker: remove it")
    for mutant_id, hint in report.misnamed:
        problems.append(f"{mutant_id!r} is told another slip's hint: {hint!r}")
    if report.score < minimum:
        problems.append(
            f"score {report.score:.1%} < {minimum:.0%}; survivors (kill them, or add each to "
            "the equivalent dict with the reason it computes the same thing):"
        )
        problems += [f"    {m.id!r}: {m.description}" for m in report.survivors]
    assert not problems, f"{report.line()}\n" + "\n".join(problems)
    return report


if __name__ == "__main__":
    chosen = sys.argv[1:] or _ex.ids()
    reports = [score(i) for i in chosen]
    print(table(reports))
    for r in reports:
        for m in r.survivors:
            print(f"  {r.exercise_id} survivor {m.id!r}: {m.description}")
        for m, why in r.invalid:
            print(f"  {r.exercise_id} invalid {m.id!r}: {m.description} ({why[:80]})")
