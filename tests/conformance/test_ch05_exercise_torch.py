"""Chapter 5, exercise 5.5 (optional, PyTorch): the reference solution against a real
torch.optim.Adam. ``cp.exercises.ch05.check_in_pytorch`` steps Adam on float64 weights and
compares the learner's delta, read from ``optimizer.state`` and ``param_groups``, with the
change in the weights; the solution must pass and a delta taken as −lr·exp_avg must not.
"""

import pytest


def _solution():
    from companion.exercises import ch05

    (exercise,) = [e for e in ch05.EXERCISES if e.id == "5.5"]
    namespace = {}
    exec(exercise.solution, namespace)  # the solution's source, as a learner would paste it
    return namespace[exercise.name]


@pytest.mark.parametrize(
    "case", ["solution", "wrong"], ids=["ch05-ex5.5-solution", "ch05-ex5.5-wrong"]
)
def test_check_in_pytorch(case, capsys):
    pytest.importorskip("torch")
    from companion.exercises import ch05

    answer = _solution() if case == "solution" else (lambda s, g: -g["lr"] * s["exp_avg"])
    ch05.check_in_pytorch(answer)
    out = capsys.readouterr().out
    if case == "solution":
        assert "correct on a real torch.optim.Adam" in out, out
    else:
        assert "expected the delta" in out, out
