"""Exercises of chapter 5, optimizer internals: RMSProp steps, first-step deltas, the slot and
the delta, and (optional, PyTorch) Adam's delta read from ``optimizer.state``.

``check_in_pytorch(answer)`` runs an answer to 5.5 on a real ``torch.optim.Adam`` when PyTorch is
installed, and otherwise says how to install it; it never raises.
"""

import numpy as onp

from companion.exercises import Case, Exercise, Mistake
from companion.optimizers import adam, momentum, rmsprop

G = onp.array([4.0, -0.3, 2e-3, -1.5e-8])
MS = onp.array([9.0, 0.04, 1e-6, 1e-14])
MG = onp.array([2.5, -0.1, 5e-4, 1e-8])


def rmsprop_step(g, ms, lr=0.01, rho=0.99, eps=1e-8):
    """One PyTorch RMSProp step: (delta, new mean square), from companion.optimizers.rmsprop."""
    opt = rmsprop(lr=lr, rho=rho, eps=eps, convention="torch")
    delta, state = opt.update(g, {"step": 0, "ms": onp.asarray(ms, dtype=float)})
    return delta, state["ms"]


def first_rmsprop_delta(g, lr, convention):
    """The first delta of RMSProp with ``convention``'s defaults and learning rate ``lr``."""
    opt = rmsprop(lr=lr, convention=convention)
    g = onp.asarray(g, dtype=float)
    return opt.update(g, opt.init(onp.zeros_like(g)))[0]


def centered_rmsprop_step(g, ms, mg, lr=0.001, rho=0.9, eps=1e-7):
    """One centred RMSProp step with ε inside the root (Keras, TF1, optax): (delta, ms, mg)."""
    opt = rmsprop(lr=lr, rho=rho, eps=eps, centered=True, convention="optax")
    delta, state = opt.update(g, {"step": 0, "ms": onp.asarray(ms), "mg": onp.asarray(mg)})
    return delta, state["ms"], state["mg"]


def delta_from_slot(mom, lr, convention):
    """The last delta of momentum SGD, read from the slot ``"mom"`` the framework keeps.

    The rule comes from the emulation that tests/test_optimizers.py checks against each
    framework's recorded slots: where η enters before the momentum, the slot is the delta.
    """
    opt = momentum(lr=lr, momentum=0.9, convention=convention)
    mom = onp.asarray(mom, dtype=float)
    return mom if opt.hyper["lr_before_momentum"] else -lr * mom


def adam_delta_from_state(state, group):
    """The delta of the last torch.optim.Adam step (no weight decay), from its state and group.

    The emulation's torch Adam, restarted from the state one step back: m and v hold the
    moments after step t, and ``update`` with g = 0 from the state (m/β₁, v/β₂, t − 1) gives
    m and v again and the same delta, −η·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε).
    """
    b1, b2 = (float(b) for b in group["betas"])
    t = int(onp.asarray(state["step"]))
    o = adam(lr=float(group["lr"]), b1=b1, b2=b2, eps=float(group["eps"]), convention="torch")
    m, v = onp.asarray(state["exp_avg"], float), onp.asarray(state["exp_avg_sq"], float)
    before = {"step": t - 1, "m": m / b1, "v": v / b2}
    return o.update(onp.zeros_like(m), before)[0]


def _adam_state(grads, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """(state, group) shaped like torch's optimizer.state[p] and param_groups[0] after Adam has
    stepped through ``grads`` from zero moments: NumPy arrays in place of tensors."""
    b1, b2 = betas
    m = v = 0.0
    for g in grads:
        g = onp.asarray(g, dtype=float)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
    state = {"step": onp.array(float(len(grads))), "exp_avg": m, "exp_avg_sq": v}
    group = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": 0, "amsgrad": False}
    return state, group


def _adam_wrong(state, group, *, t_shift=0, correct=True, sign=-1.0, eps_inside=False, root=True):
    """Adam's delta from the state with one rule changed, for the declared mistakes of 5.5."""
    b1, b2 = group["betas"]
    t = onp.asarray(state["step"]) + t_shift
    m, v = state["exp_avg"], state["exp_avg_sq"]
    with onp.errstate(divide="ignore", invalid="ignore"):  # t − 1 = 0 at the first step
        if correct:
            m, v = m / (1 - b1**t), v / (1 - b2**t)
        denom = (v + group["eps"]) ** 0.5 if eps_inside else (v**0.5 if root else v) + group["eps"]
        return sign * group["lr"] * m / denom


_G3 = onp.array([[0.4, -3.0, 2e-9], [0.3, -2.5, -1e-9], [-0.2, -2.0, 3e-9]])
_ADAM_CASES = (
    Case(_adam_state(_G3[:1]), {}, "after the first step: the bias correction is largest"),
    Case(_adam_state(_G3, lr=0.01), {}, "after three steps, lr = 0.01"),
    Case(_adam_state(_G3[:2], 0.1, (0.5, 0.9), 1e-3), {}, "two steps, betas (0.5, 0.9), eps 1e-3"),
)


def check_in_pytorch(answer):
    """Run an answer to exercise 5.5 on a real torch.optim.Adam, if PyTorch is installed.

    Each case steps Adam (float64 weights, no weight decay) through a few gradients; the true
    delta is the weights after the last ``step()`` minus before. Prints the verdict; never raises.
    """
    try:
        import torch
    except ImportError:
        print(
            "[5.5] check_in_pytorch needs PyTorch, which the book's environment does not "
            "install. To run it: pip install torch (CPU wheels: pip install torch --index-url "
            'https://download.pytorch.org/whl/cpu). cp.exercises.check("5.5", ...) checks the '
            "same function without it."
        )
        return
    try:
        for kwargs, steps in (
            ({}, 1),
            ({"lr": 0.01}, 3),
            ({"lr": 0.1, "betas": (0.5, 0.9), "eps": 1e-3}, 2),
        ):
            p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64))
            optimizer = torch.optim.Adam([p], **kwargs)
            for g in _G3[:steps]:
                p.grad = torch.tensor(g, dtype=torch.float64)
                before = p.detach().clone()
                optimizer.step()
            true = (p.detach() - before).numpy()
            got = answer(optimizer.state[p], optimizer.param_groups[0])
            got = onp.asarray(got.detach() if hasattr(got, "detach") else got, dtype=float)
            if got.shape != true.shape or not onp.allclose(got, true, rtol=1e-9, atol=1e-15):
                close = got.shape == true.shape and onp.allclose(got, true, rtol=1e-4)
                why = (
                    " state['step'] is a float32 tensor, so powers of it are float32: take "
                    "its value with float(state['step']) as torch does"
                    if close
                    else " Try it with cp.exercises.check first."
                )
                print(
                    f"[5.5] on torch.optim.Adam({kwargs}) after {steps} step(s): expected the "
                    f"delta {true}, got {got}.{why}"
                )
                return
        print(
            "[5.5] correct on a real torch.optim.Adam: your delta equals the change in the weights."
        )
    except Exception as err:  # the learner's code failed on real tensors: report, never raise
        print(f"[5.5] your function raised on torch tensors: {type(err).__name__}: {err}")


# (rho, eps, starting mean square, eps inside the root?) per convention: what the mistakes of
# 5.2 vary, one thing at a time
_FIRST = {
    "torch": (0.99, 1e-8, 0.0, False),
    "keras": (0.9, 1e-7, 0.0, True),
    "tf1": (0.9, 1e-10, 1.0, True),
    "optax": (0.9, 1e-8, 0.0, True),
}


def _first_delta(g, lr, convention, *, inside=None, updates=1, sign=-1.0):
    """A first RMSProp delta with one rule changed: the ε placement, the number of mean-square
    updates, or the sign; for the declared mistakes of exercise 5.2."""
    rho, eps, ms, eps_inside = _FIRST[convention]
    g = onp.asarray(g, dtype=float)
    for _ in range(updates):
        ms = rho * ms + (1 - rho) * g**2
    inside = eps_inside if inside is None else inside
    return sign * lr * g / (onp.sqrt(ms + eps) if inside else onp.sqrt(ms) + eps)


def _centered(
    g, ms, mg, lr, rho, eps, *, old_mg=False, old_both=False, eps_outside=False, drop_mg=False
):
    """A centred RMSProp step with one rule changed, for the declared mistakes of 5.3."""
    new_ms, new_mg = rho * ms + (1 - rho) * g**2, rho * mg + (1 - rho) * g
    use_ms, use_mg = (ms, mg) if old_both else (new_ms, mg if old_mg else new_mg)
    var = use_ms - use_mg**2
    delta = -lr * g / (onp.sqrt(var) + eps if eps_outside else onp.sqrt(var + eps))
    return (delta, new_ms) if drop_mg else (delta, new_ms, new_mg)


EXERCISES = [
    Exercise(
        id="5.1",
        title="one PyTorch RMSProp step from its formula",
        name="rmsprop_step",
        reference=rmsprop_step,
        solution="""
import autograd.numpy as np


def rmsprop_step(g, ms, lr=0.01, rho=0.99, eps=1e-8):
    ms = rho * ms + (1 - rho) * g**2  # update the mean square first
    delta = -lr * g / (np.sqrt(ms) + eps)  # PyTorch adds eps outside the root
    return delta, ms
""",
        hints=(
            "Update the mean square first: ms ← ρ·ms + (1 − ρ)·g², then divide by its root.",
            "PyTorch adds ε outside the square root: √ms + ε.",
            "The delta is what is added to the weights, so it carries a minus sign.",
        ),
        cases=(
            Case((G, MS), {}, "a large and a tiny coordinate, default hyperparameters"),
            Case((G, onp.zeros(4)), {"lr": 0.1}, "first step: ms starts at 0"),
            Case((G, MS), {"lr": 1e-3, "rho": 0.9, "eps": 1e-3}, "a large ε"),
        ),
        mistakes=(
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    lr * g / (onp.sqrt(rho * ms + (1 - rho) * g**2) + eps),
                    rho * ms + (1 - rho) * g**2,
                ),
                "Your delta has the wrong sign. The delta is what the optimizer adds to the "
                "weights, so it points against the gradient: a minus sign in front of η.",
                kind="sign",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / (onp.sqrt(rho * ms + (1 - rho) * g**2) + eps)
                ),
                "Expected the pair (delta, ms): return the new mean square too, as the second "
                "item, so that the next step can start from it.",
                kind="signature",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / (onp.sqrt(ms) + eps),
                    rho * ms + (1 - rho) * g**2,
                ),
                "You divided by the old mean square, one step behind: update ms with this "
                "step's g² first, then divide by its root.",
                kind="off-by-one",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / (onp.sqrt(0.99 * ms + 0.01 * g**2) + eps),
                    0.99 * ms + 0.01 * g**2,
                ),
                "rho is ignored: you used PyTorch's default 0.99 whatever rho the caller passes.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / (onp.sqrt(rho * ms + (1 - rho) * g**2) + 1e-8),
                    rho * ms + (1 - rho) * g**2,
                ),
                "eps is ignored: you used the default 1e-8 whatever eps the caller passes.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / onp.sqrt(rho * ms + (1 - rho) * g**2 + eps),
                    rho * ms + (1 - rho) * g**2,
                ),
                "You put ε inside the square root (Keras, TF1, optax). PyTorch adds it outside: "
                "√ms + ε.",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (-lr * g, rho * ms + (1 - rho) * g**2),
                "Your delta is −lr·g: the delta is not the gradient times the learning rate, which "
                "is this chapter's point. RMSProp divides g by the root of the updated mean square "
                "(plus ε), so each coordinate gets its own effective rate.",
            ),
            Mistake(
                lambda g, ms, lr=0.01, rho=0.99, eps=1e-8: (
                    -lr * g / (onp.sqrt((1 - rho) * ms + rho * g**2) + eps),
                    (1 - rho) * ms + rho * g**2,
                ),
                "ρ and 1 − ρ are swapped: ρ weighs the old mean square, 1 − ρ the new g².",
            ),
        ),
    ),
    Exercise(
        id="5.2",
        title="predict the first RMSProp delta in each framework",
        name="first_rmsprop_delta",
        reference=first_rmsprop_delta,
        solution="""
import autograd.numpy as np


def first_rmsprop_delta(g, lr, convention):
    # defaults: (rho, eps, starting mean square, eps inside the root?)
    rho, eps, ms0, inside = {
        "torch": (0.99, 1e-8, 0.0, False),
        "keras": (0.9, 1e-7, 0.0, True),
        "tf1": (0.9, 1e-10, 1.0, True),
        "optax": (0.9, 1e-8, 0.0, True),
    }[convention]
    ms = rho * ms0 + (1 - rho) * g**2
    return -lr * g / (np.sqrt(ms + eps) if inside else np.sqrt(ms) + eps)
""",
        hints=(
            "After one step the mean square is ρ·s₀ + (1 − ρ)·g². Each framework has its own ρ, ε and s₀.",
            "torch: ρ = 0.99, ε = 1e-8 outside the root. Keras: ρ = 0.9, ε = 1e-7 inside. "
            "optax: ρ = 0.9, ε = 1e-8 inside.",
            "TF1's RMSPropOptimizer starts the mean square at 1, not 0, and uses ε = 1e-10 inside the root.",
        ),
        cases=(
            Case((G, 0.01, "torch"), {}, "torch"),
            Case((G, 0.01, "keras"), {}, "keras"),
            Case((G, 0.01, "tf1"), {}, "tf1"),
            Case((G, 0.01, "optax"), {}, "optax"),
            Case((G, 0.5, "keras"), {}, "keras, a larger learning rate"),
        ),
        mistakes=(
            Mistake(
                lambda g, lr, convention: _first_delta(g, lr, convention, sign=1.0),
                "Your delta has the wrong sign: it is added to the weights, so it points "
                "against the gradient.",
                kind="sign",
            ),
            Mistake(
                lambda g, lr, convention: _first_delta(g, lr, convention, updates=2),
                "You updated the mean square twice. On the first step it moves once, from s₀ "
                "to ρ·s₀ + (1 − ρ)·g².",
                kind="off-by-one",
            ),
            Mistake(
                lambda g, lr, convention: _first_delta(g, lr, "torch"),
                "convention is ignored: you used PyTorch's ρ = 0.99 and ε placement for every "
                "framework; Keras, TF1 and optax default to ρ = 0.9 with ε inside the root.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda g, lr, convention: _first_delta(g, 0.01, convention),
                "lr is ignored: the delta scales with the learning rate the caller passes.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda g, lr, convention: (
                    _first_delta(g, lr, convention),
                    _FIRST[convention][0] * _FIRST[convention][2]
                    + (1 - _FIRST[convention][0]) * onp.asarray(g) ** 2,
                ),
                "Return only the delta, an array shaped like g; the mean square is not asked "
                "for here (exercise 5.1 returns the pair).",
                kind="signature",
            ),
            Mistake(
                lambda g, lr, convention: _first_delta(g, lr, convention, inside=False),
                "ε placement: only PyTorch adds ε outside the root, √s + ε. Keras, TF1 and optax "
                "add it inside, √(s + ε), which makes it a far larger floor for tiny gradients.",
            ),
            Mistake(
                lambda g, lr, convention: _first_delta(
                    g, lr, convention, inside=convention == "torch"
                ),
                "ε placement is swapped: PyTorch adds ε outside the root (√s + ε); Keras, TF1 "
                "and optax inside (√(s + ε)).",
            ),
            Mistake(
                lambda g, lr, convention: (
                    -lr * g / onp.sqrt(0.1 * g**2 + 1e-10)
                    if convention == "tf1"
                    else first_rmsprop_delta(g, lr, convention)
                ),
                "TF1's RMSPropOptimizer starts its mean square at 1, not 0: s = 0.9·1 + 0.1·g².",
            ),
            Mistake(
                lambda g, lr, convention: -lr * onp.sign(g) * 10.0,
                "Only PyTorch (ρ = 0.99, s₀ = 0) gives about 10·lr·sign(g), and even there ε "
                "changes the tiny coordinate. Work out each framework's ρ, ε and s₀.",
            ),
        ),
    ),
    Exercise(
        id="5.3",
        title="the centred RMSProp step (Graves 2013)",
        name="centered_rmsprop_step",
        reference=centered_rmsprop_step,
        solution="""
import autograd.numpy as np


def centered_rmsprop_step(g, ms, mg, lr=0.001, rho=0.9, eps=1e-7):
    ms = rho * ms + (1 - rho) * g**2
    mg = rho * mg + (1 - rho) * g
    delta = -lr * g / np.sqrt(ms - mg**2 + eps)  # variance, not mean square
    return delta, ms, mg
""",
        hints=(
            "Keep two averages: the mean square ms of g² and the mean mg of g, both updated first.",
            "Divide by the root of the variance estimate ms − mg², with ε inside the root.",
        ),
        cases=(
            Case((G, MS, MG), {}, "default hyperparameters"),
            Case((G, onp.zeros(4), onp.zeros(4)), {"lr": 0.01}, "first step"),
            Case((G, MS, MG), {"rho": 0.5, "eps": 1e-4}, "ρ = 0.5, ε = 1e-4"),
        ),
        mistakes=(
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: (lambda d, s, m: (-d, s, m))(
                    *_centered(g, ms, mg, lr, rho, eps)
                ),
                "Your delta has the wrong sign: it is added to the weights, so it points "
                "against the gradient.",
                kind="sign",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: _centered(
                    g, ms, mg, lr, rho, eps, old_mg=True
                ),
                "Order of updates: you subtracted the old mean gradient, one step behind. "
                "Update mg with this step's g first, then form ms − mg².",
                kind="off-by-one",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: _centered(
                    g, ms, mg, lr, rho, eps, old_both=True
                ),
                "Order of updates: you divided by the old averages and updated them afterwards. "
                "Update ms and mg with this step's g first, then divide.",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: _centered(g, ms, mg, lr, 0.9, eps),
                "rho is ignored: you used the default 0.9 whatever rho the caller passes.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: _centered(
                    g, ms, mg, lr, rho, eps, drop_mg=True
                ),
                "Expected the three values (delta, ms, mg): the next step needs the mean "
                "gradient mg as well as the mean square.",
                kind="signature",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: _centered(
                    g, ms, mg, lr, rho, eps, eps_outside=True
                ),
                "ε placement: this exercise follows Keras, TF1 and optax, which add ε inside the "
                "root, √(ms − mg² + ε); you added it outside, as PyTorch does.",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: (
                    -lr * g / onp.sqrt(rho * ms + (1 - rho) * g**2 + eps),
                    rho * ms + (1 - rho) * g**2,
                    rho * mg + (1 - rho) * g,
                ),
                "That is plain RMSProp: the centred form subtracts mg² (the squared mean gradient) "
                "from the mean square before the root.",
            ),
            Mistake(
                lambda g, ms, mg, lr=0.001, rho=0.9, eps=1e-7: (
                    -lr
                    * g
                    / onp.sqrt(
                        onp.abs(rho * ms + (1 - rho) * g**2 - (rho * mg + (1 - rho) * g)) + eps
                    ),
                    rho * ms + (1 - rho) * g**2,
                    rho * mg + (1 - rho) * g,
                ),
                "Subtract the square of the mean gradient, mg², not mg itself.",
            ),
        ),
    ),
    Exercise(
        id="5.4",
        title="read the delta from the momentum slot",
        name="delta_from_slot",
        reference=delta_from_slot,
        solution="""
def delta_from_slot(mom, lr, convention):
    if convention == "keras":
        return mom  # Keras' slot m <- mu*m - lr*g is the delta itself
    return -lr * mom  # torch, TF1, optax: b <- mu*b + g, delta = -lr*b
""",
        hints=(
            "Write down where the learning rate enters: before the momentum accumulation, or after it?",
            "Keras stores m ← μ·m − η·g and adds m to the weights. torch, TF1 and optax store "
            "b ← μ·b + g and add −η·b.",
        ),
        cases=(
            Case((onp.array([0.5, -2.0, 1e-6]), 0.1, "keras"), {}, "keras"),
            Case((onp.array([0.5, -2.0, 1e-6]), 0.1, "torch"), {}, "torch"),
            Case((onp.array([3.0, 0.25]), 0.01, "tf1"), {}, "tf1"),
            Case((onp.array([3.0, 0.25]), 0.01, "optax"), {}, "optax"),
        ),
        mistakes=(
            Mistake(
                lambda mom, lr, convention: mom if convention == "keras" else lr * mom,
                "Off by a sign: torch's buffer accumulates +g, and the weights move by −lr·buffer.",
                kind="sign",
            ),
            Mistake(
                lambda mom, lr, convention: 0.9 * (mom if convention == "keras" else -lr * mom),
                "That is the momentum part of the next step (μ times the last delta). The last "
                "delta itself is read from the slot as it stands now.",
                kind="off-by-one",
            ),
            Mistake(
                lambda mom, lr, convention: mom if convention == "keras" else -mom,
                "lr is ignored: torch, TF1 and optax store −delta/lr in the slot, so the "
                "learning rate must come back in.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda mom, convention, lr: mom if convention == "keras" else -lr * mom,
                "Check the argument order: delta_from_slot(mom, lr, convention), the learning "
                "rate before the convention.",
                kind="signature",
            ),
            Mistake(
                lambda mom, lr, convention: mom,
                "Only Keras applies the learning rate before the momentum, so only its slot is the "
                "delta. torch, TF1 and optax accumulate raw gradients: the delta is −lr·slot.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda mom, lr, convention: -lr * mom,
                "Keras applies the learning rate before the momentum: its slot m ← μ·m − η·g is "
                "already the delta, with its sign.",
            ),
        ),
    ),
    Exercise(
        id="5.5",
        title="(optional, PyTorch) Adam's delta from optimizer.state",
        name="adam_delta_from_state",
        reference=adam_delta_from_state,
        solution="""
def adam_delta_from_state(state, group):
    b1, b2 = group["betas"]
    t = float(state["step"])  # steps taken, the last included (a float32 tensor in PyTorch)
    m_hat = state["exp_avg"] / (1 - b1**t)  # bias-corrected first moment
    v_hat = state["exp_avg_sq"] / (1 - b2**t)  # bias-corrected second moment
    return -group["lr"] * m_hat / (v_hat**0.5 + group["eps"])  # eps after the root, as torch
""",
        hints=(
            "The state holds m and v after the last step, and step counts that step too: "
            "correct both for their start at zero with 1 − βᵗ.",
            "PyTorch adds ε to the root of the corrected v, and the delta carries a minus sign.",
            "In PyTorch state['step'] is a float32 tensor: use its value, float(state['step']), "
            "so that 1 − βᵗ is computed in double precision as PyTorch does.",
        ),
        cases=_ADAM_CASES,
        mistakes=(
            Mistake(
                lambda state, group: _adam_wrong(state, group, sign=1.0),
                "Your delta has the wrong sign: it is added to the weights, so it points "
                "against the first moment.",
                kind="sign",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, group, t_shift=1),
                "Off by one step in the bias correction: state['step'] already counts the last "
                "step, so use 1 − βᵗ with t = step, not t + 1.",
                kind="off-by-one",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, group, t_shift=-1),
                "Off by one step in the bias correction: state['step'] already counts the last "
                "step, so use 1 − βᵗ with t = step, not t − 1.",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, {**group, "eps": 1e-8}),
                "eps is ignored: read it from the param group; the caller's optimizer may not "
                "use the default 1e-8.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, {**group, "betas": (0.9, 0.999)}),
                "betas are ignored: read them from the param group; the default (0.9, 0.999) is "
                "not what every optimizer uses.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda state, group: (_adam_wrong(state, group), state),
                "Return only the delta, an array shaped like the parameter, not a pair.",
                kind="signature",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, group, correct=False),
                "No bias correction: Adam divides m by 1 − β₁ᵗ and v by 1 − β₂ᵗ, which matters "
                "most in the first steps.",
            ),
            Mistake(
                lambda state, group: _adam_wrong(state, group, eps_inside=True),
                "ε placement: PyTorch's Adam adds ε after the root, √v̂ + ε, not inside it.",
            ),
            Mistake(
                lambda state, group: -group["lr"] * state["exp_avg"],
                "That is −lr times the first moment: the delta is not a scaled gradient (or "
                "moment). Adam divides the corrected first moment by the root of the corrected "
                "second moment.",
            ),
        ),
    ),
]
