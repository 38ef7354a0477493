"""The book's figures stay readable for colour-blind readers and on dark pages (issue 17).

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes
(2009), "A physiologically-based model for simulation of color vision deficiency", IEEE TVCG
15(6), at severity 1.0 (dichromacy: protanopia, deuteranopia, tritanopia), applied to linear
sRGB as the paper prescribes. Colours are compared in CIELAB (D65) with the CIEDE2000
difference (Sharma, Wu & Dalal 2005), implemented below and checked against their published
test pairs. The requirement: every pair of palette colours at least MIN_DELTA_E apart under
normal vision and each simulation, and every colour at least MIN_DELTA_E from the white
figure background. ΔE00 ≈ 2 is a just-noticeable difference; 10 is a clearly different colour
at a glance, which is what a reader matching a line to its legend needs.
"""

import io
import itertools

import matplotlib
import numpy as onp
import pytest

from companion import plotting

matplotlib.use("Agg")

MIN_DELTA_E = 10.0

# Machado et al. (2009), severity 1.0, for linear RGB.
CVD = {
    "normal": onp.eye(3),
    "protanopia": onp.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": onp.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": onp.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}

# linear sRGB -> XYZ (D65), IEC 61966-2-1
SRGB_TO_XYZ = onp.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
WHITE_XYZ = SRGB_TO_XYZ @ onp.ones(3)


def linear_rgb(hex_colour):
    """sRGB '#rrggbb' -> linear RGB in [0, 1]."""
    c = onp.array([int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return onp.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear):
    """Linear RGB -> CIELAB (D65 white)."""
    t = SRGB_TO_XYZ @ rgb_linear / WHITE_XYZ
    d = 6 / 29
    f = onp.where(t > d**3, onp.cbrt(t), t / (3 * d**2) + 4 / 29)
    return onp.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour, vision):
    """The CIELAB colour a reader with ``vision`` sees for ``hex_colour``."""
    return lab(onp.clip(CVD[vision] @ linear_rgb(hex_colour), 0.0, 1.0))


def delta_e_2000(lab1, lab2):
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, equations 1-22; kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (onp.hypot(a1, b1) + onp.hypot(a2, b2)) / 2
    g = 0.5 * (1 - onp.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = onp.hypot(a1p, b1), onp.hypot(a2p, b2)
    h1p = onp.degrees(onp.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = onp.degrees(onp.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_big_h = 2 * onp.sqrt(c1p * c2p) * onp.sin(onp.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * onp.cos(onp.radians(h_bar - 30))
        + 0.24 * onp.cos(onp.radians(2 * h_bar))
        + 0.32 * onp.cos(onp.radians(3 * h_bar + 6))
        - 0.20 * onp.cos(onp.radians(4 * h_bar - 63))
    )
    d_theta = 30 * onp.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * onp.sqrt(cp_bar**7 / (cp_bar**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / onp.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -onp.sin(onp.radians(2 * d_theta)) * r_c
    return float(
        onp.sqrt(
            (dl / s_l) ** 2
            + (dc / s_c) ** 2
            + (d_big_h / s_h) ** 2
            + r_t * dc / s_c * d_big_h / s_h
        )
    )


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # test pairs 1, 7, 10, 17 and 25 of Sharma, Wu & Dalal (2005), Table 1
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_delta_e_2000_matches_the_published_pairs(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_white_and_grey_and_merges_red_with_green():
    """Sanity of the simulation: neutral colours are unchanged; pure red and green, far apart
    for normal vision, come close for a deuteranope."""
    for vision in CVD:
        assert delta_e_2000(seen("#ffffff", vision), lab(onp.ones(3))) < 1.0
        assert delta_e_2000(seen("#808080", vision), seen("#808080", "normal")) < 1.0
    red_green = [delta_e_2000(seen("#ff0000", v), seen("#00ff00", v)) for v in CVD]
    assert red_green[0] > 80 and min(red_green[1:3]) < red_green[0] / 2


def test_the_old_palette_would_have_failed():
    """seaborn's 'deep' blue and purple, the book's first palette, merge under protanopia."""
    assert delta_e_2000(seen("#4c72b0", "protanopia"), seen("#8172b3", "protanopia")) < 5


@pytest.mark.parametrize("vision", list(CVD))
def test_palette_pairs_stay_distinguishable(vision):
    closest = min(
        (delta_e_2000(seen(c1, vision), seen(c2, vision)), r1, r2)
        for (r1, c1), (r2, c2) in itertools.combinations(plotting.COLORS.items(), 2)
    )
    assert closest[0] >= MIN_DELTA_E, (
        f"under {vision}, {closest[1]} and {closest[2]} are only ΔE00 = {closest[0]:.1f} apart"
    )


@pytest.mark.parametrize("vision", list(CVD))
def test_palette_stands_out_from_the_white_background(vision):
    white = lab(onp.ones(3))
    for role, colour in plotting.COLORS.items():
        distance = delta_e_2000(seen(colour, vision), white)
        assert distance >= MIN_DELTA_E, f"{role} is ΔE00 = {distance:.1f} from white ({vision})"


def test_palette_is_the_colour_cycle():
    plotting.setup()
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert [c.lower() for c in cycle] == [c.lower() for c in plotting.COLORS.values()]


# --- dark mode: figures are drawn on an opaque light card --------------------------------------


def _png_pixels(fig, via_ipython=False):
    import matplotlib.image

    if via_ipython:  # what the notebook's inline backend stores
        from IPython.core.pylabtools import print_figure

        data = print_figure(fig, "png", bbox_inches="tight")
    else:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        data = buffer.getvalue()
    return matplotlib.image.imread(io.BytesIO(data), format="png")


@pytest.mark.parametrize("via_ipython", [False, True], ids=["savefig", "inline"])
def test_figures_have_an_opaque_white_background(via_ipython):
    """Issue 17: on the book's dark pages a transparent figure shows black text on black."""
    import matplotlib.pyplot as plt

    plotting.setup()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("title")
    pixels = _png_pixels(fig, via_ipython)
    plt.close(fig)
    assert pixels.shape[2] in (3, 4)
    if pixels.shape[2] == 4:
        assert pixels[..., 3].min() == 1.0, "the PNG has transparent pixels"
    corner = pixels[0, 0, :3]
    assert onp.allclose(corner, 1.0), f"the figure background is {corner}, not white"
    for key in ("figure.facecolor", "savefig.facecolor", "axes.facecolor"):
        assert matplotlib.colors.to_rgba(matplotlib.rcParams[key]) == (1.0, 1.0, 1.0, 1.0), key
    assert matplotlib.rcParams["savefig.transparent"] is False


def test_ascent_paths_draws_on_the_white_card():
    import matplotlib.pyplot as plt

    plotting.setup()
    path = onp.array([[1.0, 1.0], [0.5, 0.2], [0.0, 0.0]])
    ax = plotting.ascent_paths(lambda x, y: -(x**2 + y**2), (-1, 1), (-1, 1), [path], n=21)
    assert len(ax.lines) == 3
    pixels = _png_pixels(ax.figure)
    plt.close(ax.figure)
    assert onp.allclose(pixels[0, 0, :3], 1.0)
