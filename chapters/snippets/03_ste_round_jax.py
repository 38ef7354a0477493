"""Straight-through round in JAX (round forward, identity backward); clipped via custom_vjp."""

import jax
import jax.numpy as jnp
import numpy as np


def round_ste(x):
    """round(x) in the forward pass; in the backward pass d round_ste / dx = 1."""
    return x + jax.lax.stop_gradient(jnp.round(x) - x)


def precision_loss(logits, y_true):
    hard = round_ste(jax.nn.sigmoid(logits))  # 0/1 predictions, exactly as jnp.round gives them
    tp = jnp.sum(y_true * hard)
    den = tp + jnp.sum((1.0 - y_true) * hard)  # tp + fp
    return 1.0 - tp / jnp.where(den > 0, den, 1.0)  # nothing predicted: 0/0 gives 0, not nan


@jax.custom_vjp
def round_clipped(x):
    """round(x) forward; backward passes the gradient only where 0 <= x <= 1 (Hubara et al.)."""
    return jnp.round(x)


round_clipped.defvjp(
    lambda x: (jnp.round(x), x),  # forward: the value, and x kept for the backward pass
    lambda x, g: (g * ((x >= 0) & (x <= 1)),),  # bounds included, as cp.losses.round_ste
)
x_probe = jnp.array([-0.3, 0.0, 0.5, 1.0, 1.4])
weights = jnp.arange(1.0, 6.0)  # cotangents that are not all 1
clipped_grad = jax.grad(lambda x: jnp.sum(weights * round_clipped(x)))(x_probe)

rng = np.random.default_rng(0)
y_true = jnp.asarray((rng.random(16) < 0.4).astype("float32"))
logits = jnp.asarray(rng.normal(size=16).astype("float32"))  # a model's outputs
hard = round_ste(jax.nn.sigmoid(logits))

loss, grad = jax.value_and_grad(precision_loss)(logits, y_true)  # w.r.t. the logits
none_logits = logits - 10.0  # every prediction negative
none_loss, none_grad = jax.value_and_grad(precision_loss)(none_logits, y_true)  # finite

print(f"hard predictions: {hard.astype(int).tolist()}")
print(f"1 - precision = {float(loss):.6f}; with nothing predicted {float(none_loss):.6f}")
print(f"gradient: {np.array2string(np.asarray(grad), precision=4)}")
print(f"clipped, weights 1..5 at x = -0.3, 0, 0.5, 1, 1.4: {np.asarray(clipped_grad).tolist()}")
