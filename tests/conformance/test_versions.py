"""The installed frameworks are the releases the book names (companion.frameworks).

Chapters print ``cp.frameworks.verified_note(...)`` next to every framework fact. This test
fails when the environment and that table disagree, so after upgrading a framework the table,
and with it every chapter's note, must be updated in the same change as the re-verification.
"""

import pytest
from conformance_support import STRICT

from companion import frameworks


@pytest.mark.parametrize("name", list(frameworks.VERIFIED_VERSIONS))
def test_installed_release_is_the_verified_one(name):
    got = frameworks.installed_version(name)
    if got is None:
        if STRICT:
            pytest.fail(f"{name} is not installed; tests/conformance/requirements.txt pins it")
        pytest.skip(f"{name} not installed")
    assert got == frameworks.VERIFIED_VERSIONS[name], (
        f"{name} {got} is installed but the book says it was verified against "
        f"{frameworks.VERIFIED_VERSIONS[name]}: re-run this suite against {got} and update "
        "companion/frameworks.py VERIFIED_VERSIONS"
    )


def test_requirements_pin_the_verified_releases():
    from pathlib import Path

    pins = {}
    for line in (Path(__file__).parent / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.split("[")[0].strip()] = version.strip()
    dist = {"tensorflow": "tensorflow-cpu"}
    for name, version in frameworks.VERIFIED_VERSIONS.items():
        assert pins.get(dist.get(name, name)) == version, (
            f"requirements.txt must pin {name}=={version}"
        )


def test_every_emulated_framework_has_a_verified_release():
    assert set(frameworks.FRAMEWORKS) <= set(frameworks.VERIFIED_VERSIONS)
