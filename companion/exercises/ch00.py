"""Exercises of chapter 0, the preface: a central-difference derivative."""

import math

from companion.exercises import Case, Exercise, Mistake


def central_difference(f, x, h=1e-5):
    """(f(x + h) − f(x − h)) / 2h, the symmetric difference quotient (error O(h²))."""
    return (f(x + h) - f(x - h)) / (2 * h)


EXERCISES = [
    Exercise(
        id="0.1",
        title="a central-difference derivative",
        name="central_difference",
        reference=central_difference,
        solution="""
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)
""",
        hints=(
            "Step the same distance h to both sides of x and divide by the distance between the two points.",
            "The two points x − h and x + h are 2h apart.",
        ),
        cases=(
            Case((math.exp, 1.0), {"h": 1e-3}, "f = exp at x = 1, h = 1e-3"),
            Case((math.sin, 0.5), {"h": 1e-2}, "f = sin at x = 0.5, h = 1e-2"),
            Case((lambda x: x**3, 2.0), {"h": 1e-1}, "f(x) = x³ at x = 2, h = 0.1"),
            Case((lambda x: x**5, 1.0), {"h": 1e-1}, "f(x) = x⁵ at x = 1, h = 0.1"),
        ),
        mistakes=(
            Mistake(
                lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
                "That is the forward difference (f(x+h) − f(x))/h: its error shrinks like h, not h². "
                "Step to both sides of x.",
            ),
            Mistake(
                lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
                "Off by a factor of 2: x − h and x + h are 2h apart, so divide by 2h.",
            ),
            Mistake(
                lambda f, x, h=1e-5: (f(x) - f(x - h)) / h,
                "That is the backward difference (f(x) − f(x−h))/h: first order only. Step to both sides of x.",
            ),
            Mistake(
                lambda f, x, h=1e-5: (f(x + 2 * h) - f(x)) / (2 * h),
                "Your two points are shifted one step to the right: x and x + 2h are 2h apart, "
                "but they sit on one side of x, which makes a forward difference with step 2h. "
                "Centre them on x.",
                kind="off-by-one",
            ),
            Mistake(
                lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / (2 * 1e-5),
                "Your result does not change with h: use the h you are given, not a fixed step "
                "(the cases pass h = 1e-3, 1e-2 and 0.1).",
                kind="ignored-parameter",
            ),
            Mistake(
                lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h),
                "Off by a sign: the slope is the right value minus the left one, over the distance "
                "between them.",
                kind="sign",
            ),
            Mistake(
                lambda x, f, h=1e-5: (f(x + h) - f(x - h)) / (2 * h),
                "The arguments come in the order (f, x, h): the function first, then the point. "
                "Your code treats the first argument as the point.",
                kind="signature",
            ),
            Mistake(
                lambda f, x, h=1e-5: (
                    (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
                ),
                "That is the five-point stencil: a better derivative (error O(h⁴)), but not the "
                "quotient this exercise asks for. The checker compares with the two-point central "
                "difference, error O(h²) included (at h = 0.1 it gives 12.01 for x³ at 2, not 12), "
                "because that quotient is the one the book's gradient checks use: two evaluations "
                "of f per coordinate instead of four.",
            ),
        ),
    ),
]
