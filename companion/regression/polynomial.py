"""Polynomial least squares with the powers of x formed exactly."""

import numpy as onp

from companion.regression._common import CollinearityError, _as_response
from companion.regression.linear_model import OLS
from companion.regression.solvers import _IntDesign


def polyfit(x, y, degree, intercept=True, cov_type="nonrobust", method="auto"):
    """Least-squares polynomial y = b0 + b1 x + ... + b_d x^d, the powers formed exactly.

    numpy.polyfit and OLS on np.vander(x) round every power x^j to float64 before the solve;
    for a degree-10 polynomial (NIST's Filip) that rounding alone limits the coefficients to
    about 7.6 digits. Here each float64 x_i = m_i 2^e_i is raised to its powers in exact
    integers, the normal equations are solved exactly (when the problem is small, see OLS),
    and only the answer is rounded. Coefficients come in increasing order of power
    (``params[j]`` multiplies x^j), unlike numpy.polyfit.

    >>> x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    >>> res = polyfit(x, [1.0, 3.1, 6.9, 13.0, 21.1, 30.9], 2)
    >>> print([f"{b:.4f}" for b in res.params], res.solver)
    ['1.0107', '1.0154', '0.9946'] exact
    """
    xs = _as_response(x, "x")
    if isinstance(degree, bool) or not isinstance(degree, (int, onp.integer)):
        raise TypeError(f"degree must be a non-negative integer, got {degree!r}")
    if degree < 0:
        raise ValueError(f"degree must be a non-negative integer, got {degree!r}")
    if not isinstance(intercept, (bool, onp.bool_)):
        raise TypeError(f"intercept must be True or False, got {intercept!r}")
    if not intercept and degree == 0:
        raise ValueError("degree 0 without intercept leaves no regressor")
    ys = _as_response(y)
    if len(ys) != len(xs):
        raise ValueError(f"x has {len(xs)} values but y has {len(ys)}; they must match")
    degrees = list(range(0 if intercept else 1, int(degree) + 1))
    distinct = len(onp.unique(xs[xs != 0] if not intercept else xs))
    if distinct < len(degrees):
        raise CollinearityError(
            f"x takes only {distinct} distinct {'nonzero ' if not intercept else ''}value(s), "
            f"so the {len(degrees)} columns of a degree-{degree} polynomial"
            f"{'' if intercept else ' without intercept'} are linearly dependent: lower the "
            "degree or collect more distinct x"
        )
    names = ["const" if d == 0 else ("x" if d == 1 else f"x^{d}") for d in degrees]
    with onp.errstate(over="ignore"):
        X = onp.column_stack([xs**d for d in degrees])
    if not onp.all(onp.isfinite(X)):
        d = degrees[int(onp.argmax(~onp.isfinite(X).all(axis=0)))]
        raise ValueError(
            f"x**{d} overflows float64 (max |x| = {onp.max(onp.abs(xs)):.3g}): centre and "
            "scale x first, e.g. (x - x.mean()) / x.std()"
        )
    model = OLS(ys, X, names=names)
    model._int_design = _IntDesign.powers(xs, degrees)
    return model.fit(cov_type=cov_type, method=method)
