"""The project's one exception type and the collector that gathers a phase's problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(eq=True)
class ContentError(Exception):
    """A problem in the content, tied to a place in a file and with a hint on how to fix it.

    Not frozen: the exception machinery (contextlib, tracebacks) assigns to exceptions.
    """

    path: Path | str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}:{self.col}" if self.line else f"{self.path}"
        text = f"{place}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class BuildFailed(Exception):
    """Raised at the end of a phase that found errors; carries all of them."""

    def __init__(self, problems: list[ContentError]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class Sorted:
    """`errors` and `warnings` of a class's `problems`, for the classes that hold some."""

    problems: Sequence[ContentError]

    @property
    def errors(self) -> list[ContentError]:
        """The problems that stop a build (and fail `check`)."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        """The problems that do not stop a build but do under --strict."""
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class Diagnostics(Sorted):
    """Collects every error and warning of a phase so they can be shown together."""

    problems: list[ContentError] = field(default_factory=list)

    def error(
        self, path: Path | str, line: int, col: int, message: str, hint: str = ""
    ) -> None:
        """Record an error."""
        self.problems.append(ContentError(path, line, col, message, hint))

    def warning(
        self, path: Path | str, line: int, col: int, message: str, hint: str = ""
    ) -> None:
        """Record a warning (a failure only under --strict)."""
        self.problems.append(ContentError(path, line, col, message, hint, "warning"))

    def add(self, problem: ContentError) -> None:
        """Record a problem raised elsewhere."""
        self.problems.append(problem)

    def raise_if_errors(self) -> None:
        """Stop the build if this phase found any error."""
        if self.errors:
            raise BuildFailed(self.errors)

