"""Bad input for OLS on Dask arrays (issue 24): each case a call and the named error it must
raise (type and a phrase of its message), or the value it must give. A fit whose computation
fails mid-way is in tests/test_regression_dask.py (Dask's own error, never a result).
"""

import dask
import dask.array as da
import numpy as np
import pytest
from badinput import Bad, params, run

from companion import regression as cr
from companion.regression import scale

rng = np.random.default_rng(24)
N = 60
X = cr.add_constant(rng.normal(size=(N, 2)))
Y = X @ [1.0, 2.0, -1.0] + rng.normal(size=N)
DX, DY = da.from_array(X, chunks=(15, -1)), da.from_array(Y, chunks=15)
FIT = cr.OLS(Y, X).fit()


def fit(y, X, **kwargs):
    return cr.OLS(y, X).fit(**kwargs)


def unknown_chunks(a):
    """The same values behind a boolean mask: Dask no longer knows the chunk lengths."""
    return a[da.from_array(np.ones(N, bool), chunks=15)]


def with_nan(a, i):
    values = np.array(a, dtype=float)
    values.flat[i] = np.nan
    return da.from_array(values, chunks=(15,) + (-1,) * (values.ndim - 1))


OLS = cr.OLS

CASES = [
    # the design's chunks
    Bad(
        lambda: fit(DY, da.from_array(X, chunks=(15, 1))).params,
        expect=lambda p: np.allclose(p, FIT.params, rtol=1e-12, atol=0),
        covers=OLS,
        id="dask-X-chunked-by-columns-is-rechunked",
    ),
    Bad(
        OLS,
        (da.from_array(Y, chunks=20), DX),
        match="row chunks of y (20, 20, 20) do not line up with those of X (15, 15, 15, 15)",
        id="dask-chunks-of-y-and-X-differ",
    ),
    Bad(OLS, (DY, unknown_chunks(DX)), match="X has unknown chunk sizes", id="dask-X-nan-chunks"),
    Bad(
        OLS,
        (unknown_chunks(DY), DX),
        match="y = y.compute_chunk_sizes()",
        id="dask-y-nan-chunks",
    ),
    Bad(OLS, (DY[:-1], DX), match="y has 59 rows but X has 60", id="dask-rows-of-y-short"),
    Bad(OLS, (Y[:-1], DX), match="y has 59 rows but X has 60", id="dask-numpy-y-short"),
    Bad(OLS, (DY, X[:-1]), match="y has 60 rows but X has 59", id="dask-numpy-X-short"),
    Bad(OLS, (DY, DX[None]), match="X must be 2-D", id="dask-X-3d"),
    Bad(OLS, (da.stack([DY, DY], axis=1), DX), match="y must be 1-D", id="dask-y-2d"),
    Bad(OLS, (DY[:3], DX[:3]), match="more observations than regressors", id="dask-n-eq-k"),
    # dtypes
    Bad(OLS, (DY, DX + 1j), raises=TypeError, match="X must be real", id="dask-X-complex"),
    Bad(OLS, (DY * 1j, DX), raises=TypeError, match="y must be real", id="dask-y-complex"),
    Bad(
        OLS,
        (DY, DX.astype(object)),
        raises=TypeError,
        match="X must be a numeric Dask array, got dtype object",
        id="dask-X-object",
    ),
    Bad(
        OLS,
        (da.from_array(np.array(["a"] * N), chunks=15), DX),
        raises=TypeError,
        match="y must be a numeric Dask array",
        id="dask-y-strings",
    ),
    Bad(
        OLS,
        (DY, dask.delayed(np.ones)((N, 3))),
        raises=TypeError,
        match="X is a Dask Delayed, not a dask.array",
        id="dask-X-delayed",
    ),
    # names, checked as in memory
    Bad(OLS, (DY, DX, ["const", "a"]), match="names has 2 entries", id="dask-names-length"),
    Bad(OLS, (DY, DX, "abc"), raises=TypeError, match="names must be a list", id="dask-names-str"),
    # values: named with their row and column
    Bad(
        OLS,
        (DY, with_nan(X, 3 * 40 + 2)),
        match="X must be finite; found nan at row 40, column 2",
        id="dask-X-nan",
    ),
    Bad(
        fit,
        (with_nan(Y, 47), DX),
        match="y must be finite; found nan at row 47",
        covers=OLS,
        id="dask-y-nan",
    ),
    Bad(
        fit,
        (DY, da.concatenate([DX, DX[:, 1:2] + DX[:, 2:3]], axis=1)),
        raises=cr.CollinearityError,
        match="linearly dependent",
        covers=OLS,
        id="dask-collinear",
    ),
    # the fit's options
    Bad(
        fit,
        (DY, DX),
        {"cov_type": "HAC", "cov_kwds": {"maxlags": 2}},
        match="cov_type='HAC' is not supported for Dask arrays",
        covers=OLS,
        id="dask-HAC-refused",
    ),
    Bad(fit, (DY, DX), {"cov_type": "HC4"}, match="cov_type", covers=OLS, id="dask-cov-type"),
    # the module's own entry points, called directly
    Bad(
        scale.as_inputs,
        (DY, np.ones((N, 2), dtype=complex), None),
        raises=TypeError,
        match="X must be real",
        id="as_inputs-numpy-complex-partner",
    ),
    Bad(
        scale.constant_columns,
        (with_nan(X, 3 * 5),),
        match="found nan at row 5, column 0",
        id="constant_columns-nan",
    ),
    Bad(
        scale.solve,
        (DX, DY, None, "auto", "HAC"),
        match="not supported for Dask arrays",
        id="solve-HAC",
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    with dask.config.set(scheduler="threads"):
        run(case)
