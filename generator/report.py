"""How problems reach the maintainer: every diagnostic, warnings first and errors last (so the
errors are what the terminal shows), then the counts."""
from __future__ import annotations

import os
import sys

from .annotations import format_diagnostic, in_github_actions
from .model import Diagnostic
from .plural import counted


def report(diagnostics: list[Diagnostic], stream=None) -> None:
    stream = stream or sys.stderr
    warnings = [d for d in diagnostics if not d.is_error]
    errors = [d for d in diagnostics if d.is_error]
    for diagnostic in warnings + errors:
        print(format_diagnostic(diagnostic, in_github_actions(os.environ)), file=stream)
    print(f"{counted(len(errors), 'error')}, {counted(len(warnings), 'warning')}", file=stream)
