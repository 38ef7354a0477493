"""Complex least squares in JAX with optax: conjugate the gradient before the update.

For a real loss L of a complex weight w, jax.grad returns dL/dRe w - i dL/dIm w
(= 2 dL/dw), the conjugate of the steepest-ascent direction. optax applies -lr * g to
whatever it is given, so conjugate g first; without it, Im w runs away. With the conjugate,
optax's sgd, rmsprop, adagrad and adam all handle complex parameters (they use |g|^2).
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax

jax.config.update("jax_enable_x64", True)  # complex128, as in the other frameworks

rng = np.random.default_rng(0)
x_np = rng.normal(size=(40, 2)) + 1j * rng.normal(size=(40, 2))
noise = 0.1 * (rng.normal(size=40) + 1j * rng.normal(size=40))
y_np = x_np @ np.array([0.8 - 0.6j, -0.3 + 1.2j]) + noise
x, y = jnp.asarray(x_np), jnp.asarray(y_np)


def loss_fn(w):
    return jnp.mean(jnp.abs(x @ w - y) ** 2)


def fit(conjugate, steps=100):
    optimizer = optax.sgd(learning_rate=0.1)
    w = jnp.zeros(2, jnp.complex128)
    state = optimizer.init(w)
    for _ in range(steps):
        grads = jax.grad(loss_fn)(w)
        if conjugate:
            grads = jax.tree.map(jnp.conj, grads)  # now the ascent direction, as in TF/PyTorch
        updates, state = optimizer.update(grads, state)
        w = optax.apply_updates(w, updates)
    return w


w_fit = fit(conjugate=True)
w_naive = fit(conjugate=False)  # the real parts converge, the imaginary parts diverge
w_lstsq = np.linalg.lstsq(x_np, y_np, rcond=None)[0]  # the least-squares answer
print(f"fitted weights:  {np.round(np.asarray(w_fit), 6)}  (loss {float(loss_fn(w_fit)):.6f})")
print(f"least squares:   {np.round(w_lstsq, 6)}")
print(f"not conjugated:  loss {float(loss_fn(w_naive)):.3e}")
