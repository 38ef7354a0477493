"""Exercises of chapter 4, complex derivatives: Wirtinger derivatives and framework conventions."""

import autograd.numpy as np
import numpy as onp

from companion.exercises import Case, Exercise, Mistake
from companion.wirtinger import framework_grad, wirtinger

Z1 = 1 + 2j
Z2 = 0.5 - 1.5j
ZS = onp.array([-1 + 0.5j, 2 - 1j, 0.25 + 3j])
TARGET = 1 + 1j


def wirtinger_z2_conj(z):
    """(∂f/∂z, ∂f/∂z̄) of f(z) = z² · conj(z), from companion.wirtinger."""
    return wirtinger(lambda t: t**2 * np.conj(t))(z)


def loss(z):
    """The real loss of exercise 4.2: L(z) = Σ |z − (1 + i)|²."""
    return np.sum(np.abs(z - TARGET) ** 2)


def predict_gradient(framework, z):
    """What ``framework`` returns as the gradient of ``loss`` at z, from companion.wirtinger."""
    return framework_grad(loss, z, framework)


def descent_step(z, g, framework, lr):
    """One gradient-descent step on a real loss, given the gradient g that ``framework`` returned."""
    if framework in ("jax", "autograd"):
        g = onp.conj(g)
    return z - lr * g


def tensorflow_grad_with_1j():
    """TensorFlow's gradient of Σ conj(x) over a 2×2 x, with output_gradients=1j."""
    x = onp.array([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]])
    return framework_grad(lambda x: np.sum(np.conj(x)), x, "tensorflow", cotangent=1j)


def _step_case(framework, z, lr=0.1):
    g = predict_gradient(framework, z)
    return Case((z, g, framework, lr), {}, f"{framework}, z = {z}")


EXERCISES = [
    Exercise(
        id="4.1",
        title="the Wirtinger derivatives of z²·conj(z)",
        name="wirtinger_z2_conj",
        reference=wirtinger_z2_conj,
        solution="""
import autograd.numpy as np


def wirtinger_z2_conj(z):
    # treat z and conj(z) as independent: f = z**2 * w with w = conj(z)
    z = np.asarray(z)
    d_dz = 2 * z * np.conj(z)  # = 2|z|², differentiate z**2, hold conj(z) fixed
    d_dzbar = z**2  # differentiate w, hold z fixed
    return d_dz, d_dzbar
""",
        hints=(
            "Treat z and z̄ as two independent variables: f = z² · z̄.",
            "∂f/∂z differentiates z² and keeps z̄ fixed; ∂f/∂z̄ differentiates z̄ and keeps z² fixed.",
            "∂f/∂z = 2 z z̄ = 2|z|² and ∂f/∂z̄ = z².",
        ),
        cases=(
            Case((Z1,), {}, "z = 1+2j"),
            Case((Z2,), {}, "z = 0.5-1.5j"),
            Case((ZS,), {}, "an array of three points"),
        ),
        mistakes=(
            Mistake(
                lambda z: (onp.asarray(z) ** 2, 2 * onp.abs(z) ** 2),
                "You swapped the two: ∂f/∂z comes first (differentiate z², keep z̄ fixed), "
                "then ∂f/∂z̄.",
            ),
            Mistake(
                lambda z: (2 * onp.abs(z) ** 2, onp.conj(z) ** 2),
                "∂f/∂z̄ is off by a complex conjugate: differentiating z̄ leaves z², not z̄².",
            ),
            Mistake(
                lambda z: (4 * onp.abs(z) ** 2, 2 * onp.asarray(z) ** 2),
                "Off by a factor of 2: ∂f/∂z = ½(∂f/∂x − i∂f/∂y) carries a ½; "
                "∂f/∂x ∓ i∂f/∂y alone is twice the Wirtinger derivative.",
            ),
            Mistake(
                lambda z: (onp.abs(z) ** 2, onp.asarray(z) ** 2),
                "∂(z²)/∂z = 2z: the first derivative lost its factor of 2.",
            ),
        ),
    ),
    Exercise(
        id="4.2",
        title="predict each framework's gradient of a real loss",
        name="predict_gradient",
        reference=predict_gradient,
        solution="""
import autograd.numpy as np


def predict_gradient(framework, z):
    # L(z) = Σ |z − (1+i)|²: ∂L/∂z̄ = z − (1+i), ∂L/∂z = conj(z − (1+i))
    r = np.asarray(z) - (1 + 1j)
    if framework in ("tensorflow", "torch"):
        return 2 * r  # 2 ∂L/∂z̄ = ∂L/∂x + i ∂L/∂y
    return 2 * np.conj(r)  # jax, autograd: 2 ∂L/∂z = ∂L/∂x − i ∂L/∂y
""",
        hints=(
            "Write L = Σ (z − t)(z̄ − t̄) with t = 1 + i, and take ∂L/∂z and ∂L/∂z̄.",
            "TensorFlow and PyTorch return 2 ∂L/∂z̄; JAX and autograd return 2 ∂L/∂z, its conjugate.",
        ),
        cases=(
            Case(("tensorflow", Z1), {}, "tensorflow at z = 1+2j"),
            Case(("torch", ZS), {}, "torch at three points"),
            Case(("jax", Z1), {}, "jax at z = 1+2j"),
            Case(("autograd", ZS), {}, "autograd at three points"),
        ),
        mistakes=(
            Mistake(
                lambda framework, z: 2 * (onp.asarray(z) - TARGET),
                "Off by a conjugate for JAX and autograd: they return 2∂L/∂z = conj(2∂L/∂z̄).",
            ),
            Mistake(
                lambda framework, z: 2 * onp.conj(onp.asarray(z) - TARGET),
                "Off by a conjugate for TensorFlow and PyTorch: they return 2∂L/∂z̄ = ∂L/∂x + i∂L/∂y.",
            ),
            Mistake(
                lambda framework, z: (
                    onp.asarray(z) - TARGET
                    if framework in ("tensorflow", "torch")
                    else onp.conj(onp.asarray(z) - TARGET)
                ),
                "Off by a factor of 2: the frameworks return 2∂L/∂z̄ (or 2∂L/∂z), "
                "the real gradient, not the Wirtinger derivative itself.",
            ),
        ),
    ),
    Exercise(
        id="4.3",
        title="the correct descent step for each framework's gradient",
        name="descent_step",
        reference=descent_step,
        solution="""
import autograd.numpy as np


def descent_step(z, g, framework, lr):
    # TensorFlow and PyTorch hand back 2∂L/∂z̄, the steepest-ascent direction: step against it.
    # JAX and autograd hand back its conjugate 2∂L/∂z: conjugate it first.
    if framework in ("jax", "autograd"):
        g = np.conj(g)
    return z - lr * g
""",
        hints=(
            "The steepest-descent direction of a real loss is −(∂L/∂x + i∂L/∂y) = −2∂L/∂z̄.",
            "Which frameworks return 2∂L/∂z̄, and which return its conjugate?",
        ),
        cases=(
            _step_case("torch", Z1),
            _step_case("jax", Z1),
            _step_case("autograd", ZS),
            _step_case("tensorflow", ZS),
        ),
        mistakes=(
            Mistake(
                lambda z, g, framework, lr: z - lr * g,
                "Off by a conjugate for JAX and autograd: their gradient is 2∂L/∂z; stepping "
                "along it moves the imaginary part uphill. Conjugate it first.",
            ),
            Mistake(
                lambda z, g, framework, lr: z - lr * onp.conj(g),
                "Off by a conjugate for TensorFlow and PyTorch: their gradient already is "
                "2∂L/∂z̄, the direction to step against.",
            ),
            Mistake(
                lambda z, g, framework, lr: (
                    z - lr * onp.conj(g) / 2 if framework in ("jax", "autograd") else z - lr * g / 2
                ),
                "Off by a factor of 2: the frameworks' gradient already is ∂L/∂x ± i∂L/∂y; "
                "do not halve it to ∂L/∂z̄.",
            ),
        ),
    ),
    Exercise(
        id="4.4",
        title="TensorFlow's gradient of Σ conj(x) with output_gradients=1j",
        name="tensorflow_grad_with_1j",
        reference=tensorflow_grad_with_1j,
        solution="""
import autograd.numpy as np

# TensorFlow returns c·conj(∂f/∂z) + conj(c)·∂f/∂z̄; for f = Σ conj(x): ∂f/∂z = 0, ∂f/∂z̄ = 1
tensorflow_grad_with_1j = np.full((2, 2), -1j)
""",
        hints=(
            "For f = Σ conj(x), ∂f/∂z = 0 and ∂f/∂z̄ = 1 at every entry.",
            "TensorFlow returns c · conj(∂f/∂z) + conj(c) · ∂f/∂z̄ for a cotangent c; the answer "
            "is a 2×2 array.",
        ),
        mistakes=(
            Mistake(
                onp.full((2, 2), 1j),
                "Off by a conjugate: TensorFlow multiplies ∂f/∂z̄ by conj(c) = −1j, not by c.",
            ),
            Mistake(
                onp.ones((2, 2)),
                "That is the answer for the default cotangent 1; with output_gradients=1j "
                "the cotangent enters as conj(1j).",
            ),
        ),
    ),
]
