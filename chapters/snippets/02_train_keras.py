"""The chapter's gated recurrent cell, trained through a sigmoid surrogate: TensorFlow + Keras."""

import keras
import tensorflow as tf

from companion import gates  # needs companion (the book's package) for the task and start weights

X_MAX, E, SCALE, LR, STEPS = 1.0, 0.5, 0.2, 0.1, 5
task = gates.band_task(40, steps=30, seed=0)  # u, y, target: arrays of shape (T, batch)
start = gates.init_gated_rnn(4, seed=0)
u, y, target = (tf.constant(task[k]) for k in ("u", "y", "target"))  # float64


@tf.custom_gradient
def step(v):  # H(v) = [v > 0] forward; backward, the sigmoid bump sigma'(v/s)/s
    def grad(upstream):
        return upstream * tf.sigmoid(v / SCALE) * tf.sigmoid(-v / SCALE) / SCALE

    return tf.cast(v > 0, v.dtype), grad


def gate(x):  # 1 inside (X_MAX - E, X_MAX) or (-X_MAX, -X_MAX + E)
    return step(x - (X_MAX - E)) + step(x + X_MAX) + step(X_MAX - x) + step((-X_MAX + E) - x) - 2


(w, b), (W, c) = start["input"][0], start["readout"][0]
params = [tf.Variable(p) for p in (start["leak_logit"], w, b, W, c)]  # float64, like the data


def loss_fn(leak_logit, w, b, W, c):
    leak, h, z = tf.sigmoid(leak_logit), tf.zeros((u.shape[1], w.shape[1]), tf.float64), []
    for t in range(u.shape[0]):  # h_t = leak * h_{t-1} + (1 - leak) * (u_t w + b)
        h = leak * h + (1 - leak) * (u[t, :, None] @ w + b)
        z.append(gate((h @ W + c)[:, 0]) * y[t])  # the gate decides when y passes
    return tf.reduce_mean((tf.stack(z) - target) ** 2)


# Keras adds epsilon to sqrt(v) before bias correction, PyTorch and optax after it
optimizer, losses = keras.optimizers.Adam(learning_rate=LR, epsilon=1e-8), []
for _ in range(STEPS):
    with tf.GradientTape() as tape:
        loss = loss_fn(*params)
    optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
    losses.append(float(loss))
print("training loss per step:", [round(v, 6) for v in losses])
trained = tf.concat([tf.reshape(p, [-1]) for p in params], 0)  # leak_logit, w, b, W, c
