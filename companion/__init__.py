"""Companion package of The Gradient Field Guide.

One module per chapter plus shared helpers. What autograd can differentiate through:

    nets, gates, losses, optimizers     written with autograd.numpy: differentiable
    inputs, wirtinger, gradcheck        NumPy code that applies autograd to the f you pass
    regression                          NumPy and SciPy (cross-checked against statsmodels)
    plotting, exercises, frameworks, snippets      nothing to differentiate

Shared helpers
    gradcheck    central-difference gradient checks, real and complex inputs
    nets         tiny seeded autograd MLP and RNN used by several chapters
    plotting     the book's figure style, one call in a chapter's setup cell
    exercises    ``check(id, answer)``, ``hint(id)`` and ``solution(id)``
    frameworks   the framework releases the book's claims were verified against
    snippets     ``show(route)``: a route's TensorFlow/Keras, PyTorch and JAX files

Chapters
    inputs       1  maximizing a trained network over one of its inputs
    gates        2  binary gates, surrogate gradients and straight-through
    losses       3  non-differentiable losses and their soft replacements
    wirtinger    4  complex derivatives and four frameworks' conventions
    optimizers   5  optimizer internals: the update is the weight delta
    regression   6  regression diagnostics, checked against statsmodels and NIST (a package,
                    one module per concern; OLS also on Dask arrays that outgrow memory)

Submodules are imported on first use, so ``import companion`` stays light:

>>> import companion as cp
>>> cp.gradcheck.__name__
'companion.gradcheck'
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = (
    "gradcheck",
    "nets",
    "plotting",
    "exercises",
    "frameworks",
    "snippets",
    "inputs",
    "gates",
    "losses",
    "wirtinger",
    "optimizers",
    "regression",
)

__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        module = importlib.import_module(f"companion.{name}")
        globals()[name] = module
        return module
    raise AttributeError(
        f"module 'companion' has no attribute {name!r}; submodules: {', '.join(_SUBMODULES)}"
    )


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
