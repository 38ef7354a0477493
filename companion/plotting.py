"""The book's figure style, and the plots that recur across chapters.

Offers
    setup()               one call in a chapter's setup cell: style, PNG output, modest dpi
    COLORS                the book's palette, by role
    ascent_paths(...)     contour of a 2-D function with optimisation paths on it

matplotlib is imported inside the functions, so ``import companion`` stays light.
"""

COLORS = {
    "data": "#4c72b0",
    "model": "#dd8452",
    "truth": "#55a868",
    "warning": "#c44e52",
    "neutral": "#8c8c8c",
    "accent": "#8172b3",
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
}


def setup():
    """Apply the book style: small PNG figures, the palette as colour cycle, no metadata noise.

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

        set_matplotlib_formats("png")
    from cycler import cycler

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(COLORS.values()))
    matplotlib.rcParams.update(style)


def ascent_paths(f, xlim, ylim, paths=(), *, levels=20, ax=None, labels=None, n=121):
    """Filled contour of ``f(x, y)`` (vectorised over grids) with optimisation paths drawn on it.

    ``paths`` is a sequence of (k, 2) arrays; each is drawn from a circle (start) to a star (end).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as onp
    >>> ax = ascent_paths(lambda x, y: -(x**2 + y**2), (-1, 1), (-1, 1), [onp.array([[1.0, 1.0], [0.0, 0.0]])])
    >>> len(ax.lines)
    3
    """
    import matplotlib.pyplot as plt
    import numpy as onp

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    xs = onp.linspace(*xlim, n)
    ys = onp.linspace(*ylim, n)
    gx, gy = onp.meshgrid(xs, ys)
    contour = ax.contourf(gx, gy, f(gx, gy), levels=levels)
    ax.figure.colorbar(contour, ax=ax)
    for i, path in enumerate(paths):
        path = onp.asarray(path)
        label = labels[i] if labels else None
        (line,) = ax.plot(path[:, 0], path[:, 1], "-", color="white", lw=1.2, label=label)
        ax.plot(*path[0], "o", color=line.get_color(), ms=5)
        ax.plot(*path[-1], "*", color=COLORS["warning"], ms=10)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax
