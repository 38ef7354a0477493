"""Print, and check, the numerics a portability run really got (.ci/portability.sh).

python .ci/numerics.py simd-above-baseline   the SIMD extensions above NumPy's baseline that
                                             this machine has (for NPY_DISABLE_CPU_FEATURES)
python .ci/numerics.py avx512                those of them that are AVX-512
python .ci/numerics.py check                 one line: Python, NumPy, the SIMD extensions in
                                             use, the OpenBLAS kernel and threads of NumPy
                                             and SciPy; exits 1 when NPY_DISABLE_CPU_FEATURES,
                                             OPENBLAS_CORETYPE or OPENBLAS_NUM_THREADS did not
                                             take effect
"""

import ctypes
import os
import platform
import sys
from pathlib import Path

import numpy as np
from numpy._core import _multiarray_umath as umath


def simd_in_use():
    return [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)]


def openblas(package):
    """(kernel name, threads) of the OpenBLAS that `package` (numpy or scipy) bundles."""
    __import__(f"{package}.linalg")  # loads the library and its dependencies into the process
    root = Path(__import__(package).__file__).parent
    for lib in sorted((root.parent / f"{package}.libs").glob("*openblas*.so*")):
        blas = ctypes.CDLL(str(lib), mode=os.RTLD_NOLOAD)  # the copy already loaded
        for prefix in ("scipy_openblas_", "openblas_", "scipy_openblas64_"):
            for suffix in ("64_", ""):
                name = getattr(blas, f"{prefix}get_corename{suffix}", None)
                threads = getattr(blas, f"{prefix}get_num_threads{suffix}", None)
                if name is not None and threads is not None:
                    name.restype = ctypes.c_char_p
                    return name().decode(), threads()
    return None, None


def check():
    problems = []
    simd = simd_in_use()
    disabled = os.environ.get("NPY_DISABLE_CPU_FEATURES", "").split()
    problems += [f"{f} still in use" for f in disabled if f in simd]
    kernels = {}
    for package in ("numpy", "scipy"):
        core, threads = openblas(package)
        kernels[package] = f"{core}/{threads} threads"
        if core is None:
            problems.append(f"{package}: no bundled OpenBLAS found to check")
            continue
        wanted_core = os.environ.get("OPENBLAS_CORETYPE")
        if wanted_core and core.lower() != wanted_core.lower():
            problems.append(f"{package}'s OpenBLAS runs {core}, not {wanted_core}")
        wanted_threads = os.environ.get("OPENBLAS_NUM_THREADS")
        if wanted_threads and threads != int(wanted_threads):
            problems.append(f"{package}'s OpenBLAS uses {threads} threads, not {wanted_threads}")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, SIMD above baseline "
        f"{' '.join(simd) or 'none'}; OpenBLAS numpy {kernels['numpy']}, scipy {kernels['scipy']}"
    )
    for problem in problems:
        print(f"numerics: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "simd-above-baseline":
        print(" ".join(simd_in_use()))
    elif command == "avx512":
        print(" ".join(f for f in simd_in_use() if "512" in f or f == "X86_V4"))
    else:
        sys.exit(check())
