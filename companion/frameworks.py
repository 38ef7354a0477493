"""Which framework releases the book's claims were verified against.

Offers
    FRAMEWORKS          the frameworks the book emulates, by the names every module accepts
    VERIFIED_VERSIONS   the releases the conformance suite (tests/conformance) checked
    verified_note(*names)   a one-line "verified against ..." for chapters to print
    FrameworkRaises     what an emulation raises where the real framework raises
    installed_version(name) the release installed here (no local label such as +cpu), or None

Every statement a chapter makes about TensorFlow, PyTorch or JAX comes from a companion
function that tests/conformance checks against these releases; the suite fails when the
installed versions differ from this table, so the book cannot name a stale version.
"""

from importlib import metadata

FRAMEWORKS = ("tensorflow", "torch", "jax", "autograd")

VERIFIED_VERSIONS = {
    "torch": "2.13.0",
    "tensorflow": "2.21.0",
    "keras": "3.15.1",
    "jax": "0.10.2",
    "optax": "0.2.8",
    "autograd": "1.9.1",
}

# Distributions that provide each name; CPU-only builds come under their own names.
_DISTRIBUTIONS = {"tensorflow": ("tensorflow", "tensorflow-cpu"), "jax": ("jax",)}


def _name(name):
    if not isinstance(name, str):
        raise TypeError(
            f"a framework name must be a string such as 'torch', got {type(name).__name__} {name!r}"
        )
    return name


def verified_note(*names):
    """One line naming the verified releases of ``names`` (all of them by default).

    >>> verified_note("torch", "jax")
    'verified against torch 2.13.0 and jax 0.10.2'
    """
    names = names or tuple(VERIFIED_VERSIONS)
    for n in names:
        _name(n)
    unknown = [n for n in names if n not in VERIFIED_VERSIONS]
    if unknown:
        raise ValueError(f"unknown framework {unknown[0]!r}; valid: {', '.join(VERIFIED_VERSIONS)}")
    parts = [f"{n} {VERIFIED_VERSIONS[n]}" for n in names]
    return "verified against " + (
        ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    )


def installed_version(name):
    """The installed release of ``name`` without a local label ("2.13.0+cpu" -> "2.13.0").

    Reads package metadata only, so nothing heavy is imported. None when not installed.

    >>> installed_version("autograd") is not None
    True
    """
    if _name(name) not in VERIFIED_VERSIONS:
        raise ValueError(f"unknown framework {name!r}; valid: {', '.join(VERIFIED_VERSIONS)}")
    for dist in _DISTRIBUTIONS.get(name, (name,)):
        try:
            return metadata.version(dist).split("+")[0]
        except metadata.PackageNotFoundError:
            continue
    return None


class FrameworkRaises(Exception):
    """Where the emulated framework raises instead of returning a gradient.

    ``framework`` is its name, ``error`` the real exception's type name (e.g. 'RuntimeError'),
    ``message`` the real message, ``op`` the operation, where one is named, and ``advice``
    what to do instead, where the book has a fix. ``error=None`` marks a call the real
    framework accepts but whose answer means nothing, so the emulation refuses it. ``raises``
    is ``"<error>: <message>"``, the real outcome in one string.

    >>> err = FrameworkRaises("torch", "RuntimeError", "does not require grad", op="cast")
    >>> print(err)
    torch raises RuntimeError for op 'cast': does not require grad
    >>> err.error, err.raises
    ('RuntimeError', 'RuntimeError: does not require grad')
    >>> print(FrameworkRaises("autograd", None, "the answer depends on how f is written"))
    autograd does not raise here, but the answer depends on how f is written
    """

    def __init__(self, framework, error, message, op=None, advice=""):
        where = f" for op {op!r}" if op else ""
        if error is None:
            text = f"{framework} does not raise here{where}, but {message}"
        else:
            text = f"{framework} raises {error}{where}: {message}"
        super().__init__(text + (f". {advice}" if advice else ""))
        self.framework, self.error, self.message, self.op = framework, error, message, op
        self.advice = advice

    @property
    def raises(self):
        """The real outcome as one string, ``"<error>: <message>"`` ("no error, but ..." if none)."""
        if self.error is None:
            return f"no error, but {self.message}"
        return f"{self.error}: {self.message}"
