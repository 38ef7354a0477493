"""Optimizer internals: the update *is* the weight delta, in four frameworks' conventions.

Offers
    sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
                         factories; each returns an ``Optimizer`` that emulates one framework's
                         optimizer, chosen by ``convention`` = "torch", "keras", "tf1" or "optax"
    Optimizer            ``init(params) -> state``, ``update(grads, state, params) -> (delta, state)``,
                         ``hyper`` (the resolved hyperparameters and rules) and ``slots``
    apply(params, delta) the new parameters, params + delta, structure by structure
    trajectory(opt, grad_fn, params, steps)   run an optimizer; keep params, grads and deltas
    effective_lr(delta, grads)                the per-coordinate learning rate −delta / grad
    defaults(factory, convention)             a framework's defaults and rules, before any override
    CONVENTIONS          the valid conventions
    MAX_TRAJECTORY_STEPS the most steps ``trajectory`` runs (it keeps every state)

The design is optax's (Babuschkin et al. 2020): an optimizer is a pair of pure functions,
and ``update`` returns the *delta* that ``apply`` adds to the parameters, so the delta a
reader wants never has to be fished out of a framework. State is a dict of named slots
(``"mom"``, ``"ms"``, ``"mg"``, ``"acc"``, ``"m"``, ``"v"``) plus the step count, each slot with
the structure of the parameters, so it can be printed and compared with a framework's slot.

Params may be one array, or a dict, list or tuple of arrays (nested too); grads and deltas
have the same structure. Every convention was measured from the real framework
(tests/data/optimizer_trajectories.json; releases in ``companion.frameworks``), including
where a framework keeps a hyperparameter in float32 although the weights are float64.

A non-finite gradient raises ``ValueError`` naming the coordinate. The frameworks apply it
silently (an inf gradient makes an SGD or momentum weight ±inf, an adaptive one NaN, and it
stays so); skipping a step quietly, as mixed-precision loss scalers do, is a policy that
belongs outside the optimizer, where it can be logged.
Likewise a finite gradient whose step would overflow a slot or the delta (g = 1e200 makes
g² = inf) raises ``FloatingPointError`` naming the coordinate and the step, and its message
says what that framework does instead. Those that average as s ← ρ·s + (1 − ρ)·g² (PyTorch,
optax, Keras' RMSprop) or sum (every Adagrad) store inf and freeze that weight with a zero
delta (±0, the sign of −g, or of −m for Adam); those that write the average as
s ← s + (1 − ρ)·(g² − s) (Keras' Adam and AdamW, TF1's Adam and RMSProp) store inf, then
compute inf − inf = NaN at the next step, and the weight becomes NaN. ``update`` refuses a
state that no run could have produced (a NaN slot, a negative mean square, a step of 0.5), and
the factories refuse ε = 0 (it divides) and, for the float32 conventions (Keras, TF1),
hyperparameters that overflow, underflow or round to 1 in float32.

References: Tieleman & Hinton 2012 (RMSProp), Graves 2013 (centred RMSProp), Duchi, Hazan &
Singer 2011 (Adagrad), Polyak 1964 (heavy-ball momentum), Sutskever et al. 2013 (momentum
and Nesterov), Kingma & Ba 2015 (Adam), Loshchilov & Hutter 2019 (AdamW).
"""

from dataclasses import dataclass, field

import autograd.numpy as np
import numpy as onp
from autograd.tracer import getval

from companion._validate import (
    choice,
    finite_array,
    flag,
    float32_number,
    function,
    integer,
    number,
)

CONVENTIONS = ("torch", "keras", "tf1", "optax")
MAX_TRAJECTORY_STEPS = 1_000_000

_REQUIRED = "required"  # the framework has no default: the caller must pass it
_ABSENT = "absent"  # the framework offers no such hyperparameter


# ---- pytree-lite: one array, or dicts / lists / tuples of them -----------------------------


def _is_container(node):
    """Dicts are containers; so are lists and tuples of arrays, but a list of numbers is a leaf."""
    if isinstance(node, dict):
        return True
    return isinstance(node, (list, tuple)) and any(
        isinstance(x, (dict, list, tuple)) or onp.ndim(getval(x)) > 0 or getval(x) is not x
        for x in node
    )


def _flatten(tree, path=""):
    """[(path, leaf), ...] in a fixed order: dict insertion order, then list position."""
    if isinstance(tree, dict):
        return [pair for k, v in tree.items() for pair in _flatten(v, f"{path}[{k!r}]")]
    if _is_container(tree):
        return [pair for i, v in enumerate(tree) for pair in _flatten(v, f"{path}[{i}]")]
    return [(path, tree)]


def _rebuild(template, leaves):
    """A tree shaped like ``template`` whose leaves are taken, in order, from ``leaves``."""
    it = iter(leaves)

    def build(node):
        if isinstance(node, dict):
            return {k: build(v) for k, v in node.items()}
        if _is_container(node):
            return type(node)(build(v) for v in node)
        return next(it)

    return build(template)


def _as_leaf(name, value):
    """A float array (or an autograd box, checked on its value); raise naming ``name`` if bad."""
    arr = finite_array(name, getval(value), allow_complex=False)
    return arr if getval(value) is value else value


def _check_same_structure(a, b, name_a, name_b, path=""):
    """Raise ValueError naming the first place where the trees ``a`` and ``b`` differ."""
    where = f"{name_a}{path}"
    if isinstance(b, dict):
        if not isinstance(a, dict) or list(a) != list(b):
            keys = list(a) if isinstance(a, dict) else f"a {type(a).__name__}"
            raise ValueError(
                f"{where} must have the structure of {name_b}{path}: a dict with keys "
                f"{list(b)}, got {keys}"
            )
        for k in b:
            _check_same_structure(a[k], b[k], name_a, name_b, f"{path}[{k!r}]")
    elif _is_container(b):
        if not _is_container(a) or len(a) != len(b):
            got = f"length {len(a)}" if _is_container(a) else f"a {type(a).__name__}"
            raise ValueError(
                f"{where} must have the structure of {name_b}{path}: a {type(b).__name__} of "
                f"length {len(b)}, got {got}"
            )
        for i, (x, y) in enumerate(zip(a, b)):
            _check_same_structure(x, y, name_a, name_b, f"{path}[{i}]")
    elif _is_container(a):
        raise ValueError(f"{where} must be an array like {name_b}{path}, got a {type(a).__name__}")
    else:
        shape_a, shape_b = onp.shape(getval(a)), onp.shape(getval(b))
        if shape_a != shape_b:
            raise ValueError(f"{where} has shape {shape_a}, but {name_b}{path} has shape {shape_b}")


# ---- the optimizer object -----------------------------------------------------------------


@dataclass(frozen=True)
class Optimizer:
    """An optimizer as a pair of pure functions, optax-style.

    ``init(params)`` returns the state: ``{"step": 0, <slot>: <tree like params>, ...}``.
    ``update(grads, state, params=None)`` returns ``(delta, new_state)``; the new parameters
    are ``apply(params, delta)``. ``hyper`` holds every resolved hyperparameter and rule
    (defaults filled in from the framework), ``slots`` the names of the state's slots.
    """

    name: str
    convention: str
    hyper: dict
    slots: dict = field(repr=False)
    _step: object = field(repr=False, compare=False)

    def init(self, params):
        """The initial state: each slot filled with its starting value, shaped like ``params``.

        >>> rmsprop(lr=0.01, convention="tf1").init({"w": [1.0, 2.0]})["ms"]
        {'w': array([1., 1.])}
        """
        pairs = _flatten(params)
        leaves = [_as_leaf(f"params{p}", leaf) for p, leaf in pairs]
        state = {"step": 0}
        for slot, start in self.slots.items():
            state[slot] = _rebuild(params, [onp.full(onp.shape(getval(x)), start) for x in leaves])
        return state

    def update(self, grads, state, params=None):
        """One step: ``(delta, new_state)`` from the gradients (and params, for weight decay).

        Raises ValueError for a non-finite gradient, naming the coordinate, and for grads
        whose structure or shapes differ from the state's (or from ``params``). Refuses a
        corrupted state: a missing or non-finite slot, a negative mean square or sum of
        squares (``ms``, ``acc``, ``v``), a step that is not an integer >= 0. Raises
        FloatingPointError when a finite gradient would make a slot or the delta overflow
        or turn NaN (e.g. g = 1e200 makes g² = inf); the message says what this convention's
        framework does then: freeze that weight with a zero delta (±0) for good, or (where it
        writes the average as s + (1 − ρ)·(g² − s)) turn the slot and the weight NaN at the
        next step, in both cases without a word.

        >>> opt = sgd(lr=0.1, convention="torch")
        >>> delta, state = opt.update(onp.array([1.0, -2.0]), opt.init(onp.zeros(2)))
        >>> print(delta, state["step"])
        [-0.1  0.2] 1
        >>> adam_ = adam(convention="torch")
        >>> adam_.update(onp.array([1.0, 1e200]), adam_.init(onp.zeros(2)))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        FloatingPointError: adam(convention='torch') step 1: at grads index (1,) (gradient 1e+200), slot 'v' became inf. The real framework would store inf there and return a delta of -0 ...
        """
        t = self._check_state(state) + 1
        template = params if params is not None else next((state[s] for s in self.slots), None)
        if params is not None:
            _check_same_structure(grads, params, "grads", "params")
        for slot in self.slots:
            _check_same_structure(grads, state[slot], "grads", f'state["{slot}"]')
        if template is None:
            template = grads
        g_pairs = _flatten(grads)
        g_leaves = [_as_leaf(f"grads{p}", leaf) for p, leaf in g_pairs]
        if params is None:
            if any(_decay(self.hyper)):
                raise ValueError(
                    f"params is required: {self.name} applies weight decay "
                    f"(weight_decay={self.hyper['weight_decay']})"
                )
            p_leaves = [None] * len(g_leaves)
        else:
            p_leaves = [_as_leaf(f"params{p}", leaf) for p, leaf in _flatten(params)]
        slot_leaves = {s: self._slot_leaves(state, s) for s in self.slots}
        deltas, new_slots = [], {s: [] for s in self.slots}
        for i, (g, p) in enumerate(zip(g_leaves, p_leaves)):
            with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
                delta, updated = self._step(g, p, {s: slot_leaves[s][i] for s in self.slots}, t)
            self._check_finite(t, f"grads{g_pairs[i][0]}", g, p, delta, updated)
            deltas.append(delta)
            for s in self.slots:
                new_slots[s].append(updated[s])
        new_state = {"step": t}
        new_state.update({s: _rebuild(template, new_slots[s]) for s in self.slots})
        return _rebuild(template, deltas), new_state

    def _check_state(self, state):
        """The step count of a state that ``init`` or ``update`` could have made; raise if not."""
        if not isinstance(state, dict) or "step" not in state:
            raise TypeError(
                "state must be the dict returned by init(params) or by update, with a 'step' "
                f"and the slots {list(self.slots)}; got {type(state).__name__}"
            )
        missing = [s for s in self.slots if s not in state]
        if missing:
            raise ValueError(
                f"state has no slot {missing[0]!r}: {self.name}(convention={self.convention!r}) "
                f"keeps {list(self.slots)}; build the state with this optimizer's init(params)"
            )
        try:
            return integer('state["step"]', state["step"], lo=0)
        except (TypeError, ValueError) as err:
            raise type(err)(
                f"{err}: the state is corrupted (steps are counted 0, 1, 2, ...)"
            ) from None

    def _slot_leaves(self, state, slot):
        """The slot's leaves, each finite, and >= 0 for slots that hold sums of squares."""
        leaves = []
        for path, leaf in _flatten(state[slot]):
            name = f'state["{slot}"]{path}'
            leaf = _as_leaf(name, leaf)
            value = getval(leaf)
            if slot in _NONNEGATIVE_SLOTS and (value < 0).any():
                where = tuple(int(i) for i in onp.argwhere(value < 0)[0])
                raise ValueError(
                    f"{name} must be >= 0 (a mean square or sum of squares); found "
                    f"{value[where]} at index {where}: the state is corrupted"
                )
            leaves.append(leaf)
        return leaves

    def _check_finite(self, t, where, g, p, delta, slots):
        """Raise FloatingPointError if a finite step produced an inf or NaN slot or delta."""
        d = onp.asarray(getval(delta))
        values = {s: onp.asarray(getval(v)) for s, v in slots.items()}
        bad = ~onp.isfinite(d)
        for v in values.values():
            bad = bad | ~onp.isfinite(v)
        if not bad.any():
            return
        index = tuple(int(i) for i in onp.argwhere(bad)[0])
        broken = [s for s, v in values.items() if not onp.isfinite(v[index])]
        gi = float(onp.asarray(getval(g))[index])
        what = ", ".join(f"slot {s!r} became {values[s][index]}" for s in broken)
        infinite = broken and all(onp.isinf(values[s][index]) for s in broken)
        if not onp.isfinite(d[index]):
            what = (what + ", " if what else "") + f"the delta became {d[index]}"
            framework = f"add {d[index]} to that weight, which becomes inf or NaN and stays so"
            if self.convention == "torch" and self.hyper.get("centered"):
                framework += (  # addcmul: one rounding in ATen's vectorised kernels
                    " (PyTorch's AVX2 and AVX-512 CPU kernels form s − m² in one fused "
                    "multiply-add: inf − 1e396 stays inf, and the weight freezes with a zero "
                    "delta instead)"
                )
        elif infinite and self.hyper.get("increment_form"):
            framework = (
                f"store inf there and return a delta of {d[index]:.3g} at this step; at the "
                "next step it updates the slot as s + (1 − β)·(g² − s) = inf − inf = NaN, and "
                f"the weight becomes NaN at step {t + 1}, with no error"
            )
        elif infinite and d[index] == 0:
            framework = (
                f"store inf there and return a delta of {d[index]:g} for that coordinate at "
                "this step and a zero delta (±0, the sign of −g or of −m) at every later "
                "step: the weight freezes, with no error"
            )
        elif infinite:
            framework = (
                f"store inf there and return a delta of {d[index]:.3g} (what weight decay or "
                "momentum already carry) from then on: the gradient never moves that weight "
                "again, with no error"
            )
        else:
            framework = "store NaN there, and the weight becomes NaN at the next step"
        weight = "" if p is None else f", weight {float(onp.asarray(getval(p))[index]):.3g}"
        raise FloatingPointError(
            f"{self.name}(convention={self.convention!r}) step {t}: at {where} index {index} "
            f"(gradient {gi:.3g}{weight}), {what}. The real framework would {framework}. "
            "Clip or rescale the gradient (clipnorm, clip_grad_norm_, optax.clip_by_global_norm) "
            "or lower the learning rate."
        )


_NONNEGATIVE_SLOTS = ("ms", "acc", "v")


def apply(params, delta):
    """The new parameters ``params + delta``, leaf by leaf (optax's ``apply_updates``).

    >>> apply({"w": onp.array([1.0, 2.0])}, {"w": onp.array([0.5, -0.5])})
    {'w': array([1.5, 1.5])}
    """
    _check_same_structure(delta, params, "delta", "params")
    leaves = []
    for (p, x), (_, d) in zip(_flatten(params), _flatten(delta)):
        with onp.errstate(over="ignore"):
            new = _as_leaf(f"params{p}", x) + _as_leaf(f"delta{p}", d)
        bad = ~onp.isfinite(getval(new))
        if bad.any():
            where = tuple(int(i) for i in onp.argwhere(bad)[0])
            raise FloatingPointError(
                f"params{p} + delta{p} overflows at index {where}: "
                f"{onp.asarray(getval(x))[where]:.3g} + {onp.asarray(getval(d))[where]:.3g} "
                "is beyond float64; a framework would store inf in that weight"
            )
        leaves.append(new)
    return _rebuild(params, leaves)


def trajectory(opt, grad_fn, params, steps):
    """Run ``opt`` for ``steps`` steps from ``params`` with gradients ``grad_fn(params)``.

    Returns a dict with the lists ``params`` (steps + 1 entries), ``grads``, ``deltas`` and
    ``states`` (steps entries each); for array params they are stacked into arrays. It keeps
    every state, so ``steps`` is limited to ``MAX_TRAJECTORY_STEPS`` (one million); loop over
    ``update`` yourself for longer runs.

    >>> run = trajectory(sgd(lr=0.5, convention="optax"), lambda w: 2 * w, onp.array([1.0]), 3)
    >>> print(run["params"][:, 0])
    [1. 0. 0. 0.]
    """
    if not isinstance(opt, Optimizer):
        raise TypeError(
            f"opt must be an Optimizer made by sgd, momentum, ..., adamw; got {type(opt).__name__}"
        )
    function("grad_fn", grad_fn)
    steps = integer("steps", steps, lo=0, hi=MAX_TRAJECTORY_STEPS)
    state = opt.init(params)
    out = {"params": [params], "grads": [], "deltas": [], "states": []}
    for _ in range(steps):
        g = grad_fn(params)
        if _plain(params) and _plain(g) and g.shape == params.shape:
            delta, state = _fast_step(opt, g, state, params)
            params = params + delta
        else:  # anything unusual goes through the full checks of update and apply
            delta, state = opt.update(g, state, params)
            params = apply(params, delta)
        for key, value in zip(("params", "grads", "deltas", "states"), (params, g, delta, state)):
            out[key].append(value)
    if not isinstance(out["params"][0], (dict, list, tuple)):
        for key in ("params", "grads", "deltas"):
            out[key] = onp.array([onp.asarray(getval(x), dtype=float) for x in out[key]])
    return out


def _plain(x):
    """A finite float64 ndarray: what ``trajectory`` may step without update's full checks."""
    return type(x) is onp.ndarray and x.dtype == onp.float64 and onp.isfinite(x).all()


def _fast_step(opt, g, state, params):
    """``opt.update`` for one plain array whose state ``update`` made: the same step and the
    same overflow check, without re-validating what ``trajectory`` already knows."""
    t = state["step"] + 1
    with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):
        delta, slots = opt._step(g, params, {s: state[s] for s in opt.slots}, t)
    opt._check_finite(t, "grads", g, params, delta, slots)
    if not onp.isfinite(params + delta).all():
        apply(params, delta)  # raises, naming the coordinate
    return delta, {"step": t, **slots}


def effective_lr(delta, grads):
    """The per-coordinate learning rate the optimizer actually used: η_eff = −delta / g.

    For plain SGD it is the learning rate everywhere; adaptive methods make it differ per
    coordinate (Duchi et al. 2011; Tieleman & Hinton 2012). A zero gradient has no effective
    learning rate, so it raises rather than returning inf or NaN.

    >>> print(effective_lr(onp.array([-0.1, 0.3]), onp.array([1.0, -3.0])))
    [0.1 0.1]
    """
    d = finite_array("delta", delta, allow_complex=False)
    g = finite_array("grads", grads, allow_complex=False)
    if d.shape != g.shape:
        raise ValueError(f"delta has shape {d.shape}, but grads has shape {g.shape}")
    if (g == 0).any():
        where = tuple(int(i) for i in onp.argwhere(g == 0)[0])
        raise ValueError(
            f"grads is 0 at index {where}; the effective learning rate is undefined there"
        )
    with onp.errstate(over="ignore"):
        ratio = -d / g
    if not onp.isfinite(ratio).all():
        where = tuple(int(i) for i in onp.argwhere(~onp.isfinite(ratio))[0])
        raise FloatingPointError(
            f"-delta / grads overflows at index {where}: {d[where]:.3g} / {g[where]:.3g} is "
            "beyond float64"
        )
    return ratio


# ---- hyperparameters: each framework's defaults, checked ---------------------------------


def _f32(x):
    """``x`` rounded to float32, as a framework that stores the hyperparameter in float32 sees it."""
    return float(onp.float32(x))


_POWERS = {}
_EXACT_POWERS = 100_000  # TF1's float32 β^t is replayed exactly up to this step


def _f32_power(beta, t):
    """β^t as TF1 keeps it: a float32 variable that starts at β and is multiplied by β each step.

    Replayed multiplication by multiplication (so rounding matches TF1 bit for bit) up to
    step 100 000; beyond it, β^t is computed directly and rounded to float32 once.
    """
    if t > _EXACT_POWERS:
        with onp.errstate(under="ignore"):
            return float(onp.float32(float(onp.float32(beta)) ** t))
    powers = _POWERS.get(beta)
    if powers is None or len(powers) < t:
        powers = onp.multiply.accumulate(onp.full(_EXACT_POWERS, onp.float32(beta)))
        _POWERS[beta] = powers
    return float(powers[t - 1])


_FLOAT32_CONVENTIONS = ("keras", "tf1")  # they cast hyperparameters through float32


def _hyperparameter(key, value, kind, float32):
    """``value`` as a float, checked for ``kind``; raise TypeError/ValueError naming ``key``.

    kinds: "lr" (> 0), "eps" (> 0: it divides, and ε = 0 turns a zero gradient into 0/0),
    ">0", ">=0", "[0,1)". Under a float32 convention the value must also survive the cast:
    no overflow to inf, no underflow to 0, and a β or ρ below 1 must not round up to 1.
    """
    value = number(key, value)
    if kind in ("lr", ">0") and not value > 0:
        raise ValueError(f"{key} must be > 0, got {value}")
    if kind == "eps" and not value > 0:
        raise ValueError(
            f"{key} must be > 0, got {value}: ε divides, and with ε = 0 a zero gradient "
            "(or a zero accumulator) gives 0/0 = NaN"
        )
    if kind == ">=0" and not value >= 0:
        raise ValueError(f"{key} must be >= 0, got {value}")
    if kind == "[0,1)" and not 0 <= value < 1:
        raise ValueError(f"{key} must be in [0, 1), got {value}")
    if float32:
        float32_number(key, value)
        if kind == "[0,1)" and _f32(value) >= 1:
            raise ValueError(
                f"{key} = {value!r} rounds to 1.0 in float32, which this framework uses; "
                "1 − β would be 0. Use a value at most 1 − 6e-8"
            )
    return value


def _resolve(factory, table, convention, given, ranges):
    """Merge ``given`` hyperparameters into ``table[convention]`` and check every value."""
    if not isinstance(convention, str):
        raise TypeError(
            f"convention must be a string, one of {', '.join(map(repr, table))}; "
            f"got {type(convention).__name__}"
        )
    convention = choice("convention", convention, tuple(table))
    hyper = dict(table[convention])
    for key, value in given.items():
        if value is None:
            if hyper.get(key) == _REQUIRED:
                raise ValueError(
                    f"{key} is required for {factory}(convention={convention!r}): that framework has "
                    f"no default; pass {key}=..."
                )
            continue
        if hyper.get(key) == _ABSENT:
            offered = [c for c in table if table[c].get(key) != _ABSENT]
            raise ValueError(
                f"{factory}(convention={convention!r}) has no {key}: that framework's optimizer does "
                f"not offer it; conventions that do: {', '.join(repr(c) for c in offered)}"
            )
        hyper[key] = value
    float32 = convention in _FLOAT32_CONVENTIONS
    for key, kind in ranges.items():
        value = hyper.get(key)
        if value in (_ABSENT, None):
            continue
        hyper[key] = _hyperparameter(key, value, kind, float32)
    hyper = {k: None if v == _ABSENT else v for k, v in hyper.items()}
    hyper["convention"] = convention
    return hyper


def _average(old, new, decay, increment):
    """The moving average decay·old + (1 − decay)·new, or, with ``increment``, the same average
    written old + (1 − decay)·(new − old), as Keras' Adam and TF1's Adam and RMSProp write it.
    Equal up to rounding while finite; from old = inf the second gives inf − inf = NaN."""
    if increment:
        return old + (1 - decay) * (new - old)
    return decay * old + (1 - decay) * new


def _decay(hyper):
    """(coupled, decoupled) weight-decay factors for this optimizer."""
    wd = hyper.get("weight_decay")
    if not wd:
        return 0.0, 0.0
    return (wd, 0.0) if hyper["decay_mode"] == "coupled" else (0.0, wd)


def _with_decay(hyper, core):
    """Wrap a per-leaf step ``core(g, slots, t) -> (delta, slots)`` with the weight decay rule.

    Coupled (L2 in the gradient): g ← g + λ·w. Decoupled (Loshchilov & Hutter 2019):
    delta ← delta − η·λ·w, with the learning rate the framework uses for the step.
    """
    coupled, decoupled = _decay(hyper)
    if hyper["convention"] == "keras":  # Keras casts the Python float through float32
        decoupled = _f32(decoupled)
    lr = hyper["lr_used"]

    def step(g, p, slots, t):
        if coupled:
            g = g + coupled * p
        delta, slots = core(g, slots, t)
        if decoupled:
            delta = delta - lr * decoupled * p
        return delta, slots

    return step


def _lr_used(hyper):
    """Keras keeps the learning rate in a float32 variable; TF1 converts it to a float32 tensor."""
    return _f32(hyper["lr"]) if hyper["convention"] in ("keras", "tf1") else hyper["lr"]


# ---- SGD, momentum, Nesterov -------------------------------------------------------------

_SGD = {
    "torch": {"lr": 1e-3, "weight_decay": 0.0, "decay_mode": "coupled"},
    "keras": {"lr": 1e-2, "weight_decay": None, "decay_mode": "decoupled"},
    "tf1": {"lr": _REQUIRED, "weight_decay": _ABSENT, "decay_mode": None},
    "optax": {"lr": _REQUIRED, "weight_decay": _ABSENT, "decay_mode": None},
}


def sgd(lr=None, *, weight_decay=None, convention="torch"):
    """Plain gradient descent: delta = −η·g.

    With weight decay λ, torch adds λ·w to the gradient (coupled) and Keras subtracts η·λ·w
    from the weights (decoupled); for SGD the two coincide. Defaults: torch η = 1e-3,
    Keras η = 1e-2; TF1's GradientDescentOptimizer and optax.sgd require η.

    >>> opt = sgd(convention="keras")
    >>> print(opt.hyper["lr"], opt.update(onp.array([2.0]), opt.init(onp.zeros(1)))[0])
    0.01 [-0.02]
    """
    hyper = _resolve(
        "sgd",
        _SGD,
        convention,
        {"lr": lr, "weight_decay": weight_decay},
        {"lr": "lr", "weight_decay": ">=0"},
    )
    hyper["lr_used"] = _lr_used(hyper)
    lr_used = hyper["lr_used"]
    return Optimizer(
        "sgd", hyper["convention"], hyper, {}, _with_decay(hyper, lambda g, s, t: (-lr_used * g, s))
    )


_MOMENTUM = {
    "torch": {
        "lr": 1e-3,
        "momentum": _REQUIRED,
        "weight_decay": 0.0,
        "decay_mode": "coupled",
        "lr_before_momentum": False,
    },
    "keras": {
        "lr": 1e-2,
        "momentum": _REQUIRED,
        "weight_decay": None,  # Keras: None, i.e. no decay
        "decay_mode": "decoupled",
        "lr_before_momentum": True,
    },
    "tf1": {
        "lr": _REQUIRED,
        "momentum": _REQUIRED,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "lr_before_momentum": False,
    },
    "optax": {
        "lr": _REQUIRED,
        "momentum": _REQUIRED,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "lr_before_momentum": False,
    },
}


def momentum(lr=None, momentum=None, *, nesterov=False, weight_decay=None, convention="torch"):
    """Heavy-ball momentum (Polyak 1964; Sutskever et al. 2013), with a Nesterov option.

    torch, TF1 and optax accumulate gradients and apply η afterwards:
        b ← μ·b + g,   delta = −η·b            (Nesterov: delta = −η·(g + μ·b))
    Keras applies η first and its slot holds the delta itself:
        m ← μ·m − η·g, delta = m               (Nesterov: delta = μ·m − η·g)
    With a constant η the two are the same sequence of deltas; the slot ``"mom"`` is
    −delta/η in the first form and delta in the second. No framework has a non-zero default
    μ (PyTorch's and Keras' ``SGD`` default it to 0, TF1 requires it, optax's is None).

    >>> opt = momentum(lr=0.1, momentum=0.9, convention="keras")
    >>> delta, state = opt.update(onp.array([1.0]), opt.init(onp.zeros(1)))
    >>> print(delta, state["mom"])
    [-0.1] [-0.1]
    """
    hyper = _resolve(
        "nesterov" if nesterov else "momentum",
        _MOMENTUM,
        convention,
        {"lr": lr, "momentum": momentum, "weight_decay": weight_decay},
        {"lr": "lr", "momentum": "[0,1)", "weight_decay": ">=0"},
    )
    hyper["nesterov"] = nesterov = flag("nesterov", nesterov)
    hyper["lr_used"] = lr_used = _lr_used(hyper)
    mu = hyper["momentum"]
    if hyper["convention"] in ("keras", "tf1"):  # both cast μ through float32
        mu = _f32(mu)

    def core(g, s, t):
        if hyper["lr_before_momentum"]:
            m = mu * s["mom"] - lr_used * g
            return (mu * m - lr_used * g if nesterov else m), {"mom": m}
        b = mu * s["mom"] + g
        return -lr_used * (g + mu * b if nesterov else b), {"mom": b}

    name = "nesterov" if nesterov else "momentum"
    return Optimizer(name, hyper["convention"], hyper, {"mom": 0.0}, _with_decay(hyper, core))


def nesterov(lr=None, momentum=None, *, weight_decay=None, convention="torch"):
    """Nesterov momentum (Sutskever et al. 2013): ``momentum(..., nesterov=True)``.

    torch / TF1 / optax: b ← μ·b + g, delta = −η·(g + μ·b). Keras: m ← μ·m − η·g,
    delta = μ·m − η·g. Both look ahead along the updated velocity.

    >>> opt = nesterov(lr=0.1, momentum=0.9, convention="optax")
    >>> print(opt.update(onp.array([1.0]), opt.init(onp.zeros(1)))[0])
    [-0.19]
    """
    return globals()["momentum"](
        lr, momentum, nesterov=True, weight_decay=weight_decay, convention=convention
    )


# ---- Adagrad -----------------------------------------------------------------------------

_ADAGRAD = {
    "torch": {
        "lr": 1e-2,
        "eps": 1e-10,
        "initial_accumulator_value": 0.0,
        "eps_inside_sqrt": False,
        "weight_decay": 0.0,
        "decay_mode": "coupled",
    },
    "keras": {
        "lr": 1e-3,
        "eps": 1e-7,
        "initial_accumulator_value": 0.1,
        "eps_inside_sqrt": True,
        "weight_decay": None,  # Keras: None, i.e. no decay
        "decay_mode": "decoupled",
    },
    "tf1": {
        "lr": _REQUIRED,
        "eps": _ABSENT,
        "initial_accumulator_value": 0.1,
        "eps_inside_sqrt": None,
        "weight_decay": _ABSENT,
        "decay_mode": None,
    },
    "optax": {
        "lr": _REQUIRED,
        "eps": 1e-7,
        "initial_accumulator_value": 0.1,
        "eps_inside_sqrt": True,
        "weight_decay": _ABSENT,
        "decay_mode": None,
    },
}


def adagrad(
    lr=None, *, eps=None, initial_accumulator_value=None, weight_decay=None, convention="torch"
):
    """Adagrad (Duchi, Hazan & Singer 2011): a sum of squared gradients divides the step.

        A ← A + g²,   delta = −η·g / (√A + ε)     (torch: A₀ = 0, ε = 1e-10)
                      delta = −η·g / √(A + ε)     (Keras, optax: A₀ = 0.1, ε = 1e-7)
                      delta = −η·g / √A           (TF1: A₀ = 0.1, no ε)

    >>> opt = adagrad(lr=0.1, convention="torch")
    >>> print(opt.update(onp.array([3.0, -1e-3]), opt.init(onp.zeros(2)))[0])
    [-0.1  0.1]
    """
    hyper = _resolve(
        "adagrad",
        _ADAGRAD,
        convention,
        {
            "lr": lr,
            "eps": eps,
            "initial_accumulator_value": initial_accumulator_value,
            "weight_decay": weight_decay,
        },
        {
            "lr": "lr",
            "eps": "eps",
            "initial_accumulator_value": ">0" if convention == "tf1" else ">=0",
            "weight_decay": ">=0",
        },
    )
    hyper["lr_used"] = lr_used = _lr_used(hyper)
    eps = hyper["eps"] or 0.0
    inside = hyper["eps_inside_sqrt"]

    def core(g, s, t):
        acc = s["acc"] + g * g
        denom = np.sqrt(acc + eps) if inside or inside is None else np.sqrt(acc) + eps
        return -lr_used * g / denom, {"acc": acc}

    start = float(hyper["initial_accumulator_value"])
    if hyper["convention"] == "keras":  # a Constant initializer in floatx (float32)
        start = _f32(start)
    return Optimizer(
        "adagrad", hyper["convention"], hyper, {"acc": start}, _with_decay(hyper, core)
    )


# ---- RMSProp -----------------------------------------------------------------------------

_RMSPROP = {
    "torch": {
        "lr": 1e-2,
        "rho": 0.99,
        "eps": 1e-8,
        "momentum": 0.0,
        "ms_init": 0.0,
        "eps_inside_sqrt": False,
        "lr_before_momentum": False,
        "weight_decay": 0.0,
        "decay_mode": "coupled",
        "increment_form": False,
    },
    "keras": {
        "lr": 1e-3,
        "rho": 0.9,
        "eps": 1e-7,
        "momentum": 0.0,
        "ms_init": 0.0,
        "eps_inside_sqrt": True,
        "lr_before_momentum": True,
        "weight_decay": None,  # Keras: None, i.e. no decay
        "decay_mode": "decoupled",
        "increment_form": False,
    },
    "tf1": {
        "lr": _REQUIRED,
        "rho": 0.9,
        "eps": 1e-10,
        "momentum": 0.0,
        "ms_init": 1.0,
        "eps_inside_sqrt": True,
        "lr_before_momentum": True,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "increment_form": True,
    },
    "optax": {
        "lr": _REQUIRED,
        "rho": 0.9,
        "eps": 1e-8,
        "momentum": 0.0,
        "ms_init": 0.0,
        "eps_inside_sqrt": True,
        "lr_before_momentum": True,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "increment_form": False,
    },
}


def rmsprop(
    lr=None,
    *,
    rho=None,
    eps=None,
    momentum=None,
    centered=False,
    weight_decay=None,
    convention="torch",
):
    """RMSProp (Tieleman & Hinton 2012), optionally centred (Graves 2013), with momentum.

        s ← ρ·s + (1 − ρ)·g²                    mean square, from s₀
        c ← ρ·c + (1 − ρ)·g   (centred only)     mean, the denominator uses s − c²
        r = g / √(s + ε)     or   g / (√s + ε)   ε inside (Keras, TF1, optax) or outside (torch)
        delta = −η·r                              without momentum
    With momentum μ, torch applies η after accumulating (b ← μ·b + r, delta = −η·b);
    Keras, TF1 and optax before it (b ← μ·b + η·r, delta = −b; optax stores +delta).
    TF1 starts s at 1, the others at 0; so torch's first step is η·g/(√0.01·|g| + ε):
    10·η·sign(g) while |g| ≫ ε/√0.01 = 1e-7 (within 1% for |g| ≥ 1e-5), half that at
    |g| = 1e-7, and about η·g/ε for |g| well below 1e-7. Keras' Adam and TF1's Adam and RMSProp write the
    average as s + (1 − ρ)·(g² − s), which matters only after an overflow (inf − inf = NaN).

    >>> opt = rmsprop(convention="torch")
    >>> print(opt.update(onp.array([5.0, -0.001]), opt.init(onp.zeros(2)))[0])
    [-0.1  0.1]
    """
    hyper = _resolve(
        "rmsprop",
        _RMSPROP,
        convention,
        {"lr": lr, "rho": rho, "eps": eps, "momentum": momentum, "weight_decay": weight_decay},
        {"lr": "lr", "rho": "[0,1)", "eps": "eps", "momentum": "[0,1)", "weight_decay": ">=0"},
    )
    hyper["centered"] = centered = flag("centered", centered)
    hyper["lr_used"] = lr_used = _lr_used(hyper)
    conv = hyper["convention"]
    rho, eps, mu = hyper["rho"], hyper["eps"], hyper["momentum"]
    if conv == "tf1":  # TF1 converts every hyperparameter to a float32 tensor
        rho, eps, mu = _f32(rho), _f32(eps), _f32(mu)
    inside, before = hyper["eps_inside_sqrt"], hyper["lr_before_momentum"]
    slots = {"ms": hyper["ms_init"]}
    if centered:
        slots["mg"] = 0.0
    if mu > 0 or conv == "tf1":  # TF1 keeps a momentum slot even when μ = 0
        slots["mom"] = 0.0

    increment = hyper["increment_form"]

    def core(g, s, t):
        new = {"ms": _average(s["ms"], g * g, rho, increment)}
        var = new["ms"]
        if centered:
            new["mg"] = _average(s["mg"], g, rho, increment)
            var = var - new["mg"] ** 2
        r = g / np.sqrt(var + eps) if inside else g / (np.sqrt(var) + eps)
        if "mom" not in slots:
            return -lr_used * r, new
        if not before:  # torch
            new["mom"] = mu * s["mom"] + r
            return -lr_used * new["mom"], new
        if conv == "optax":  # optax's trace holds the delta itself
            new["mom"] = mu * s["mom"] - lr_used * r
            return new["mom"], new
        new["mom"] = mu * s["mom"] + lr_used * r
        return -new["mom"], new

    return Optimizer("rmsprop", conv, hyper, slots, _with_decay(hyper, core))


# ---- Adam and AdamW ----------------------------------------------------------------------

_ADAM = {
    "torch": {
        "lr": 1e-3,
        "b1": 0.9,
        "b2": 0.999,
        "eps": 1e-8,
        "eps_hat": False,
        "weight_decay": 0.0,
        "decay_mode": "coupled",
        "increment_form": False,
    },
    "keras": {
        "lr": 1e-3,
        "b1": 0.9,
        "b2": 0.999,
        "eps": 1e-7,
        "eps_hat": True,
        "weight_decay": None,  # Keras: None, i.e. no decay
        "decay_mode": "decoupled",
        "increment_form": True,
    },
    "tf1": {
        "lr": 1e-3,
        "b1": 0.9,
        "b2": 0.999,
        "eps": 1e-8,
        "eps_hat": True,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "increment_form": True,
    },
    "optax": {
        "lr": _REQUIRED,
        "b1": 0.9,
        "b2": 0.999,
        "eps": 1e-8,
        "eps_hat": False,
        "weight_decay": _ABSENT,
        "decay_mode": None,
        "increment_form": False,
    },
}

_ADAMW = {
    "torch": {**_ADAM["torch"], "weight_decay": 1e-2, "decay_mode": "decoupled"},
    "keras": {**_ADAM["keras"], "weight_decay": 4e-3, "decay_mode": "decoupled"},
    "optax": {**_ADAM["optax"], "weight_decay": 1e-4, "decay_mode": "decoupled"},
}


def _adam(name, table, lr, b1, b2, eps, weight_decay, convention):
    hyper = _resolve(
        name,
        table,
        convention,
        {"lr": lr, "b1": b1, "b2": b2, "eps": eps, "weight_decay": weight_decay},
        {"lr": "lr", "b1": "[0,1)", "b2": "[0,1)", "eps": "eps", "weight_decay": ">=0"},
    )
    hyper["lr_used"] = lr_used = _lr_used(hyper)
    conv = hyper["convention"]
    b1, b2, eps = hyper["b1"], hyper["b2"], hyper["eps"]
    if conv == "tf1":
        b1, b2, eps = _f32(b1), _f32(b2), _f32(eps)

    increment = hyper["increment_form"]

    def core(g, s, t):
        m = _average(s["m"], g, b1, increment)
        v = _average(s["v"], g * g, b2, increment)
        if conv == "tf1":  # β^t lives in a float32 variable, multiplied by β once per step
            p1, p2 = _f32_power(b1, t), _f32_power(b2, t)
        elif conv == "keras":  # β is cast to float32, then raised to t in float64
            p1, p2 = _f32(b1) ** t, _f32(b2) ** t
        else:
            p1, p2 = b1**t, b2**t
        if hyper["eps_hat"]:  # Keras, TF1: ε is added to the uncorrected √v
            delta = -lr_used * np.sqrt(1 - p2) / (1 - p1) * m / (np.sqrt(v) + eps)
        else:  # torch, optax: ε is added to the corrected √v̂
            delta = -lr_used * (m / (1 - p1)) / (np.sqrt(v / (1 - p2)) + eps)
        return delta, {"m": m, "v": v}

    return Optimizer(name, conv, hyper, {"m": 0.0, "v": 0.0}, _with_decay(hyper, core))


def adam(lr=None, *, b1=None, b2=None, eps=None, weight_decay=None, convention="torch"):
    """Adam (Kingma & Ba 2015): moving averages of g and g², bias-corrected.

        m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
        torch, optax:  delta = −η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
        Keras, TF1:    delta = −η · √(1 − β₂ᵗ) / (1 − β₁ᵗ) · m / (√v + ε)     ("ε-hat")
    The second form is Kingma & Ba's "more efficient" ordering. Written in the first form,
    its ε is effectively ε/√(1 − β₂ᵗ): 1/√0.001 ≈ 31.6 times larger at step 1 with
    β₂ = 0.999, falling towards ε as t grows. ``weight_decay`` is coupled (L2 in the
    gradient) in torch's Adam and decoupled (AdamW) in Keras' Adam (whose default is None);
    TF1 and optax offer none. torch's ``Adam(decoupled_weight_decay=True)`` is AdamW: use
    ``adamw(convention="torch")`` for it.

    >>> opt = adam(convention="torch")
    >>> print(opt.update(onp.array([4.0, -1e-9]), opt.init(onp.zeros(2)))[0].round(6))
    [-0.001  0.000091]
    """
    return _adam("adam", _ADAM, lr, b1, b2, eps, weight_decay, convention)


def adamw(lr=None, *, b1=None, b2=None, eps=None, weight_decay=None, convention="torch"):
    """AdamW (Loshchilov & Hutter 2019): Adam with decay applied to the weights, not the gradient.

        delta = adam_delta(g) − η·λ·w

    so the decay is not divided by √v̂ as an L2 term in the gradient would be. Default λ:
    torch 1e-2, Keras 4e-3, optax 1e-4. TF1 has no AdamW.

    >>> opt = adamw(lr=0.1, weight_decay=0.5, convention="optax")
    >>> delta, _ = opt.update(onp.array([0.0]), opt.init(onp.ones(1)), onp.ones(1))
    >>> print(delta)
    [-0.05]
    """
    return _adam("adamw", _ADAMW, lr, b1, b2, eps, weight_decay, convention)


_TABLES = {
    "sgd": _SGD,
    "momentum": _MOMENTUM,
    "nesterov": _MOMENTUM,
    "adagrad": _ADAGRAD,
    "rmsprop": _RMSPROP,
    "adam": _ADAM,
    "adamw": _ADAMW,
}


def defaults(factory, convention):
    """The hyperparameters and rules ``factory`` uses under ``convention`` when none is given.

    Values the framework requires are ``"required"``; those it does not offer are ``None``.

    >>> d = defaults("rmsprop", "tf1")
    >>> print(d["lr"], d["rho"], d["eps"], d["ms_init"], d["eps_inside_sqrt"])
    required 0.9 1e-10 1.0 True
    """
    table = _TABLES[choice("factory", factory, tuple(_TABLES))]
    convention = choice("convention", convention, tuple(table))
    return {k: None if v == _ABSENT else v for k, v in table[convention].items()}
