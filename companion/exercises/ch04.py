"""Exercises of chapter 4, complex derivatives: Wirtinger derivatives and framework conventions.

Each exercise declares an off-by-one, an ignored parameter, a sign error and a signature slip
(plus the chapter's own slips: a complex conjugate, a factor of 2), each with its own hint. The
cases use points where the gradient is a general complex number (neither real nor purely
imaginary), so a sign error and a conjugate give different numbers and are told apart.
"""

import autograd.numpy as np
import numpy as onp

from companion.exercises import Case, Exercise, Mistake
from companion.wirtinger import framework_grad, wirtinger

Z1 = 1 + 2j
Z2 = 0.5 - 1.5j
ZS = onp.array([-1 + 0.5j, 2 - 1j, 0.25 + 3j])
TARGET = 1 + 1j
# points where z − (1 + i) has unequal, non-zero real and imaginary parts: conj(g) ≠ ±g, ±ig
ZG = 2.5 + 1.75j
ZGS = onp.array([-1 + 0.5j, 2 - 1j, 0.25 + 3j, 3.5 + 2j])


def wirtinger_z2_conj(z):
    """(∂f/∂z, ∂f/∂z̄) of f(z) = z² · conj(z), from companion.wirtinger."""
    return wirtinger(lambda t: t**2 * np.conj(t))(z)


def loss(z):
    """The real loss of exercises 4.2 and 4.3: L(z) = Σ |z − (1 + i)|²."""
    return np.sum(np.abs(z - TARGET) ** 2)


def predict_gradient(framework, z):
    """What ``framework`` returns as the gradient of ``loss`` at z, from companion.wirtinger."""
    return framework_grad(loss, z, framework)


def descent_step(z, g, framework, lr):
    """One gradient-descent step on a real loss, given the gradient g that ``framework`` returned."""
    if framework in ("jax", "autograd"):
        g = onp.conj(g)
    return z - lr * g


def tensorflow_grad_sum_conj(x, c):
    """TensorFlow's gradient of Σ conj(x) with output_gradients=c, from companion.wirtinger."""
    return framework_grad(lambda t: np.sum(np.conj(t)), x, "tensorflow", cotangent=c)


def _step_case(framework, z, lr):
    g = predict_gradient(framework, z)
    return Case((z, g, framework, lr), {}, f"{framework}, z = {z}, lr = {lr}")


def _r(z):
    return onp.asarray(z) - TARGET


def _wirtinger_with_f_first(f, z):
    """A general Wirtinger helper where the exercise asks for one function of z."""
    return wirtinger(f)(z)


def _predict_with_z_first(z, framework):
    r = onp.asarray(z) - (1 + 1j)
    return 2 * r if framework in ("tensorflow", "torch") else 2 * onp.conj(r)


def _step_with_g_first(g, z, framework, lr):
    if framework in ("jax", "autograd"):
        g = onp.conj(g)
    return z - lr * g


def _sum_conj_grad_with_c_first(c, x):
    return onp.full(onp.shape(x), onp.conj(c))


# --- exercise 4.5, in JAX and optax: imported only when the checker runs (never in the main env)

W0_OPTAX = [0.3 - 1.2j, -0.7 + 0.4j]
TARGET_OPTAX = [0.8 - 0.6j, -0.3 + 1.2j]


def complex_optax_step(loss_fn, params, opt_state, optimizer):
    """One optax step on complex parameters that lowers the real loss_fn: conjugate JAX's
    gradient (2∂L/∂w, the conjugate of the ascent direction) before ``optimizer.update``."""
    import jax
    import jax.numpy as jnp
    import optax

    grads = jax.tree.map(jnp.conj, jax.grad(loss_fn)(params))
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state


def _optax_run(step, w0, target, optimizer_name, lr, steps):
    """Run ``step`` ``steps`` times with optax.<optimizer_name>(lr) on L(w) = Σ|w − target|²,
    complex parameters in a dict (a pytree), and return the final w as a NumPy array."""
    import jax
    import jax.numpy as jnp
    import optax

    jax.config.update("jax_enable_x64", True)
    goal = jnp.asarray(target, jnp.complex128)
    loss_fn = lambda p: jnp.sum(jnp.abs(p["w"] - goal) ** 2)
    params = {"w": jnp.asarray(w0, jnp.complex128)}
    optimizer = getattr(optax, optimizer_name)(lr)
    opt_state = optimizer.init(params)
    for _ in range(steps):
        params, opt_state = step(loss_fn, params, opt_state, optimizer)
    return onp.asarray(params["w"])


def _optax_case(optimizer_name, lr, steps):
    return Case(
        (W0_OPTAX, TARGET_OPTAX, optimizer_name, lr, steps),
        {},
        f"optax.{optimizer_name}({lr}), {steps} steps",
    )


def _optax_mistake(grads_of, combine):
    """A wrong step: ``grads_of(jax, jnp, loss_fn, params)`` then ``combine``."""

    def step(loss_fn, params, opt_state, optimizer):
        import jax
        import jax.numpy as jnp
        import optax

        grads = grads_of(jax, jnp, loss_fn, params)
        return combine(jax, optax, params, grads, opt_state, optimizer)

    return step


def _conj_grads(jax, jnp, loss_fn, params):
    return jax.tree.map(jnp.conj, jax.grad(loss_fn)(params))


def _update(jax, optax, params, grads, opt_state, optimizer):
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state


def _update_twice(jax, optax, params, grads, opt_state, optimizer):
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(optax.apply_updates(params, updates), updates), opt_state


def _subtract_updates(jax, optax, params, grads, opt_state, optimizer):
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return jax.tree.map(lambda p, u: p - u, params, updates), opt_state


def _plain_sgd(jax, optax, params, grads, opt_state, optimizer):
    return jax.tree.map(lambda p, g: p - 0.1 * g, params, grads), opt_state


def _params_only(jax, optax, params, grads, opt_state, optimizer):
    return _update(jax, optax, params, grads, opt_state, optimizer)[0]


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
            Mistake(
                lambda z: (2 * onp.asarray(z) ** 2 * onp.conj(z), onp.asarray(z) ** 2),
                "The power rule lowers the exponent by one: ∂(z²)/∂z = 2z¹, not 2z², so "
                "∂f/∂z = 2z·z̄.",
                kind="off-by-one",
            ),
            Mistake(
                lambda z: (2 * abs(1j) ** 2 + 0 * onp.asarray(z), 1j**2 + 0 * onp.asarray(z)),
                "Your answer does not change with z: compute the derivatives at the z you are "
                "given (one per entry when z is an array), not at a fixed test point.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda z: (2 * onp.abs(z) ** 2, 2 * onp.abs(z) ** 2),
                "Both of your derivatives are ∂f/∂z: the i-term changes sign between them, "
                "∂f/∂z̄ = ½(∂f/∂x + i∂f/∂y) with a plus.",
                kind="sign",
            ),
            Mistake(
                _wirtinger_with_f_first,
                "wirtinger_z2_conj takes only z: f(z) = z²·conj(z) is fixed, so write its two "
                "derivatives directly instead of taking f as an argument.",
                kind="signature",
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
            Case(("tensorflow", ZG), {}, "tensorflow at z = 2.5+1.75j"),
            Case(("torch", ZGS), {}, "torch at four points"),
            Case(("jax", ZG), {}, "jax at z = 2.5+1.75j"),
            Case(("autograd", ZGS), {}, "autograd at four points"),
        ),
        mistakes=(
            Mistake(
                lambda framework, z: 2 * _r(z),
                "Your answer ignores `framework`: JAX and autograd return 2∂L/∂z = "
                "conj(2∂L/∂z̄), the conjugate of what TensorFlow and PyTorch return.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda framework, z: 2 * onp.conj(_r(z)),
                "Your answer ignores `framework`: TensorFlow and PyTorch return "
                "2∂L/∂z̄ = ∂L/∂x + i∂L/∂y, not its conjugate.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda framework, z: (
                    _r(z) if framework in ("tensorflow", "torch") else onp.conj(_r(z))
                ),
                "Off by a factor of 2: the frameworks return 2∂L/∂z̄ (or 2∂L/∂z), "
                "the real gradient, not the Wirtinger derivative itself.",
            ),
            Mistake(
                lambda framework, z: (
                    -2 * _r(z) if framework in ("tensorflow", "torch") else -2 * onp.conj(_r(z))
                ),
                "Off by a sign: a framework returns the gradient, the direction in which L "
                "grows fastest, not the descent direction.",
                kind="sign",
            ),
            Mistake(
                lambda framework, z: (
                    2 * (onp.asarray(z) - 1)
                    if framework in ("tensorflow", "torch")
                    else 2 * onp.conj(onp.asarray(z) - 1)
                ),
                "Off by one in the target: L measures the distance to 1 + i, not to 1.",
                kind="off-by-one",
            ),
            Mistake(
                _predict_with_z_first,
                "predict_gradient takes (framework, z), in that order: the framework's name "
                "comes first.",
                kind="signature",
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
            _step_case("torch", ZG, 0.1),
            _step_case("jax", ZG, 0.05),
            _step_case("autograd", ZGS, 0.3),
            _step_case("tensorflow", ZGS, 0.05),
        ),
        mistakes=(
            Mistake(
                lambda z, g, framework, lr: z - lr * g,
                "Your step ignores `framework`: JAX's and autograd's gradient is 2∂L/∂z; "
                "stepping along it moves the imaginary part uphill. Conjugate it first.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda z, g, framework, lr: z - lr * onp.conj(g),
                "Your step ignores `framework`: TensorFlow's and PyTorch's gradient already is "
                "2∂L/∂z̄, the direction to step against; conjugate only JAX's and autograd's.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda z, g, framework, lr: descent_step(z, g, framework, 0.1),
                "Your step ignores `lr`: scale the step by the learning rate you are given.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda z, g, framework, lr: (
                    z - lr * onp.conj(g) / 2 if framework in ("jax", "autograd") else z - lr * g / 2
                ),
                "Off by a factor of 2: the frameworks' gradient already is ∂L/∂x ± i∂L/∂y; "
                "do not halve it to ∂L/∂z̄.",
            ),
            Mistake(
                lambda z, g, framework, lr: (
                    z + lr * onp.conj(g) if framework in ("jax", "autograd") else z + lr * g
                ),
                "Off by a sign: that step goes uphill. The gradient points to where the loss "
                "grows; a descent step moves against it.",
                kind="sign",
            ),
            Mistake(
                lambda z, g, framework, lr: descent_step(
                    descent_step(z, g, framework, lr), g, framework, lr
                ),
                "You took the step twice: one descent step moves z by lr times the (corrected) "
                "gradient, once.",
                kind="off-by-one",
            ),
            Mistake(
                _step_with_g_first,
                "descent_step takes (z, g, framework, lr): the point comes first, then the "
                "gradient.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="4.4",
        title="TensorFlow's gradient of Σ conj(x) with output_gradients=c",
        name="tensorflow_grad_sum_conj",
        reference=tensorflow_grad_sum_conj,
        solution="""
import autograd.numpy as np


def tensorflow_grad_sum_conj(x, c):
    # f = Σ conj(x): ∂f/∂z = 0 and ∂f/∂z̄ = 1 at every entry of x.
    # TensorFlow returns c · conj(∂f/∂z) + conj(c) · ∂f/∂z̄, one value per entry of x.
    return np.full(np.shape(x), np.conj(c))
""",
        hints=(
            "For f = Σ conj(x), ∂f/∂z = 0 and ∂f/∂z̄ = 1 at every entry.",
            "TensorFlow returns c · conj(∂f/∂z) + conj(c) · ∂f/∂z̄ for a cotangent c, with one "
            "entry per entry of x.",
        ),
        cases=(
            Case(
                (onp.array([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]]), 2 + 1j),
                {},
                "a 2×2 x, c = 2+1j",
            ),
            Case((onp.array([1j, -2 + 0j, 0.5 - 0.5j]), 0.5 - 2j), {}, "three entries, c = 0.5-2j"),
            Case((onp.array([[1 + 1j, 2 - 1j, -3j, 4 + 0j]]), -1 + 3j), {}, "1×4, c = -1+3j"),
        ),
        mistakes=(
            Mistake(
                lambda x, c: onp.full(onp.shape(x), c, dtype=complex),
                "Off by a conjugate: TensorFlow multiplies ∂f/∂z̄ by conj(c), not by c.",
            ),
            Mistake(
                lambda x, c: onp.ones(onp.shape(x), dtype=complex),
                "That is the answer for the default cotangent 1: your answer ignores c, which "
                "enters the rule as conj(c).",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda x, c: onp.full((2, 2), onp.conj(c)),
                "The gradient has the shape of x, one entry per entry, whatever its shape; "
                "yours is always 2×2.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda x, c: onp.full(onp.shape(x), -onp.conj(c)),
                "Off by a sign: conj(c) enters with a plus; nothing in the rule flips it.",
                kind="sign",
            ),
            Mistake(
                lambda x, c: onp.full(onp.shape(x), onp.conj(c) + 1),
                "One too many: output_gradients replaces the default cotangent 1, it is not "
                "added to it.",
                kind="off-by-one",
            ),
            Mistake(
                _sum_conj_grad_with_c_first,
                "tensorflow_grad_sum_conj takes (x, c): the array comes first, then the cotangent.",
                kind="signature",
            ),
            Mistake(
                lambda x, c: onp.conj(c),
                "One number per entry of x: TensorFlow's gradient has the shape of x, not of "
                "the scalar output.",
            ),
        ),
    ),
    Exercise(
        id="4.5",
        title="one optax step on complex parameters (optional: JAX and optax)",
        name="complex_optax_step",
        reference=complex_optax_step,
        solution="""
def complex_optax_step(loss_fn, params, opt_state, optimizer):
    import jax
    import jax.numpy as jnp
    import optax

    grads = jax.grad(loss_fn)(params)  # 2∂L/∂w: the conjugate of the ascent direction
    grads = jax.tree.map(jnp.conj, grads)  # now as TensorFlow and PyTorch return it
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state
""",
        hints=(
            "jax.grad of a real loss of complex parameters returns 2∂L/∂w, the conjugate of the "
            "direction of steepest ascent; optax expects the ascent direction, as TensorFlow's "
            "and PyTorch's optimizers do.",
            "params is a pytree (a dict here): change every leaf of the gradient with "
            "jax.tree.map before you hand it to optimizer.update.",
            "The update optax returns already points downhill: apply it with "
            "optax.apply_updates and return the new parameters together with the new state.",
        ),
        cases=(
            _optax_case("sgd", 0.1, 3),
            _optax_case("adam", 0.05, 4),
            _optax_case("rmsprop", 0.02, 3),
        ),
        adapt=lambda step: (
            lambda w0, target, name, lr, steps: _optax_run(step, w0, target, name, lr, steps)
        ),
        requires=("jax", "optax"),
        mistakes=(
            Mistake(
                _optax_mistake(lambda jax, jnp, f, p: jax.grad(f)(p), _update),
                "You handed JAX's gradient to optax as it is: for complex parameters it is the "
                "conjugate of the ascent direction, so the imaginary parts move the wrong way. "
                "Conjugate every leaf first.",
            ),
            Mistake(
                _optax_mistake(_conj_grads, _subtract_updates),
                "optax's updates already carry the minus sign (−lr·g for sgd): add them to the "
                "parameters, as optax.apply_updates does, instead of subtracting them.",
                kind="sign",
            ),
            Mistake(
                _optax_mistake(_conj_grads, _update_twice),
                "One call is one step: you applied the update twice.",
                kind="off-by-one",
            ),
            Mistake(
                _optax_mistake(_conj_grads, _plain_sgd),
                "You stepped with a fixed learning rate of your own and ignored `optimizer`: call "
                "optimizer.update so that Adam's or RMSProp's scaling and state are used.",
                kind="ignored-parameter",
            ),
            Mistake(
                _optax_mistake(_conj_grads, _params_only),
                "Return two things, the new parameters and the new optimizer state, as "
                "(params, opt_state): the state carries Adam's moments to the next step.",
                kind="signature",
            ),
        ),
    ),
]
