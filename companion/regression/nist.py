"""NIST StRD certified data: the reader and the log relative error."""

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as onp

from companion.regression._common import NISTFormatError, _real_array
from companion.regression.linear_model import add_constant


def lre(estimate, certified, digits=15):
    """Log relative error, the number of correct significant digits (McCullough 1998).

    LRE = -log10(|estimate - certified| / |certified|), or -log10(|estimate|) when the
    certified value is 0; clipped to [0, digits] (NIST certifies 15 digits). A NaN or
    infinite estimate has no correct digit: its LRE is 0 (McCullough's convention).

    >>> print(lre(3.14159, 3.141592653589793).round(2))
    6.07
    """
    est = _real_array("estimate", estimate)
    cert = _real_array("certified", certified)
    if not onp.all(onp.isfinite(cert)):
        raise ValueError("certified must be finite (certified values are numbers)")
    try:
        onp.broadcast_shapes(est.shape, cert.shape)
    except ValueError:
        raise ValueError(
            f"estimate (shape {est.shape}) and certified (shape {cert.shape}) do not match"
        ) from None
    if isinstance(digits, bool) or not isinstance(digits, (int, float, onp.integer, onp.floating)):
        raise TypeError(f"digits must be a number, got {digits!r}")
    if not 0 < digits <= 17:
        raise ValueError(f"digits must be in (0, 17] (float64 holds about 16), got {digits}")
    with onp.errstate(divide="ignore", invalid="ignore"):
        err = onp.where(cert == 0, onp.abs(est), onp.abs(est - cert) / onp.abs(cert))
        value = onp.where(err == 0, digits, -onp.log10(err))
    return onp.clip(onp.where(onp.isfinite(est), value, 0.0), 0.0, digits)


@dataclass
class NISTDataset:
    """One NIST StRD linear least squares dataset: data, model and certified values."""

    name: str
    y: onp.ndarray
    x: onp.ndarray  # (n, m): the predictor columns as in the file
    parameters: list  # "B0", "B1", ...
    estimates: onp.ndarray
    std_devs: onp.ndarray
    residual_sd: float
    r_squared: float

    @property
    def polynomial(self):
        """(degree, intercept) when the model is a polynomial in one x, else None."""
        if self.x.shape[1] != 1:
            return None
        powers = [int(p[1:]) for p in self.parameters]
        return max(powers), powers[0] == 0

    def design(self):
        """The float64 design matrix X (powers of x rounded to float64, or Longley's columns).

        Each power x**p is computed exactly (``Fraction``) and rounded once to the nearest
        float64, so X is a property of the data: NumPy's ``power`` and libm's ``pow`` are
        not correctly rounded, and one ulp in one entry of Filip's design moves the best
        attainable LRE of its coefficients by up to a few tenths.
        """
        if self.polynomial is None:
            return add_constant(self.x)
        xs = [Fraction(float(v)) for v in self.x[:, 0]]
        return onp.array([[float(v ** int(p[1:])) for p in self.parameters] for v in xs])


def read_nist(path):
    """Parse a NIST StRD linear regression ``.dat`` file: data, model and certified values.

    The header names the line ranges of the certified values and of the data (1-based);
    the certified block lists each parameter with its estimate and standard deviation,
    then the residual standard deviation and R-squared.

    >>> ds = read_nist(Path(__file__).parents[2] / "tests/data/nist/Norris.dat")
    >>> print(ds.name, ds.y.shape, ds.polynomial, ds.estimates[1])
    Norris (36,) (1, True) 1.00211681802045
    """
    try:
        path = Path(path)
    except TypeError:
        raise TypeError(f"path must be a file path (str or Path), got {path!r}") from None
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except UnicodeDecodeError as err:
        raise NISTFormatError(
            f"{path.name} is not a NIST StRD text file: byte {err.start} is not ASCII "
            "(a binary or corrupted file?)"
        ) from None
    header = "\n".join(lines[:60])
    cert_range = re.search(r"Certified Values\s+\(lines (\d+) to (\d+)\)", header)
    data_range = re.search(r"Data\s+\(lines (\d+) to (\d+)\)", header)
    if not cert_range or not data_range:
        raise NISTFormatError(
            f"{path.name} is not a NIST StRD linear regression file (no line ranges)"
        )
    first, last = int(cert_range.group(1)), int(cert_range.group(2))
    start, stop = int(data_range.group(1)), int(data_range.group(2))
    if len(lines) < max(last, stop) or not (0 < first <= last and 0 < start <= stop):
        raise NISTFormatError(
            f"{path.name} is truncated or corrupted: its header promises data on lines "
            f"{start} to {stop} and certified values on lines {first} to {last}, but the file "
            f"has {len(lines)} lines"
        )
    params, estimates, sds, residual_sd, r_squared = [], [], [], None, None

    def number(token, lineno):
        try:
            value = float(token)
        except ValueError:
            raise NISTFormatError(
                f"{path.name}, line {lineno}: {token!r} is not a number (corrupted file?)"
            ) from None
        if not math.isfinite(value):
            raise NISTFormatError(f"{path.name}, line {lineno}: {token!r} is not finite")
        return value

    for lineno, line in enumerate(lines[first - 1 : last], first):
        tokens = line.split()
        if tokens and re.fullmatch(r"B\d+", tokens[0]):
            if len(tokens) < 3:
                raise NISTFormatError(f"{path.name}, line {lineno}: {tokens[0]} lacks values")
            params.append(tokens[0])
            estimates.append(number(tokens[1], lineno))
            sds.append(number(tokens[2], lineno))
        elif line.strip().startswith("Standard Deviation"):
            residual_sd = number(tokens[-1], lineno)
        elif line.strip().startswith("R-Squared"):
            r_squared = number(tokens[-1], lineno)
    shifted = (
        f"the header's line numbers (certified values on lines {first} to {last}, data on "
        f"{start} to {stop}) no longer match the file: a line was removed or added above"
    )
    # "11 Parameters (B0,B1,...,B10)": the count and the first name (Longley's list says
    # B0,...,B7 for its 7 parameters B0 to B6, so the count decides)
    announced = re.search(r"(\d+) Parameters? \(B(\d+)", header)
    count, first_b = (int(g) for g in announced.groups()) if announced else (0, 0)
    expected = [f"B{first_b + i}" for i in range(count)] if announced else params
    missing = [name for name in expected if name not in params]
    missing += [] if residual_sd is not None else ["the residual standard deviation"]
    missing += [] if r_squared is not None else ["R-squared"]
    if missing or not params:
        raise NISTFormatError(
            f"{path.name}: the certified block lacks {', '.join(missing) or 'the parameters'}; "
            f"{shifted}, or the block is incomplete"
        )
    rows = []
    for lineno, line in enumerate(lines[start - 1 : stop], start):
        rows.append([number(t, lineno) for t in line.split()])
        if len(rows[-1]) != len(rows[0]) or len(rows[-1]) < 2:
            raise NISTFormatError(
                f"{path.name}, line {lineno}: expected {max(len(rows[0]), 2)} numbers (y and "
                f"the predictors), found {len(rows[-1])}"
                + (f"; {shifted}" if not line.strip() else "")
            )
    data = onp.array(rows)
    return NISTDataset(
        name=path.stem,
        y=data[:, 0],
        x=data[:, 1:],
        parameters=params,
        estimates=onp.array(estimates),
        std_devs=onp.array(sds),
        residual_sd=residual_sd,
        r_squared=r_squared,
    )
