"""Conformance suite: the companion's emulations against the real frameworks.

Runs in its own environment (tests/conformance/requirements.txt; .ci/conformance.sh builds it):

    python -m pytest tests/conformance -p no:cacheprovider -o addopts=""

Each test file imports its framework with pytest.importorskip, so where a framework is
absent its file skips. Set CONFORMANCE_STRICT=1 (as .ci/conformance.sh does) to make a
missing framework, companion module or emulation function a failure instead of a skip.

The header and the terminal summary name the releases verified against; test_versions.py
asserts that they equal companion.frameworks.VERIFIED_VERSIONS, the table the chapters print.
"""

import os
import platform

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's C++ start-up chatter
os.environ.setdefault("JAX_PLATFORMS", "cpu")  # no probing for accelerators

from conformance_support import STRICT  # noqa: E402

from companion import frameworks  # noqa: E402


def _versions():
    found = {name: frameworks.installed_version(name) for name in frameworks.VERIFIED_VERSIONS}
    lines = []
    for name, verified in frameworks.VERIFIED_VERSIONS.items():
        got = found[name]
        state = "not installed" if got is None else ("ok" if got == verified else "STALE")
        lines.append(f"  {name:<11} installed {got or '-':<9} verified {verified:<9} {state}")
    return lines


def pytest_report_header(config):
    return [
        f"conformance: python {platform.python_version()}, frameworks against "
        "companion.frameworks.VERIFIED_VERSIONS "
        f"(companion imported from {os.path.dirname(frameworks.__file__)}):",
        *_versions(),
    ]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.section("framework versions verified against")
    for line in _versions():
        terminalreporter.write_line(line)
    verdict = "passed" if exitstatus == 0 else "did NOT pass"
    terminalreporter.write_line(f"  conformance {verdict} (strict={STRICT})")
