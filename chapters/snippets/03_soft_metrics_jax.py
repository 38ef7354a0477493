"""Soft precision, recall and F1 as JAX loss functions, trained with optax."""

import jax
import jax.numpy as jnp
import numpy as np
import optax


def soft_metric_loss(y_prob, y_true, metric="f1"):
    """1 − soft precision, recall or F1: tp = Σ y·p, fp = Σ (1−y)·p, fn = Σ y·(1−p)."""
    tp = jnp.sum(y_true * y_prob)  # sums over the whole batch: use large batches
    fp = jnp.sum((1.0 - y_true) * y_prob)
    fn = jnp.sum(y_true * (1.0 - y_prob))
    extra = {"precision": fp, "recall": fn, "f1": (fp + fn) / 2}[metric]
    den = tp + extra  # F1 = 2tp / (2tp + fp + fn) = tp / (tp + (fp + fn)/2)
    return 1.0 - tp / jnp.where(den > 0, den, 1.0)  # 0/0 gives 0, never nan


rng = np.random.default_rng(0)
y_true = jnp.asarray((rng.random(16) < 0.4).astype("float32"))
y_prob = jnp.asarray(rng.random(16).astype("float32"))  # probabilities, e.g. a sigmoid's
losses, grads = [], []
for metric in ("precision", "recall", "f1"):
    loss, grad = jax.value_and_grad(soft_metric_loss)(y_prob, y_true, metric)
    losses.append(float(loss))
    grads.append(grad)
    print(f"1 - soft {metric:9} = {losses[-1]:.6f}, gradient[:3] = {np.asarray(grad[:3])}")

labels = jnp.asarray((rng.random(256) < 0.3).astype("float32"))
X = jax.random.normal(jax.random.key(0), (256, 2)) + labels[:, None] * jnp.array([1.5, 1.0])
params = {"w": jnp.zeros(2), "b": jnp.zeros(())}
optimizer = optax.adam(0.05)
state = optimizer.init(params)


def fit_loss(params):
    return soft_metric_loss(jax.nn.sigmoid(X @ params["w"] + params["b"]), labels)


@jax.jit
def step(params, state):
    loss, g = jax.value_and_grad(fit_loss)(params)
    updates, state = optimizer.update(g, state)
    return optax.apply_updates(params, updates), state


print(f"a linear model's soft-F1 loss before training: {float(fit_loss(params)):.4f}")
for _ in range(20):
    params, state = step(params, state)
print(f"after 20 full-batch optax Adam steps: {float(fit_loss(params)):.4f}")
