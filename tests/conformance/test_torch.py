"""PyTorch against the companion's emulations of it (float64 / complex128 throughout).

Each test runs the call that the emulation's docstring says it emulates, on the same inputs,
and compares: the same value to 1e-12 (torch computes in float64 here, as does the
emulation), None against None, or the same exception type.
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

torch = pytest.importorskip("torch")

F64 = torch.float64


def _numpy(t):
    return None if t is None else t.detach().resolve_conj().numpy().copy()


# ---- chapter 3: non-differentiable ops (companion.losses.framework_op_grad) ----------------

TORCH_OPS = {
    "round": torch.round,
    "floor": torch.floor,
    "sign": torch.sign,
    "cast": lambda t: t.to(torch.int64).to(F64),
    "abs": torch.abs,
    "relu": torch.relu,
    "maximum": lambda t: torch.maximum(t, torch.zeros_like(t)),
    "maximum_self": lambda t: torch.maximum(t, t),
    "clip": lambda t: torch.clamp(t, 0.0, 1.0),
}


def _torch_op_grad(op, x):
    t = torch.tensor(x, dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(TORCH_OPS[op](t).sum(), t)
    return _numpy(g)


@pytest.mark.parametrize("op", list(TORCH_OPS))
def test_op_grad(op):
    losses = companion_module("losses")
    emulate = companion_attr(losses, "framework_op_grad")
    x = onp.array(OP_POINTS)
    real = run_real(lambda: _torch_op_grad(op, x))
    emulated = run_emulated(
        lambda: emulate(op, x, "torch"), losses.FrameworkRaises, lambda e: e.error
    )
    assert_same_outcome(real, emulated, what=f"d sum({op}(x))/dx at {OP_POINTS}")


def test_every_emulated_op_is_checked():
    losses = companion_module("losses")
    assert set(companion_attr(losses, "FRAMEWORK_OPS")) <= set(TORCH_OPS)


# ---- chapter 2: the pulse gate (companion.gates.framework_gate_grad) -----------------------


def _torch_gate_grad(x, y, x_max, e, allow_unused):
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    yt = torch.tensor(y, dtype=F64, requires_grad=True)
    g = (((xt < x_max) & (xt > x_max - e)) | ((xt > -x_max) & (xt < -x_max + e))).to(xt.dtype)
    return tuple(
        _numpy(d) for d in torch.autograd.grad((g * yt).sum(), (xt, yt), allow_unused=allow_unused)
    )


@pytest.mark.parametrize("allow_unused", [False, True])
def test_gate_grad(allow_unused):
    gates = companion_module("gates")
    emulate = companion_attr(gates, "framework_gate_grad")
    x, y, (x_max, e) = onp.array(GATE_X), onp.array(GATE_Y), GATE_BAND
    real = run_real(lambda: _torch_gate_grad(x, y, x_max, e, allow_unused))
    emulated = run_emulated(
        lambda: emulate("torch", x, y, x_max, e, allow_unused=allow_unused),
        gates.FrameworkRaises,
        lambda err: err.error,
    )
    if isinstance(real, Raised) or isinstance(emulated, Raised):
        assert_same_outcome(real, emulated, what="(dz/dx, dz/dy)")
        return
    for name, r, m in zip(("dz/dx", "dz/dy"), real, emulated):
        assert_same_outcome(r, m, what=f"{name} of z = g*y at x = {GATE_X}")


@pytest.mark.parametrize("allow_unused", [False, True])
def test_cast_grad(allow_unused):
    gates = companion_module("gates")
    emulate = companion_attr(gates, "framework_cast_grad")
    x = onp.array(OP_POINTS)

    def real_call():
        t = torch.tensor(x, dtype=F64, requires_grad=True)
        (g,) = torch.autograd.grad(t.long().double().sum(), (t,), allow_unused=allow_unused)
        return _numpy(g)

    emulated = run_emulated(
        lambda: emulate("torch", x, allow_unused=allow_unused),
        gates.FrameworkRaises,
        lambda err: err.error,
    )
    assert_same_outcome(run_real(real_call), emulated, what="d sum(float(int(x)))/dx")


# ---- chapter 4: complex gradients (companion.wirtinger.framework_grad) ---------------------

TORCH_NS = Namespace(
    conj=torch.conj, abs=torch.abs, real=torch.real, imag=torch.imag, exp=torch.exp, sin=torch.sin
)
AUTOGRAD_NS = autograd_namespace()


def _torch_complex_grad(g, z0, cotangent, reduce):
    z = torch.tensor(z0, dtype=torch.complex128, requires_grad=True)
    out = g(TORCH_NS, z)
    if reduce:
        out = out.sum()
    if cotangent is None:
        (d,) = torch.autograd.grad(out, z)
    else:
        dtype = torch.complex128 if (out.is_complex() or isinstance(cotangent, complex)) else F64
        c = torch.full(out.shape, cotangent, dtype=dtype)
        (d,) = torch.autograd.grad(out, z, grad_outputs=c)
    return _numpy(d)


def _emulated_complex_grad(wirtinger, g, z0, cotangent, reduce, framework="torch"):
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
    real = run_real(lambda: _torch_complex_grad(g, z0, cotangent, reduce))
    emulated = _emulated_complex_grad(wirtinger, g, z0, cotangent, reduce)
    assert_same_outcome(real, emulated, what=f"torch gradient of {name} at {point}")


@pytest.mark.parametrize("reduce", [True, False], ids=["sum", "elementwise"])
@pytest.mark.parametrize("name", AT_ZERO_FUNCTIONS)
def test_complex_grad_at_zero(name, reduce):
    """At z = 0, where |z| is not differentiable, the value the framework picks."""
    g = COMPLEX_FUNCTIONS[name][1]
    cotangent = None if reduce else 1
    real = run_real(lambda: _torch_complex_grad(g, COMPLEX_AT_ZERO, cotangent, reduce))
    emulated = emulated_complex_grad("torch", g, COMPLEX_AT_ZERO, cotangent, reduce)
    assert_same_outcome(real, emulated, what=f"torch gradient of {name} at {COMPLEX_AT_ZERO}")


# ---- chapter 5: optimizers (companion.optimizers, convention="torch") -----------------------

# (id, torch.optim class, its kwargs, companion factory, its kwargs, {companion slot: torch state key})
TORCH_OPTIMIZERS = [
    ("sgd/default", "SGD", {}, "sgd", {}, {}),
    ("sgd/wd", "SGD", {"lr": 0.01, "weight_decay": 0.1}, "sgd", {"lr": 0.01, "weight_decay": 0.1}, {}),
    ("momentum", "SGD", {"lr": 0.01, "momentum": 0.9}, "momentum", {"lr": 0.01, "momentum": 0.9}, {"mom": "momentum_buffer"}),
    ("momentum/wd", "SGD", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, "momentum", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, {"mom": "momentum_buffer"}),
    ("nesterov", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, "nesterov", {"lr": 0.01, "momentum": 0.9}, {"mom": "momentum_buffer"}),
    ("adagrad/default", "Adagrad", {}, "adagrad", {}, {"acc": "sum"}),
    ("adagrad/wd", "Adagrad", {"lr": 0.1, "weight_decay": 0.1}, "adagrad", {"lr": 0.1, "weight_decay": 0.1}, {"acc": "sum"}),
    ("rmsprop/default", "RMSprop", {}, "rmsprop", {}, {"ms": "square_avg"}),
    ("rmsprop/momentum", "RMSprop", {"momentum": 0.9}, "rmsprop", {"momentum": 0.9}, {"ms": "square_avg", "mom": "momentum_buffer"}),
    ("rmsprop/centered", "RMSprop", {"centered": True}, "rmsprop", {"centered": True}, {"ms": "square_avg", "mg": "grad_avg"}),
    ("rmsprop/centered_momentum", "RMSprop", {"lr": 0.001, "centered": True, "momentum": 0.5}, "rmsprop", {"lr": 0.001, "centered": True, "momentum": 0.5}, {"ms": "square_avg", "mg": "grad_avg", "mom": "momentum_buffer"}),
    ("rmsprop/wd", "RMSprop", {"weight_decay": 0.1}, "rmsprop", {"weight_decay": 0.1}, {"ms": "square_avg"}),
    ("rmsprop/custom", "RMSprop", {"lr": 0.05, "alpha": 0.8, "eps": 1e-6}, "rmsprop", {"lr": 0.05, "rho": 0.8, "eps": 1e-6}, {"ms": "square_avg"}),
    ("adam/default", "Adam", {}, "adam", {}, {"m": "exp_avg", "v": "exp_avg_sq"}),
    ("adam/wd_coupled", "Adam", {"weight_decay": 0.1}, "adam", {"weight_decay": 0.1}, {"m": "exp_avg", "v": "exp_avg_sq"}),
    ("adamw/default", "AdamW", {}, "adamw", {}, {"m": "exp_avg", "v": "exp_avg_sq"}),
    ("adamw/custom", "AdamW", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}, "adamw", {"lr": 0.01, "b1": 0.8, "b2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, {"m": "exp_avg", "v": "exp_avg_sq"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "kwargs", "factory", "ckwargs", "slots"),
    [pytest.param(*v[1:], id=v[0]) for v in TORCH_OPTIMIZERS],
)
def test_optimizer_trajectory(cls, kwargs, factory, ckwargs, slots):
    from conformance_support import OPT_STEPS, OPT_W0, assert_same_trajectory, opt_grad

    w = torch.tensor(OPT_W0, dtype=F64, requires_grad=True)
    opt = getattr(torch.optim, cls)([w], **kwargs)
    params, real_slots = [OPT_W0.copy()], []
    for _ in range(OPT_STEPS):
        w.grad = torch.tensor(opt_grad(w.detach().numpy()), dtype=F64)
        opt.step()
        params.append(w.detach().numpy().copy())
        real_slots.append({k: _numpy(opt.state[w][v]) for k, v in slots.items()})
    assert_same_trajectory(
        params, real_slots, factory, {**ckwargs, "convention": "torch"}, what=f"torch {cls}{kwargs}"
    )
