"""Chapter 3's framework snippets (issue 13) against companion.losses.

Each snippet runs as a reader would run it (``python file.py``, fresh process); its inputs and
results are read back from its globals, and the companion computes the same quantities in
float64 from the same float32 inputs. The frameworks compute in float32, so values and
gradients must agree to a relative 1e-5 of the largest entry.

Routes:
- ``03_answer``: the short answer, a soft-F1 loss in a dozen lines, against ``losses.soft_f1``:
  its value from the file, its gradient taken by the framework itself on the file's function.
- ``03_ste_round``: straight-through round ``x + stop_gradient(round(x) − x)`` inside one minus
  precision of sigmoid(logits), against ``losses.round_ste``: forward values, loss, gradient,
  and the same with nothing predicted positive, where 0/0 must give 0 and a finite gradient
  (issue 21: the files returned NaN there); and the clipped variant written with the
  framework's custom-gradient API (``tf.custom_gradient``, ``torch.autograd.Function``,
  ``jax.custom_vjp``) against ``losses.round_ste(x, clip=(0, 1))``.
- ``03_soft_metrics``: 1 − soft precision, recall and F1 as a Keras loss, a torch module and a
  JAX function, against ``losses.soft_precision``, ``soft_recall`` and ``soft_f1``.
"""

import importlib
import runpy

import autograd.numpy as anp
import numpy as onp
import pytest
from autograd import grad
from conformance_support import SNIPPETS, STRICT, run_snippet

from companion import losses as L

FLOAT32_RTOL = 1e-5
MODULE = {"keras": "tensorflow", "torch": "torch", "jax": "jax"}


def params(route):
    return [pytest.param(fw, id=f"ch03-{route}-{fw}") for fw in MODULE]


def need(framework):
    """Skip when the framework is not installed; fail instead under CONFORMANCE_STRICT=1."""
    if importlib.util.find_spec(MODULE[framework]) is None:
        if STRICT:
            pytest.fail(f"{MODULE[framework]} is not installed; the conformance suite needs it")
        pytest.skip(f"{MODULE[framework]} not installed")


def assert_rel(got, expected, what):
    """max |got − expected| <= 1e-5 · max |expected| (relative to the array's scale)."""
    got, expected = onp.asarray(got, float), onp.asarray(expected, float)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    scale = max(float(onp.max(onp.abs(expected))), onp.finfo(onp.float32).tiny)
    worst = float(onp.max(onp.abs(got - expected))) / scale
    assert worst <= FLOAT32_RTOL, (
        f"{what}: relative error {worst:.3g}\n got {got}\n want {expected}"
    )


@pytest.mark.parametrize("framework", params("ste_round"))
def test_ste_round_matches_companion_round_ste(framework):
    need(framework)
    out, got = run_snippet(
        f"03_ste_round_{framework}.py",
        *("y_true", "logits", "hard", "loss", "grad", "none_logits", "none_loss", "none_grad"),
        *("x_probe", "weights", "clipped_grad"),
    )
    y, z = got["y_true"].astype(float), got["logits"].astype(float)

    def loss(z):
        return 1.0 - L.soft_precision(y, L.round_ste(L.sigmoid(z)))

    assert onp.array_equal(got["hard"], L.round_ste(L.sigmoid(z))), "forward: not round(p)"
    assert_rel(got["loss"], float(loss(z)), f"{framework}: 1 - precision")
    assert_rel(got["grad"], grad(loss)(z), f"{framework}: straight-through gradient")
    assert onp.any(got["grad"] != 0) and "gradient:" in out
    # nothing predicted positive: 0/0 is 0, so the loss is 1 and the gradient finite, not NaN
    z0 = got["none_logits"].astype(float)
    assert not onp.any(L.round_ste(L.sigmoid(z0))), "the case must predict nothing positive"
    assert got["none_loss"] == 1.0 and onp.all(onp.isfinite(got["none_grad"]))
    assert_rel(got["none_grad"], grad(loss)(z0), f"{framework}: gradient with nothing predicted")
    assert onp.any(got["none_grad"] != 0)  # it lifts the positives' logits
    # the clipped variant, written with the framework's custom-gradient API, against
    # round_ste(x, clip=(0, 1)) under non-unit cotangents, probes on and beyond both bounds
    x, w = got["x_probe"].astype(float), got["weights"].astype(float)
    assert {0.0, 1.0} <= set(x.tolist()) and x.min() < 0 < 1 < x.max() and len(set(w)) == len(w)
    want = grad(lambda v: anp.sum(w * L.round_ste(v, clip=(0, 1))))(x)
    assert onp.array_equal(got["clipped_grad"], want), f"{framework}: clipped {got['clipped_grad']}"
    assert "clipped, weights" in out


def framework_grad(framework, f, logits, y_true):
    """d f(logits, y_true) / d logits, taken by the framework's own autodiff (float32)."""
    if framework == "keras":
        import tensorflow as tf

        v = tf.Variable(onp.asarray(logits, "float32"))
        with tf.GradientTape() as tape:
            value = f(tf.constant(onp.asarray(y_true, "float32")), tf.sigmoid(v))
        return tape.gradient(value, v).numpy()
    if framework == "torch":
        import torch

        t = torch.tensor(onp.asarray(logits, "float32"), requires_grad=True)
        f(torch.sigmoid(t), torch.tensor(onp.asarray(y_true, "float32"))).backward()
        return t.grad.numpy()
    import jax

    return onp.asarray(jax.grad(f)(onp.asarray(logits, "float32"), onp.asarray(y_true, "float32")))


@pytest.mark.parametrize("framework", params("answer"))
def test_short_answer_soft_f1_matches_companion_soft_f1(framework):
    need(framework)
    out, got = run_snippet(f"03_answer_{framework}.py", "y_true", "logits", "loss")
    y, z = got["y_true"].astype(float), got["logits"].astype(float)

    def loss(z):
        return 1.0 - L.soft_f1(y, L.sigmoid(z))

    assert_rel(got["loss"], float(loss(z)), f"{framework}: 1 - soft F1")
    assert "1 - soft F1 =" in out
    f = runpy.run_path(str(SNIPPETS / f"03_answer_{framework}.py"))["soft_f1_loss"]
    for scale in (1.0, 4.0):  # the file's logits and steeper ones
        got_grad = framework_grad(framework, f, scale * z, y)
        assert_rel(got_grad, grad(loss)(scale * z), f"{framework}: gradient of 1 - soft F1")
    # a batch with no positive and p -> 0: the guard gives 0/0 = 0, never NaN
    assert onp.all(onp.isfinite(framework_grad(framework, f, onp.full(4, -200.0), onp.zeros(4))))


@pytest.mark.parametrize("framework", params("soft_metrics"))
def test_soft_metric_losses_match_companion_soft_metrics(framework):
    need(framework)
    out, got = run_snippet(f"03_soft_metrics_{framework}.py", "y_true", "y_prob", "losses", "grads")
    y, p = got["y_true"].astype(float), got["y_prob"].astype(float)
    for i, metric in enumerate((L.soft_precision, L.soft_recall, L.soft_f1)):
        name = metric.__name__

        def loss(q, metric=metric):
            return 1.0 - metric(y, q)

        assert_rel(got["losses"][i], float(loss(p)), f"{framework}: 1 - {name}")
        assert_rel(got["grads"][i], grad(loss)(p), f"{framework}: gradient of 1 - {name}")
    assert "soft-F1 loss" in out  # the training part ran too
