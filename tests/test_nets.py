import autograd.numpy as np
import numpy as onp
import pytest
from autograd import grad

from companion import nets
from companion.gradcheck import check_grad


def test_mlp_gradient_in_inputs_and_params_matches_finite_differences():
    params = nets.init_mlp([2, 5, 1], seed=3)
    x = onp.array([[0.3, -0.7]])
    assert check_grad(lambda v: np.sum(nets.mlp(params, v.reshape(1, 2))), x.ravel()).passed
    W0 = params[0][0]
    f = lambda W: np.sum(nets.mlp([(W, params[0][1]), params[1]], x))
    assert check_grad(f, W0).passed


def test_same_seed_same_weights_and_rnn_shapes():
    a, b = nets.init_mlp([3, 4, 2], seed=7), nets.init_mlp([3, 4, 2], seed=7)
    assert all(onp.array_equal(wa, wb) for (wa, _), (wb, _) in zip(a, b))
    p = nets.init_rnn(2, 3, 1, seed=0)
    g = grad(lambda q: np.sum(nets.rnn(q, onp.ones((4, 2, 2))) ** 2))(p)
    assert set(g) == set(p) and g["W_h"].shape == (3, 3)


def test_adam_fit_learns_a_line():
    rng = onp.random.default_rng(0)
    x = rng.uniform(-1, 1, (64, 1))
    y = 2 * x - 1
    params, history = nets.adam_fit(
        lambda p: np.mean((nets.mlp(p, x) - y) ** 2),
        nets.init_mlp([1, 1], seed=0),
        steps=400,
        lr=0.05,
    )
    assert history[-1] < 1e-4 < history[0]
    onp.testing.assert_allclose(params[0][0][0, 0], 2.0, atol=1e-2)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="sizes"):
        nets.init_mlp([3])
    with pytest.raises(ValueError, match="last dimension 2"):
        nets.mlp(nets.init_mlp([2, 1]), onp.ones((4, 3)))
    with pytest.raises(ValueError, match="unknown activation"):
        nets.mlp(nets.init_mlp([2, 1]), onp.ones((4, 2)), activation="gelu")
    with pytest.raises(ValueError, match="steps"):
        nets.adam_fit(lambda p: np.sum(p), onp.ones(2), steps=0)
    with pytest.raises(ValueError, match="lr"):
        nets.adam_fit(lambda p: np.sum(p), onp.ones(2), lr=-1.0)
    with pytest.raises(FloatingPointError, match="initial params"), onp.errstate(invalid="ignore"):
        nets.adam_fit(lambda p: np.sum(np.log(p - 5)), onp.ones(2))
    with pytest.raises(ValueError, match="xs must have shape"):
        nets.rnn(nets.init_rnn(1, 2, 1), onp.ones((3, 1)))


def test_train_mlp_is_seeded_and_fits_a_smooth_target():
    x = onp.linspace(-1, 1, 40)[:, None]
    t = onp.sin(2 * x[:, 0])
    (p1, h1), (p2, h2) = (nets.train_mlp(x, t, (8,), steps=200, lr=0.05, seed=5) for _ in range(2))
    assert onp.array_equal(h1, h2) and h1[-1] < 0.01 * h1[0]
    _, reference = nets.adam_fit(
        lambda p: np.mean((nets.mlp(p, x)[:, 0] - t) ** 2),
        nets.init_mlp([1, 8, 1], seed=5),
        steps=200,
        lr=0.05,
    )
    onp.testing.assert_allclose(h1, reference, rtol=1e-12)


def test_freeze_fixes_x_and_differentiates_in_y_only():
    params = nets.init_mlp([3, 5, 2], seed=2)
    f1 = nets.freeze(params, [0.1, -0.4], output=1)
    ys = onp.array([-1.0, 0.0, 2.0])
    direct = nets.mlp(params, onp.column_stack([onp.full(3, 0.1), onp.full(3, -0.4), ys]))[:, 1]
    onp.testing.assert_array_equal(f1(ys), direct)
    assert check_grad(f1, 0.7).passed
    f2 = nets.freeze(params, [0.1], activation="relu")
    assert f2(onp.zeros((4, 2))).shape == (4,)
    assert check_grad(f2, onp.array([0.3, -0.2])).passed


def test_train_and_freeze_bad_input():
    with pytest.raises(ValueError, match="inputs must have shape"):
        nets.train_mlp(onp.ones(4), onp.ones(4))
    with pytest.raises(ValueError, match="targets must have shape"):
        nets.train_mlp(onp.ones((4, 1)), onp.ones(5))
    with pytest.raises(ValueError, match="inputs must be finite"):
        nets.train_mlp(onp.full((2, 1), onp.nan), onp.ones(2))
    params = nets.init_mlp([2, 3, 1])
    with pytest.raises(ValueError, match="fewer than the network's 2 inputs"):
        nets.freeze(params, [0.1, 0.2])
    with pytest.raises(ValueError, match="output must be an index"):
        nets.freeze(params, [0.1], output=1)
    with pytest.raises(ValueError, match="y must have last dimension 2"):
        nets.freeze(nets.init_mlp([3, 1]), [0.1])(onp.ones(3))


def test_freeze_keeps_float32_weights_in_float32():
    params = [(W.astype(onp.float32), b.astype(onp.float32)) for W, b in nets.init_mlp([2, 4, 1])]
    f = nets.freeze(params, [0.5])
    assert f(onp.float32(0.2)).dtype == onp.float32
    assert grad(f)(onp.float32(0.2)).dtype == onp.float32


def test_export_weights_is_keras_order_copied_and_reproduces_the_network():
    params = nets.init_mlp([2, 16, 1], seed=3, scale=1.5)
    arrays = nets.export_weights(params)
    assert [a.shape for a in arrays] == [(2, 16), (16,), (16, 1), (1,)]
    assert all(type(a) is onp.ndarray and a.dtype == onp.float64 for a in arrays)
    x = onp.array([[0.5, 0.2], [-1.0, 3.0]])
    by_hand = onp.tanh(x @ arrays[0] + arrays[1]) @ arrays[2] + arrays[3]  # Keras' Dense
    onp.testing.assert_allclose(by_hand, nets.mlp(params, x), rtol=1e-15)
    arrays[0][0, 0] = 99.0
    assert params[0][0][0, 0] != 99.0
    assert nets.export_weights(params, "float32")[0].dtype == onp.float32
    with pytest.raises(ValueError, match="unknown dtype"):
        nets.export_weights(params, "int8")
