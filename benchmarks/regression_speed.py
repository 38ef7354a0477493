"""Speed of companion.regression side by side with statsmodels, in one run.

Goals (chapter 6; issue 23 tightened them), measured here and quoted, never asserted in tests:
  1. fit + summary at n = 1e5, k = 50 in at most 0.3 of statsmodels' fit + summary time;
  2. the full closed-form influence (leverage, internal and external studentized residuals,
     Cook's distance, DFFITS, DFBETAS) at that size costs at most 1.3 times one fit;
  3. the accurate path does not slow down well-conditioned problems: the default fit
     (method="auto", which measures the conditioning and picks its route) against
     method="qr" (float64 QR only) on the same well-conditioned data.
Also reported: statsmodels' influence, which refits n times for the external measures
(n = 2000 by default, --n-influence to change it), and the exact route on NIST's Filip.

Timings interleave the contenders and report the median of --repeats runs, because other
processes share the machine. Run it alone:

    uv run python benchmarks/regression_speed.py [--repeats 5] [--n-influence 2000]
"""

import argparse
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_times(contenders, repeats):
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            times[name].append(timed(fn))
    return {name: statistics.median(t) for name, t in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--n-influence", type=int, default=2000)
    args = parser.parse_args()

    import statsmodels.api as sm
    from statsmodels.stats.outliers_influence import OLSInfluence

    from companion import regression as cr

    rng = np.random.default_rng(0)
    n, k = args.n, args.k
    X = sm.add_constant(rng.normal(size=(n, k - 1)))
    y = X @ rng.normal(size=k) + rng.normal(size=n)

    def ours_fit_summary():
        str(cr.OLS(y, X).fit().summary())

    def theirs_fit_summary():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            str(sm.OLS(y, X).fit().summary())

    def ours_fit():
        cr.OLS(y, X).fit()

    def ours_fit_qr():
        cr.OLS(y, X).fit(method="qr")

    def ours_influence():
        infl = cr.OLS(y, X).fit().get_influence()
        for name in (
            "hat_matrix_diag",
            "resid_studentized_internal",
            "resid_studentized_external",
            "cooks_distance",
            "dffits",
            "dfbetas",
        ):
            getattr(infl, name)

    for fn in (ours_fit_summary, theirs_fit_summary, ours_influence):  # warm up imports
        fn()
    t = median_times(
        {
            "companion fit+summary": ours_fit_summary,
            "statsmodels fit+summary": theirs_fit_summary,
            "companion fit (auto)": ours_fit,
            "companion fit (qr only)": ours_fit_qr,
            "companion fit+influence": ours_influence,
        },
        args.repeats,
    )
    route = cr.OLS(y, X).fit().solver
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, load average {load}; "
        f"numpy {np.__version__}, statsmodels {sm.__version__}"
    )
    print(f"n = {n}, k = {k}, median of {args.repeats} interleaved runs (route chosen: {route})")
    for name, seconds in t.items():
        print(f"  {name:<26} {seconds:8.3f} s")
    influence_only = t["companion fit+influence"] - t["companion fit (auto)"]
    print("ratios")
    print(
        f"  1. fit+summary, companion / statsmodels          {t['companion fit+summary'] / t['statsmodels fit+summary']:.2f}  (goal <= 0.3)"
    )
    print(
        f"  2. full influence / one fit                      {influence_only / t['companion fit (auto)']:.2f}  (goal <= 1.3)"
    )
    print(
        f"  3. default (auto) fit / float64-QR-only fit      {t['companion fit (auto)'] / t['companion fit (qr only)']:.2f}  (goal ~ 1)"
    )

    m = args.n_influence
    Xi = sm.add_constant(rng.normal(size=(m, 4)))
    yi = Xi @ np.ones(5) + rng.normal(size=m)

    def sm_influence():
        infl = OLSInfluence(sm.OLS(yi, Xi).fit())
        infl.resid_studentized_external, infl.dffits, infl.dfbetas  # noqa: B018

    def cr_influence():
        infl = cr.OLS(yi, Xi).fit().get_influence()
        infl.resid_studentized_external, infl.dffits, infl.dfbetas  # noqa: B018

    ti = median_times({"companion": cr_influence, "statsmodels": sm_influence}, 1)
    print(
        f"external studentized residuals, DFFITS, DFBETAS at n = {m}, k = 5: companion "
        f"{ti['companion'] * 1e3:.1f} ms, statsmodels (n refits) {ti['statsmodels']:.2f} s, "
        f"ratio {ti['statsmodels'] / ti['companion']:.0f}x"
    )

    filip = cr.read_nist(ROOT / "tests/data/nist/Filip.dat")
    Xf = filip.design()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tf = median_times(
            {
                "exact": lambda: cr.OLS(filip.y, Xf).fit(),
                "qr": lambda: cr.OLS(filip.y, Xf).fit(method="qr"),
                "polyfit": lambda: cr.polyfit(filip.x[:, 0], filip.y, 10),
                "statsmodels": lambda: sm.OLS(filip.y, Xf).fit(),
            },
            args.repeats,
        )
    print(
        "NIST Filip (n = 82, k = 11): "
        + ", ".join(f"{name} {seconds * 1e3:.1f} ms" for name, seconds in tf.items())
    )


if __name__ == "__main__":
    main()
