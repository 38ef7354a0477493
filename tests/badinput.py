"""The bad-input suite's table format (issue 16), shared by tests/test_badinput_*.py.

Each of those files holds ``CASES``, a list of ``Bad``: a call and what it must do, either
raise ``raises`` with ``match`` (a literal phrase) in its message, or return a value that
``expect`` accepts (the documented value, e.g. NaN passed through on purpose).
tests/test_badinput_coverage.py checks that together they cover every public function.
"""

import re
from dataclasses import dataclass, field

import pytest


@dataclass(frozen=True)
class Bad:
    function: object
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    raises: type = ValueError
    match: str = ""
    expect: object = None
    covers: object = None  # the public function this case exercises, when ``function`` wraps it
    id: str = ""

    @property
    def target(self):
        return self.covers if self.covers is not None else self.function


def run(case):
    """Make the call and check the outcome; the id names the function and the argument."""
    if case.expect is not None:
        result = case.function(*case.args, **case.kwargs)
        assert case.expect(result), f"{case.id}: unexpected result {result!r}"
        return
    with pytest.raises(case.raises, match=re.escape(case.match)) as info:
        case.function(*case.args, **case.kwargs)
    assert type(info.value).__module__ != "numpy.linalg", "a deep NumPy error leaked"


def params(cases):
    """pytest parameters with readable ids: ``function-argument`` (the case's id)."""
    ids = [c.id or getattr(c.target, "__name__", "call") for c in cases]
    return [pytest.param(c, id=i) for c, i in zip(cases, ids)]
