"""Chapter 5's remaining claims about the frameworks' defaults (issue 21 nits), checked on the
real frameworks: Keras' optimizers default weight_decay to None, not 0; PyTorch's
Adam(decoupled_weight_decay=True) is AdamW, step for step.
"""

import numpy as onp
import pytest
from conformance_support import OPT_STEPS, OPT_W0, assert_same_trajectory, opt_grad


@pytest.mark.parametrize(
    "cls", ["SGD", "Adagrad", "RMSprop", "Adam"], ids=lambda c: f"ch05-keras-{c}"
)
def test_keras_weight_decay_defaults_to_none(cls):
    pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    from companion import optimizers

    assert getattr(keras.optimizers, cls)().weight_decay is None
    factory = {"SGD": "sgd", "Adagrad": "adagrad", "RMSprop": "rmsprop", "Adam": "adam"}[cls]
    assert optimizers.defaults(factory, "keras")["weight_decay"] is None


def test_torch_adam_decoupled_weight_decay_is_adamw():
    torch = pytest.importorskip("torch")
    w = torch.tensor(OPT_W0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.01, weight_decay=0.1, decoupled_weight_decay=True)
    params, slots = [OPT_W0.copy()], []
    for _ in range(OPT_STEPS):
        w.grad = torch.tensor(opt_grad(w.detach().numpy()), dtype=torch.float64)
        opt.step()
        params.append(w.detach().numpy().copy())
        slots.append({"v": opt.state[w]["exp_avg_sq"].numpy().copy()})
    assert_same_trajectory(
        onp.array(params), slots, "adamw", {"lr": 0.01, "weight_decay": 0.1, "convention": "torch"}
    )
