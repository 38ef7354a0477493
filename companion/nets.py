"""Tiny seeded autograd networks used by several chapters.

Offers
    init_mlp(sizes, seed)                  weights of a fully connected network
    mlp(params, x, activation, ...)        its forward pass, differentiable in params and x
    init_rnn(n_in, n_hidden, n_out, seed)  weights of an Elman recurrent network
    rnn(params, xs, ...)                   its forward pass over a sequence
    adam_fit(loss, params, ...)            a short full-batch Adam loop with a loss history
    train_mlp(inputs, targets, hidden, ...)  fit an MLP by mean squared error, seeded
    freeze(params, x, ...)                 the trained network as a function of its last inputs y
    export_weights(params, dtype)          an MLP's weights as plain NumPy arrays, in Keras' order,
                                           to load the same network into TensorFlow, PyTorch or JAX

Parameters are plain lists of (W, b) tuples or dicts of arrays, so they can be read,
printed and differentiated with ``autograd.grad``.
"""

import autograd.numpy as np
import numpy as onp
from autograd import value_and_grad
from autograd.misc import flatten
from autograd.tracer import getval
from autograd.tracer import isbox as isboxed

from companion._validate import choice, finite_array, function, integer, number

_DTYPES = ("float64", "float32")
_MAX_STEPS = 10**6  # adam_fit and train_mlp refuse more: hours of autograd, never silently
MAX_PARAMS = 10**7  # init_mlp and init_rnn refuse more weights (80 MB in float64): the book's
# networks have hundreds; a typo such as [10**6, 10**6] would otherwise try to allocate TiBs

ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid": lambda a: 0.5 * (np.tanh(a / 2) + 1),
    "softplus": lambda a: np.logaddexp(0.0, a),
    "identity": lambda a: a,
}


def _check_sizes(sizes):
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a list of layer widths, got {sizes!r}") from None
    if len(sizes) < 2 or any(
        isinstance(s, (bool, onp.bool_)) or not isinstance(s, (int, onp.integer)) or s < 1
        for s in sizes
    ):
        raise ValueError(f"sizes must list at least two positive integers, got {sizes}")
    return [int(s) for s in sizes]


def _check_count(sizes_or_count, what):
    count = int(sizes_or_count)
    if count > MAX_PARAMS:
        raise ValueError(
            f"{what} would have {count:,} weights, more than MAX_PARAMS = {MAX_PARAMS:,} "
            f"({8 * count / 2**30:.3g} GiB in float64); these are tiny teaching networks"
        )


def _finite(name, value):
    """Refuse NaN or inf in ``value``, traced or not (a weight with one makes a broken network,
    e.g. after a diverged fit, which answers NaN everywhere)."""
    arr = onp.asarray(getval(value))
    if not onp.isfinite(arr).all():
        where = tuple(int(i) for i in onp.argwhere(~onp.isfinite(arr))[0])
        at = f" at index {where}" if where else ""
        raise ValueError(f"{name} must be finite; found {arr[where]}{at}")


def _seed(seed):
    """A seed for ``numpy.random.default_rng``: an integer >= 0, a Generator, or None (fresh
    entropy: not reproducible)."""
    if seed is None or isinstance(seed, onp.random.Generator):
        return seed
    return integer("seed", seed, lo=0)


def _is_dtype(dtype):
    try:
        onp.dtype(dtype)
    except TypeError:
        return False
    return not isinstance(dtype, str) or dtype in _DTYPES


def _real(name, value):
    """``value`` as it is when autograd traces it, else as a real ndarray (lists accepted).

    Refuses complex, string and object data with a TypeError naming ``name``; NaN and inf pass
    through (a network evaluated at NaN honestly returns NaN).
    """
    if isboxed(value):  # a traced Python float has no dtype in autograd 1.7: ask NumPy
        dtype = onp.result_type(getval(value))
    else:
        try:
            value = onp.asarray(value)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name} must be a real array, got {type(value).__name__}") from err
        dtype = value.dtype
    if onp.issubdtype(dtype, onp.complexfloating):
        raise TypeError(
            f"{name} must be real, got complex dtype {dtype}; a network of real weights "
            "has no complex derivative (see chapter 4)"
        )
    if not (onp.issubdtype(dtype, onp.number) or onp.issubdtype(dtype, onp.bool_)):
        raise TypeError(f"{name} must be a real numeric array, got dtype {dtype}")
    return value


def _mlp_layers(params):
    """Check that ``params`` is a non-empty sequence of (W, b) with chaining shapes."""
    if not isinstance(params, (list, tuple)) and not isboxed(params) or not len(params):
        raise TypeError(
            f"params must be a non-empty list of (W, b) pairs (init_mlp), got {type(params).__name__}"
        )
    layers = []
    for i, layer in enumerate(params):
        try:
            W, b = layer
        except (TypeError, ValueError):
            raise TypeError(f"params[{i}] must be a pair (W, b), got {layer!r:.60}") from None
        W, b = _real(f"params[{i}] W", W), _real(f"params[{i}] b", b)
        _finite(f"params[{i}][0] (W of layer {i})", W)
        _finite(f"params[{i}][1] (b of layer {i})", b)
        if np.ndim(W) != 2 or np.shape(b) != np.shape(W)[1:]:
            raise ValueError(
                f"params[{i}] must be W of shape (n_in, n_out) and b of shape (n_out,), "
                f"got {np.shape(W)} and {np.shape(b)}"
            )
        if layers and np.shape(layers[-1][0])[1] != np.shape(W)[0]:
            raise ValueError(
                f"params[{i}] W has {np.shape(W)[0]} rows, but layer {i - 1} has "
                f"{np.shape(layers[-1][0])[1]} outputs"
            )
        layers.append((W, b))
    return layers


def init_mlp(sizes, seed=0, scale=None):
    """Weights for a network with layer widths ``sizes`` = [n_in, hidden..., n_out].

    W_l has shape (n_l, n_{l+1}), drawn N(0, s²) with s = 1/√n_l (LeCun) unless
    ``scale`` is given; biases start at 0. At most ``MAX_PARAMS`` = 10⁷ weights in all.

    >>> params = init_mlp([2, 8, 1], seed=0)
    >>> [W.shape for W, b in params]
    [(2, 8), (8, 1)]
    """
    sizes = _check_sizes(sizes)
    _check_count(sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])), f"init_mlp({sizes})")
    rng = onp.random.default_rng(_seed(seed))
    if scale is not None:
        scale = number("scale", scale, lo=0.0, lo_open=True)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        s = 1.0 / onp.sqrt(n_in) if scale is None else scale
        params.append((rng.normal(0.0, s, (n_in, n_out)), onp.zeros(n_out)))
    return params


def mlp(params, x, activation="tanh", final_activation="identity"):
    """Forward pass h_{l+1} = φ(h_l W_l + b_l), with ``final_activation`` on the last layer.

    ``x`` has shape (..., n_in), e.g. (n, n_in) or (n_in,); the output has shape (..., n_out).
    Lists are accepted; complex or non-numeric x or weights are refused with a TypeError, and
    NaN or inf in a weight with a ValueError naming the layer (such a network is broken, e.g.
    by a diverged fit). NaN and inf in x pass through on purpose: the network's honest output
    there is NaN or ±inf. With finite x and weights the output is finite, or a pre-activation
    h W + b beyond the float range raises FloatingPointError naming the layer.

    >>> params = init_mlp([1, 4, 1], seed=1)
    >>> mlp(params, np.zeros((3, 1))).shape
    (3, 1)
    """
    choice("activation", activation, tuple(ACTIVATIONS))
    choice("final_activation", final_activation, tuple(ACTIVATIONS))
    layers = _mlp_layers(params)
    x = _real("x", x)
    n_in = np.shape(layers[0][0])[0]
    if np.shape(x)[-1:] != (n_in,):
        raise ValueError(f"x must have last dimension {n_in}, got shape {np.shape(x)}")
    finite_in = bool(onp.isfinite(getval(x)).all())
    h = x
    for i, (W, b) in enumerate(layers):
        with onp.errstate(over="ignore", invalid="ignore"):  # checked on the next line
            a = np.dot(h, W) + b
        if finite_in and not onp.isfinite(getval(a)).all():
            raise FloatingPointError(
                f"layer {i}'s pre-activation h W + b is beyond the range of "
                f"{onp.result_type(getval(a))} at finite x and weights (relu would hide it as 0, "
                "inf − inf gives NaN); rescale x or the weights"
            )
        h = ACTIVATIONS[activation if i < len(params) - 1 else final_activation](a)
    return h


def init_rnn(n_in, n_hidden, n_out, seed=0):
    """Weights of an Elman network h_t = tanh(x_t W_x + h_{t−1} W_h + b), y_t = h_t W_y + c.

    W_h starts as 0.9·(random orthogonal matrix), which keeps early gradients of order one.
    At most ``MAX_PARAMS`` = 10⁷ weights in all.

    >>> p = init_rnn(1, 4, 1, seed=0)
    >>> sorted(p)
    ['W_h', 'W_x', 'W_y', 'b', 'c']
    """
    n_in, n_hidden, n_out = _check_sizes([n_in, n_hidden, n_out])
    _check_count(
        (n_in + n_hidden + 1) * n_hidden + (n_hidden + 1) * n_out,
        f"init_rnn({n_in}, {n_hidden}, {n_out})",
    )
    rng = onp.random.default_rng(_seed(seed))
    q, _ = onp.linalg.qr(rng.normal(size=(n_hidden, n_hidden)))
    return {
        "W_x": rng.normal(0.0, 1.0 / onp.sqrt(n_in), (n_in, n_hidden)),
        "W_h": 0.9 * q,
        "b": onp.zeros(n_hidden),
        "W_y": rng.normal(0.0, 1.0 / onp.sqrt(n_hidden), (n_hidden, n_out)),
        "c": onp.zeros(n_out),
    }


def rnn(params, xs, h0=None):
    """Run the Elman network over ``xs`` of shape (T, batch, n_in); returns (T, batch, n_out).

    ``h0`` (batch, n_hidden) is the initial state, zeros by default. Lists are accepted; complex
    input, an empty sequence (T = 0) and NaN or inf in a weight are refused; NaN in xs passes
    through, as in ``mlp``.

    >>> p = init_rnn(1, 3, 2, seed=0)
    >>> rnn(p, np.ones((5, 4, 1))).shape
    (5, 4, 2)
    """
    keys = ("W_x", "W_h", "b", "W_y", "c")
    if not (isinstance(params, dict) or isboxed(params)) or any(k not in params for k in keys):
        raise TypeError(f"params must be a dict with keys {keys} (init_rnn), got {params!r:.60}")
    params = {k: _real(f"params[{k!r}]", params[k]) for k in keys}
    for k in keys:
        _finite(f"params[{k!r}]", params[k])
    xs = _real("xs", xs)
    if np.ndim(xs) != 3 or np.shape(xs)[2] != np.shape(params["W_x"])[0]:
        raise ValueError(
            f"xs must have shape (T, batch, n_in) with n_in = {np.shape(params['W_x'])[0]}, "
            f"got {np.shape(xs)}"
        )
    if np.shape(xs)[0] == 0:
        raise ValueError(f"xs must hold at least one time step, got shape {np.shape(xs)}")
    n_hidden = np.shape(params["W_h"])[0]
    h = np.zeros((np.shape(xs)[1], n_hidden)) if h0 is None else _real("h0", h0)
    if np.shape(h) != (np.shape(xs)[1], n_hidden):
        raise ValueError(
            f"h0 must have shape (batch, n_hidden) = {(np.shape(xs)[1], n_hidden)}, "
            f"got {np.shape(h)}"
        )
    outputs = []
    for x_t in xs:
        h = np.tanh(np.dot(x_t, params["W_x"]) + np.dot(h, params["W_h"]) + params["b"])
        outputs.append(np.dot(h, params["W_y"]) + params["c"])
    return np.stack(outputs)


def adam_fit(loss, params, *, steps=500, lr=0.01, b1=0.9, b2=0.999, eps=1e-8):
    """Minimise ``loss(params)`` with full-batch Adam (Kingma & Ba 2015); returns (params, history).

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂.
    ``params`` is an array, a list or tuple of them, or a dict, nested as you like; the result
    has the same structure. Hyperparameters: 0 < lr, 0 ≤ b1, b2 < 1, eps > 0, and
    1 ≤ steps ≤ 10⁶; each is checked by name before any step is taken, and so is the loss:
    it must return a real scalar at ``params``. Raises FloatingPointError naming the step if
    the loss, its gradient or a weight becomes non-finite (a gradient that is NaN at the start,
    e.g. of |w|^½ at w = 0, is named as such: no lr cures it).

    >>> params, history = adam_fit(lambda p: np.sum((p["w"] - 3.0) ** 2), {"w": np.zeros(2)}, steps=300, lr=0.1)
    >>> print(f"{params['w'][0]:.3f} {history[-1]:.1e}")
    3.000 0.0e+00
    """
    function("loss", loss)
    steps = integer("steps", steps, lo=1, hi=_MAX_STEPS)
    lr = number("lr", lr, lo=0.0, lo_open=True)
    b1 = number("b1", b1, lo=0.0, hi=1.0, hi_open=True)
    b2 = number("b2", b2, lo=0.0, hi=1.0, hi_open=True)
    eps = number("eps", eps, lo=0.0, lo_open=True)
    params = _tree_map(lambda p: finite_array("params", p, allow_complex=False), params)
    finite_array("params", flatten(params)[0], allow_complex=False)
    with onp.errstate(all="ignore"):  # its value is checked below, with the step it belongs to
        first = loss(params)
    if onp.shape(first) != () or onp.iscomplexobj(first):
        raise TypeError(
            f"loss must return a real scalar, got shape {onp.shape(first)} "
            f"dtype {onp.asarray(first).dtype}"
        )
    value_and_gradient = value_and_grad(loss)
    m = _tree_map(onp.zeros_like, params)
    v = _tree_map(onp.zeros_like, params)
    history = []
    for t in range(1, steps + 1):
        with onp.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked below
            value, g = value_and_gradient(params)
        if onp.shape(value) != () or onp.iscomplexobj(value):
            raise TypeError(
                f"loss must return a real scalar, got shape {onp.shape(value)} "
                f"dtype {onp.asarray(value).dtype}"
            )
        value = float(value)
        if not onp.isfinite(value) and t == 1:
            raise FloatingPointError(
                f"loss is {value} at the initial params, before any step: the loss itself, "
                "not lr, is the problem"
            )
        if not onp.isfinite(value):
            raise FloatingPointError(f"loss became {value} at step {t}; lower lr (now {lr})")
        flat_g = flatten(g)[0]
        if not onp.all(onp.isfinite(flat_g)):
            bad = flat_g[~onp.isfinite(flat_g)][0]
            raise FloatingPointError(
                f"the gradient of loss is {bad} at the initial params, before any step (e.g. a "
                "kink such as |w|^0.5 at w = 0): move params off that point or change the loss; "
                "lr is not the problem"
                if t == 1
                else f"the gradient of loss became {bad} at step {t} while the loss is finite "
                f"({value:.3g}); lower lr (now {lr}) or check the loss for a kink"
            )
        history.append(value)
        m = _tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, g)
        v = _tree_map(lambda v, g: b2 * v + (1 - b2) * g**2, v, g)
        c1, c2 = 1 - b1**t, 1 - b2**t  # bias corrections
        params = _tree_map(
            lambda p, m, v, c1=c1, c2=c2: p - lr * (m / c1) / (onp.sqrt(v / c2) + eps),
            params,
            m,
            v,
        )
        if not onp.all(onp.isfinite(flatten(params)[0])):
            raise FloatingPointError(
                f"a weight became non-finite at step {t} (the gradient overflowed?); lower lr "
                f"(now {lr}) or rescale the loss"
            )
    return params, onp.array(history)


def _tree_map(fn, *trees):
    """Apply ``fn`` leaf by leaf to parameter containers of the same structure (list, tuple, dict)."""
    first = trees[0]
    if isinstance(first, dict):
        return {k: _tree_map(fn, *(t[k] for t in trees)) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_tree_map(fn, *parts) for parts in zip(*trees))
    if first is None or isinstance(first, (str, bytes)):
        raise TypeError(f"params must hold arrays (in lists, tuples or dicts), got {first!r:.40}")
    return fn(*trees)


def train_mlp(
    inputs,
    targets,
    hidden=(16,),
    *,
    activation="tanh",
    final_activation="identity",
    steps=1000,
    lr=0.01,
    seed=0,
):
    """Fit an MLP to ``targets`` by mean squared error with ``adam_fit``; returns (params, history).

    Minimises L(θ) = (1/n) Σ_i ‖mlp(θ, x_i) − t_i‖² from ``init_mlp`` weights drawn with ``seed``,
    so the same call gives the same network. ``inputs`` has shape (n, n_in); ``targets`` (n,)
    or (n, n_out).

    >>> x = np.linspace(-1, 1, 32)[:, None]
    >>> params, history = train_mlp(x, np.sin(2 * x[:, 0]), (8,), steps=300, lr=0.05, seed=0)
    >>> print(f"{history[0]:.2f} -> {history[-1]:.4f}")
    0.98 -> 0.0008
    """
    inputs = finite_array("inputs", inputs, allow_complex=False, nonempty=True)
    targets = finite_array("targets", targets, allow_complex=False, nonempty=True)
    if inputs.ndim != 2:
        raise ValueError(f"inputs must have shape (n, n_in), got {inputs.shape}")
    if targets.ndim == 1:
        targets = targets[:, None]
    if targets.ndim != 2 or targets.shape[0] != inputs.shape[0]:
        raise ValueError(
            f"targets must have shape ({inputs.shape[0]},) or ({inputs.shape[0]}, n_out) "
            f"to match inputs {inputs.shape}, got {targets.shape}"
        )
    if isinstance(hidden, (int, onp.integer)) and not isinstance(hidden, bool):
        hidden = (hidden,)
    try:
        hidden = tuple(hidden) if not isinstance(hidden, str) else None
    except TypeError:
        hidden = None
    if hidden is None or any(
        isinstance(h, (bool, onp.bool_)) or not isinstance(h, (int, onp.integer)) or h < 1
        for h in hidden
    ):
        raise TypeError(
            f"hidden must be a tuple of positive layer widths, e.g. (16,), got {hidden!r}"
        )
    choice("activation", activation, tuple(ACTIVATIONS))
    choice("final_activation", final_activation, tuple(ACTIVATIONS))
    sizes = _check_sizes([inputs.shape[1], *hidden, targets.shape[1]])
    seed = _seed(seed)
    loss = lambda p: np.mean(
        np.sum((mlp(p, inputs, activation, final_activation) - targets) ** 2, axis=1)
    )
    return adam_fit(loss, init_mlp(sizes, seed), steps=steps, lr=lr)


def freeze(params, x, activation="tanh", final_activation="identity", output=0):
    """The trained network as a function of its last inputs only: y ↦ mlp(params, [x, y])[output].

    The weights and the first inputs ``x`` are fixed, so ``autograd.grad`` of the result
    differentiates with respect to y alone. With one free input, y may be a scalar or any
    array of values and the result has y's shape; with k > 1 free inputs, y has shape
    (..., k) and the result drops the last axis. x is cast to the weights' dtype, so float32
    weights and a float32 y compute in float32 throughout. Like x, y must be finite: NaN or inf
    is refused with a ValueError naming y (``mlp`` itself passes NaN in its inputs through).

    >>> params = init_mlp([2, 4, 1], seed=0)
    >>> f = freeze(params, [0.5])
    >>> bool(f(0.2) == mlp(params, np.array([0.5, 0.2]))[0]), f(np.array([0.2, 0.3])).shape
    (True, (2,))
    """
    layers = _mlp_layers(params)
    x = finite_array("x", x, allow_complex=False).ravel()
    n_in, n_out = np.shape(layers[0][0])[0], np.shape(layers[-1][0])[1]
    k = n_in - x.size
    if k < 1:
        raise ValueError(f"x must fix fewer than the network's {n_in} inputs, got {x.size}")
    if (
        isinstance(output, (bool, onp.bool_))
        or not isinstance(output, (int, onp.integer))
        or not 0 <= output < n_out
    ):
        raise ValueError(f"output must be an index in [0, {n_out}), got {output!r}")
    choice("activation", activation, tuple(ACTIVATIONS))
    choice("final_activation", final_activation, tuple(ACTIVATIONS))
    x = x.astype(onp.asarray(layers[0][0]).dtype)

    def f(y):
        y = _real("y", y)
        _finite("y", y)
        y_cols = np.expand_dims(y, -1) if k == 1 else y
        if np.shape(y_cols)[-1:] != (k,):
            raise ValueError(f"y must have last dimension {k}, got shape {np.shape(y)}")
        fixed = onp.broadcast_to(x, np.shape(y_cols)[:-1] + (x.size,))  # a constant: not traced
        return mlp(params, np.concatenate([fixed, y_cols], -1), activation, final_activation)[
            ..., output
        ]

    return f


def export_weights(params, dtype="float64"):
    """An MLP's weights as a flat list of plain NumPy arrays [W_1, b_1, W_2, b_2, ...], copied.

    This is the order and the layout of Keras' ``model.get_weights()``: W_l has shape
    (n_l, n_{l+1}) and computes h W + b, so ``model.set_weights(export_weights(params))`` loads
    them into ``keras.Sequential`` of ``Dense`` layers. PyTorch's ``nn.Linear`` stores W_l
    transposed (``weight`` = W_l.T); JAX code can use the arrays as they are. ``dtype`` is
    "float64" (the book's precision; frameworks cast on load) or "float32". The arrays are
    copies, so editing them does not change ``params``. Chapter 1's framework snippets import
    this to run the same network as ``companion.inputs``.

    >>> arrays = export_weights(init_mlp([2, 16, 1], seed=3, scale=1.5))
    >>> [a.shape for a in arrays], arrays[0].dtype
    ([(2, 16), (16,), (16, 1), (1,)], dtype('float64'))
    """
    dtype = choice("dtype", str(onp.dtype(dtype)) if _is_dtype(dtype) else dtype, _DTYPES)
    arrays = []
    for W, b in _mlp_layers(params):
        arrays += [onp.array(W, dtype=dtype), onp.array(b, dtype=dtype)]
    return arrays
