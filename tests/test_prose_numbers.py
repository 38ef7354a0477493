"""Guard: every number the prose quotes is one a cell printed (issue 14).

nbval compares outputs, not Markdown, so prose can drift from what the cells compute. Each
number with three or more significant digits in a chapter's Markdown cells must appear, as
printed, in one of that chapter's outputs, or be listed in the notebook's metadata under
``prose_constants`` (number -> reason): equation constants, default hyperparameters, a year
that is not a citation. Two things are not prose claims and are passed over: the References
section (page numbers, arXiv ids), and a citation's year, written "(Author 2018)", "Author
(2018)" or "(Author, 2018; Other 2013)".
"""

import re

import nbformat
import pytest
from notebook_tools import chapter_paths

# A number as prose writes it: digits with an optional decimal part and exponent. A digit,
# letter or decimal point right before it means it is part of a longer token (a name, a
# version, a hex address) and it is read as part of that token instead.
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)*(?:[eE][-+]?\d+)?)(?![\w])")


def significant_digits(token):
    """Significant digits of a number as written: leading zeros never count, trailing zeros of
    an integer neither ('2000' has one), those after a decimal point do ('0.10' has two)."""
    mantissa = re.split(r"[eE]", token)[0]
    if mantissa.count(".") > 1:  # a version such as 2.13.0: every digit is written on purpose
        return len(mantissa.replace(".", ""))
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")
    return len(digits)


CITATION_YEAR = re.compile(r"(?<=[(\s])(?:19|20)\d\d[a-z]?(?=[);,])")
REFERENCES = re.compile(r"^#+\s*(?:\d+\.?\s*)?References\b", re.M)


def quoted_numbers(markdown):
    """Numbers with >= 3 significant digits in Markdown text; links, tags, citation years and
    the References section left out."""
    if REFERENCES.search(markdown):
        markdown = markdown[: REFERENCES.search(markdown).start()]
    text = re.sub(r"\]\([^)]*\)|https?://\S+|<[^>]+>", " ", markdown)
    text = CITATION_YEAR.sub(" ", text)
    return [m.group(1) for m in NUMBER.finditer(text) if significant_digits(m.group(1)) >= 3]


def output_text(nb):
    """Everything the chapter's code cells printed or displayed as text."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            for mime in ("text/plain", "text/markdown", "text/html", "text/latex"):
                if mime in out.get("data", {}):
                    parts.append(out["data"][mime])
    return "\n".join("".join(p) if isinstance(p, list) else p for p in parts)


def printed(token, text):
    return re.search(rf"(?<![\d.]){re.escape(token)}(?!\d)", text) is not None


def unsupported_numbers(nb):
    """Prose numbers that no output prints and the metadata's prose_constants do not list."""
    constants = nb.metadata.get("prose_constants", {})
    text = output_text(nb)
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for token in quoted_numbers(cell.source):
            if token not in constants and not printed(token, text):
                missing.append(f"cell {index}: {token}")
    return missing


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_every_quoted_number_is_printed_by_a_cell(path):
    nb = nbformat.read(path, as_version=4)
    missing = unsupported_numbers(nb)
    assert not missing, (
        f"{path.name}: these numbers in the prose are printed by no cell; print them, or list "
        f"a true constant under metadata.prose_constants with its reason: {missing}"
    )


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_prose_constants_have_reasons_and_are_used(path):
    nb = nbformat.read(path, as_version=4)
    constants = nb.metadata.get("prose_constants", {})
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for token, reason in constants.items():
        assert isinstance(reason, str) and len(reason) > 5, f"{path.name}: {token} needs a reason"
        assert token in quoted_numbers(prose), f"{path.name}: constant {token} is not in the prose"


def test_the_guard_fails_on_an_edited_number():
    """A deliberately edited number is caught; the printed one and a listed constant pass."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["prose_constants"] = {"2018": "year of Zenke & Ganguli (2018)"}
    code = nbformat.v4.new_code_cell("print(f'{r2:.4f}')")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="R² = 0.9871\n")]
    prose = nbformat.v4.new_markdown_cell("R² is 0.9871 (Zenke & Ganguli, 2018), seen in 2018.")
    nb.cells = [code, prose]
    assert unsupported_numbers(nb) == []
    prose.source = prose.source.replace("0.9871", "0.9817")
    assert unsupported_numbers(nb) == ["cell 1: 0.9817"]
    # A longer printed number does not vouch for a prefix of it.
    prose.source = "R² is 0.987."
    assert unsupported_numbers(nb) == ["cell 1: 0.987"]


@pytest.mark.parametrize(
    ("token", "digits"),
    [("2000", 1), ("0.10", 2), ("1.96", 3), ("1e-8", 1), ("448", 3), ("0.00032", 2), ("2.13.0", 4)],
)
def test_significant_digits(token, digits):
    assert significant_digits(token) == digits
