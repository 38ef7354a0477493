"""The book's figure style, and the plots that recur across chapters.

Offers
    setup()               one call in a chapter's setup cell: style, PNG output, modest dpi,
                          an opaque white figure background
    COLORS                the book's palette, by role
    ascent_paths(...)     contour of a 2-D function with optimisation paths on it

The palette is Okabe & Ito's (2008) colour-universal design set, with a dark grey for the
neutral role: every pair stays at least 10 CIEDE2000 units apart when protanopia,
deuteranopia or tritanopia is simulated (Machado, Oliveira & Fernandes 2009), which
tests/test_plotting.py checks. The default colour map is viridis, which keeps its order in
lightness under the same simulations. Figures are drawn on an opaque white background, so
they read the same on the book's dark pages as on its light ones.

matplotlib is imported inside the functions, so ``import companion`` stays light.
"""

import numpy as onp

from companion._validate import finite_array, function, integer, interval

COLORS = {
    "data": "#0072B2",  # Okabe-Ito blue
    "model": "#E69F00",  # orange
    "truth": "#009E73",  # bluish green
    "warning": "#D55E00",  # vermillion
    "neutral": "#595959",  # dark grey (Okabe-Ito's black, lightened to sit behind data)
    "accent": "#CC79A7",  # reddish purple
}

_STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
    "svg.hashsalt": "gradient-field-guide",
    # an opaque light card, readable on the book's dark pages too
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
}


def setup():
    """Apply the book style: small PNG figures stored at twice their display resolution (160 dpi,
    so they stay sharp on HiDPI screens and in the printed PDF), the palette as colour cycle, no
    metadata noise,
    and an opaque white figure and saved-figure background (never transparent).

    Returns None, so the setup cell prints nothing (a trailing ``;`` does not silence
    a cell under nbval, which runs cells outside IPython's history).

    >>> setup()
    >>> import matplotlib
    >>> matplotlib.rcParams["figure.dpi"]
    80.0
    """
    import matplotlib

    if matplotlib.get_backend().lower().startswith("module://matplotlib_inline"):
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")  # 2x pixels: sharp on HiDPI screens and in the PDF
    from cycler import cycler

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(COLORS.values()))
    matplotlib.rcParams.update(style)


def _grid_values(f, gx, gy):
    values = f(gx, gy)
    try:
        values = onp.asarray(values)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"f must return real numbers for the grid, got {type(values).__name__}"
        ) from err
    if (
        values.dtype == object
        or onp.iscomplexobj(values)
        or not (onp.issubdtype(values.dtype, onp.number) or values.dtype == bool)
    ):
        raise TypeError(f"f must return real numbers for the grid, got dtype {values.dtype}")
    values = values.astype(float)
    if values.shape != gx.shape:
        raise ValueError(
            f"f must be vectorised: f(x, y) on {gx.shape} grids returned shape {values.shape}"
        )
    bad = ~onp.isfinite(values)
    if bad.any():
        i, j = (int(v) for v in onp.argwhere(bad)[0])
        raise ValueError(
            f"f returned {values[i, j]} at (x, y) = ({gx[i, j]:.4g}, {gy[i, j]:.4g}) "
            f"({int(bad.sum())} of {bad.size} grid points); clip f or shrink xlim/ylim"
        )
    return values


def ascent_paths(f, xlim, ylim, paths=(), *, levels=20, ax=None, labels=None, n=121):
    """Filled contour of ``f(x, y)`` (vectorised over grids) with optimisation paths drawn on it.

    ``paths`` is a sequence of (k, 2) arrays; each is drawn from a circle (start) to a star (end).
    ``xlim`` and ``ylim`` are (lo, hi) with lo < hi; ``levels`` is a number of levels (>= 2);
    ``labels``, if given, has one label per path; ``n`` (2 to 1000) grid points per axis.
    f must return finite values on the whole grid.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as onp
    >>> ax = ascent_paths(lambda x, y: -(x**2 + y**2), (-1, 1), (-1, 1), [onp.array([[1.0, 1.0], [0.0, 0.0]])])
    >>> len(ax.lines)
    3
    >>> ascent_paths(lambda x, y: x, (1, -1), (-1, 1))
    Traceback (most recent call last):
    ...
    ValueError: xlim must be (lo, hi) with lo < hi, got (1.0, -1.0)
    """
    function("f", f)
    xlim = interval("xlim", xlim)
    ylim = interval("ylim", ylim)
    levels = integer("levels", levels, lo=2, hi=500)
    n = integer("n", n, lo=2, hi=1000)
    if isinstance(paths, (str, bytes)) or not hasattr(paths, "__len__"):
        raise TypeError(f"paths must be a sequence of (k, 2) arrays, got {type(paths).__name__}")
    checked = []
    for i, path in enumerate(paths):
        path = finite_array(f"paths[{i}]", path, allow_complex=False, ndim=2, nonempty=True)
        if path.shape[1] != 2:
            raise ValueError(f"paths[{i}] must have shape (k, 2), got {path.shape}")
        checked.append(path)
    if labels is not None:
        if isinstance(labels, str) or not hasattr(labels, "__len__"):
            raise TypeError(f"labels must be a sequence of strings, got {type(labels).__name__}")
        if len(labels) != len(checked):
            raise ValueError(
                f"labels must have one entry per path: {len(checked)} paths, {len(labels)} labels"
            )
    import matplotlib.axes
    import matplotlib.pyplot as plt

    if ax is not None and not isinstance(ax, matplotlib.axes.Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    xs = onp.linspace(*xlim, n)
    ys = onp.linspace(*ylim, n)
    gx, gy = onp.meshgrid(xs, ys)
    values = _grid_values(f, gx, gy)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    contour = ax.contourf(gx, gy, values, levels=levels)
    ax.figure.colorbar(contour, ax=ax)
    for i, path in enumerate(checked):
        label = labels[i] if labels is not None else None
        (line,) = ax.plot(path[:, 0], path[:, 1], "-", color="white", lw=1.2, label=label)
        ax.plot(*path[0], "o", color=line.get_color(), ms=5)
        ax.plot(*path[-1], "*", color=COLORS["warning"], ms=10)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax
