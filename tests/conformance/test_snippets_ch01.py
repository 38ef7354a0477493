"""Chapter 1's framework snippets (issue 13) against companion.inputs.maximize.

Each snippet maximizes the same frozen network, exported by companion.nets.export_weights,
over its input y in the box [-2, 2]: projected Adam on the input (route 01_maximize) and
SciPy's L-BFGS-B fed by the framework's gradient (route 01_lbfgsb), in Keras, PyTorch and JAX.
All compute in float64, so their maximizer must equal the companion's to 1e-6 even where the
optimizer's path differs (Keras' Adam adds eps to sqrt(v) before the bias correction, which
is eps/sqrt(1 - b2^t) in the companion's terms; L-BFGS-B takes quasi-Newton steps): each stops within about 1e-8 of the same stationary point, where
f'' = -2.2.
"""

import functools

import numpy as onp
import pytest
from conformance_support import STRICT, run_snippet

from companion import inputs, nets

TOL = 1e-6
ROUTES = ("maximize", "lbfgsb")
FRAMEWORKS = {"keras": "keras", "torch": "torch", "jax": "jax"}


@functools.cache
def reference():
    """The companion's maximizer of the snippets' network: converged Adam, then the same by
    plain ascent, which must agree with each other before they judge anything."""
    f = nets.freeze(nets.init_mlp([2, 16, 1], seed=3, scale=1.5), [0.5])
    adam = inputs.maximize(f, 0.0, bounds=(-2.0, 2.0), method="adam", lr=0.05, steps=500)
    plain = inputs.maximize(f, 0.0, bounds=(-2.0, 2.0), method="plain", lr=0.1, steps=5000)
    assert adam.converged and plain.converged and not adam.hit_bound
    assert abs(adam.y - plain.y) < 1e-7  # both stop where |f'| < 1e-8, |f''| = 2.2
    return adam


@pytest.mark.parametrize(
    "route, framework",
    [(r, k) for r in ROUTES for k in FRAMEWORKS],
    ids=[f"ch01-{r}-{k}" for r in ROUTES for k in FRAMEWORKS],
)
def test_snippet_finds_the_companions_maximizer(route, framework):
    module = FRAMEWORKS[framework] if framework != "keras" else "tensorflow"
    if not STRICT:
        pytest.importorskip(module)
    stdout, values = run_snippet(f"01_{route}_{framework}.py", "y_star", "X_FIXED", "BOX")
    ref = reference()
    assert float(values["X_FIXED"]) == 0.5 and tuple(values["BOX"]) == (-2.0, 2.0)
    y_star = onp.ravel(values["y_star"])
    assert y_star.shape == (1,), y_star.shape
    assert abs(y_star[0] - ref.y) <= TOL, (y_star[0], ref.y)
    assert f"maximizer y* = {ref.y:.6f}" in stdout, stdout
