"""Exercises of chapter 6, regression diagnostics: adjusted R², p-values from t, Cook's distance."""

import numpy as onp

from companion.exercises import Case, Exercise, Mistake


def adjusted_r2(y, fitted, k):
    """Ezekiel's (1930) adjusted R²: 1 − (1 − R²)(n − 1)/(n − k − 1), k regressors besides the constant."""
    y, fitted = onp.asarray(y, float), onp.asarray(fitted, float)
    n = len(y)
    r2 = 1 - onp.sum((y - fitted) ** 2) / onp.sum((y - y.mean()) ** 2)
    return 1 - (1 - r2) * (n - 1) / (n - k - 1)


def p_values(t, df):
    """Two-sided p-values of t statistics: 2·P(T > |t|), T ~ Student t with df degrees of freedom."""
    from scipy import stats

    return 2 * stats.t.sf(onp.abs(onp.asarray(t, float)), df)


def cooks_distance(X, y):
    """Cook's (1977) distance of every observation, from one fit (the companion's closed form)."""
    from companion.regression import OLS

    return OLS(y, X).fit().get_influence().cooks_distance


def _r2(y, fitted):
    y, fitted = onp.asarray(y, float), onp.asarray(fitted, float)
    return 1 - onp.sum((y - fitted) ** 2) / onp.sum((y - y.mean()) ** 2)


_rng = onp.random.default_rng(6)
_x = onp.linspace(0, 4, 12)
_X1 = onp.column_stack([onp.ones(12), _x])
_y1 = 1 + 0.5 * _x + _rng.normal(size=12) * 0.4
_X2 = onp.column_stack([onp.ones(15), _rng.normal(size=(15, 2))])
_y2 = _X2 @ [1.0, 2.0, -1.0] + _rng.normal(size=15)
_y2[3] += 6.0  # an outlier, so one distance stands out


def _fitted(X, y):
    return X @ onp.linalg.lstsq(X, y, rcond=None)[0]


def _hat(X):
    return onp.einsum("ij,ji->i", X, onp.linalg.solve(X.T @ X, X.T))


EXERCISES = [
    Exercise(
        id="6.1",
        title="adjusted R² from the data and the fitted values",
        name="adjusted_r2",
        reference=adjusted_r2,
        solution="""
import numpy as np

def adjusted_r2(y, fitted, k):
    y, fitted = np.asarray(y, float), np.asarray(fitted, float)
    n = len(y)
    r2 = 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    return 1 - (1 - r2) * (n - 1) / (n - k - 1)
""",
        hints=(
            "Compute R² = 1 − SSR/SST first, with SST taken about the mean of y.",
            "Adjust by the degrees of freedom: 1 − (1 − R²)(n − 1)/(n − k − 1), k not counting the constant.",
        ),
        cases=(
            Case((_y2, _fitted(_X2, _y2), 2), {}, "two regressors, n = 15, k = 2"),
            Case((_y1, _fitted(_X1, _y1), 1), {}, "a straight line, n = 12, k = 1"),
            Case(
                ([1.0, 2.0, 2.5, 4.5, 5.0, 6.5], [1.2, 1.9, 3.0, 4.0, 5.1, 6.3], 1),
                {},
                "six points",
            ),
        ),
        mistakes=(
            Mistake(
                lambda y, fitted, k: _r2(y, fitted),
                "That is the plain R²: adjust it for the k regressors, 1 − (1 − R²)(n − 1)/(n − k − 1).",
            ),
            Mistake(
                lambda y, fitted, k: 1 - (1 - _r2(y, fitted)) * (len(y) - 1) / (len(y) - k),
                "Your denominator is n − k: the constant uses a degree of freedom too, so divide by n − k − 1.",
            ),
            Mistake(
                lambda y, fitted, k: (
                    onp.sum((onp.asarray(y) - onp.mean(y)) ** 2)
                    / onp.sum((onp.asarray(y) - onp.asarray(fitted)) ** 2)
                    - 1
                ),
                "That is SST/SSR − 1, the wrong formula from the reader's forum answer; "
                "R² is 1 − SSR/SST, and the adjusted one rescales 1 − R².",
            ),
        ),
    ),
    Exercise(
        id="6.2",
        title="two-sided p-values from t statistics",
        name="p_values",
        reference=p_values,
        solution="""
import numpy as np
from scipy import stats

def p_values(t, df):
    return 2 * stats.t.sf(np.abs(np.asarray(t, float)), df)
""",
        hints=(
            "A two-sided p-value is the probability of a |T| at least as large as the one observed.",
            "Use scipy.stats.t.sf (the upper tail) at |t| with df degrees of freedom, and double it.",
        ),
        cases=(
            Case(([2.1, -0.4, 3.5], 10), {}, "three coefficients, df = 10"),
            Case(([-2.5, 0.0, 1.0], 4), {}, "a negative t, df = 4"),
            Case(([1.96, -1.96], 1000), {}, "t = ±1.96 with many degrees of freedom"),
        ),
        mistakes=(
            Mistake(
                lambda t, df: __import__("scipy.stats").stats.t.sf(
                    onp.abs(onp.asarray(t, float)), df
                ),
                "That is the one-sided tail: the test is two-sided, so double it.",
            ),
            Mistake(
                lambda t, df: 2 * __import__("scipy.stats").stats.t.sf(onp.asarray(t, float), df),
                "A negative t gives a p-value above 1: take the absolute value of t before the tail.",
            ),
            Mistake(
                lambda t, df: (
                    2 * __import__("scipy.stats").stats.norm.sf(onp.abs(onp.asarray(t, float)))
                ),
                "Those are normal-distribution p-values: with df residual degrees of freedom use Student's t.",
            ),
        ),
    ),
    Exercise(
        id="6.3",
        title="Cook's distance in closed form",
        name="cooks_distance",
        reference=cooks_distance,
        solution="""
import numpy as np

def cooks_distance(X, y):
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, k = X.shape
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    e = y - X @ beta
    s2 = e @ e / (n - k)
    h = np.einsum("ij,ji->i", X, np.linalg.solve(X.T @ X, X.T))
    return e**2 / (k * s2) * h / (1 - h) ** 2
""",
        hints=(
            "You need three things from one fit: the residuals e, s² = SSR/(n − k) and the leverages h_i.",
            "The leverages are the diagonal of H = X(X'X)⁻¹X'.",
            "D_i = e_i² h_i / (k s² (1 − h_i)²), with k the number of columns of X.",
        ),
        cases=(
            Case((_X1, _y1), {}, "a straight line, n = 12"),
            Case((_X2, _y2), {}, "two regressors and an outlier, n = 15"),
        ),
        mistakes=(
            Mistake(
                lambda X, y: (
                    lambda e, h: e**2 / (X.shape[1] * (e @ e / (len(y) - X.shape[1]))) * h / (1 - h)
                )(y - _fitted(X, y), _hat(X)),
                "The denominator needs (1 − h_i) squared: one factor studentizes the residual, the other "
                "comes from the leverage.",
            ),
            Mistake(
                lambda X, y: (
                    lambda e, h: e**2 / (X.shape[1] * (e @ e / len(y))) * h / (1 - h) ** 2
                )(y - _fitted(X, y), _hat(X)),
                "Your s² divides SSR by n: the unbiased s² divides by n − k.",
            ),
            Mistake(
                lambda X, y: (
                    lambda e, h: e**2 / (e @ e / (len(y) - X.shape[1])) * h / (1 - h) ** 2
                )(y - _fitted(X, y), _hat(X)),
                "Off by the factor k: Cook's distance divides by the number of coefficients k.",
            ),
        ),
    ),
]
