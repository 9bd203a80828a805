"""How a Diagnostic is printed: `file:line: severity: message`, or a GitHub annotation.

On GitHub Actions a line `::error file=content/x.md,line=4::message` becomes a note on that
line of the pull request's diff, so a contributor sees the problem where they must fix it.
The text after `::` and each property value are escaped by GitHub's workflow-command rules,
so an article's title quoted in a message cannot end the command early or start another one.
"""
from __future__ import annotations

from typing import Mapping

from .model import Diagnostic


def in_github_actions(environ: Mapping[str, str]) -> bool:
    """GitHub sets GITHUB_ACTIONS=true in every step of a workflow run."""
    return environ.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """The message part: `%`, carriage returns and newlines are encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value also encodes `:` and `,`, which separate properties from each other."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(diagnostic: Diagnostic) -> str:
    """`::error file=…,line=…::message`; a problem with the whole file (line 0) names no line."""
    properties = [f"file={escape_property(diagnostic.path)}"]
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
    return f"::{diagnostic.severity} {','.join(properties)}::{escape_data(diagnostic.message)}"


def format_diagnostic(diagnostic: Diagnostic, github: bool = False) -> str:
    """One line for the terminal, or an annotation when running on GitHub Actions."""
    return github_annotation(diagnostic) if github else str(diagnostic)
