"""Chapter 1's framework snippets against companion.inputs.maximize, on the chapter's network.

Each snippet holds the chapter's trained 2-10-1 tanh network as weight literals (rounded to three
decimals; the chapter's hidden cell checks that its own network is exactly these weights) and
maximizes it over y in the box [-2, 2] at x = 0.3 from y = 0.2: projected SGD on the input
(route 01_maximize) and SciPy's L-BFGS-B fed by the framework's gradient (route 01_lbfgsb), in
Keras, PyTorch and JAX. All compute in float64, so each must find the companion's maximizer of
the same weights to 1e-6 and print the y* that the chapter prints, to its five decimals.
"""

import ast

import numpy as onp
import pytest
from conformance_support import SNIPPETS, STRICT, run_snippet

from companion import inputs, nets

TOL = 1e-6
ROUTES = ("maximize", "lbfgsb")
FRAMEWORKS = ("keras", "torch", "jax")
WEIGHTS = ("W1", "b1", "W2", "b2")


def literals(name):
    """The snippet's module-level literals, read from its source without running it."""
    tree = ast.parse((SNIPPETS / name).read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in WEIGHTS:
                    found[target.id] = ast.literal_eval(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                    for t, v in zip(target.elts, node.value.elts):
                        found[t.id] = ast.literal_eval(v)
    return found


def reference(name):
    """The companion's maximizer of the snippet's own weights, at its x, from its y0, in its box:
    plain projected ascent to |f'| < 1e-8, confirmed by a dense grid to its spacing."""
    lit = literals(name)
    W1, b1, W2, b2 = (onp.array(lit[k], dtype=float) for k in WEIGHTS)
    f = nets.freeze([(W1, b1), (W2[:, None], b2)], [lit["X_FIXED"]])
    run = inputs.maximize(f, lit["Y0"], bounds=lit["BOX"], method="plain", lr=0.05)
    grid = onp.linspace(*lit["BOX"], 400_001)
    assert run.converged and abs(run.y - grid[onp.argmax(f(grid))]) <= 1e-5
    return run, lit


def test_every_snippet_holds_the_same_network_and_point():
    seen = {
        tuple(repr(literals(f"01_{r}_{k}.py")[w]) for w in WEIGHTS)
        for r in ROUTES
        for k in FRAMEWORKS
    }
    assert len(seen) == 1
    points = {
        (literals(f"01_{r}_{k}.py")["X_FIXED"], literals(f"01_{r}_{k}.py")["Y0"])
        for r in ROUTES
        for k in FRAMEWORKS
    }
    assert points == {(0.3, 0.2)}


@pytest.mark.parametrize(
    "route, framework",
    [(r, k) for r in ROUTES for k in FRAMEWORKS],
    ids=[f"ch01-{r}-{k}" for r in ROUTES for k in FRAMEWORKS],
)
def test_snippet_finds_the_companions_maximizer(route, framework):
    if not STRICT:
        pytest.importorskip({"keras": "tensorflow"}.get(framework, framework))
    name = f"01_{route}_{framework}.py"
    stdout, values = run_snippet(name, "y_star", "X_FIXED", "BOX")
    ref, lit = reference(name)
    assert float(values["X_FIXED"]) == lit["X_FIXED"] and tuple(values["BOX"]) == lit["BOX"]
    y_star = onp.ravel(values["y_star"])
    assert y_star.shape == (1,), y_star.shape
    assert abs(y_star[0] - ref.y) <= TOL, (y_star[0], ref.y)
    assert f"maximizer y* = {ref.y:.5f}, f(x, y*) = {ref.value:.5f}" in stdout, stdout
