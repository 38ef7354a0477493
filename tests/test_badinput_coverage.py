"""The bad-input suite as a whole: at least 300 cases, and every public function of every
companion module exercised by at least one (issue 16). Public: every function or class a
module defines without a leading underscore, except exceptions and plain records (dataclasses
such as MaxResult), which hold results rather than take input."""

import dataclasses
import importlib
import inspect
from pathlib import Path

import companion

HERE = Path(__file__).resolve().parent


def all_cases():
    cases = []
    for path in sorted(HERE.glob("test_badinput_*.py")):
        if path.stem == "test_badinput_coverage":
            continue
        cases += importlib.import_module(path.stem).CASES
    return cases


def public_functions():
    found = []
    for name in companion.__all__:
        module = importlib.import_module(f"companion.{name}")
        for attr, obj in vars(module).items():
            if attr.startswith("_") or not callable(obj) or inspect.ismodule(obj):
                continue
            if getattr(obj, "__module__", None) == module.__name__ and not (
                inspect.isclass(obj)
                and (issubclass(obj, BaseException) or dataclasses.is_dataclass(obj))
            ):
                found.append(obj)
    return found


def test_at_least_300_cases():
    assert len(all_cases()) >= 300, len(all_cases())


def test_every_public_function_has_a_bad_input_case():
    covered = {id(c.target) for c in all_cases()}
    missing = [
        f"{f.__module__}.{f.__qualname__}" for f in public_functions() if id(f) not in covered
    ]
    assert not missing, f"no bad-input case for: {missing}"
