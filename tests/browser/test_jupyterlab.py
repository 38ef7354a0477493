"""JupyterLab as a reader uses it: open a chapter in the real UI and run every cell.

The server is the main project environment's own `jupyter lab` (/work/main/.venv, what
`uv run jupyter lab` starts; $BOOK_JUPYTER overrides), headless on 127.0.0.1, a free port and
a random token (the token stays on: the test checks that the API refuses a request without
it). It serves a temporary copy of chapters/, so running the cells never rewrites the
committed notebooks, with user settings that keep every cell in the DOM, start the
notebook's kernel without asking, and switch off the news and update checks (both would
ask another host).

A second test opens every chapter, only to read it: with autosave every few seconds, waiting
past the interval after the kernel started must leave each file byte-identical (issue 25; the
environment's jupyter_server_config.py keeps the stored language_info, which the kernel's
would replace with one naming the reader's Python version).

Target: chapter 2 (02_binary_gates.ipynb); until it exists, the preface. The test runs all
cells from the Run menu, waits until every code cell has an execution count and the kernel
is idle (the stored outputs are cleared first from the Edit menu, so all that is
checked comes from this run), then asserts that no cell shows an error or stderr, that
the figures rendered (at least one for chapter 2, and as many as the notebook stores),
and that the notebook saved with Ctrl+S holds no error output. The server is shut down through its API, and no process it started may
be left. Screenshots go to test-artifacts/jupyterlab/.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_support import ROOT, PageWatch, unavailable

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips the test
    PlaywrightTimeout = TimeoutError

TARGET = "02_binary_gates.ipynb"
FALLBACK = "00_preface.ipynb"
# Seconds. A chapter runs in under 20 s and JupyterLab starts in a few, but a busy 2-core
# machine has been seen to take 30 s before the kernel starts.
START_TIMEOUT = 180
RUN_TIMEOUT = 300

# Seconds between autosaves (JupyterLab's default is 120): the clean-reading test waits past it.
AUTOSAVE = 3

SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": True,
        "autosaveInterval": AUTOSAVE,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def jupyter_executable():
    explicit = os.environ.get("BOOK_JUPYTER")
    candidate = Path(explicit) if explicit else ROOT / ".venv" / "bin" / "jupyter"
    return candidate if candidate.is_file() else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def descendants(pid):
    """Every live process below `pid`, found through /proc's parent links."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LabServer:
    def __init__(self, jupyter, workdir):
        self.root = workdir / "chapters"
        shutil.copytree(
            ROOT / "chapters", self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
        settings = workdir / "settings"
        for name, values in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values))
        self.port, self.token = free_port(), secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "workspaces"),
            "JUPYTER_CONFIG_DIR": str(workdir / "config"),
            "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
            "IPYTHONDIR": str(workdir / "ipython"),
            "MPLCONFIGDIR": str(workdir / "matplotlib"),
        }
        env.pop("VIRTUAL_ENV", None)
        self.log = (workdir / "server.log").open("w")
        self.process = subprocess.Popen(
            [
                str(jupyter),
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--LabApp.news_url=",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started = set()

    def api(self, path, method="GET"):
        return request(f"{self.url}/api/{path}?token={self.token}", method)

    def wait_until_ready(self, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"jupyter lab exited with {self.process.returncode}")
            try:
                if self.api("status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"jupyter lab did not answer within {timeout} s")

    def kernel_idle(self):
        kernels = json.loads(self.api("kernels")[1])
        return bool(kernels) and all(k["execution_state"] == "idle" for k in kernels)

    def wait_for_idle_kernel(self, page, timeout):
        """Poll the REST API; page.wait_for_timeout keeps Playwright's request routing served
        (a plain time.sleep would stall every request the page makes meanwhile)."""
        deadline = time.monotonic() + timeout
        while not self.kernel_idle():
            assert time.monotonic() < deadline, (
                f"no idle kernel within {timeout} s: {self.api('kernels')[1][:300]}\n{self.log_tail()}"
            )
            page.wait_for_timeout(500)

    def log_tail(self, lines=15):
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text().splitlines()[-lines:])

    def remember_processes(self):
        """Note the server's children (kernels run in sessions of their own)."""
        self.started.update(descendants(self.process.pid))

    def shutdown(self, timeout=60):
        """Ask the server to stop, wait for it; return the processes it left behind."""
        self.remember_processes()
        if self.process.poll() is None:
            try:
                self.api("shutdown", method="POST")
            except OSError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in self.started) and time.monotonic() < deadline:
            time.sleep(0.2)
        return [pid for pid in self.started if alive(pid)]

    def kill(self):
        """Last resort after a failure: end exactly the processes this test started."""
        for pid in [self.process.pid, *self.started]:
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def lab(tmp_path):
    jupyter = jupyter_executable()
    if jupyter is None:
        unavailable("the main environment has no jupyter: run `uv sync` first")
    server = LabServer(jupyter, tmp_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        if server.process.poll() is None or any(alive(p) for p in server.started):
            server.kill()
        elif not server.log.closed:
            server.log.close()


def stored_figures(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum(
        "image/png" in output.get("data", {})
        for cell in cells
        for output in cell.get("outputs", [])
    )


CELL_STATE = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
  return {
    code: cells.length,
    done: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    running: prompts.filter(p => p.includes('*')).length,
  };
}"""

OUTPUT_REPORT = """() => ({
  errors: [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.textContent.slice(0, 300)),
  images: [...document.querySelectorAll('.jp-OutputArea-output img')]
    .map(img => ({complete: img.complete, width: img.naturalWidth})),
})"""


def menu(page, title, item):
    """Open a menu of JupyterLab's menu bar and click one of its items, as a reader would."""
    page.locator("#jp-MainMenu").get_by_text(title, exact=True).click()
    page.locator(".lm-Menu-content").get_by_text(item, exact=True).click()


def test_chapter_runs_in_jupyterlab(browser, lab, artifacts):
    name = TARGET if (ROOT / "chapters" / TARGET).is_file() else FALLBACK
    notebook = lab.root / name
    expected_figures = stored_figures(notebook)

    status, _ = request(f"{lab.url}/api/contents")
    assert status in (401, 403), f"the server answered {status} without a token"

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch = PageWatch(page, lab.url)
    shots = artifacts / "jupyterlab"
    shots.mkdir(exist_ok=True)
    try:
        page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}", wait_until="load")
        page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=START_TIMEOUT * 1000)
        select_kernel = page.locator(".jp-Dialog").get_by_role("button", name="Select")
        with contextlib.suppress(PlaywrightTimeout):
            select_kernel.click(timeout=5_000)  # in case JupyterLab still asks for a kernel
        lab.wait_for_idle_kernel(page, timeout=START_TIMEOUT)
        page.locator(".jp-Notebook").first.click()
        # Clear the stored outputs first, so every count and figure checked below is new.
        menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(
            "() => !document.querySelector('.jp-Notebook .jp-OutputArea-output')"
        )
        menu(page, "Run", "Run All Cells")

        deadline = time.monotonic() + RUN_TIMEOUT
        while True:
            state = page.evaluate(CELL_STATE)
            if state["done"] == state["code"] and not state["running"] and lab.kernel_idle():
                break
            assert time.monotonic() < deadline, f"cells still running after {RUN_TIMEOUT} s"
            page.wait_for_timeout(1000)
        lab.remember_processes()

        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".every(img => img.complete)"
        )
        outputs = page.evaluate(OUTPUT_REPORT)
        page.screenshot(path=shots / f"{Path(name).stem}_after_run_all.png")
        if outputs["images"]:
            page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
            page.screenshot(path=shots / f"{Path(name).stem}_figure.png")

        assert not outputs["errors"], f"cells show errors or stderr: {outputs['errors']}"
        rendered = [img for img in outputs["images"] if img["complete"] and img["width"] > 0]
        assert len(rendered) == len(outputs["images"]), "a figure did not load"
        assert len(rendered) >= expected_figures, (
            f"{len(rendered)} figures rendered, the notebook stores {expected_figures}"
        )
        if name == TARGET:
            assert rendered, "chapter 2 rendered no figure"

        before = notebook.stat().st_mtime_ns
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while notebook.stat().st_mtime_ns == before:
            assert time.monotonic() < deadline, "Ctrl+S did not save the notebook"
            page.wait_for_timeout(200)
        page.wait_for_timeout(500)
        saved = json.loads(notebook.read_text(encoding="utf-8"))
        errors = [
            output
            for cell in saved["cells"]
            for output in cell.get("outputs", [])
            if output["output_type"] == "error"
        ]
        assert not errors, f"the saved notebook holds errors: {errors}"
        assert not watch.problems(), watch.problems()
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=shots / f"{Path(name).stem}_failure.png")
        raise
    finally:
        context.close()

    leftovers = lab.shutdown()
    assert lab.process.returncode is not None, "jupyter lab did not stop after /api/shutdown"
    assert not leftovers, f"processes left after shutdown: {leftovers}"


def test_reading_every_chapter_leaves_it_byte_identical(browser, lab, artifacts):
    """Open each chapter as a reader does (the kernel starts, nothing is run or edited), wait
    past an autosave interval, and compare the file's bytes with what they were before."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()  # no PageWatch: leaving a page aborts JupyterLab's polling
    changed, saved = [], []
    names = sorted(p.name for p in lab.root.glob("[0-9][0-9]*.ipynb"))
    try:
        for name in names:
            notebook = lab.root / name
            committed = notebook.read_bytes()  # the server's copy of chapters/NN_name.ipynb
            written = notebook.stat().st_mtime_ns
            page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", wait_until="load")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=START_TIMEOUT * 1000)
            select_kernel = page.locator(".jp-Dialog").get_by_role("button", name="Select")
            with contextlib.suppress(PlaywrightTimeout):
                select_kernel.click(timeout=3_000)
            lab.wait_for_idle_kernel(page, timeout=START_TIMEOUT)
            page.wait_for_timeout((2 * AUTOSAVE + 2) * 1000)
            lab.remember_processes()
            if notebook.stat().st_mtime_ns != written:
                saved.append(name)
            if notebook.read_bytes() != committed:
                changed.append(name)
                page.screenshot(path=artifacts / f"jupyterlab_{Path(name).stem}_changed.png")
            for session in json.loads(lab.api("sessions")[1]):
                lab.api(f"sessions/{session['id']}", method="DELETE")
    finally:
        context.close()
    assert not changed, f"opening these chapters in JupyterLab modified them: {changed}"
    # The save path must have been exercised: JupyterLab marks a chapter dirty when the kernel
    # reports its language_info, and autosave writes it (identical bytes, thanks to the hook).
    assert saved, "no chapter was autosaved: the test did not wait past an autosave"
    leftovers = lab.shutdown()
    assert not leftovers, f"processes left after shutdown: {leftovers}"
