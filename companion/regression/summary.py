"""The text table of a fit, laid out like statsmodels' ``summary()``."""

import math

from companion.regression._common import WARN_DIGITS, UndefinedStatisticError


class Summary:
    """The text of a summary; prints as a table (``print(res.summary())``).

    >>> print(Summary("OLS Regression Results").as_text())
    OLS Regression Results
    """

    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        self.text = text

    def as_text(self):
        return self.text

    def __str__(self):
        return self.text

    __repr__ = __str__


def _try(getter):
    try:
        return getter()
    except (UndefinedStatisticError, ValueError):
        return None


def _fmt(value, spec):
    return "undefined" if value is None else format(value, spec)


def _summary_text(res, yname, alpha):
    m = res.model
    uncentred = "" if res.k_constant else " (uncentered)"
    ci = _try(lambda: res.conf_int(alpha))
    bse = _try(lambda: res.bse)
    jb = _try(lambda: res.jarque_bera)
    omni = _try(lambda: res.omnibus)
    left = [
        ("Dep. Variable:", yname),
        ("Model:", "OLS"),
        ("Method:", "Least Squares"),
        ("Solver:", res.solver),
        ("No. Observations:", f"{int(res.nobs)}"),
        ("Df Residuals:", f"{int(res.df_resid)}"),
        ("Df Model:", f"{int(res.df_model)}"),
        ("Covariance Type:", res.cov_type),
    ]
    right = [
        (f"R-squared{uncentred}:", _fmt(_try(lambda: res.rsquared), ".3f")),
        (f"Adj. R-squared{uncentred}:", _fmt(_try(lambda: res.rsquared_adj), ".3f")),
        ("F-statistic:", _fmt(_try(lambda: res.fvalue), ".4g")),
        ("Prob (F-statistic):", _fmt(_try(lambda: res.f_pvalue), ".3g")),
        ("Log-Likelihood:", _fmt(res.llf, ".5g")),
        ("AIC:", _fmt(res.aic, ".4g")),
        ("BIC:", _fmt(res.bic, ".4g")),
        ("", ""),
    ]
    width = 78
    lines = ["OLS Regression Results".center(width), "=" * width]
    for (a, b), (c, d) in zip(left, right):
        lines.append(f"{a:<17}{b:>21}   {c:<26}{d:>11}")
    lines.append("=" * width)
    stat = "t" if res.use_t else "z"
    lo, hi = f"[{alpha / 2:g}", f"{1 - alpha / 2:g}]"
    lines.append(
        f"{'':<12}{'coef':>10}{'std err':>11}{stat:>10}{f'P>|{stat}|':>10}{lo:>12}{hi:>12}"
    )
    lines.append("-" * width)
    for j, name in enumerate(m.exog_names):
        interval = (_fmt(ci[j, 0], ".4g"), _fmt(ci[j, 1], ".4g")) if ci is not None else ("",) * 2
        lines.append(
            f"{name[:12]:<12}{res.params[j]:>10.4g}{_fmt(None if bse is None else bse[j], '.3g'):>11}"
            f"{res.tvalues[j]:>10.3f}{res.pvalues[j]:>10.3f}{interval[0]:>12}{interval[1]:>12}"
        )
    lines.append("=" * width)
    diag = [
        (
            ("Omnibus:", _fmt(omni and omni[0], ".3f")),
            ("Durbin-Watson:", _fmt(_try(lambda: res.durbin_watson), ".3f")),
        ),
        (
            ("Prob(Omnibus):", _fmt(omni and omni[1], ".3f")),
            ("Jarque-Bera (JB):", _fmt(jb and jb[0], ".3f")),
        ),
        (("Skew:", _fmt(jb and jb[2], ".3f")), ("Prob(JB):", _fmt(jb and jb[1], ".3g"))),
        (
            ("Kurtosis:", _fmt(jb and jb[3], ".3f")),
            ("Cond. No.", f"{res.condition_number:.3g}"),
        ),
    ]
    for (a, b), (c, d) in diag:
        lines.append(f"{a:<17}{b:>21}   {c:<26}{d:>11}")
    lines.append("=" * width)
    if res.cov_type == "nonrobust":
        first = "Standard Errors assume that the covariance matrix of the errors is correctly specified."
    elif res.cov_type == "HAC":
        first = (
            "Standard Errors are heteroscedasticity and autocorrelation robust (HAC) using "
            f"{res.cov_kwds['maxlags']} lags and "
            f"{'with' if res.cov_kwds['use_correction'] else 'without'} small sample correction"
        )
    else:
        first = f"Standard Errors are heteroscedasticity robust ({res.cov_type})"
    notes = [first]
    if res.df_model == 0:
        notes.append("The model holds only a constant: there is no F test of the regressors.")
    if res.condition_number > 1000:
        notes.append(
            f"The condition number is large, {res.condition_number:.3g}. This might indicate "
            "strong multicollinearity or other numerical problems (it depends on the units)."
        )
    if -math.log10(max(res.error_bound, 1e-300)) < WARN_DIGITS:
        notes.append(
            f"After column scaling the condition number is {res.kappa:.2g}: the float64 data "
            f"determine the coefficients to about {res.error_bound:.0e} relative."
        )
    if res.solver != "qr":
        notes.append(
            f"Solved by the {res.solver!r} route because float64 QR alone was not accurate enough."
        )
    lines.append("")
    lines.append("Notes:")
    lines += [f"[{i}] {note}" for i, note in enumerate(notes, 1)]
    return "\n".join(lines)
