"""Packaging: environment.yml agrees with pyproject.toml, and `import companion` stays light."""

import subprocess
import sys

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

import yaml
from notebook_tools import ROOT

import companion


def _name(requirement):
    for sep in "<>=!~[; ":
        requirement = requirement.split(sep)[0]
    return requirement.strip().lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in project["project"]["dependencies"]}
    wanted |= {_name(r) for r in project["dependency-groups"]["dev"] if ";" not in r}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "conda-forge" in env["channels"]
    assert wanted - {"python"} <= conda, f"missing from environment.yml: {sorted(wanted - conda)}"
    assert conda - {"python", "pip"} <= wanted, (
        f"only in environment.yml: {sorted(conda - wanted - {'python', 'pip'})}"
    )
    assert "-e .." in pip or "-e ." in pip


def test_import_is_light():
    code = "import sys, companion; print(sorted(m for m in ('matplotlib', 'statsmodels', 'scipy') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]", f"import companion pulled in {out.strip()}"


def test_unknown_attribute_names_the_submodules():
    try:
        companion.nonexistent  # noqa: B018
    except AttributeError as err:
        assert "submodules" in str(err)
    else:
        raise AssertionError("expected AttributeError")


def test_every_public_function_has_a_doctest():
    import importlib
    import inspect

    missing = []
    for name in companion._SUBMODULES:
        module = importlib.import_module(f"companion.{name}")
        for attr, obj in vars(module).items():
            if (
                attr.startswith("_")
                or not inspect.isfunction(obj)
                or obj.__module__ != module.__name__
            ):
                continue
            if ">>>" not in (inspect.getdoc(obj) or ""):
                missing.append(f"companion.{name}.{attr}")
    assert not missing, f"public functions without a doctest: {missing}"
