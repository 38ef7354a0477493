"""PyTorch against the companion's emulations of it (float64 / complex128 throughout).

Each test runs the call that the emulation's docstring says it emulates, on the same inputs,
and compares: the same value to 1e-12 (torch computes in float64 here, as does the
emulation), None against None, or the same exception type.
"""

import numpy as onp
import pytest
from conformance_support import (
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
    run_emulated,
    run_real,
)

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
        lambda: emulate(op, x, "torch"), losses.FrameworkRaises, lambda e: e.framework_error
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
        wirtinger.FrameworkError,
        lambda err: err.raises.split(":")[0],
    )


@pytest.mark.parametrize(("name", "point", "reduce", "cotangent"), complex_cases())
def test_complex_grad(name, point, reduce, cotangent):
    wirtinger = companion_module("wirtinger")
    companion_attr(wirtinger, "framework_grad")
    g, z0 = COMPLEX_FUNCTIONS[name][1], COMPLEX_POINTS[point]
    real = run_real(lambda: _torch_complex_grad(g, z0, cotangent, reduce))
    emulated = _emulated_complex_grad(wirtinger, g, z0, cotangent, reduce)
    assert_same_outcome(real, emulated, what=f"torch gradient of {name} at {point}")
