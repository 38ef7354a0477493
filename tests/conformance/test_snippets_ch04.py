"""Chapter 4's snippets, run as a reader would and compared with companion.wirtinger.

Route 04_least_squares: complex least squares by gradient descent in Keras, PyTorch and JAX
(optax), 100 steps of learning rate 0.1 from w = 0. The converged weights must equal the
companion's reference path (w <- w + lr * descent_direction(L, w)) and the least-squares
solution; JAX's run without the conjugate must follow the companion's emulation of that
wrong step (w <- w - lr * framework_grad(L, w, "jax")). Route 04_sum_conj: the reader's
gradient of sum(conj(x)), whatever each framework returns for it, against framework_grad.

Every snippet computes in complex128 (JAX with jax_enable_x64), so the tolerance is 1e-6.
"""

import functools

import numpy as onp
import pytest
from conformance_support import assert_close, companion_module, run_snippet

TOL = 1e-6
LR, STEPS = 0.1, 100  # as written in the 04_least_squares snippets
FRAMEWORK_MODULE = {"keras": "keras", "torch": "torch", "jax": "optax"}


def _loss(x, y):
    import autograd.numpy as anp

    return lambda w: anp.mean(anp.abs(anp.dot(x, w) - y) ** 2)


@functools.cache
def reference_path(x_bytes, y_bytes, step_rule):
    """The companion's weights after STEPS steps from 0, for the data the snippet built."""
    wirtinger = companion_module("wirtinger")
    x = onp.frombuffer(x_bytes, complex).reshape(-1, 2)
    y = onp.frombuffer(y_bytes, complex)
    loss = _loss(x, y)
    w = onp.zeros(2, complex)
    for _ in range(STEPS):
        if step_rule == "descent":
            w = w + LR * wirtinger.descent_direction(loss, w)
        else:  # the naive JAX step: along the gradient JAX returns, unconjugated
            w = w - LR * wirtinger.framework_grad(loss, w, "jax")
    return w


@pytest.mark.parametrize(
    "framework", list(FRAMEWORK_MODULE), ids=[f"ch04-least_squares-{f}" for f in FRAMEWORK_MODULE]
)
def test_descent_converges_to_the_companions_weights(framework):
    pytest.importorskip(FRAMEWORK_MODULE[framework])
    names = ("x_np", "y_np", "w_fit", "w_lstsq") + (("w_naive",) if framework == "jax" else ())
    stdout, got = run_snippet(f"04_least_squares_{framework}.py", *names)
    x, y = got["x_np"], got["y_np"]
    assert x.dtype == complex and got["w_fit"].dtype == complex
    want = reference_path(x.tobytes(), y.tobytes(), "descent")
    assert_close(got["w_fit"], want, TOL, f"{framework}: weights after {STEPS} steps")
    lstsq = onp.linalg.lstsq(x, y, rcond=None)[0]
    assert_close(got["w_fit"], lstsq, TOL, f"{framework}: converged to least squares")
    assert "fitted weights" in stdout
    if framework == "jax":
        naive = reference_path(x.tobytes(), y.tobytes(), "naive")
        assert_close(got["w_naive"], naive, TOL, "jax without the conjugate")
        assert onp.abs(got["w_naive"] - lstsq).max() > 1e6  # it diverges, as the chapter says


SUM_CONJ = {  # snippet variable -> (companion framework, real part taken?, cotangent)
    "keras": {"grad_default": ("tensorflow", False, None), "grad_real": ("tensorflow", True, None)},
    "torch": {"grad_vjp": ("torch", False, 1.0), "grad_real": ("torch", True, None)},
    "jax": {
        "grad_vjp": ("jax", False, 1.0),
        "grad_real": ("jax", True, None),
        "grad_holomorphic": ("jax-holomorphic", False, None),
    },
}
REFUSES = {"torch": "torch refuses:", "jax": "jax.grad refuses:"}


@pytest.mark.parametrize("framework", list(SUM_CONJ), ids=[f"ch04-sum_conj-{f}" for f in SUM_CONJ])
def test_sum_conj_gradients_equal_the_companions(framework):
    pytest.importorskip({"keras": "tensorflow", "torch": "torch", "jax": "jax"}[framework])
    import autograd.numpy as anp

    wirtinger = companion_module("wirtinger")
    stdout, got = run_snippet(f"04_sum_conj_{framework}.py", "x", *SUM_CONJ[framework])
    x = got["x"]
    assert x.dtype == complex and x.shape == (2, 2)
    sum_conj = lambda t: anp.sum(anp.conj(t))  # noqa: E731
    for name, (mode, real, cotangent) in SUM_CONJ[framework].items():
        f = (lambda t: anp.real(sum_conj(t))) if real else sum_conj
        want = wirtinger.framework_grad(f, x, mode, cotangent)
        assert_close(got[name], want, TOL, f"{framework}: {name}")
    if framework in REFUSES:  # the default call raises, in the snippet and in the companion
        assert REFUSES[framework] in stdout
        with pytest.raises(wirtinger.ComplexOutputError):
            wirtinger.framework_grad(sum_conj, x, framework)


ANSWER_STEPS, ANSWER_TARGET = 100, 0.8 - 0.6j  # as written in the 04_answer snippets


@pytest.mark.parametrize("framework", ["keras", "torch", "jax"], ids=lambda f: f"ch04-answer-{f}")
def test_short_answer_matches_the_companion(framework):
    pytest.importorskip({"keras": "tensorflow", "torch": "torch", "jax": "jax"}[framework])
    import autograd.numpy as anp

    wirtinger = companion_module("wirtinger")
    _, got = run_snippet(f"04_answer_{framework}.py", "x", "grad_sum_conj", "w")
    x = got["x"]
    real_sum_conj = lambda t: anp.real(anp.sum(anp.conj(t)))  # noqa: E731
    want = wirtinger.framework_grad(real_sum_conj, x, "torch")
    assert_close(got["grad_sum_conj"], want, TOL, f"{framework}: gradient of Re sum(conj(x))")
    assert_close(got["grad_sum_conj"], onp.ones((2, 2)), TOL, f"{framework}: all ones")
    loss = lambda w: anp.abs(w - ANSWER_TARGET) ** 2  # noqa: E731
    w = 0j
    for _ in range(ANSWER_STEPS):  # the descent step, from the Wirtinger derivative
        w = w + 0.1 * wirtinger.descent_direction(loss, w)
    assert_close(got["w"], w, TOL, f"{framework}: w after {ANSWER_STEPS} steps")
