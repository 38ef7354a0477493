"""Helpers shared by the conformance tests (plain module, imported by the test files)."""

import os

import numpy as onp
import pytest

STRICT = os.environ.get("CONFORMANCE_STRICT") == "1"

# Agreement in float64: the framework and the emulation evaluate the same formula in
# double precision, so only rounding differs.
TOL64 = 1e-12


def companion_module(name):
    """Import companion.<name>, or skip while a chapter has not written it yet."""
    import importlib

    try:
        return importlib.import_module(f"companion.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"companion.{name}":
            raise
        pytest.skip(f"companion.{name} not written yet")


def companion_attr(module, name):
    """module.<name>, or skip while the module does not offer it yet."""
    if not hasattr(module, name):
        pytest.skip(f"{module.__name__}.{name} not written yet")
    return getattr(module, name)


def assert_close(got, expected, tol=TOL64, what=""):
    """|got - expected| <= tol * max(1, |expected|) elementwise, real or complex."""
    got = onp.asarray(got)
    expected = onp.asarray(expected)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    err = onp.abs(got - expected) / onp.maximum(1.0, onp.abs(expected))
    worst = float(err.max()) if err.size else 0.0
    assert worst <= tol, (
        f"{what}: worst relative error {worst:.3g} > {tol:g}\n got {got}\n expected {expected}"
    )
