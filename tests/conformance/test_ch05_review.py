"""Chapter 5's claims from the second review, checked on the real frameworks.

- SGD and heavy-ball momentum give the same float64 weights bit for bit in PyTorch, Keras,
  TF1 and optax (eager and jitted) when lr and μ are exact in float32; Nesterov agrees only
  to about an ulp, because PyTorch's vectorised CPU kernels and XLA fuse g + μ·b into one
  multiply-add (the chapter's "to within an ulp or so").
- optax alone lets ε's placement and the starting mean square be set: ``optax.rmsprop`` with
  ``eps_in_sqrt=False`` is PyTorch's RMSprop, with ``initial_scale=1`` TF1's.
- In float32, the frameworks' default, a gradient of 1e21 overflows Adam's v in PyTorch and
  Keras, 1e20 already in Keras (which squares g first), and 1e19 in neither (the chapter's
  "from about 1e19 to 1e21").
"""

import numpy as onp
import pytest
from conformance_support import TOL64, assert_close

A = onp.array([40.0, 1.0, 1e-2, 1e-8])  # the chapter's curvatures and start
W0 = onp.array([1.0, -2.0, 0.5, -1.5])
LR, MU, STEPS = 0.015625, 0.875, 20  # exact in float32


def torch_sgd(nesterov, mu):
    torch = pytest.importorskip("torch")
    w = torch.nn.Parameter(torch.tensor(W0))
    o = torch.optim.SGD([w], lr=LR, momentum=mu, nesterov=nesterov)
    out = []
    for _ in range(STEPS):
        w.grad = torch.tensor(A) * w.detach()
        o.step()
        out.append(w.detach().numpy().copy())
    return onp.array(out)


def keras_sgd(nesterov, mu):
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    w = keras.Variable(W0, dtype="float64")
    o = keras.optimizers.SGD(learning_rate=LR, momentum=mu, nesterov=nesterov)
    out = []
    for _ in range(STEPS):
        o.apply_gradients([(tf.constant(A) * w.value, w)])
        out.append(w.numpy().copy())
    return onp.array(out)


def tf1_sgd(nesterov, mu):
    tf = pytest.importorskip("tensorflow")
    g = tf.Graph()
    with g.as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(W0))
        train = tf.compat.v1.train
        o = train.MomentumOptimizer(LR, mu, use_nesterov=nesterov) if mu else None
        o = o or train.GradientDescentOptimizer(LR)
        op = o.apply_gradients([(tf.constant(A) * w, w)])
        out = []
        with tf.compat.v1.Session(graph=g) as s:
            s.run(tf.compat.v1.global_variables_initializer())
            for _ in range(STEPS):
                s.run(op)
                out.append(s.run(w))
    return onp.array(out)


def optax_sgd(nesterov, mu, jit):
    jax = pytest.importorskip("jax")
    optax = pytest.importorskip("optax")
    jax.config.update("jax_enable_x64", True)
    o = optax.sgd(LR, momentum=mu or None, nesterov=nesterov)

    def step(w, s):
        u, s = o.update(jax.numpy.array(A) * w, s, w)
        return optax.apply_updates(w, u), s

    step = jax.jit(step) if jit else step
    w = jax.numpy.array(W0)
    s, out = o.init(w), []
    for _ in range(STEPS):
        w, s = step(w, s)
        out.append(onp.array(w))
    return onp.array(out)


RUNS = {
    "keras": keras_sgd,
    "tf1": tf1_sgd,
    "optax": lambda n, m: optax_sgd(n, m, False),
    "optax-jit": lambda n, m: optax_sgd(n, m, True),
}


@pytest.mark.parametrize("framework", list(RUNS), ids=lambda f: f"ch05-family-{f}")
@pytest.mark.parametrize(
    ("name", "nesterov", "mu"),
    [("sgd", False, 0.0), ("momentum", False, MU), ("nesterov", True, MU)],
)
def test_sgd_family_agrees_with_torch(framework, name, nesterov, mu):
    ref, got = torch_sgd(nesterov, mu), RUNS[framework](nesterov, mu)
    gap = onp.max(onp.abs(got - ref))
    if name == "nesterov":  # fused multiply-adds: a few ulps of the largest weight at most
        assert gap <= 4 * onp.spacing(2.0), f"{framework} {name}: {gap:.1e}"
    else:
        assert gap == 0.0, f"{framework} {name}: {gap:.1e} from torch, expected bit for bit"


def torch_rmsprop(alpha, eps):
    torch = pytest.importorskip("torch")
    w = torch.nn.Parameter(torch.tensor(W0))
    o = torch.optim.RMSprop([w], lr=0.01, alpha=alpha, eps=eps)
    out = []
    for _ in range(STEPS):
        w.grad = torch.tensor(A) * w.detach()
        o.step()
        out.append(w.detach().numpy().copy())
    return onp.array(out)


def optax_rmsprop(**kwargs):
    jax = pytest.importorskip("jax")
    optax = pytest.importorskip("optax")
    jax.config.update("jax_enable_x64", True)
    o = optax.rmsprop(0.01, **kwargs)
    w = jax.numpy.array(W0)
    s, out = o.init(w), []
    for _ in range(STEPS):
        u, s = o.update(jax.numpy.array(A) * w, s, w)
        w = optax.apply_updates(w, u)
        out.append(onp.array(w))
    return onp.array(out)


def tf1_rmsprop():
    tf = pytest.importorskip("tensorflow")
    g = tf.Graph()
    with g.as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(W0))
        o = tf.compat.v1.train.RMSPropOptimizer(0.01)  # decay 0.9, eps 1e-10, rms starts at 1
        op = o.apply_gradients([(tf.constant(A) * w, w)])
        out = []
        with tf.compat.v1.Session(graph=g) as s:
            s.run(tf.compat.v1.global_variables_initializer())
            for _ in range(STEPS):
                s.run(op)
                out.append(s.run(w))
    return onp.array(out)


def test_optax_rmsprop_sets_eps_placement_and_initial_scale():
    import inspect

    optax = pytest.importorskip("optax")
    assert {"eps_in_sqrt", "initial_scale"} <= set(inspect.signature(optax.rmsprop).parameters)
    torch_like = optax_rmsprop(decay=0.99, eps=1e-8, eps_in_sqrt=False)
    assert_close(torch_like, torch_rmsprop(0.99, 1e-8), TOL64, "optax eps_in_sqrt=False vs torch")
    tf1_like = optax_rmsprop(decay=0.9, eps=1e-10, initial_scale=1.0)
    ref = tf1_rmsprop()  # TF1 keeps lr, decay and eps in float32: agreement to about 1e-7
    assert_close(tf1_like, ref, 1e-6, "optax initial_scale=1 vs TF1")
    # and the knobs matter: left at their defaults, optax differs from both by far more
    assert onp.max(onp.abs(optax_rmsprop(decay=0.9, eps=1e-10) - ref)) > 1e-3
    assert onp.max(onp.abs(optax_rmsprop(decay=0.99, eps=1e-8) - torch_like)) > 1e-3


@pytest.mark.parametrize("framework", ["torch", "keras"], ids=lambda f: f"ch05-float32-{f}")
def test_float32_adam_overflows_between_1e19_and_1e21(framework):
    def run(spike):
        grads = onp.array([[0.5, spike], [0.5, -2.0], [0.5, -2.0]], dtype=onp.float32)
        w0 = onp.array([1.0, -2.0], dtype=onp.float32)
        if framework == "torch":
            torch = pytest.importorskip("torch")
            w = torch.nn.Parameter(torch.tensor(w0))
            o = torch.optim.Adam([w], lr=0.01)
            for g in grads:
                w.grad = torch.tensor(g)
                o.step()
            return w.detach().numpy()[1], o.state[w]["exp_avg_sq"].numpy()[1]
        pytest.importorskip("tensorflow")
        keras = pytest.importorskip("keras")
        w = keras.Variable(w0, dtype="float32")
        o = keras.optimizers.Adam(learning_rate=0.01)
        for g in grads:
            o.apply_gradients([(keras.ops.convert_to_tensor(g), w)])
        v = next(x for x in o.variables if x.path.endswith("velocity"))
        return w.numpy()[1], v.numpy()[1]

    for spike in (1e20, 1e21):  # Keras squares g first (1.8e19 overflows g²), torch does not
        w, v = run(spike)
        if spike == 1e20 and framework == "torch":  # (1 − β₂)·g·g: overflows above 5.8e20
            assert onp.isfinite(v) and onp.isfinite(w), f"torch: v = {v} after g = 1e20"
            continue
        assert not onp.isfinite(v), f"{framework}: v = {v} after g = {spike:g} in float32"
        assert w == onp.float32(-2.0) or onp.isnan(w), w  # frozen, or NaN
    w, v = run(1e19)
    assert onp.isfinite(v) and onp.isfinite(w) and w != onp.float32(-2.0)
