"""Chapter 2's framework snippets (issue 13) against companion.gates.

Five routes, each in Keras/TensorFlow, PyTorch and JAX, all computing in float64:

- 02_answer: the short answer's fifteen lines, a fast-sigmoid surrogate step and the gate on the
  chapter's example points; dz/dx must equal y times the gradient of
  gates.surrogate_pulse_gate(x, 1, 0.3, "fast_sigmoid", 0.1), a non-unit incoming gradient.
- 02_relaxation: the gate with each step replaced by a sigmoid of temperature 0.1, on the same
  points; its values and y times its gradient must equal gates.soft_pulse_gate's.
- 02_surrogate: the unit step with a custom backward pass (tf.custom_gradient, a
  torch.autograd.Function, jax.custom_vjp) and the pulse gate built from four such steps. For
  every entry of gates.SURROGATES, the step's and the gate's gradients must equal
  gates.heaviside's and gates.surrogate_pulse_gate's, and the forward gate pulse_gate's.
- 02_straight_through: the step as x + stop_gradient(H(x) - x) (detach in PyTorch): slope 1
  for one step, and exactly 0 for the pulse, where the four slopes cancel.
- 02_train: the chapter's gated recurrent cell trained five Adam steps through the sigmoid
  surrogate. PyTorch's Adam and optax.adam are the algorithm of companion.nets.adam_fit, so
  their losses and parameters must equal gates.train_gated_rnn's. Keras' Adam adds ε before
  the bias correction ("ε-hat"), so its parameters drift from adam_fit's by about 5e-4 after
  five steps; it is compared instead with the same cell trained by
  companion.optimizers.adam(convention="keras"), the same algorithm, to 1e-9.

The recurrence is unrolled by a loop (scan in JAX) in the snippets and by one matrix power per
unit in the companion, so float64 rounding differs by a few ulps: tolerance 1e-9.
"""

import functools
import re

import numpy as onp
import pytest
from conformance_support import STRICT, assert_close, companion_module, run_snippet

TOL = 1e-9
FRAMEWORKS = {"keras": "tensorflow", "torch": "torch", "jax": "jax"}
TRAIN = {"steps": 5, "seed": 0, "lr": 0.1, "n_seq": 40, "length": 30, "n_units": 4}
TRAIN_GATE = {"x_max": 1.0, "e": 0.5, "surrogate": "sigmoid", "scale": 0.2}


def cases(route):
    return pytest.mark.parametrize(
        "framework", list(FRAMEWORKS), ids=[f"ch02-{route}-{k}" for k in FRAMEWORKS]
    )


def run(route, framework, *names):
    if not STRICT:
        pytest.importorskip(FRAMEWORKS[framework])
    return run_snippet(f"02_{route}_{framework}.py", *names)


def elementwise(f, *args):
    from autograd import elementwise_grad

    return onp.asarray(elementwise_grad(f)(*args), dtype=float)


@cases("answer")
def test_short_answer_gives_the_companions_surrogate_gradient(framework):
    gates = companion_module("gates")
    stdout, v = run("answer", framework, "x", "y", "dz_dx", "S")
    x, y, s = v["x"].astype(float), v["y"].astype(float), float(v["S"])
    expected = y * elementwise(gates.surrogate_pulse_gate, x, 1.0, 0.3, "fast_sigmoid", s)
    assert_close(v["dz_dx"], expected, TOL, f"{framework}: dz/dx")
    assert onp.count_nonzero(expected) >= 6 and len(set(onp.round(expected, 6))) >= 6
    assert "dz/dx =" in stdout


@cases("relaxation")
def test_relaxed_gate_and_its_gradient_equal_the_companions(framework):
    gates = companion_module("gates")
    _, v = run("relaxation", framework, "x", "y", "g", "dz_dx", "S")
    x, y, s = v["x"].astype(float), v["y"].astype(float), float(v["S"])
    assert_close(v["g"], gates.soft_pulse_gate(x, 1.0, 0.3, "sigmoid", s), TOL, "soft gate")
    expected = y * elementwise(gates.soft_pulse_gate, x, 1.0, 0.3, "sigmoid", s)
    assert_close(v["dz_dx"], expected, TOL, f"{framework}: dz/dx")
    assert 0.4 < float(onp.max(v["g"][:2])) < 0.6  # soft: about 1/2 near an edge


@cases("surrogate")
def test_surrogate_step_and_gate_gradients_equal_the_companions(framework):
    gates = companion_module("gates")
    stdout, v = run(
        "surrogate", framework, "X", "X_MAX", "E", "SCALE", "gate", "step_grads", "gate_grads"
    )
    x, x_max, e, s = v["X"].astype(float), float(v["X_MAX"]), float(v["E"]), float(v["SCALE"])
    names = re.findall(r"^(\w+)\s+dg/dx =", stdout, re.M)
    assert names == list(gates.SURROGATES), f"the snippet covers {names}"
    assert v["step_grads"].shape == v["gate_grads"].shape == (len(names), x.size)
    assert_close(v["gate"], gates.pulse_gate(x, x_max, e), TOL, "forward gate")
    for i, name in enumerate(names):
        step = elementwise(gates.heaviside, x, name, s)
        gate = elementwise(gates.surrogate_pulse_gate, x, x_max, e, name, s)
        assert_close(v["step_grads"][i], step, TOL, f"{framework} {name}: dH/dx")
        assert_close(v["gate_grads"][i], gate, TOL, f"{framework} {name}: dg/dx")
    assert onp.count_nonzero(v["gate_grads"][:-1]) > 3 * (len(names) - 1)  # not all zero


@cases("straight_through")
def test_straight_through_step_is_one_and_cancels_on_the_pulse(framework):
    gates = companion_module("gates")
    _, v = run("straight_through", framework, "X", "X_MAX", "E", "gate", "step_grad", "gate_grad")
    x, x_max, e = v["X"].astype(float), float(v["X_MAX"]), float(v["E"])
    assert_close(v["gate"], gates.pulse_gate(x, x_max, e), TOL, "forward gate")
    step = elementwise(gates.heaviside, x, "straight_through")
    gate = elementwise(gates.surrogate_pulse_gate, x, x_max, e, "straight_through")
    assert_close(v["step_grad"], step, TOL, "dH/dx")
    assert_close(v["gate_grad"], gate, TOL, "dg/dx")
    assert onp.all(step == 1.0) and onp.all(gate == 0.0)


@functools.cache
def reference(convention):
    """(losses per step, trained parameters as leak_logit, w, b, W, c) of the companion."""
    gates = companion_module("gates")
    if convention == "adam_fit":
        run_ = gates.train_gated_rnn("surrogate", **TRAIN, **TRAIN_GATE)
        return run_.history[:-1], run_.params  # the loss before each step, as the snippets record
    import autograd.numpy as anp
    from autograd import value_and_grad

    optimizers = companion_module("optimizers")
    task = gates.band_task(TRAIN["n_seq"], TRAIN["length"], TRAIN["seed"])

    def loss(p):
        z, _ = gates.gated_rnn(p, task["u"], task["y"], "surrogate", **TRAIN_GATE)
        return anp.mean((z - task["target"]) ** 2)

    params = gates.init_gated_rnn(TRAIN["n_units"], TRAIN["seed"])
    opt = optimizers.adam(lr=TRAIN["lr"], eps=1e-8, convention="keras")
    state, history = opt.init(params), []
    for _ in range(TRAIN["steps"]):
        value, g = value_and_grad(loss)(params)
        delta, state = opt.update(g, state, params)
        params = optimizers.apply(params, delta)
        history.append(float(value))
    return onp.array(history), params


def flat(params, framework):
    """The companion's parameters in the order of the snippet's ``trained`` vector."""
    (w, b), (W, c) = params["input"][0], params["readout"][0]
    order = (
        (w, b, params["leak_logit"], W, c)
        if framework == "jax"
        else (params["leak_logit"], w, b, W, c)
    )
    return onp.concatenate([onp.ravel(onp.asarray(a, dtype=float)) for a in order])


@cases("train")
def test_trained_cell_matches_the_companions_run(framework):
    _, v = run("train", framework, "losses", "trained", "STEPS", "LR", "SCALE")
    assert int(v["STEPS"]) == TRAIN["steps"] and float(v["LR"]) == TRAIN["lr"]
    assert float(v["SCALE"]) == TRAIN_GATE["scale"]
    history, params = reference("keras" if framework == "keras" else "adam_fit")
    assert_close(v["losses"], history, TOL, f"{framework}: loss per step")
    assert_close(v["trained"], flat(params, framework), TOL, f"{framework}: trained parameters")
    assert history[-1] < 0.7 * history[0]  # five steps already lower the loss
