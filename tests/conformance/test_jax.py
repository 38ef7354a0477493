"""JAX and optax against the companion's emulations of them (x64 enabled: float64 /
complex128 throughout, so values must agree to 1e-12).

Each test runs the call that the emulation's docstring says it emulates, on the same inputs,
and compares: the same value, None against None, or the same exception type.
"""

import numpy as onp
import pytest
from conformance_support import (
    AT_ZERO_FUNCTIONS,
    COMPLEX_AT_ZERO,
    COMPLEX_FUNCTIONS,
    COMPLEX_POINTS,
    GATE_BAND,
    GATE_X,
    GATE_Y,
    OP_POINTS,
    Namespace,
    Raised,
    assert_same_outcome,
    autograd_namespace,
    companion_attr,
    companion_module,
    complex_cases,
    emulated_complex_grad,
    run_emulated,
    run_real,
    wirtinger_raises,
)

from companion.frameworks import FrameworkRaises

jax = pytest.importorskip("jax")
jax.config.update("jax_enable_x64", True)
jnp = jax.numpy


def _numpy(a):
    return None if a is None else onp.array(a)


# ---- chapter 3: non-differentiable ops (companion.losses.framework_op_grad) ----------------

JAX_OPS = {
    "round": jnp.round,
    "floor": jnp.floor,
    "sign": jnp.sign,
    "cast": lambda x: x.astype(jnp.int32).astype(jnp.float64),
    "abs": jnp.abs,
    "relu": jax.nn.relu,
    "maximum": lambda x: jnp.maximum(x, 0.0),
    "maximum_self": lambda x: jnp.maximum(x, x),
    "clip": lambda x: jnp.clip(x, 0.0, 1.0),
}


@pytest.mark.parametrize("op", list(JAX_OPS))
def test_op_grad(op):
    losses = companion_module("losses")
    emulate = companion_attr(losses, "framework_op_grad")
    x = onp.array(OP_POINTS)
    real = run_real(lambda: _numpy(jax.grad(lambda v: jnp.sum(JAX_OPS[op](v)))(x)))
    emulated = run_emulated(
        lambda: emulate(op, x, "jax"), losses.FrameworkRaises, lambda e: e.error
    )
    assert_same_outcome(real, emulated, what=f"d sum({op}(x))/dx at {OP_POINTS}")


def test_every_emulated_op_is_checked():
    losses = companion_module("losses")
    assert set(companion_attr(losses, "FRAMEWORK_OPS")) <= set(JAX_OPS)


# ---- chapter 2: the pulse gate (companion.gates.framework_gate_grad) -----------------------


def _jax_gate_grad(x, y, x_max, e):
    def z(x, y):
        g = jnp.logical_or(
            jnp.logical_and(x < x_max, x > x_max - e), jnp.logical_and(x > -x_max, x < -x_max + e)
        ).astype(x.dtype)
        return jnp.sum(g * y)

    return tuple(_numpy(d) for d in jax.grad(z, argnums=(0, 1))(x, y))


def test_gate_grad():
    gates = companion_module("gates")
    emulate = companion_attr(gates, "framework_gate_grad")
    x, y, (x_max, e) = onp.array(GATE_X), onp.array(GATE_Y), GATE_BAND
    real = run_real(lambda: _jax_gate_grad(x, y, x_max, e))
    emulated = run_emulated(
        lambda: emulate("jax", x, y, x_max, e), gates.FrameworkRaises, lambda err: err.error
    )
    if isinstance(real, Raised) or isinstance(emulated, Raised):
        assert_same_outcome(real, emulated, what="(dz/dx, dz/dy)")
        return
    for name, r, m in zip(("dz/dx", "dz/dy"), real, emulated):
        assert_same_outcome(r, m, what=f"{name} of z = g*y at x = {GATE_X}")


def test_cast_grad():
    gates = companion_module("gates")
    emulate = companion_attr(gates, "framework_cast_grad")
    x = onp.array(OP_POINTS)
    real = run_real(
        lambda: _numpy(jax.grad(lambda v: jnp.sum(v.astype(jnp.int64).astype(v.dtype)))(x))
    )
    emulated = run_emulated(lambda: emulate("jax", x), gates.FrameworkRaises, lambda err: err.error)
    assert_same_outcome(real, emulated, what="d sum(float(int(x)))/dx")


# ---- chapter 4: complex gradients (companion.wirtinger.framework_grad) ---------------------

JAX_NS = Namespace(
    conj=jnp.conj, abs=jnp.abs, real=jnp.real, imag=jnp.imag, exp=jnp.exp, sin=jnp.sin
)
AUTOGRAD_NS = autograd_namespace()


def _jax_complex_grad(g, z0, cotangent, reduce, holomorphic=False):
    f = (lambda z: jnp.sum(g(JAX_NS, z))) if reduce else (lambda z: g(JAX_NS, z))
    z = jnp.asarray(z0, dtype=jnp.complex128)
    if cotangent is None:
        return _numpy(jax.grad(f, holomorphic=holomorphic)(z))
    out, vjp = jax.vjp(f, z)
    dtype = complex if (jnp.iscomplexobj(out) or isinstance(cotangent, complex)) else float
    (d,) = vjp(jnp.asarray(onp.full(out.shape, cotangent, dtype=dtype)))
    return _numpy(d)


def _emulated(wirtinger, g, z0, cotangent, reduce, framework):
    import autograd.numpy as anp

    f = (lambda z: anp.sum(g(AUTOGRAD_NS, z))) if reduce else (lambda z: g(AUTOGRAD_NS, z))
    return run_emulated(
        lambda: wirtinger.framework_grad(f, z0, framework, cotangent=cotangent),
        FrameworkRaises,
        wirtinger_raises,
    )


@pytest.mark.parametrize(("name", "point", "reduce", "cotangent"), complex_cases())
def test_complex_grad(name, point, reduce, cotangent):
    wirtinger = companion_module("wirtinger")
    companion_attr(wirtinger, "framework_grad")
    g, z0 = COMPLEX_FUNCTIONS[name][1], COMPLEX_POINTS[point]
    real = run_real(lambda: _jax_complex_grad(g, z0, cotangent, reduce))
    emulated = _emulated(wirtinger, g, z0, cotangent, reduce, "jax")
    assert_same_outcome(real, emulated, what=f"jax gradient of {name} at {point}")


@pytest.mark.parametrize("reduce", [True, False], ids=["sum", "elementwise"])
@pytest.mark.parametrize("point", list(COMPLEX_POINTS))
@pytest.mark.parametrize("name", list(COMPLEX_FUNCTIONS))
def test_complex_grad_holomorphic_mode(name, point, reduce):
    """jax.grad(f, holomorphic=True): silently not f'(z) for non-holomorphic f."""
    wirtinger = companion_module("wirtinger")
    if "jax-holomorphic" not in companion_attr(wirtinger, "FRAMEWORK_MODES"):
        pytest.skip("companion.wirtinger does not emulate jax's holomorphic mode")
    g, z0 = COMPLEX_FUNCTIONS[name][1], COMPLEX_POINTS[point]
    real = run_real(lambda: _jax_complex_grad(g, z0, None, reduce, holomorphic=True))
    emulated = _emulated(wirtinger, g, z0, None, reduce, "jax-holomorphic")
    assert_same_outcome(real, emulated, what=f"jax holomorphic gradient of {name} at {point}")


@pytest.mark.parametrize("reduce", [True, False], ids=["sum", "elementwise"])
@pytest.mark.parametrize("name", AT_ZERO_FUNCTIONS)
def test_complex_grad_at_zero(name, reduce):
    """At z = 0, where |z| is not differentiable, the value the framework picks."""
    g = COMPLEX_FUNCTIONS[name][1]
    cotangent = None if reduce else 1
    real = run_real(lambda: _jax_complex_grad(g, COMPLEX_AT_ZERO, cotangent, reduce))
    emulated = emulated_complex_grad("jax", g, COMPLEX_AT_ZERO, cotangent, reduce)
    assert_same_outcome(real, emulated, what=f"jax gradient of {name} at {COMPLEX_AT_ZERO}")


# ---- chapter 5: optax (companion.optimizers, convention="optax") ---------------------------

optax = pytest.importorskip("optax")

# (id, optax factory, its kwargs, companion factory, its kwargs, {companion slot: optax state
# field}). With x64 every optax computation here is float64, so agreement is to 1e-12.
OPTAX_OPTIMIZERS = [
    ("sgd", "sgd", {"learning_rate": 0.01}, "sgd", {"lr": 0.01}, {}),
    ("momentum", "sgd", {"learning_rate": 0.01, "momentum": 0.9}, "momentum", {"lr": 0.01, "momentum": 0.9}, {"mom": "trace"}),
    ("nesterov", "sgd", {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True}, "nesterov", {"lr": 0.01, "momentum": 0.9}, {"mom": "trace"}),
    ("adagrad", "adagrad", {"learning_rate": 0.1}, "adagrad", {"lr": 0.1}, {"acc": "sum_of_squares"}),
    ("rmsprop", "rmsprop", {"learning_rate": 0.01}, "rmsprop", {"lr": 0.01}, {"ms": "nu"}),
    ("rmsprop/momentum", "rmsprop", {"learning_rate": 0.01, "momentum": 0.9}, "rmsprop", {"lr": 0.01, "momentum": 0.9}, {"ms": "nu", "mom": "trace"}),
    ("rmsprop/centered", "rmsprop", {"learning_rate": 0.01, "centered": True}, "rmsprop", {"lr": 0.01, "centered": True}, {"ms": "nu", "mg": "mu"}),
    ("rmsprop/centered_momentum", "rmsprop", {"learning_rate": 0.001, "momentum": 0.5, "centered": True}, "rmsprop", {"lr": 0.001, "momentum": 0.5, "centered": True}, {"ms": "nu", "mg": "mu", "mom": "trace"}),
    ("rmsprop/custom", "rmsprop", {"learning_rate": 0.05, "decay": 0.8, "eps": 1e-6}, "rmsprop", {"lr": 0.05, "rho": 0.8, "eps": 1e-6}, {"ms": "nu"}),
    ("adam", "adam", {"learning_rate": 1e-3}, "adam", {"lr": 1e-3}, {"m": "mu", "v": "nu"}),
    ("adam/custom", "adam", {"learning_rate": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6}, "adam", {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6}, {"m": "mu", "v": "nu"}),
    ("adamw/default", "adamw", {"learning_rate": 1e-3}, "adamw", {"lr": 1e-3}, {"m": "mu", "v": "nu"}),
    ("adamw/custom", "adamw", {"learning_rate": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, "adamw", {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, {"m": "mu", "v": "nu"}),
]  # fmt: skip


def _optax_slots(state, fields):
    """{companion slot: value} from optax's nested state, by the state field's name."""
    found = {}
    for path, leaf in jax.tree_util.tree_flatten_with_path(state)[0]:
        name = getattr(path[-1], "name", None)
        if name in fields.values():
            found.setdefault(name, []).append(onp.array(leaf))
    assert all(len(v) == 1 for v in found.values()), f"ambiguous optax state fields {found}"
    return {k: found[v][0] for k, v in fields.items()}


@pytest.mark.parametrize(
    ("name", "kwargs", "factory", "ckwargs", "slots"),
    [pytest.param(*v[1:], id=v[0]) for v in OPTAX_OPTIMIZERS],
)
def test_optax_trajectory(name, kwargs, factory, ckwargs, slots):
    from conformance_support import OPT_STEPS, OPT_W0, assert_same_trajectory, opt_grad

    opt = getattr(optax, name)(**kwargs)
    w = jnp.asarray(OPT_W0)
    state = opt.init(w)
    params, real_slots = [OPT_W0.copy()], []
    for _ in range(OPT_STEPS):
        updates, state = opt.update(jnp.asarray(opt_grad(onp.array(w))), state, w)
        w = optax.apply_updates(w, updates)
        assert w.dtype == jnp.float64
        params.append(onp.array(w))
        real_slots.append(_optax_slots(state, slots))
    assert_same_trajectory(
        params,
        real_slots,
        factory,
        {**ckwargs, "convention": "optax"},
        what=f"optax.{name}{kwargs}",
    )
