"""The mutation engine (tests/mutation.py) on small exercises of its own: every operator class
fires, ids are stable and unique, a weak checker leaves survivors that the pytest helper lists,
equivalents are honoured and stale ones refused, invalid and endless mutants are sorted right."""

import ast

import numpy as onp
import pytest
from mutation import assert_mutation_score, mutants, score, table

from companion import exercises as ex

SOLUTION = """
def walk(x, y, n=3, scale=2.0):
    total = 0.0
    for i in range(0, n):
        if x < y:
            total = total + x * scale
        else:
            total = total - y / scale
    return total
"""


def _define(source, name):
    namespace = {}
    exec(source, namespace)
    return namespace[name]


def _register(monkeypatch, exercise_id, **fields):
    exercise = ex.Exercise(id=exercise_id, title="a toy", hints=("Think.",), **fields)
    monkeypatch.setitem(ex._REGISTRY, exercise_id, exercise)
    return exercise


STRONG = (
    ex.Case((1.0, 2.0), {"n": 3, "scale": 2.0}),
    ex.Case((3.0, 2.0), {"n": 2, "scale": 4.0}),
    ex.Case((0.5, 7.0), {"n": 5, "scale": 3.0}),
    ex.Case((2.0, 2.0), {"n": 1, "scale": 0.5}),
)


@pytest.fixture
def toy(monkeypatch):
    return _register(
        monkeypatch,
        "9.1",
        name="walk",
        reference=_define(SOLUTION, "walk"),
        solution=SOLUTION,
        cases=STRONG,
    )


def test_every_operator_class_fires_and_ids_are_stable(toy):
    found = mutants("9.1")
    kinds = {m.kind for m in found}
    assert {"binop", "compare", "const", "negate", "drop", "swap", "param", "loop"} <= kinds
    assert found == mutants("9.1"), "the same solution gives the same mutants"
    ids = [m.id for m in found]
    assert len(ids) == len(set(ids))
    assert all(m.description.startswith("L") and "\n" not in m.description for m in found)
    sources = {m.source for m in found}
    assert len(sources) == len(found), "two edits giving one program count once"
    # a few concrete edits, each a valid program differing from the solution
    by_id = {m.id: m for m in found}
    assert "if x <= y" in by_id["L4:12-16 < to <="].source
    assert "total - x * scale" in by_id["L5:21-37 + to -"].source
    assert "range(n, 0)" in by_id["L3:14-24 swap args 1,2"].source
    assert any(m.kind == "param" and "scale ignored" in m.description for m in found)
    assert any(m.id.endswith("x to y") for m in found)
    for m in found:
        ast.parse(m.source)


def test_defaults_imports_and_booleans_are_not_mutated(monkeypatch):
    source = "import math\n\ndef f(x, flag=True, h=0.5):\n    return math.floor(x) if flag else x\n"
    _register(
        monkeypatch,
        "9.2",
        name="f",
        reference=_define(source, "f"),
        solution=source,
        cases=(ex.Case((1.5,)),),
    )
    for m in mutants("9.2"):
        assert "import math" in m.source and "flag=True, h=0.5" in m.source, m


def test_a_strong_checker_kills_everything_but_the_equivalent(toy, capsys):
    report = score("9.1")
    survivors = {m.id for m in report.survivors}
    # `i` is unused: nothing the loop variable does can matter; every other mutant dies
    assert report.invalid == []
    assert report.score > 0.9, table([report])
    equivalent = {i: "a test stand-in reason" for i in survivors}
    again = assert_mutation_score("9.1", equivalent, minimum=1.0)
    assert again.score == 1.0 and set(again.equivalent) == survivors
    assert "9.1:" in capsys.readouterr().out


def test_a_weak_checker_fails_and_lists_its_survivors(monkeypatch):
    _register(
        monkeypatch,
        "9.3",
        name="walk",
        reference=_define(SOLUTION, "walk"),
        solution=SOLUTION,
        cases=(ex.Case((1.0, 2.0), {"n": 1, "scale": 1.0}),),  # n = 1 and scale = 1 hide a lot
    )
    with pytest.raises(AssertionError) as failure:
        assert_mutation_score("9.3", {})
    text = str(failure.value)
    assert "survivors" in text and "the loop stops after its first iteration" in text, text
    # each listed id can be copied into the equivalent dict as it stands
    report = score("9.3")
    for m in report.survivors:
        assert repr(m.id) in text


def test_stale_equivalent_entries_are_refused(toy):
    killed = score("9.1").killed[0]
    with pytest.raises(AssertionError, match="is killed by the checker"):
        assert_mutation_score("9.1", {killed: "not really"})
    with pytest.raises(AssertionError, match="is not a mutant"):
        assert_mutation_score("9.1", {"L99:1-2 nonsense": "gone"})
    with pytest.raises(AssertionError, match="needs a reason"):
        assert_mutation_score("9.1", {killed: " "})


def test_the_registry_is_restored_and_timeouts_kill(monkeypatch):
    source = """
def countdown(n):
    i = n
    while i > 0:
        i = i - 1
    return i
"""
    exercise = _register(
        monkeypatch,
        "9.4",
        name="countdown",
        reference=_define(source, "countdown"),
        solution=source,
        cases=(ex.Case((3,)), ex.Case((1,))),
    )
    report = score("9.4", timeout=0.2)
    assert ex._registry()["9.4"] is exercise, "score puts the exercise back as it was"
    endless = "L4:13-17 - to +"  # i = i + 1: never ends
    assert endless in report.killed
    assert "longer than 0.2 s" in report.messages[endless]


def test_a_value_exercise_whose_source_raises_is_invalid(monkeypatch):
    source = "sizes = [2, 2]\nanswer = float(onp.ones(sizes[0]) @ onp.ones(sizes[1]))\n"
    _register(
        monkeypatch,
        "9.5",
        name="answer",
        reference=lambda: 2.0,
        solution="import numpy as onp\n" + source,
        cases=(),
    )
    report = score("9.5")
    assert report.invalid, "a mismatched shape raises before evaluate sees a value"
    assert any("ValueError" in why for _, why in report.invalid)
    judged = len(report.killed) + len(report.survivors)
    assert judged + len(report.invalid) == len(report.mutants), table([report])
    assert report.score == len(report.killed) / judged


def test_vjp_incoming_gradient_is_replaced_by_one(monkeypatch):
    from autograd import grad

    source = """
import autograd.numpy as np
from autograd.extend import defvjp, primitive

@primitive
def step(x):
    return (x > 0) * 1.0

defvjp(step, lambda ans, x: lambda g: g * (np.abs(x) < 1) / 2)
"""
    step = _define(source, "step")
    _register(
        monkeypatch,
        "9.6",
        name="step",
        reference=step,
        solution=source,
        cases=(ex.Case((0.5,)), ex.Case((-0.3,))),
        adapt=lambda f: lambda x: (f(x), grad(lambda u: 3.0 * f(u))(x)),  # cotangent 3, not 1
    )
    vjp = [m for m in mutants("9.6") if m.kind == "vjp"]
    assert len(vjp) == 1 and "lambda g: 1.0 *" in vjp[0].source
    report = score("9.6")
    assert vjp[0].id in report.killed


def test_the_limit_keeps_every_class(toy):
    everything = mutants("9.1", limit=10**6)
    few = mutants("9.1", limit=8)
    assert len(few) == 8 and set(few) <= set(everything)
    assert len({m.kind for m in few}) == min(8, len({m.kind for m in everything}))
    report = score("9.1", limit=8)
    assert "sampled from" in report.line()


def test_score_of_an_unknown_exercise_names_the_valid_ones():
    with pytest.raises(KeyError, match="valid ids: 0.1"):
        mutants("42.1")


def test_constants_change_four_ways():
    from mutation import _const_values

    assert [v for _, v in _const_values(4)] == [5, 3, 8, 2]
    assert [v for _, v in _const_values(0.5)] == [1.5, -0.5, 1.0, 0.25]
    assert [v for _, v in _const_values(0)] == [1, -1], "0 → 2·0 and 0/2 are no change"
    assert onp.isclose([v for _, v in _const_values(1e-8)][3], 5e-9)


def test_a_killed_mutant_told_another_slips_hint_fails_the_score(toy, monkeypatch):
    """Issue 22: a killed mutant may be told a declared mistake's hint only when it computes what
    that mistake computes on every case. An engine that named the first mistake whatever the
    answer would be caught."""
    exercise = ex._registry()["9.1"]
    mistake = ex.Mistake(lambda x, y, n=3, scale=2.0: 0.0, "You returned zero.", kind="sign")
    monkeypatch.setitem(
        ex._REGISTRY, "9.1", type(exercise)(**{**exercise.__dict__, "mistakes": (mistake,)})
    )
    assert score("9.1").misnamed == [], "the engine names a mistake only where it fits"
    monkeypatch.setattr(ex, "_diagnose", lambda *args, **kwargs: "You returned zero.")
    report = score("9.1")
    assert report.misnamed and all(hint == "You returned zero." for _, hint in report.misnamed)
    with pytest.raises(AssertionError, match="is told another slip's hint"):
        assert_mutation_score("9.1", {m.id: "stand-in" for m in report.survivors})
