"""Bad input for companion.optimizers (issue 16): every public function and the Optimizer's
init/update, each refused with a named error, plus hypothesis properties (finite valid input
gives a finite delta and state or a named error, never a silent inf or NaN; no input is
mutated).

The most serious finding the suite pins down: one large but finite gradient (1e200) used to
make adam, adamw, Keras' Adam, rmsprop and adagrad store inf in a slot silently. ``update`` now
raises FloatingPointError naming the coordinate and the step, and says what that framework
does: PyTorch, optax, Keras' RMSprop and every Adagrad freeze the weight with a delta of −0;
Keras' Adam and AdamW and TF1's Adam and RMSProp turn the slot and the weight NaN one step
later (tests/conformance/test_ch05_huge_gradient.py checks each message against the framework).
"""

import copy

import numpy as onp
import pytest
from badinput import Bad, params, run
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from companion import optimizers as opt

HUGE = 1e200  # finite, but its square is not


def update_once(factory, grads, state_edit=None, params=None, steps_before=1, **kwargs):
    """Build ``factory(**kwargs)``, take ``steps_before`` ordinary steps, edit the state, update."""
    o = getattr(opt, factory)(**kwargs)
    p = onp.ones(3) if params is None else params
    state = o.init(p)
    for _ in range(steps_before):
        _, state = o.update(onp.array([0.5, -1.0, 2.0]), state, p)
    if state_edit:
        state = {**state, **state_edit}
    return o.update(grads, state, p)


def init_with(factory, value, **kwargs):
    return getattr(opt, factory)(**kwargs).init(value)


BIG = onp.array([1.0, HUGE, 2.0])

CASES = [
    # ---- one large, finite gradient: a slot would overflow (the silent freeze) ----------------
    Bad(update_once, ("adam", BIG), raises=FloatingPointError, match="step 2: at grads index (1,)", covers=opt.adam, id="adam-huge-grad"),
    Bad(update_once, ("adam", BIG), raises=FloatingPointError, match="slot 'v' became inf", covers=opt.adam, id="adam-huge-grad-slot"),
    Bad(update_once, ("adam", BIG), raises=FloatingPointError, match="store inf there and return a delta of -0", covers=opt.adam, id="adam-huge-grad-framework"),
    Bad(update_once, ("adamw", BIG), raises=FloatingPointError, match="the gradient never moves that weight again", covers=opt.adamw, id="adamw-huge-grad"),
    Bad(update_once, ("adam", BIG), {"convention": "keras"}, raises=FloatingPointError, match="adam(convention='keras') step 2", covers=opt.adam, id="keras-adam-huge-grad"),
    Bad(update_once, ("adam", BIG), {"convention": "tf1"}, raises=FloatingPointError, match="slot 'v' became inf", covers=opt.adam, id="tf1-adam-huge-grad"),
    Bad(update_once, ("adam", BIG), {"convention": "keras"}, raises=FloatingPointError, match="the weight becomes NaN at step 3", covers=opt.adam, id="keras-adam-huge-grad-nan-next"),
    Bad(update_once, ("adamw", BIG), {"convention": "keras"}, raises=FloatingPointError, match="inf − inf = NaN", covers=opt.adamw, id="keras-adamw-huge-grad-nan-next"),
    Bad(update_once, ("rmsprop", BIG), {"lr": 0.1, "convention": "tf1"}, raises=FloatingPointError, match="the weight becomes NaN at step 3", covers=opt.rmsprop, id="tf1-rmsprop-huge-grad-nan-next"),
    Bad(update_once, ("rmsprop", BIG), {"lr": 0.1, "convention": "optax"}, raises=FloatingPointError, match="the weight freezes", covers=opt.rmsprop, id="optax-rmsprop-huge-grad-freezes"),
    Bad(update_once, ("rmsprop", BIG), {"centered": True}, raises=FloatingPointError, match="AVX2 and AVX-512 CPU kernels", covers=opt.rmsprop, id="torch-centered-huge-grad-fma"),
    Bad(update_once, ("adam", BIG), {"lr": 0.1, "convention": "optax"}, raises=FloatingPointError, match="slot 'v' became inf", covers=opt.adam, id="optax-adam-huge-grad"),
    Bad(update_once, ("rmsprop", BIG), raises=FloatingPointError, match="slot 'ms' became inf", covers=opt.rmsprop, id="rmsprop-huge-grad"),
    Bad(update_once, ("rmsprop", BIG), {"convention": "keras"}, raises=FloatingPointError, match="weight freezes", covers=opt.rmsprop, id="keras-rmsprop-huge-grad"),
    Bad(update_once, ("rmsprop", BIG), {"centered": True, "momentum": 0.9}, raises=FloatingPointError, match="slot 'ms' became inf", covers=opt.rmsprop, id="rmsprop-centered-huge-grad"),
    Bad(update_once, ("adagrad", BIG), raises=FloatingPointError, match="slot 'acc' became inf", covers=opt.adagrad, id="adagrad-huge-grad"),
    Bad(update_once, ("adagrad", BIG), {"lr": 0.1, "convention": "tf1"}, raises=FloatingPointError, match="slot 'acc' became inf", covers=opt.adagrad, id="tf1-adagrad-huge-grad"),
    Bad(update_once, ("sgd", onp.array([1.0, 1e308, 0.0])), {"lr": 10.0}, raises=FloatingPointError, match="the delta became -inf", covers=opt.sgd, id="sgd-delta-overflow"),
    Bad(update_once, ("momentum", onp.array([1.0, 1.7e308, 0.0]), {"mom": onp.array([0.0, 1e308, 0.0])}), {"lr": 0.1, "momentum": 0.9}, raises=FloatingPointError, match="slot 'mom' became inf", covers=opt.momentum, id="momentum-slot-overflow"),
    Bad(update_once, ("nesterov", onp.array([1.0, 1.7e308, 0.0]), {"mom": onp.array([0.0, -1e308, 0.0])}), {"lr": 1.0, "momentum": 0.9, "convention": "keras"}, raises=FloatingPointError, match="nesterov(convention='keras')", covers=opt.nesterov, id="nesterov-overflow"),
    # ---- non-finite gradients and mismatched structures --------------------------------------
    Bad(update_once, ("adam", onp.array([1.0, onp.nan, 2.0])), match="grads must be finite; found nan at index (1,)", covers=opt.adam, id="grads-nan"),
    Bad(update_once, ("rmsprop", onp.array([onp.inf, 0.0, 2.0])), match="grads must be finite", covers=opt.rmsprop, id="grads-inf"),
    Bad(update_once, ("sgd", onp.array([1j, 0, 0])), {"lr": 0.1}, raises=TypeError, match="grads must be real", covers=opt.sgd, id="grads-complex"),
    Bad(update_once, ("sgd", onp.array(["a", "b", "c"])), {"lr": 0.1}, raises=TypeError, match="grads must be numeric", covers=opt.sgd, id="grads-strings"),
    Bad(update_once, ("adam", onp.ones(4)), match="grads has shape (4,), but params has shape (3,)", covers=opt.adam, id="grads-shape"),
    Bad(update_once, ("adam", {"w": onp.ones(3)}), match="grads must be an array like params, got a dict", covers=opt.adam, id="grads-structure"),
    # ---- corrupted state --------------------------------------------------------------------
    Bad(update_once, ("adam", onp.ones(3), {"step": float("nan")}), raises=TypeError, match='state["step"] must be an integer, got float nan', covers=opt.adam, id="state-step-nan"),
    Bad(update_once, ("adam", onp.ones(3), {"step": -5}), match='state["step"] must be in [0, inf], got -5', covers=opt.adam, id="state-step-negative"),
    Bad(update_once, ("adam", onp.ones(3), {"step": 0.5}), raises=TypeError, match="the state is corrupted", covers=opt.adam, id="state-step-half"),
    Bad(update_once, ("adam", onp.ones(3), {"step": True}), raises=TypeError, match='state["step"] must be an integer, got bool', covers=opt.adam, id="state-step-bool"),
    Bad(update_once, ("adam", onp.ones(3), {"v": onp.array([1.0, -1e-3, 0.0])}), match='state["v"] must be >= 0 (a mean square or sum of squares); found -0.001 at index (1,)', covers=opt.adam, id="state-v-negative"),
    Bad(update_once, ("adam", onp.ones(3), {"m": onp.array([onp.nan, 0.0, 0.0])}), match='state["m"] must be finite; found nan', covers=opt.adam, id="state-m-nan"),
    Bad(update_once, ("rmsprop", onp.ones(3), {"ms": onp.array([onp.inf, 0.0, 0.0])}), match='state["ms"] must be finite', covers=opt.rmsprop, id="state-ms-inf"),
    Bad(update_once, ("rmsprop", onp.ones(3), {"ms": onp.array([-1.0, 0.0, 0.0])}), match='state["ms"] must be >= 0', covers=opt.rmsprop, id="state-ms-negative"),
    Bad(update_once, ("adagrad", onp.ones(3), {"acc": onp.array([0.0, -2.0, 0.0])}), match='state["acc"] must be >= 0', covers=opt.adagrad, id="state-acc-negative"),
    Bad(update_once, ("momentum", onp.ones(3), {"mom": onp.array([0.0, onp.nan, 0.0])}), {"lr": 0.1, "momentum": 0.9}, match='state["mom"] must be finite', covers=opt.momentum, id="state-mom-nan"),
    Bad(update_once, ("adam", onp.ones(3), {"v": onp.ones(4)}), match="grads has shape (3,), but state[\"v\"] has shape (4,)", covers=opt.adam, id="state-v-shape"),
    Bad(update_once, ("adam", onp.ones(3), {"v": onp.ones(3) * 1j}), raises=TypeError, match='state["v"] must be real', covers=opt.adam, id="state-v-complex"),
    Bad(lambda: opt.adam().update(onp.ones(2), {"step": 0, "m": onp.zeros(2)}), match="state has no slot 'v'", covers=opt.adam, id="state-missing-slot"),
    Bad(lambda: opt.adam().update(onp.ones(2), None), raises=TypeError, match="state must be the dict returned by init(params)", covers=opt.adam, id="state-none"),
    Bad(lambda: opt.adam().update(onp.ones(2), {"m": 0}), raises=TypeError, match="with a 'step' and the slots ['m', 'v']", covers=opt.adam, id="state-no-step"),
    Bad(lambda: opt.adamw().update(onp.ones(2), opt.adamw().init(onp.ones(2))), match="params is required: adamw applies weight decay", covers=opt.adamw, id="adamw-params-missing"),
    # ---- init -------------------------------------------------------------------------------
    Bad(init_with, ("adam", [1.0, onp.nan]), match="params must be finite; found nan at index (1,)", covers=opt.adam, id="init-nan"),
    Bad(init_with, ("adam", {"w": [1.0, onp.inf]}), match="params['w'] must be finite", covers=opt.adam, id="init-dict-inf"),
    Bad(init_with, ("adam", "weights"), raises=TypeError, match="params must be numeric", covers=opt.adam, id="init-string"),
    Bad(init_with, ("rmsprop", onp.array([1 + 1j])), raises=TypeError, match="params must be real", covers=opt.rmsprop, id="init-complex"),
    # ---- hyperparameters: ranges, ε = 0, float32 casts, flags, types ---------------------------
    Bad(opt.sgd, kwargs={"lr": 0.0}, match="lr must be > 0, got 0.0", id="sgd-lr-zero"),
    Bad(opt.sgd, kwargs={"lr": float("nan")}, match="lr must be finite, got nan", id="sgd-lr-nan"),
    Bad(opt.sgd, kwargs={"lr": "0.1"}, raises=TypeError, match="lr must be a real number, got str '0.1'", id="sgd-lr-string"),
    Bad(opt.sgd, kwargs={"lr": True}, raises=TypeError, match="lr must be a real number, got bool", id="sgd-lr-bool"),
    Bad(opt.sgd, kwargs={"lr": 0.1, "weight_decay": -0.1}, match="weight_decay must be >= 0", id="sgd-wd-negative"),
    Bad(opt.sgd, kwargs={"lr": 1e39, "convention": "keras"}, match="lr = 1e+39 is not representable in float32 (it becomes inf)", id="sgd-keras-lr-overflow"),
    Bad(opt.sgd, kwargs={"lr": 1e-50, "convention": "tf1"}, match="lr = 1e-50 is not representable in float32 (it becomes 0)", id="sgd-tf1-lr-underflow"),
    Bad(opt.sgd, kwargs={"convention": "tf1"}, match="lr is required for sgd(convention='tf1')", id="sgd-tf1-no-lr"),
    Bad(opt.sgd, kwargs={"convention": "pytorch"}, match="unknown convention 'pytorch'", id="sgd-convention"),
    Bad(opt.sgd, kwargs={"convention": 3}, raises=TypeError, match="convention must be a string", id="sgd-convention-type"),
    Bad(opt.momentum, kwargs={"lr": 0.1}, match="momentum is required for momentum", id="momentum-missing"),
    Bad(opt.momentum, kwargs={"lr": 0.1, "momentum": 1.0}, match="momentum must be in [0, 1), got 1.0", id="momentum-one"),
    Bad(opt.momentum, kwargs={"lr": 0.1, "momentum": "0.9"}, raises=TypeError, match="momentum must be a real number", id="momentum-string"),
    Bad(opt.momentum, kwargs={"lr": 0.1, "momentum": 0.9, "nesterov": "yes"}, raises=TypeError, match="nesterov must be True or False, got str 'yes'", id="momentum-nesterov-flag"),
    Bad(opt.momentum, kwargs={"lr": 0.1, "momentum": onp.int64(0)}, expect=lambda o: o.hyper["momentum"] == 0.0, id="momentum-int64-accepted"),
    Bad(opt.momentum, kwargs={"lr": 0.1, "momentum": 0.99999999, "convention": "keras"}, match="momentum = 0.99999999 rounds to 1.0 in float32", id="momentum-keras-rounds-to-one"),
    Bad(opt.nesterov, kwargs={"lr": -1.0, "momentum": 0.9}, match="lr must be > 0, got -1.0", id="nesterov-lr"),
    Bad(opt.nesterov, kwargs={"lr": 0.1, "momentum": 0.9, "weight_decay": 0.1, "convention": "optax"}, match="has no weight_decay", id="nesterov-optax-wd"),
    Bad(opt.adagrad, kwargs={"eps": 0.0}, match="eps must be > 0, got 0.0: ε divides", id="adagrad-eps-zero"),
    Bad(opt.adagrad, kwargs={"initial_accumulator_value": -1.0}, match="initial_accumulator_value must be >= 0", id="adagrad-acc-negative"),
    Bad(opt.adagrad, kwargs={"lr": 0.1, "initial_accumulator_value": 0.0, "convention": "tf1"}, match="initial_accumulator_value must be > 0, got 0.0", id="adagrad-tf1-acc-zero"),
    Bad(opt.adagrad, kwargs={"lr": 0.1, "eps": 1e-7, "convention": "tf1"}, match="adagrad(convention='tf1') has no eps", id="adagrad-tf1-eps"),
    Bad(opt.adagrad, kwargs={"initial_accumulator_value": 1e40, "convention": "keras"}, match="initial_accumulator_value = 1e+40 is not representable in float32", id="adagrad-keras-acc-overflow"),
    Bad(opt.rmsprop, kwargs={"eps": 0.0}, match="eps must be > 0, got 0.0", id="rmsprop-eps-zero"),
    Bad(opt.rmsprop, kwargs={"rho": 1.0}, match="rho must be in [0, 1), got 1.0", id="rmsprop-rho-one"),
    Bad(opt.rmsprop, kwargs={"rho": -0.1}, match="rho must be in [0, 1), got -0.1", id="rmsprop-rho-negative"),
    Bad(opt.rmsprop, kwargs={"centered": "no"}, raises=TypeError, match="centered must be True or False, got str 'no'", id="rmsprop-centered-string"),
    Bad(opt.rmsprop, kwargs={"centered": 1}, raises=TypeError, match="centered must be True or False, got int 1", id="rmsprop-centered-int"),
    Bad(opt.rmsprop, kwargs={"lr": 0.1, "eps": 1e-50, "convention": "tf1"}, match="eps = 1e-50 is not representable in float32 (it becomes 0)", id="rmsprop-tf1-eps-underflow"),
    Bad(opt.rmsprop, kwargs={"lr": 0.1, "rho": 0.999999999, "convention": "tf1"}, match="rho = 0.999999999 rounds to 1.0 in float32", id="rmsprop-tf1-rho-rounds-to-one"),
    Bad(opt.rmsprop, kwargs={"momentum": float("inf")}, match="momentum must be finite, got inf", id="rmsprop-momentum-inf"),
    Bad(opt.adam, kwargs={"eps": 0.0}, match="eps must be > 0, got 0.0", id="adam-eps-zero"),
    Bad(opt.adam, kwargs={"eps": -1e-8}, match="eps must be > 0", id="adam-eps-negative"),
    Bad(opt.adam, kwargs={"b1": 1.0}, match="b1 must be in [0, 1), got 1.0", id="adam-b1-one"),
    Bad(opt.adam, kwargs={"b2": 1.5}, match="b2 must be in [0, 1), got 1.5", id="adam-b2"),
    Bad(opt.adam, kwargs={"b2": 0.99999999, "convention": "keras"}, match="b2 = 0.99999999 rounds to 1.0 in float32", id="adam-keras-b2-rounds-to-one"),
    Bad(opt.adam, kwargs={"lr": 1e39, "convention": "keras"}, match="lr = 1e+39 is not representable in float32", id="adam-keras-lr-overflow"),
    Bad(opt.adam, kwargs={"lr": 0.1, "weight_decay": 0.1, "convention": "optax"}, match="adam(convention='optax') has no weight_decay", id="adam-optax-wd"),
    Bad(opt.adam, kwargs={"convention": "optax"}, match="lr is required for adam(convention='optax')", id="adam-optax-no-lr"),
    Bad(opt.adamw, kwargs={"convention": "tf1"}, match="unknown convention 'tf1'; valid: 'torch', 'keras', 'optax'", id="adamw-tf1"),
    Bad(opt.adamw, kwargs={"weight_decay": float("nan")}, match="weight_decay must be finite, got nan", id="adamw-wd-nan"),
    Bad(opt.adamw, kwargs={"weight_decay": 1e39, "convention": "keras"}, match="weight_decay = 1e+39 is not representable in float32", id="adamw-keras-wd-overflow"),
    # ---- apply, trajectory, effective_lr, defaults ----------------------------------------------
    Bad(opt.apply, (onp.ones(2), onp.ones(3)), match="delta has shape (3,), but params has shape (2,)", id="apply-shape"),
    Bad(opt.apply, (onp.ones(2), [1.0, onp.nan]), match="delta must be finite; found nan at index (1,)", id="apply-delta-nan"),
    Bad(opt.apply, ({"w": onp.ones(2)}, onp.ones(2)), match="delta must have the structure of params", id="apply-structure"),
    Bad(opt.apply, (onp.array([1e308, 0.0]), onp.array([1e308, 0.0])), raises=FloatingPointError, match="params + delta overflows at index (0,)", id="apply-overflow"),
    Bad(opt.trajectory, (opt.sgd(lr=0.1), lambda w: w, onp.ones(2), -1), match="steps must be in [0, 1000000], got -1", id="trajectory-steps-negative"),
    Bad(opt.trajectory, (opt.sgd(lr=0.1), lambda w: w, onp.ones(2), 2.5), raises=TypeError, match="steps must be an integer, got float 2.5", id="trajectory-steps-float"),
    Bad(opt.trajectory, (opt.sgd(lr=0.1), lambda w: w, onp.ones(2), 10**9), match="steps must be in [0, 1000000]", id="trajectory-steps-huge"),
    Bad(opt.trajectory, ("adam", lambda w: w, onp.ones(2), 3), raises=TypeError, match="opt must be an Optimizer", id="trajectory-opt"),
    Bad(opt.trajectory, (opt.sgd(lr=0.1), 3.0, onp.ones(2), 3), raises=TypeError, match="grad_fn must be a callable", id="trajectory-grad-fn"),
    Bad(opt.trajectory, (opt.sgd(lr=0.1), lambda w: w * onp.nan, onp.ones(2), 3), match="grads must be finite", id="trajectory-grad-nan"),
    Bad(opt.trajectory, (opt.adam(lr=0.1), lambda w: w * 1e200, onp.ones(2), 3), raises=FloatingPointError, match="slot 'v' became inf", id="trajectory-grad-huge"),
    Bad(opt.effective_lr, (onp.ones(2), onp.array([1.0, 0.0])), match="grads is 0 at index (1,)", id="effective-lr-zero-grad"),
    Bad(opt.effective_lr, (onp.ones(2), onp.ones(3)), match="delta has shape (2,), but grads has shape (3,)", id="effective-lr-shape"),
    Bad(opt.effective_lr, ([onp.nan], [1.0]), match="delta must be finite", id="effective-lr-nan"),
    Bad(opt.effective_lr, ([1e300], [1e-300]), raises=FloatingPointError, match="-delta / grads overflows at index (0,)", id="effective-lr-overflow"),
    Bad(opt.defaults, ("lamb", "torch"), match="unknown factory 'lamb'", id="defaults-factory"),
    Bad(opt.defaults, ("adamw", "tf1"), match="unknown convention 'tf1'", id="defaults-convention"),
]  # fmt: skip


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    run(case)


def test_huge_gradient_message_names_coordinate_step_and_framework():
    o = opt.adam()
    state = o.init({"w": onp.ones(3)})
    with pytest.raises(FloatingPointError) as info:
        o.update({"w": BIG}, state, {"w": onp.ones(3)})
    message = str(info.value)
    for phrase in ("step 1", "grads['w'] index (1,)", "gradient 1e+200", "slot 'v' became inf"):
        assert phrase in message, message
    assert "freezes" in message and "clip" in message.lower()
    assert state["step"] == 0 and not state["v"]["w"].any()  # the caller's state is untouched


# ---- hypothesis properties ---------------------------------------------------------------

FACTORIES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
finite = st.floats(-1e250, 1e250, allow_nan=False, allow_infinity=False)


def make(factory, convention, centered):
    if factory == "adamw" and convention == "tf1":
        convention = "torch"
    kwargs = {"lr": 0.01, "convention": convention}
    if factory in ("momentum", "nesterov"):
        kwargs["momentum"] = 0.9
    if factory == "rmsprop":
        kwargs.update(centered=centered, momentum=0.5)
    return getattr(opt, factory)(**kwargs)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(FACTORIES),
    st.sampled_from(opt.CONVENTIONS),
    st.booleans(),
    arrays(onp.float64, (3, 4), elements=finite),
    arrays(onp.float64, 4, elements=st.floats(-1e3, 1e3)),
)
def test_finite_input_gives_finite_output_or_a_named_error(factory, convention, centered, gs, w):
    o = make(factory, convention, centered)
    state = o.init(w)
    for g in gs:
        try:
            delta, state = o.update(g, state, w)
            w = opt.apply(w, delta)
        except FloatingPointError as err:  # named: the coordinate and the step
            assert "step" in str(err) and "index" in str(err)
            return
        assert onp.isfinite(delta).all() and onp.isfinite(w).all()
        for slot in o.slots:
            assert onp.isfinite(state[slot]).all(), (slot, state[slot])


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(FACTORIES),
    st.sampled_from(opt.CONVENTIONS),
    arrays(onp.float64, 3, elements=st.floats(-1e5, 1e5)),
    arrays(onp.float64, 3, elements=st.floats(-10, 10)),
)
def test_no_input_is_mutated(factory, convention, g, w):
    o = make(factory, convention, False)
    params = {"w": w, "b": [w[:1]]}
    grads = {"w": g, "b": [g[:1]]}
    state = o.init(params)
    _, state = o.update(grads, state, params)
    before = copy.deepcopy((params, grads, state))
    delta, _ = o.update(grads, state, params)
    opt.apply(params, delta)
    for now, then in zip((params, grads, state), before):
        assert repr(now) == repr(then)
