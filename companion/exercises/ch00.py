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
        ),
    ),
]
