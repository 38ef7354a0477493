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
    with pytest.raises(FloatingPointError, match="step 1"), onp.errstate(invalid="ignore"):
        nets.adam_fit(lambda p: np.sum(np.log(p - 5)), onp.ones(2))
    with pytest.raises(ValueError, match="xs must have shape"):
        nets.rnn(nets.init_rnn(1, 2, 1), onp.ones((3, 1)))
