"""Packaging: environment.yml agrees with pyproject.toml, and `import companion` stays light."""

import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

import yaml
from notebook_tools import ROOT

import companion

# PyPI name -> conda-forge name, where they differ (conda-forge's `dask` is the full bundle)
CONDA_NAMES = {"dask": "dask-core"}


def _name(requirement):
    for sep in "<>=!~[; ":
        requirement = requirement.split(sep)[0]
    name = requirement.strip().lower().replace("_", "-")
    return CONDA_NAMES.get(name, name)


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
    code = "import sys, companion; print(sorted(m for m in ('matplotlib', 'statsmodels', 'scipy', 'dask', 'distributed') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]", f"import companion pulled in {out.strip()}"


def test_scale_extra_is_in_the_dev_group():
    """`companion[scale]` (Dask) is tested by `uv run pytest`: the dev group holds the same pins."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    scale = set(project["project"]["optional-dependencies"]["scale"])
    assert {_name(r) for r in scale} == {"dask-core", "distributed"}
    assert scale <= set(project["dependency-groups"]["dev"])


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


def test_jupyterlab_news_popup_and_update_check_are_off():
    """The package installs JupyterLab settings overrides into the environment: no "get notified
    about Jupyter news?" pop-up (fetchNews "false" instead of the asking default) and no update
    check, in the page and on the server."""
    import json

    overrides = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert overrides.is_file(), f"{overrides} missing: reinstall the companion (uv sync)"
    notification = json.loads(overrides.read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    server = _server_config()
    assert server.LabApp.check_for_updates_class == "jupyterlab.NeverCheckForUpdate"


def _server_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(
        "jupyter_server_config.py", str(ROOT / "jupyter-config")
    ).load_config()


def test_the_server_config_is_installed_into_the_environment():
    installed = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.py"
    assert installed.is_file(), f"{installed} missing: reinstall the companion (uv sync)"
    assert (
        installed.read_text() == (ROOT / "jupyter-config" / "jupyter_server_config.py").read_text()
    )


def test_saving_a_chapter_keeps_its_language_info(tmp_path):
    """What JupyterLab sends on autosave after a kernel started: the chapter with the kernel's
    language_info (naming the Python version). The pre-save hook restores the stored value, so
    the saved file is byte-identical to the chapter; a notebook that is not one of the book's
    keeps what JupyterLab sends."""
    import json

    import nbformat
    from notebook_tools import LANGUAGE_INFO, chapter_paths

    hook = _server_config().ContentsManager.pre_save_hook
    kernel_info = {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.13.0",
    }

    class Manager:
        root_dir = str(tmp_path)

    chapter = chapter_paths()[1]
    copy = tmp_path / chapter.name
    copy.write_bytes(chapter.read_bytes())
    content = json.loads(copy.read_text(encoding="utf-8"))
    assert content["metadata"]["language_info"] == LANGUAGE_INFO
    content["metadata"]["language_info"] = dict(kernel_info)
    model = {"type": "notebook", "format": "json", "content": content}
    hook(model=model, path=chapter.name, contents_manager=Manager())
    nbformat.write(nbformat.from_dict(model["content"]), copy, version=nbformat.NO_CONVERT)
    assert copy.read_bytes() == chapter.read_bytes()

    own = tmp_path / "mine.ipynb"
    own.write_text(json.dumps({**content, "metadata": {"language_info": kernel_info}}))
    model = {"type": "notebook", "content": {**content, "metadata": {"language_info": kernel_info}}}
    hook(model=model, path="/mine.ipynb", contents_manager=Manager())
    assert model["content"]["metadata"]["language_info"] == kernel_info


def test_citation_file_names_the_book_its_version_and_licences():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"].startswith("The Gradient Field Guide")
    assert citation["version"] == project["project"]["version"]
    assert set(citation["license"]) == {"CC-BY-4.0", "MIT"}
    assert citation["authors"] and all(
        "name" in a or "family-names" in a for a in citation["authors"]
    )
