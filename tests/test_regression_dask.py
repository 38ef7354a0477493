"""OLS on Dask arrays (issue 24): the same numbers as in memory, out of core.

Oracles: the in-memory fit of the same float64 data (its own tests check it against
statsmodels, exact arithmetic and NIST's certified values), statsmodels directly, and the
certified NIST values. Tolerances are 1e-12 relative, except where a quantity's own
conditioning says the two solvers' rounding (Householder QR of X against TSQR of its chunks)
moves it further, and then the tolerance is that bound, stated next to it:
- per-row quantities are compared normwise (relative to the largest of them), covariances
  entry by entry relative to sqrt(V_ii V_jj);
- statistics of the residuals (their moments, Cook's distance, studentized residuals) move by
  about kappa * u * A relative, A = max |X| |beta| / rms(e), when beta moves by its rounding
  kappa * u (a near-perfect fit such as NIST's Pontius has A ~ 1e4);
- what is built from Q = X R^-1 (leverages, HC covariances) moves by about kappa * u, kappa
  the condition number after column scaling (Filip: 5e9), and the condition number of X as
  given by about itself times u;
- p-values are compared in absolute terms (a p-value of 1e-300 has no relative digits to
  spare when t is in the thousands);
- a perfect fit (the fit warns so) has residuals that are rounding noise in both, so only the
  statistics that do not depend on them are compared.
"""

import json
import subprocess
import sys
import tracemalloc
import warnings
from pathlib import Path

import dask
import dask.array as da
import distributed
import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import regression as cr

NIST = Path(__file__).resolve().parent / "data" / "nist"
NAMES = list(json.loads((NIST / "certified.json").read_text())["datasets"])
U = cr.U
ROW_STATS = ("durbin_watson", "jarque_bera", "omnibus")
SCALAR = ("rsquared", "rsquared_adj", "fvalue", "llf", "aic", "bic", "ssr", "scale", "ess")


@pytest.fixture(autouse=True)
def threads():
    with dask.config.set(scheduler="threads"):
        yield


def lazy(y, X, chunks):
    return da.from_array(y, chunks=(chunks,)), da.from_array(X, chunks=(chunks, -1))


def fit_both(y, X, chunks, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cr.RegressionWarning)
        memory = cr.OLS(y, X).fit(**kwargs)
        scaled = cr.OLS(*lazy(y, X, chunks)).fit(**kwargs)
    return memory, scaled


def close(got, want, rtol, what, atol=0.0):
    got, want = np.asarray(got, float), np.asarray(want, float)
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)


def close_cov(got, want, rtol, what):
    """Covariance entries relative to their scale sqrt(V_ii V_jj) (a tiny covariance between
    two large variances has no relative digits to spare)."""
    want = np.asarray(want, float)
    scale = np.outer(np.sqrt(np.diag(want)), np.sqrt(np.diag(want)))  # no underflow
    assert np.all(np.abs(np.asarray(got) - want) <= rtol * scale), what


def close_rows(got, want, rtol, what):
    """Per-row values compared normwise: relative to the largest of them."""
    want = np.asarray(want, float)
    close(got, want, 0, what, atol=rtol * np.nanmax(np.abs(want)))


def undefined_or(res, name):
    try:
        return getattr(res, name)
    except (cr.UndefinedStatisticError, cr.FloatRangeError) as err:
        return err


def amplification(res):
    """max |X| |beta| / rms(e): how much a relative change of beta grows in the residuals."""
    X = res.model.exog
    e = np.asarray(res.resid)
    return float(np.max(np.abs(X) @ np.abs(res.params)) / np.sqrt(np.mean(e**2)))


def agree(memory, scaled, rtol=1e-12):
    """Every statistic of the Dask fit against the in-memory fit of the same data.

    The refined route stops when its correction is below 4u of beta: two runs of it (over
    differently rounded R's) agree to the error bound it reports, not to 1e-12."""
    if memory.solver == "qr+refinement":
        rtol = max(rtol, memory.error_bound)
    kappa_u = 100 * memory.kappa * U
    perfect = memory._ssr_s <= (10 * U) ** 2 * memory._uncentered_tss_s  # as fit() warns
    assert scaled.solver == memory.solver
    close(scaled.params, memory.params, rtol, "params")
    close_cov(scaled.normalized_cov_params, memory.normalized_cov_params, rtol, "(X'X)^-1")
    # R^2 = 1 - ssr/tss is accurate to rtol absolutely; relatively only when it is not near 0
    # (hypothesis: R^2 = 1.9e-4, 2.2e-16 apart, 1.1e-12 relative)
    close(scaled.rsquared, memory.rsquared, rtol, "rsquared", atol=rtol)
    cond = memory.condition_number  # of X unscaled: its own rounding, cond * u, is larger
    close(scaled.condition_number, cond, max(rtol, 100 * cond * U), "condition number")
    assert scaled.k_constant == memory.k_constant
    if perfect:  # residuals are rounding noise in both: compare them on the scale of y
        close(scaled._ssr_s, memory._ssr_s, 0, "ssr", atol=1e-12 * memory._uncentered_tss_s)
        return
    moved = max(rtol, 10 * memory.kappa * U * amplification(memory))
    close(scaled.bse, memory.bse, rtol, "bse")
    close(scaled.tvalues, memory.tvalues, rtol, "tvalues")
    close(scaled.pvalues, memory.pvalues, 0, "pvalues", atol=rtol)
    ci = memory.conf_int()  # beta -/+ q se: relative to the larger of the two bounds
    assert np.all(np.abs(scaled.conf_int() - ci) <= rtol * np.abs(ci).max(axis=1, keepdims=True))
    close_cov(scaled.cov_params(), memory.cov_params(), max(rtol, kappa_u), "cov_params")
    n = memory.nobs  # the scale of the cancellation in each difference
    absolute = {
        "ess": memory.centered_tss,
        "rsquared": 1,
        "rsquared_adj": (n - 1) / memory.df_resid,
    }
    for name in SCALAR:
        a, b = undefined_or(scaled, name), undefined_or(memory, name)
        if isinstance(b, Exception):
            assert type(a) is type(b) and str(a) == str(b), name
        else:  # differences of sums (ess = tss - ssr, R^2 = 1 - ssr/tss): absolutely
            close(a, b, rtol, name, atol=rtol * absolute.get(name, 0.0))
    close(scaled.f_pvalue, memory.f_pvalue, 0, "f_pvalue", atol=rtol)
    for name in ("cov_HC0", "cov_HC1", "cov_HC2", "cov_HC3"):
        close_cov(getattr(scaled, name), getattr(memory, name), max(rtol, kappa_u), name)
    for name in ROW_STATS:
        a, b = undefined_or(scaled, name), undefined_or(memory, name)
        if isinstance(b, Exception):
            assert type(a) is type(b) and str(a) == str(b), name
        else:
            close(a, b, moved, name)
    close_rows(scaled.resid.compute(), memory.resid, moved, "resid")
    close_rows(scaled.fittedvalues.compute(), memory.fittedvalues, rtol, "fittedvalues")
    lazy_infl, infl = scaled.get_influence(), memory.get_influence()
    close_rows(lazy_infl.hat_matrix_diag.compute(), infl.hat_matrix_diag, kappa_u, "leverage")
    for name in ("resid_studentized_internal", "resid_studentized_external", "cooks_distance"):
        value = getattr(lazy_infl, name)
        assert isinstance(value, da.Array), name
        want = getattr(infl, name)
        if name == "resid_studentized_external":  # s_(i)^2 = (SSR - e_i^2/(1-h_i))/(df - 1)
            # cancels: SSR / SSR_(i) = 1 + t_i^2/(df - 1) multiplies the rounding of t_i
            want = np.asarray(want, float)
            grow = 1 + want**2 / (memory.df_resid - 1)
            tol = max(moved, kappa_u) * np.nanmax(np.abs(want)) * grow
            assert np.all(np.abs(value.compute() - want) <= tol), name
            continue
        close_rows(value.compute(), want, max(moved, kappa_u), name)


def heteroskedastic(n=2400, seed=24):
    rng = np.random.default_rng(seed)
    X = cr.add_constant(rng.normal(size=(n, 4)))
    y = X @ [1.0, 2.0, -1.0, 0.5, 0.0] + rng.standard_t(5, size=n) * (1 + np.abs(X[:, 1]))
    return y, X


# --- agreement with the in-memory fit ------------------------------------------------------


@pytest.mark.parametrize(
    "chunks, cov_type",
    [(2400, "nonrobust"), (700, "HC0"), (700, "HC1"), (97, "HC2"), (333, "HC3")],
)
def test_same_numbers_as_in_memory(chunks, cov_type):
    y, X = heteroskedastic()
    memory, scaled = fit_both(y, X, chunks, cov_type=cov_type)
    agree(memory, scaled)
    assert scaled.summary().as_text() == memory.summary().as_text()


@pytest.mark.parametrize("name", NAMES)
def test_nist_chunked(name):
    data = cr.read_nist(NIST / f"{name}.dat")
    X = data.design()
    chunks = -(-X.shape[0] // 4)  # four chunks (three for NoInt2's 3 rows)
    memory, scaled = fit_both(data.y, X, chunks)
    assert len(lazy(data.y, X, chunks)[1].chunks[0]) >= 3
    agree(memory, scaled)
    digits = [min(cr.lre(r.params, data.estimates).min(), 11) for r in (scaled, memory)]
    assert digits[0] == pytest.approx(digits[1], abs=0.05)  # beyond 11 digits: rounding


@pytest.mark.parametrize("method", ["qr", "exact"])
def test_methods(method):
    y, X = heteroskedastic(n=300)
    agree(*fit_both(y, X, 70, method=method, cov_type="HC3"))


def test_refined_route(monkeypatch):
    """A large ill-conditioned problem is refined, one pass over the chunks per step."""
    monkeypatch.setattr(cr, "EXACT_MAX_WORK", 0)  # Wampler4 is then 'large'
    data = cr.read_nist(NIST / "Wampler4.dat")
    memory, scaled = fit_both(data.y, data.design(), 6)
    assert memory.solver == "qr+refinement"
    agree(memory, scaled)


def test_without_constant_and_with_implicit_constant():
    y, X = heteroskedastic(n=400)
    agree(*fit_both(y, X[:, 1:], 90))  # no constant: uncentred R-squared
    dummies = (X[:, 1] > 0).astype(float)
    implicit = np.column_stack([dummies, 1 - dummies, X[:, 2]])  # the dummies sum to 1
    memory, scaled = fit_both(y, implicit, 90)
    assert memory.k_constant == scaled.k_constant == 1
    agree(memory, scaled)


def test_chunks_of_very_different_magnitude():
    """Each chunk is scaled by its own powers of two before its QR, then brought to the
    global ones exactly: a first chunk in units of 1e150 next to chunks near 1."""
    y, X = heteroskedastic(n=300)
    rows = np.where(np.arange(300) < 64, 1e150, 1.0)
    agree(*fit_both(y * rows, X * rows[:, None], 64))


def test_units_of_1e200_give_the_same_scale_free_statistics():
    """y and X in units of 1e200 (their squares overflow): R-squared, t and p as near 1."""
    y, X = heteroskedastic(n=300)
    plain = cr.OLS(*lazy(y, X, 64)).fit(cov_type="HC3")
    big = cr.OLS(*lazy(y * 1e200, X * 1e200, 64)).fit(cov_type="HC3")
    for name in ("rsquared", "rsquared_adj", "tvalues", "pvalues", "fvalue"):
        close(getattr(big, name), getattr(plain, name), 1e-12, name)
    with pytest.raises(cr.FloatRangeError, match="residual sum of squares"):
        big.ssr  # noqa: B018 (the property raises)


@pytest.mark.parametrize("big", [1e160, 1e200, 1e300])
@pytest.mark.parametrize("chunks", [1, 2, 3])
def test_residuals_1e200_of_y_are_not_a_false_perfect_fit(big, chunks):
    """Residuals ~1e-200 of y: their squares underflow in y's units, so each chunk sums them
    in a power of two of its own (as the in-memory fit does) instead of reporting ssr = 0, a
    'perfect fit' and t = inf. Oracle, exact by hand: beta = (1.5, 1 - 1.5/big), residuals
    (0, -1.5, 1.5), ssr 4.5; the intercept's se is sqrt(4.5 / 1 * 1/2) = 1.5, so t = 1."""
    X = np.array([[1.0, big], [1.0, 0.0], [1.0, 0.0]])
    y = np.array([big, 0.0, 3.0])
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="perfect fit")
        res = cr.OLS(*lazy(y, X, chunks)).fit()
        memory = cr.OLS(y, X).fit()
    assert res.ssr == 4.5 and res.rsquared == memory.rsquared
    assert res.tvalues[0] == pytest.approx(1.0, rel=1e-12)
    assert res.pvalues[0] == pytest.approx(0.5, rel=1e-12)
    for name in ("rsquared_adj", "tvalues", "pvalues", "llf", "fvalue", "durbin_watson"):
        close(getattr(res, name), getattr(memory, name), 1e-12, name)
    robust = fit_both(y, X, chunks, cov_type="HC1")  # the sandwich is in the residuals' units
    close(robust[1].tvalues, robust[0].tvalues, 1e-12, "HC1 t")


def test_integer_design_and_one_chunk_of_columns():
    """An integer Dask design is fitted as float64; X chunked by columns is rechunked."""
    y, X = heteroskedastic(n=300)
    Xi = np.round(X * 10).astype(np.int64)
    memory = cr.OLS(y, Xi).fit()
    scaled = cr.OLS(da.from_array(y, chunks=50), da.from_array(Xi, chunks=(50, 2))).fit()
    assert len(scaled.model.exog.chunks[1]) == 1
    agree(memory, scaled)


def test_numpy_partner_is_chunked_like_the_dask_one():
    y, X = heteroskedastic(n=300)
    memory = cr.OLS(y, X).fit()
    agree(memory, cr.OLS(y, da.from_array(X, chunks=(64, -1))).fit())
    agree(memory, cr.OLS(da.from_array(y, chunks=64), X).fit())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_chunking_agrees(data):
    """Random data cut into random chunks, down to single rows and chunks with fewer rows
    than columns: the same fit as in memory."""
    n = data.draw(st.integers(8, 40), label="n")
    k = data.draw(st.integers(1, 4), label="k")
    cuts = data.draw(st.lists(st.integers(1, n - 1), max_size=6, unique=True), label="cuts")
    bounds = [0, *sorted(cuts), n]
    chunks = tuple(b - a for a, b in zip(bounds, bounds[1:]))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    X = cr.add_constant(rng.normal(size=(n, k)))
    y = X @ rng.normal(size=k + 1) + rng.normal(size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cr.RegressionWarning)
        memory = cr.OLS(y, X).fit(cov_type="HC3")
        scaled = cr.OLS(da.from_array(y, chunks=(chunks,)), da.from_array(X, chunks=(chunks, -1)))
        scaled = scaled.fit(cov_type="HC3")
    agree(memory, scaled)


# --- against statsmodels directly ---------------------------------------------------------


def test_statsmodels():
    y, X = heteroskedastic()
    res = cr.OLS(*lazy(y, X, 500)).fit(cov_type="HC3")
    sm_res = sm.OLS(y, X).fit(cov_type="HC3")
    close(res.params, sm_res.params, 1e-12, "params")
    close(res.bse, sm_res.bse, 1e-12, "HC3 bse")
    close(res.cov_HC0, sm_res.cov_HC0, 1e-12, "HC0")
    close(res.cov_HC2, sm_res.cov_HC2, 1e-12, "HC2")
    for name in ("rsquared", "rsquared_adj", "llf", "aic", "bic"):
        close(getattr(res, name), getattr(sm_res, name), 1e-12, name)
    plain = sm.OLS(y, X).fit()
    close(cr.OLS(*lazy(y, X, 500)).fit().fvalue, plain.fvalue, 1e-12, "F")
    close_rows(res.resid.compute(), sm_res.resid, 1e-12, "resid")
    infl = res.get_influence()
    sm_infl = plain.get_influence()
    close_rows(infl.hat_matrix_diag.compute(), sm_infl.hat_matrix_diag, 1e-12, "leverage")
    close_rows(infl.cooks_distance.compute(), sm_infl.cooks_distance[0], 1e-12, "Cook's")


# --- what stays lazy, and what is never imported ------------------------------------------


def test_per_row_quantities_stay_lazy():
    y, X = heteroskedastic(n=300)
    res = cr.OLS(*lazy(y, X, 64)).fit(cov_type="HC3")
    for value in (res.resid, res.fittedvalues, res.get_influence().hat_matrix_diag):
        assert isinstance(value, da.Array)
    for value in (res.params, res.bse, res.cov_params(), res.conf_int()):
        assert type(value) is np.ndarray
    assert isinstance(res.rsquared, float) and isinstance(res.fvalue, float)


def test_x_is_never_held_in_memory():
    """The fit's peak NumPy allocation is set by the chunk, not by n: below 16 chunks' worth
    (each task's temporaries, two threads) and below half of X, for a 400,000-row design
    generated in chunks of 10,000 rows (tracemalloc sees NumPy's allocations)."""
    n, chunk = 400_000, 10_000
    gen = da.random.default_rng(1)
    Z = gen.standard_normal((n, 4), chunks=(chunk, -1))
    X = da.concatenate([da.ones((n, 1), chunks=(chunk, 1)), Z], axis=1).rechunk({1: -1})
    y = Z[:, 0] + gen.standard_normal(n, chunks=chunk) * (1 + abs(Z[:, 1]))
    tracemalloc.start()
    try:
        cr.OLS(y, X).fit(cov_type="HC3").summary()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    chunk_bytes = chunk * X.shape[1] * 8
    assert peak < 16 * chunk_bytes and peak < X.nbytes / 2, (peak, chunk_bytes, X.nbytes)


def test_import_companion_does_not_import_dask():
    code = (
        "import sys, companion, companion.regression as cr\n"
        "cr.OLS([1.0, 2.0, 2.5, 4.0], cr.add_constant([0.0, 1.0, 2.0, 3.0])).fit().summary()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- a cluster, and a cluster that fails ---------------------------------------------------


def test_distributed_cluster_gives_the_same_fit():
    y, X = heteroskedastic()
    memory = cr.OLS(y, X).fit(cov_type="HC3")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    with cluster, distributed.Client(cluster):
        scaled = cr.OLS(*lazy(y, X, 500)).fit(cov_type="HC3")
        agree(memory, scaled)


class Dead(RuntimeError):
    """What a worker raises when its chunk cannot be computed."""


READS = {"chunk 2": 0}  # module state: the in-process workers share it, copies of a task too


def dies_on_third_read(block, block_info=None):
    """Serves chunk 2 twice (the model's check of X, the fit's first pass), then fails: the
    fit dies after one complete pass, in the middle of the second."""
    if block_info[0]["chunk-location"][0] == 2:
        READS["chunk 2"] += 1
        if READS["chunk 2"] >= 3:
            raise Dead("worker lost while computing chunk 2")
    return block


@pytest.mark.parametrize("on_cluster", [False, True], ids=["threads", "LocalCluster"])
def test_a_fit_that_dies_raises_dasks_error_not_a_result(on_cluster):
    y, X = heteroskedastic(n=400)
    dy, dX = lazy(y, X, 90)
    READS["chunk 2"] = 0
    dX = dX.map_blocks(dies_on_third_read, dtype=float)
    if on_cluster:
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        )
        context = cluster, distributed.Client(cluster)
    else:
        context = ()
    model = cr.OLS(dy, dX)
    try:
        with pytest.raises(Dead, match="chunk 2"):
            model.fit()
    finally:
        for item in reversed(context):
            item.close()
