import os

# One BLAS thread per process: `uv run pytest` already runs one xdist worker per core, and each
# worker (and each nbval kernel it starts, which inherits this environment) would otherwise run
# OpenBLAS on every core too: 4+ threads on 2 cores, up to 30x slower on small products. Outputs
# do not change: one thread is one of the portability stage's perturbations (.ci/portability.sh),
# whose other runs keep the default thread count. Set before NumPy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
