"""The reader's question in JAX: the gradient of sum(conj(x)).

jax.grad refuses a complex output. jax.vjp with the cotangent 1 gives what TF gives for this f
(in general JAX's vjp is the conjugate of TF's), and so does jax.grad of the real part.
holomorphic=True also returns ones, silently: it assumes f is holomorphic, which conj is not
(its complex derivative does not exist).
"""

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)  # complex128, as in the other frameworks

x = jnp.array([[1 + 2j, -0.5 + 0.25j], [3 - 1j, 0.1 + 0j]])


def f(x):
    return jnp.sum(jnp.conj(x))


try:
    jax.grad(f)(x)
except TypeError as err:  # grad requires real-valued outputs
    print("jax.grad refuses:", str(err).splitlines()[0])

_, f_vjp = jax.vjp(f, x)
(grad_vjp,) = f_vjp(jnp.ones((), jnp.complex128))  # cotangent 1, as TF: ones
grad_real = jax.grad(lambda x: jnp.real(f(x)))(x)  # the real part: ones
grad_holomorphic = jax.grad(f, holomorphic=True)(x)  # ones, though conj is not holomorphic
print("vjp with cotangent 1:\n", grad_vjp)
print("gradient of Re sum(conj(x)):\n", grad_real)
print("holomorphic=True:\n", grad_holomorphic)
