"""OLS out of core on Dask (issue 24): a design larger than the memory it may use.

Workload: 3e7 rows x 10 columns (a constant and 9 standard normals, 2.4 GB of float64),
y = X beta + heteroskedastic noise, generated chunk by chunk by ``dask.array.random`` from
a seed (each pass regenerates its chunks; nothing is stored), fitted with
``OLS(y, X).fit(cov_type="HC3")`` and its ``summary()`` on the threaded scheduler.

Reports: wall time (constructing the model, fitting, the summary), rows per second, and the
peak resident memory of the process (``ru_maxrss``), which must stay under 1.5 GiB; also the
time of one pass that only generates the data and sums it, the floor any out-of-core method
pays per pass here. Baselines at 1e6 rows, each in its own process: the in-memory companion
and statsmodels, fit(cov_type="HC3") + summary() on NumPy arrays already in memory, in rows
per second. Goal: Dask's rows per second at least 50% of the in-memory companion's.

Each measurement runs in a fresh subprocess, so each peak RSS is its own. The Dask run
sets OPENBLAS_NUM_THREADS=1: Dask already runs one task per core, and a multithreaded BLAS
inside each task only oversubscribes the cores. The baselines keep the default BLAS threads.
Other processes sharing the machine slow every figure; run it alone:

    uv run python benchmarks/regression_scale.py [--rows 3e7] [--chunk 5e5] [--baseline-rows 1e6]
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

K = 10
LIMIT_GIB = 1.5


def design(rows, chunk, seed=2024):
    """The lazy (y, X): nothing is generated until a pass asks for a chunk."""
    import dask.array as da
    import numpy as np

    rng = da.random.default_rng(seed)
    Z = rng.standard_normal((rows, K - 1), chunks=(chunk, -1))
    X = da.concatenate([da.ones((rows, 1), chunks=(chunk, 1)), Z], axis=1).rechunk({1: -1})
    noise = rng.standard_normal(rows, chunks=chunk) * (1 + abs(Z[:, 0]))
    return X @ np.linspace(1.0, 0.1, K) + noise, X


def peak_gib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux


def run_dask(rows, chunk):
    import dask

    from companion import regression as cr

    y, X = design(rows, chunk)
    with dask.config.set(scheduler="threads", num_workers=os.cpu_count()):
        start = time.perf_counter()
        dask.compute(X.sum(axis=0), y.sum())
        one_pass = time.perf_counter() - start
        start = time.perf_counter()
        res = cr.OLS(y, X).fit(cov_type="HC3")
        res.summary()
        wall = time.perf_counter() - start
    return {"wall": wall, "one_pass": one_pass, "peak_gib": peak_gib(), "rsquared": res.rsquared}


def run_memory(rows, library):
    import dask

    y, X = dask.compute(*design(rows, min(rows, 500_000)))
    if library == "companion":
        from companion import regression as cr

        fit = lambda: cr.OLS(y, X).fit(cov_type="HC3").summary()  # noqa: E731
    else:
        import statsmodels.api as sm

        fit = lambda: sm.OLS(y, X).fit(cov_type="HC3").summary()  # noqa: E731
    fit()  # imports and first-call costs out of the timing
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return {"wall": sorted(times)[1], "peak_gib": peak_gib()}


def child(kind, rows, chunk):
    """Run one measurement in a fresh interpreter; its JSON result."""
    env = dict(os.environ)
    if kind == "dask":
        env["OPENBLAS_NUM_THREADS"] = "1"
    code = (
        "import json, sys; sys.path.insert(0, {here!r}); import regression_scale as b; "
        "print(json.dumps(b.{call}))"
    ).format(
        here=os.path.dirname(os.path.abspath(__file__)),
        call=f"run_dask({rows}, {chunk})" if kind == "dask" else f"run_memory({rows}, {kind!r})",
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=float, default=3e7)
    parser.add_argument("--chunk", type=float, default=5e5)
    parser.add_argument("--baseline-rows", type=float, default=1e6)
    args = parser.parse_args()
    rows, chunk, base = int(args.rows), int(args.chunk), int(args.baseline_rows)

    import dask
    import numpy as np
    import statsmodels

    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, NumPy {np.__version__}, Dask {dask.__version__}, "
        f"statsmodels {statsmodels.__version__}; load average {os.getloadavg()[0]:.1f}"
    )
    scaled = child("dask", rows, chunk)
    memory = child("companion", base, chunk)
    sm_run = child("statsmodels", base, chunk)
    gb = rows * K * 8 / 1e9
    dask_rate = rows / scaled["wall"]
    mem_rate = base / memory["wall"]
    print(f"Dask, {rows:.0e} x {K} ({gb:.1f} GB float64), chunks of {chunk:.0e} rows:")
    print(f"  fit(cov_type='HC3') + summary: {scaled['wall']:.1f} s, {dask_rate:.3g} rows/s")
    print(f"  one pass that only generates and sums the data: {scaled['one_pass']:.1f} s")
    verdict = "under" if scaled["peak_gib"] < LIMIT_GIB else "OVER"
    print(f"  peak RSS {scaled['peak_gib']:.2f} GiB ({verdict} the {LIMIT_GIB} GiB limit)")
    print(f"In memory at {base:.0e} rows, fit(cov_type='HC3') + summary, median of 3:")
    print(
        f"  companion:   {memory['wall']:.2f} s, {mem_rate:.3g} rows/s, peak RSS "
        f"{memory['peak_gib']:.2f} GiB"
    )
    print(
        f"  statsmodels: {sm_run['wall']:.2f} s, {base / sm_run['wall']:.3g} rows/s, peak RSS "
        f"{sm_run['peak_gib']:.2f} GiB"
    )
    ratio = dask_rate / mem_rate
    print(
        f"Dask rows/s / in-memory companion rows/s = {ratio:.2f} (goal >= 0.5: "
        f"{'met' if ratio >= 0.5 else 'not met'})"
    )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
