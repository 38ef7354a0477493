"""companion.optimizers against the real frameworks' recorded trajectories, closed forms and autograd.

The oracle for every convention is tests/data/optimizer_trajectories.json: parameters and
optimizer slots after each of 10 steps, recorded from torch, Keras 3, TF1 (compat.v1) and
optax by tests/data/record_optimizer_trajectories.py (its header names the releases).
"""

import json
from pathlib import Path

import autograd.numpy as anp
import numpy as onp
import pytest
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from companion import frameworks, gradcheck
from companion import optimizers as opt

DATA = json.loads((Path(__file__).parent / "data" / "optimizer_trajectories.json").read_text())
HEADER, VARIANTS = DATA["header"], DATA["variants"]
CURVATURE = onp.array(HEADER["curvature"])
W0 = onp.array(HEADER["w0"])
FACTORIES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")


def build(variant):
    spec = variant["companion"]
    return getattr(opt, spec["factory"])(**spec["kwargs"])


def replay(variant):
    return opt.trajectory(build(variant), lambda w: CURVATURE * w, W0, HEADER["steps"])


# ---- the recorded framework trajectories ---------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS, ids=[v["id"] for v in VARIANTS])
def test_matches_the_recorded_framework_trajectory(variant):
    run = replay(variant)
    recorded = onp.array(variant["params"])
    assert recorded.shape[0] >= 6  # at least 5 steps after the start
    # The issue asks for 1e-6; the emulation (float32 hyperparameters included) reaches 1e-12.
    onp.testing.assert_allclose(run["params"], recorded, rtol=0, atol=1e-12)
    for ours, theirs in variant["slots"].items():
        slot = onp.array([state[ours] for state in run["states"]])
        onp.testing.assert_allclose(
            slot, onp.array(variant["slots_recorded"][theirs]), rtol=1e-12, atol=1e-300
        )


def test_every_factory_and_convention_is_recorded():
    recorded = {
        (v["companion"]["factory"], v["companion"]["kwargs"]["convention"]) for v in VARIANTS
    }
    for factory in FACTORIES:
        for convention in opt.CONVENTIONS:
            if factory == "adamw" and convention == "tf1":
                continue  # TF1 has no AdamW; test_tf1_has_no_adamw
            assert (factory, convention) in recorded, (factory, convention)
    kinds = {v["id"].split("/", 2)[-1] for v in VARIANTS}
    assert {"momentum", "centered", "centered_momentum", "wd"} <= kinds


def test_recording_names_the_verified_releases():
    for name, version in HEADER["versions"].items():
        assert version.split("+")[0] == frameworks.VERIFIED_VERSIONS[name], name
    assert HEADER["steps"] >= 5 and "how" in HEADER
    g = CURVATURE * W0
    assert abs(g).max() / abs(g).min() > 1e8  # magnitudes span orders, one coordinate tiny


def test_emulating_float32_hyperparameters_is_needed_for_keras_and_tf1():
    """Keras keeps lr in a float32 variable; TF1 makes float32 tensors of every hyperparameter."""
    for vid in ("keras/adam/wd", "tf1/adam/custom"):
        variant = next(v for v in VARIANTS if v["id"] == vid)
        recorded = onp.array(variant["params"])
        kwargs = dict(variant["companion"]["kwargs"], convention="torch")
        kwargs["eps"] = kwargs.get("eps", build(variant).hyper["eps"])
        if vid.startswith("keras"):  # as if Keras computed everything in float64
            exact = _keras_adam_in_float64(kwargs)
        else:
            exact = _epsilon_hat_adam_in_float64(kwargs)
        gap = onp.abs(exact - recorded).max()
        assert 1e-11 < gap < 1e-6, (vid, gap)


def _epsilon_hat_adam_in_float64(kw, decay=0.0):
    w, m, v, out = W0.copy(), 0.0, 0.0, [W0.copy()]
    b1, b2, lr, eps = kw.get("b1", 0.9), kw.get("b2", 0.999), kw["lr"], kw["eps"]
    for t in range(1, HEADER["steps"] + 1):
        g = CURVATURE * w
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        w = w - lr * decay * w - lr * onp.sqrt(1 - b2**t) / (1 - b1**t) * m / (onp.sqrt(v) + eps)
        out.append(w)
    return onp.array(out)


def _keras_adam_in_float64(kw):
    return _epsilon_hat_adam_in_float64(kw, decay=kw.get("weight_decay", 0.0))


# ---- closed forms and consistency --------------------------------------------------------


@pytest.mark.parametrize("convention", opt.CONVENTIONS)
def test_sgd_on_a_quadratic_is_geometric(convention):
    lr = 0.25  # exact in float32, so every convention agrees to the last bit
    run = opt.trajectory(opt.sgd(lr=lr, convention=convention), lambda w: 3.0 * w, onp.ones(2), 6)
    onp.testing.assert_allclose(run["params"][:, 0], (1 - 3 * lr) ** onp.arange(7), rtol=1e-15)


def test_torch_rmsprop_first_step_is_ten_lr_sign_g():
    o = opt.rmsprop(convention="torch")
    g = onp.array([1e3, 1.0, -1e-3, 1e-5])
    delta, _ = o.update(g, o.init(onp.zeros(4)))
    onp.testing.assert_allclose(delta, -10 * o.hyper["lr"] * onp.sign(g), rtol=1e-2)


def test_tf1_rmsprop_starts_its_mean_square_at_one():
    o = opt.rmsprop(lr=0.1, convention="tf1")
    g = onp.array([1e-4])
    delta, state = o.update(g, o.init(onp.zeros(1)))
    onp.testing.assert_allclose(state["ms"], 0.9 + 0.1 * 1e-8, rtol=1e-7)
    onp.testing.assert_allclose(delta, -opt._f32(0.1) * g / onp.sqrt(0.9 + 1e-9), rtol=1e-6)


@settings(max_examples=30, deadline=None)
@given(
    arrays(onp.float64, (4, 3), elements=st.floats(-5, 5, allow_subnormal=False)),
    st.sampled_from([0.5, 0.75, 0.875]),  # exact in float32, as Keras casts μ
    st.booleans(),
)
def test_keras_and_torch_momentum_give_the_same_deltas_at_constant_lr(gs, mu, nest):
    lr = 0.125  # exact in float32, so Keras' float32 learning rate does not blur the comparison
    k = opt.momentum(lr=lr, momentum=mu, nesterov=nest, convention="keras")
    t = opt.momentum(lr=lr, momentum=mu, nesterov=nest, convention="torch")
    sk, st_ = k.init(onp.zeros(3)), t.init(onp.zeros(3))
    for g in gs:
        dk, sk = k.update(g, sk)
        dt, st_ = t.update(g, st_)
        onp.testing.assert_allclose(dk, dt, rtol=1e-9, atol=1e-12)
        if not nest:  # Keras' slot is the delta; torch's is −delta/lr
            onp.testing.assert_array_equal(sk["mom"], dk)
            onp.testing.assert_allclose(-lr * st_["mom"], dt, rtol=1e-15)


@settings(max_examples=25, deadline=None)
@given(
    arrays(onp.float64, (2, 5), elements=st.floats(-3, 3, allow_subnormal=False)),
    st.sampled_from(FACTORIES),
    st.sampled_from(("torch", "keras", "optax")),
)
def test_dicts_and_lists_of_arrays_update_like_one_flat_array(gs, factory, convention):
    kwargs = {"lr": 0.01, "convention": convention}
    if factory in ("momentum", "nesterov"):
        kwargs["momentum"] = 0.9
    o = getattr(opt, factory)(**kwargs)
    params = onp.linspace(-1, 1, 5)
    as_dict = lambda x: {"w": x[:3].reshape(3, 1), "b": x[3:]}
    as_list = lambda x: [x[:2], x[2:]]
    s_flat, s_dict, s_list = o.init(params), o.init(as_dict(params)), o.init(as_list(params))
    for g in gs:
        d_flat, s_flat = o.update(g, s_flat, params)
        d_dict, s_dict = o.update(as_dict(g), s_dict, as_dict(params))
        d_list, s_list = o.update(as_list(g), s_list, as_list(params))
        assert set(d_dict) == {"w", "b"} and d_dict["w"].shape == (3, 1)
        assert isinstance(d_list, list) and len(d_list) == 2
        onp.testing.assert_array_equal(onp.concatenate([d_dict["w"].ravel(), d_dict["b"]]), d_flat)
        onp.testing.assert_array_equal(onp.concatenate(d_list), d_flat)
        new = opt.apply(as_dict(params), d_dict)
        onp.testing.assert_array_equal(new["b"], params[3:] + d_flat[3:])


def test_adamw_decays_the_weights_and_adam_with_l2_decays_the_gradient():
    w = onp.array([10.0, 10.0])
    g = onp.array([1.0, 1e-6])  # one coordinate's decay term swamps its gradient
    coupled = opt.adam(lr=0.1, weight_decay=0.1, convention="torch")
    decoupled = opt.adamw(lr=0.1, weight_decay=0.1, convention="torch")
    d_c, _ = coupled.update(g, coupled.init(w), w)
    d_d, _ = decoupled.update(g, decoupled.init(w), w)
    # coupled: the decay enters g and is normalised away: both steps ≈ −lr
    onp.testing.assert_allclose(d_c, [-0.1, -0.1], rtol=1e-6)
    # decoupled: Adam's normalised step plus −lr·λ·w outside the normalisation
    onp.testing.assert_allclose(d_d, [-0.1 - 0.1, -0.1 * 1e-6 / (1e-6 + 1e-8) - 0.1], rtol=1e-6)


def test_keras_adam_weight_decay_is_decoupled_and_torch_adam_coupled():
    assert opt.adam(convention="torch").hyper["decay_mode"] == "coupled"
    assert opt.adam(convention="keras").hyper["decay_mode"] == "decoupled"
    assert opt.adamw(convention="torch").hyper["decay_mode"] == "decoupled"
    assert opt.adam(lr=0.1, convention="optax").hyper["weight_decay"] is None


def test_update_is_differentiable_with_autograd():
    o = opt.adam(lr=0.1, weight_decay=0.01, convention="torch")

    def loss_after_two_steps(w):
        state = o.init(onp.zeros(3))
        for _ in range(2):
            delta, state = o.update(anp.sin(w) * w, state, w)
            w = opt.apply(w, delta)
        return anp.sum(w**2)

    w0 = onp.array([0.3, -1.2, 2.0])
    result = gradcheck.check_grad(loss_after_two_steps, w0, grad=grad(loss_after_two_steps))
    assert result.max_rel_error < 1e-6, result


def test_effective_lr_of_sgd_is_the_lr_everywhere():
    o = opt.sgd(lr=0.05, convention="optax")
    g = onp.array([3.0, -1e-7, 200.0])
    delta, _ = o.update(g, o.init(g))
    onp.testing.assert_allclose(opt.effective_lr(delta, g), 0.05)


def test_trajectory_keeps_structure_for_dicts():
    run = opt.trajectory(opt.sgd(lr=0.5), lambda p: {"a": p["a"]}, {"a": onp.ones(2)}, 2)
    assert len(run["params"]) == 3 and run["params"][-1]["a"].tolist() == [0.25, 0.25]


def test_init_accepts_lists_of_numbers_as_one_array():
    state = opt.rmsprop(lr=0.1, convention="tf1").init([1.0, 2.0])
    assert isinstance(state["ms"], onp.ndarray) and state["ms"].tolist() == [1.0, 1.0]


# ---- defaults ------------------------------------------------------------------------------


def test_defaults_are_what_a_factory_uses_when_nothing_is_given():
    for factory in FACTORIES:
        for convention in opt.CONVENTIONS:
            if factory == "adamw" and convention == "tf1":
                continue
            d = opt.defaults(factory, convention)
            given = {"lr": 0.5} if d["lr"] == "required" else {}
            if d.get("momentum") == "required":
                given["momentum"] = 0.5
            hyper = getattr(opt, factory)(convention=convention, **given).hyper
            for key, value in d.items():
                assert hyper[key] == given.get(key, value), (factory, convention, key)
    with pytest.raises(ValueError, match="unknown factory 'lamb'"):
        opt.defaults("lamb", "torch")
    with pytest.raises(ValueError, match="unknown convention 'tf1'"):
        opt.defaults("adamw", "tf1")


def test_framework_defaults():
    assert opt.rmsprop(convention="torch").hyper["rho"] == 0.99
    assert opt.rmsprop(convention="keras").hyper["eps"] == 1e-7
    assert opt.rmsprop(lr=1.0, convention="tf1").hyper["ms_init"] == 1.0
    assert opt.adam(convention="keras").hyper["eps"] == 1e-7
    assert opt.adamw(convention="keras").hyper["weight_decay"] == 0.004
    assert opt.sgd(convention="torch").hyper["lr"] == 1e-3


# ---- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: opt.sgd(lr=0.0), "lr must be > 0"),
        (lambda: opt.sgd(lr=-1.0), "lr must be > 0"),
        (lambda: opt.rmsprop(rho=1.0), r"rho must be in \[0, 1\)"),
        (lambda: opt.rmsprop(rho=-0.1), r"rho must be in \[0, 1\)"),
        (lambda: opt.adam(b1=1.0), r"b1 must be in \[0, 1\)"),
        (lambda: opt.adam(b2=1.5), r"b2 must be in \[0, 1\)"),
        (lambda: opt.momentum(lr=0.1, momentum=1.0), r"momentum must be in \[0, 1\)"),
        (lambda: opt.adam(eps=-1e-8), "eps must be > 0"),
        (
            lambda: opt.adagrad(initial_accumulator_value=-1.0),
            "initial_accumulator_value must be >= 0",
        ),
        (lambda: opt.sgd(lr=0.1, weight_decay=-0.1), "weight_decay must be >= 0"),
        (
            lambda: opt.adam(convention="pytorch"),
            "unknown convention 'pytorch'; valid: 'torch', 'keras', 'tf1', 'optax'",
        ),
        (
            lambda: opt.adamw(convention="tf1"),
            "unknown convention 'tf1'; valid: 'torch', 'keras', 'optax'",
        ),
        (lambda: opt.sgd(convention="tf1"), "lr is required for sgd"),
        (lambda: opt.momentum(lr=0.1), "momentum is required"),
        (lambda: opt.adagrad(lr=0.1, eps=1e-7, convention="tf1"), "has no eps"),
        (lambda: opt.adam(lr=0.1, weight_decay=0.1, convention="optax"), "has no weight_decay"),
    ],
)
def test_bad_hyperparameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_non_numeric_hyperparameters_are_rejected():
    with pytest.raises(TypeError, match="lr must be a real number"):
        opt.sgd(lr="0.1")
    with pytest.raises(TypeError, match="rho must be a real number"):
        opt.rmsprop(rho="0.9")


@pytest.mark.parametrize("bad", [onp.nan, onp.inf, -onp.inf])
def test_non_finite_gradient_raises_naming_the_coordinate(bad):
    o = opt.adam()
    state = o.init({"w": onp.zeros(3)})
    with pytest.raises(ValueError, match=r"grads\['w'\] must be finite; found .* at index \(1,\)"):
        o.update({"w": onp.array([1.0, bad, 2.0])}, state)
    assert state["step"] == 0 and not state["m"]["w"].any()  # the state is untouched


@pytest.mark.parametrize(
    "grads, message",
    [
        (onp.zeros(4), r"grads has shape \(4,\), but params has shape \(3,\)"),
        ({"w": onp.zeros(3)}, "grads must be an array like params, got a dict"),
    ],
)
def test_grads_that_do_not_match_params_are_named(grads, message):
    o = opt.rmsprop()
    with pytest.raises(ValueError, match=message):
        o.update(grads, o.init(onp.zeros(3)), onp.zeros(3))


def test_structure_mismatches_inside_trees_are_named():
    o = opt.adam()
    params = {"w": onp.zeros((2, 2)), "b": [onp.zeros(2), onp.zeros(1)]}
    state = o.init(params)
    with pytest.raises(ValueError, match=r"grads\['w'\] has shape \(2,\), but"):
        o.update({"w": onp.zeros(2), "b": params["b"]}, state)
    with pytest.raises(ValueError, match=r"grads must have the structure .*keys \['w', 'b'\]"):
        o.update({"b": params["b"], "w": params["w"]}, state)
    with pytest.raises(
        ValueError, match=r"grads\['b'\] must have the structure .*length 2, got length 3"
    ):
        o.update({"w": params["w"], "b": [onp.zeros(2)] * 3}, state)
    with pytest.raises(ValueError, match=r"delta\['b'\]\[1\] has shape"):
        opt.apply(params, {"w": params["w"], "b": [onp.zeros(2), onp.zeros(3)]})


def test_other_bad_calls():
    o = opt.adamw()
    with pytest.raises(ValueError, match="params is required: adamw applies weight decay"):
        o.update(onp.ones(2), o.init(onp.ones(2)))
    with pytest.raises(TypeError, match="state must be the dict returned by init"):
        o.update(onp.ones(2), None, onp.ones(2))
    with pytest.raises(TypeError, match="grads must be real"):
        opt.sgd(lr=0.1).update(onp.ones(2) * 1j, {"step": 0})
    with pytest.raises(ValueError, match="params must be finite"):
        o.init([1.0, onp.nan])
    with pytest.raises(ValueError, match=r"steps must be in \[0, 1000000\], got -1"):
        opt.trajectory(o, lambda w: w, onp.ones(2), -1)
    with pytest.raises(ValueError, match=r"grads is 0 at index \(1,\)"):
        opt.effective_lr(onp.ones(2), onp.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="delta has shape"):
        opt.effective_lr(onp.ones(2), onp.ones(3))


def test_importing_the_module_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, companion.optimizers; "
        "print(sorted(m for m in ('matplotlib', 'scipy', 'statsmodels', 'torch', 'tensorflow') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("convention", opt.CONVENTIONS)
def test_trajectory_fast_path_equals_update_and_apply(convention):
    """trajectory steps plain float64 arrays without update's checks: the same numbers, bit for
    bit, as calling update and apply, and the same state."""
    grad_fn = lambda w: onp.array([40.0, 1.0, 1e-2, 1e-8]) * w  # noqa: E731
    w0 = onp.array([1.0, -2.0, 0.5, -1.5])
    for factory in FACTORIES:
        if factory == "adamw" and convention == "tf1":
            continue
        kwargs = {"lr": 0.05}
        if factory in ("momentum", "nesterov"):
            kwargs["momentum"] = 0.9
        o = getattr(opt, factory)(convention=convention, **kwargs)
        run = opt.trajectory(o, grad_fn, w0, 7)
        w, state = w0, o.init(w0)
        for t in range(7):
            delta, state = o.update(grad_fn(w), state, w)
            w = opt.apply(w, delta)
            assert (run["params"][t + 1] == w).all() and (run["deltas"][t] == delta).all()
            for slot in o.slots:
                assert (run["states"][t][slot] == state[slot]).all(), (factory, slot)
        assert run["states"][-1]["step"] == 7


def test_trajectory_fast_path_still_refuses_an_overflow():
    with pytest.raises(FloatingPointError, match="step 1: at grads index"):
        opt.trajectory(opt.adam(lr=0.1), lambda w: onp.array([1.0, 1e200]), onp.ones(2), 3)
