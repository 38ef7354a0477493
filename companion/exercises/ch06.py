"""Exercises of chapter 6, regression diagnostics: adjusted R², p-values from t, Cook's distance,
and (optional, PyTorch) the standard errors of a trained ``nn.Linear``."""

import numpy as onp

from companion.exercises import Case, Exercise, Mistake


def adjusted_r2(y, fitted, k):
    """Ezekiel's (1930) adjusted R²: 1 − (1 − R²)(n − 1)/(n − k), k coefficients with the constant."""
    y, fitted = onp.asarray(y, float), onp.asarray(fitted, float)
    n = len(y)
    r2 = 1 - onp.sum((y - fitted) ** 2) / onp.sum((y - y.mean()) ** 2)
    return 1 - (1 - r2) * (n - 1) / (n - k)


def p_values(t, df):
    """Two-sided p-values of t statistics: 2·P(T > |t|), T ~ Student t with df degrees of freedom."""
    from scipy import stats

    return 2 * stats.t.sf(onp.abs(onp.asarray(t, float)), df)


def cooks_distance(X, y):
    """Cook's (1977) distance of every observation, from one fit (the companion's closed form)."""
    from companion.regression import OLS

    return OLS(y, X).fit().get_influence().cooks_distance


def _adjusted(factor):
    """adjusted_r2 with a (possibly wrong) degrees-of-freedom factor of (n, k)."""

    def adjusted(y, fitted, k):
        return 1 - (1 - _r2(y, fitted)) * factor(len(y), k)

    return adjusted


def torch_standard_errors(model, x, y):
    """Nonrobust standard errors of [bias, weights] of a trained torch.nn.Linear(p, 1)."""
    import torch

    with torch.no_grad():
        X = torch.cat([torch.ones(len(x), 1, dtype=x.dtype), x], dim=1)
        beta = torch.cat([model.bias, model.weight.ravel()])
        e = y - X @ beta
        n, k = X.shape
        return torch.sqrt(e @ e / (n - k) * torch.diag(torch.linalg.inv(X.T @ X)))


def _in_torch(function):
    """The checker's call: plain weights and data become an nn.Linear and tensors."""

    def call(weights, x, y):
        import torch

        x, y = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
        model = torch.nn.Linear(x.shape[1], 1, dtype=torch.float64)
        with torch.no_grad():
            model.bias.copy_(torch.tensor(weights[:1], dtype=torch.float64))
            model.weight.copy_(torch.tensor([weights[1:]], dtype=torch.float64))
        out = function(model, x, y)
        return onp.asarray(out.detach().numpy() if hasattr(out, "detach") else out, float)

    return call


def _torch_slip(slip):
    """A learner's torch_standard_errors with one slip (the checker calls it through torch)."""

    def answer(model, x, y):
        import torch

        with torch.no_grad():
            X = torch.cat([torch.ones(len(x), 1, dtype=x.dtype), x], dim=1)
            beta = torch.cat([model.bias, model.weight.ravel()])
            n, k = X.shape
            if slip == "no constant":
                X, beta, k = x, model.weight.ravel(), k - 1
            e = (y + X @ beta) if slip == "sign" else (y - X @ beta)
            df = {"df n - k - 1": n - k - 1, "df n": n}.get(slip, n - k)
            cov = torch.linalg.inv(X.T @ X)
            se = torch.sqrt(e @ e / df * torch.diag(cov))
            return se.flip(0) if slip == "weights first" else se

    return answer


def _r2(y, fitted):
    y, fitted = onp.asarray(y, float), onp.asarray(fitted, float)
    return 1 - onp.sum((y - fitted) ** 2) / onp.sum((y - y.mean()) ** 2)


_rng = onp.random.default_rng(6)
_x = onp.linspace(0, 4, 12)
_X1 = onp.column_stack([onp.ones(12), _x])
_y1 = 1 + 0.5 * _x + _rng.normal(size=12) * 0.4
_X2 = onp.column_stack([onp.ones(15), _rng.normal(size=(15, 2))])
_X4 = onp.column_stack([onp.ones(20), _rng.normal(size=(20, 2)) * [1.0, 3.0]])
_y2 = _X2 @ [1.0, 2.0, -1.0] + _rng.normal(size=15)
_y2[3] += 6.0  # an outlier, so one distance stands out


def _t_sf(t, df):
    from scipy import stats

    return stats.t.sf(t, df)


def _norm_sf(z):
    from scipy import stats

    return stats.norm.sf(z)


def _p_values_swapped(df, t):
    """A learner's p_values written with its arguments the other way round."""
    return 2 * _t_sf(onp.abs(onp.asarray(t, float)), df)


def _cook(X, y, formula):
    """Cook's distance by a (possibly wrong) formula of (e, h, n, k), from one fit."""
    X, y = onp.asarray(X, float), onp.asarray(y, float)
    n, k = X.shape
    return formula(y - _fitted(X, y), _hat(X), n, k)


def _cooks_distance_swapped(y, X):
    """A learner's cooks_distance written as (y, X): called with (X, y) it unpacks a 1-D shape."""
    X, y = onp.asarray(X, float), onp.asarray(y, float)
    n, k = X.shape
    return _cook(X, y, lambda e, h, n, k: e**2 / (k * e @ e / (n - k)) * h / (1 - h) ** 2)


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
import autograd.numpy as np

def adjusted_r2(y, fitted, k):
    y, fitted = np.asarray(y, float), np.asarray(fitted, float)
    n = len(y)
    r2 = 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)
    return 1 - (1 - r2) * (n - 1) / (n - k)
""",
        hints=(
            "Two steps: R² from the residual and total sums of squares, then 1 − R² rescaled by "
            "a ratio of degrees of freedom.",
            "The ratio is (n − 1)/(n − k): the total spends one degree of freedom on the mean, "
            "the residuals spend k, one per coefficient, the constant included.",
        ),
        cases=(
            Case((_y2, _fitted(_X2, _y2), 3), {}, "two regressors and a constant, n = 15, k = 3"),
            Case((_y1, _fitted(_X1, _y1), 2), {}, "a straight line, n = 12, k = 2"),
            Case(
                ([1.0, 2.0, 2.5, 4.5, 5.0, 6.5], [1.2, 1.9, 3.0, 4.0, 5.1, 6.3], 2),
                {},
                "six points, k = 2",
            ),
            Case(
                ([1.0, 2.0, 2.5, 4.5, 5.0, 6.5], [1.5, 2.1, 2.9, 3.9, 4.6, 5.5], 2),
                {},
                "a fit that has not converged: the mean of the fitted values is not ȳ",
            ),
        ),
        mistakes=(
            Mistake(
                lambda y, fitted, k: _r2(y, fitted),
                "That is the plain R²: the answer must change with k. Adjust for the k "
                "coefficients by rescaling 1 − R² with the degrees of freedom.",
                kind="ignored-parameter",
            ),
            Mistake(
                _adjusted(lambda n, k: (n - 1) / (n - k - 1)),
                "Your residual degrees of freedom are n − k − 1: in this chapter k already counts "
                "the constant, so the residuals have n − k.",
                kind="off-by-one",
            ),
            Mistake(
                _adjusted(lambda n, k: n / (n - k)),
                "Your degrees-of-freedom factor is n/(n − k), the one for a model without an "
                "intercept. With a constant, the total sum of squares is taken about the mean and "
                "has n − 1 degrees of freedom.",
            ),
            Mistake(
                _adjusted(lambda n, k: n / (n - k - 1)),
                "Your degrees-of-freedom factor has n on top and n − k − 1 below: both are off. "
                "The total has n − 1 degrees of freedom (one spent on the mean), the residuals "
                "n − k (k coefficients, the constant included).",
            ),
            Mistake(
                _adjusted(lambda n, k: (n - 1) / (n - k - 2)),
                "Your residual degrees of freedom are n − k − 2, two short: the residuals have "
                "n − k, with k counting every coefficient, the constant included.",
            ),
            Mistake(
                _adjusted(lambda n, k: (n - 1) / (n - k + 1)),
                "Your residual degrees of freedom are n − k + 1, one too many: each of the k "
                "coefficients, the constant included, uses one.",
            ),
            Mistake(
                lambda y, fitted, k: 1 + (1 - _r2(y, fitted)) * (len(y) - 1) / (len(y) - k),
                "Your adjusted R² lies above 1: the adjustment must pull R² down. Check the sign "
                "with which the rescaled 1 − R² enters.",
                kind="sign",
            ),
            Mistake(
                lambda y, fitted, k: adjusted_r2(fitted, y, k),
                "The arguments are (y, fitted, k), observed values first: SST is the spread of the "
                "observed y about their mean, not of the fitted values.",
                kind="signature",
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
import autograd.numpy as np
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
                lambda t, df: _t_sf(onp.abs(onp.asarray(t, float)), df),
                "That is the one-sided tail: the test is two-sided, so double it.",
            ),
            Mistake(
                lambda t, df: 2 * _t_sf(onp.asarray(t, float), df),
                "A negative t gives a p-value above 1: take the absolute value of t before the tail.",
                kind="sign",
            ),
            Mistake(
                lambda t, df: 2 * _norm_sf(onp.abs(onp.asarray(t, float))),
                "Those are normal-distribution p-values, the same whatever df: with df residual "
                "degrees of freedom use Student's t.",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda t, df: 2 * _t_sf(onp.abs(onp.asarray(t, float)), df - 1),
                "Your degrees of freedom are one short: df is already the residual degrees of "
                "freedom n − k, so use it as given.",
                kind="off-by-one",
            ),
            Mistake(
                _p_values_swapped,
                "The arguments are (t, df), the statistics first: your function reads the t "
                "values as degrees of freedom (a negative t then gives NaN).",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="6.3",
        title="Cook's distance in closed form",
        name="cooks_distance",
        reference=cooks_distance,
        solution="""
import autograd.numpy as np

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
                lambda X, y: _cook(
                    X, y, lambda e, h, n, k: e**2 / (k * e @ e / (n - k)) * h / (1 - h)
                ),
                "The denominator needs (1 − h_i) squared: one factor studentizes the residual, "
                "the other comes from the leverage.",
            ),
            Mistake(
                lambda X, y: _cook(
                    X, y, lambda e, h, n, k: e**2 / (k * e @ e / n) * h / (1 - h) ** 2
                ),
                "Your s² divides SSR by n: the unbiased s² divides by n − k.",
            ),
            Mistake(
                lambda X, y: _cook(
                    X, y, lambda e, h, n, k: e**2 / (e @ e / (n - k)) * h / (1 - h) ** 2
                ),
                "Off by the factor k: Cook's distance divides by the number of coefficients k.",
            ),
            Mistake(
                lambda X, y: _cook(
                    X, y, lambda e, h, n, k: e**2 / ((k - 1) * e @ e / (n - k)) * h / (1 - h) ** 2
                ),
                "You counted one coefficient too few: k is the number of columns of X, the "
                "constant included.",
                kind="off-by-one",
            ),
            Mistake(
                lambda X, y: _cook(
                    X, y, lambda e, h, n, k: e**2 / (k * e @ e / (n - k)) * h / (1 + h) ** 2
                ),
                "The leverage enters as 1 − h_i, not 1 + h_i: deleting a high-leverage point "
                "moves the fit more, not less.",
                kind="sign",
            ),
            Mistake(
                lambda X, y: _cook(
                    X,
                    y,
                    lambda e, h, n, k: e**2 / (k * e @ e / (n - k)) * (k / n) / (1 - k / n) ** 2,
                ),
                "Every row got the same leverage k/n: h_i comes from row i of X, the diagonal of "
                "the hat matrix, so use each row's own.",
                kind="ignored-parameter",
            ),
            Mistake(
                _cooks_distance_swapped,
                "The arguments are (X, y), the design first: your function unpacks the shape of "
                "a 1-D y as if it were X.",
                kind="signature",
            ),
        ),
    ),
    Exercise(
        id="6.4",
        title="optional, in PyTorch: standard errors of a trained nn.Linear",
        name="torch_standard_errors",
        reference=torch_standard_errors,
        requires=("torch",),
        adapt=_in_torch,
        solution="""
def torch_standard_errors(model, x, y):
    import torch  # inside, so the chapter runs without torch until the function is called

    with torch.no_grad():
        X = torch.cat([torch.ones(len(x), 1, dtype=x.dtype), x], dim=1)
        beta = torch.cat([model.bias, model.weight.ravel()])
        e = y - X @ beta
        n, k = X.shape
        return torch.sqrt(e @ e / (n - k) * torch.diag(torch.linalg.inv(X.T @ X)))
""",
        hints=(
            "Build the design with a column of ones in front of x, and the coefficient vector "
            "[bias, weights] in the same order; the residuals are y minus the design times it.",
            "s² = e·e/(n − k) with k counting the bias; the standard errors are the square roots "
            "of the diagonal of s² (XᵀX)⁻¹.",
        ),
        cases=(
            Case(([1.0, 2.0, -1.0], _X2[:, 1:].tolist(), _y2.tolist()), {}, "the trained weights"),
            Case(
                ([0.3, 0.5, 0.2], _X4[:, 1:].tolist(), (_X4 @ [1.0, 2.0, -0.5]).tolist()),
                {},
                (
                    "weights far from the least-squares fit, n = 20 (the numbers mean nothing "
                    "there; the case checks that you use the model's own weights)"
                ),
            ),
        ),
        mistakes=(
            Mistake(
                _torch_slip("no constant"),
                "You left the bias out of the design: the model has a bias, so the design needs a "
                "column of ones and the coefficients start with the bias.",
                kind="ignored-parameter",
            ),
            Mistake(
                _torch_slip("df n - k - 1"),
                "Your s² divides by n − k − 1: k, the columns of the design, already counts the "
                "bias, so divide by n − k.",
                kind="off-by-one",
            ),
            Mistake(
                _torch_slip("df n"),
                "Your s² divides the residual sum of squares by n: the unbiased s² divides by n − k.",
            ),
            Mistake(
                _torch_slip("sign"),
                "Your residuals are y + Xβ: they are y − Xβ, what the model leaves unexplained.",
                kind="sign",
            ),
            Mistake(
                _torch_slip("weights first"),
                "Your standard errors come in reverse order: return them as [bias, weight_1, ...], "
                "the bias first.",
                kind="signature",
            ),
        ),
    ),
]
