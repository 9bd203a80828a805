"""CONTRIBUTING.md explains every message `make check` can print.

The messages are found in the code itself: every `Diagnostic(...)` in generator/ and the text
it is given (a string, an f-string, a variable assigned one, or the (line, message) pairs a
helper appends or returns). Each must appear in CONTRIBUTING.md as a code span, with `<placeholders>`
(or an example) where the message has values. A new message without an explanation fails here, naming it.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"
CODE_SPAN = re.compile(r"`([^`\n]+)`")
HOLE = "\0"


def template(node: ast.expr) -> str | None:
    """The message with every formatted value as a hole, or None if it is not text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else HOLE for v in node.values)
    return None


def _functions(tree: ast.AST):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _assigned(function: ast.AST, name: str) -> list[str]:
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            found.append(template(node.value))
    return [t for t in found if t]


def _appended_pairs(tree: ast.AST) -> list[str]:
    """Messages handed over as `(line, message)` tuples, e.g. `errors.append((at, "..."))`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append" and node.args:
            pair = node.args[0]
            if isinstance(pair, ast.Tuple) and len(pair.elts) == 2 and template(pair.elts[1]):
                found.append(template(pair.elts[1]))
    return found


def _returned_pairs(tree: ast.AST) -> list[str]:
    """Messages a helper returns last in a tuple, e.g. `return None, f"..."`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
            if template(node.value.elts[-1]):
                found.append(template(node.value.elts[-1]))
    return found


def message_templates() -> dict[str, str]:
    """Template -> where it is made, for every message the generator can report."""
    templates = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in _functions(tree):
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Diagnostic"):
                    continue
                message = call.args[3] if len(call.args) > 3 else next((k.value for k in call.keywords if k.arg == "message"), None)
                if message is None:
                    continue
                found = [template(message)] if template(message) else []
                if isinstance(message, ast.Name):
                    found = _assigned(function, message.id) or _appended_pairs(tree) or _returned_pairs(tree)
                assert found, f"{path.name}:{call.lineno}: cannot tell what this Diagnostic says"
                for text in found:
                    templates.setdefault(text, f"{path.relative_to(REPO)}:{call.lineno}")
    return templates


def documented(text: str, spans: list[str]) -> bool:
    """A code span that is the message, with any text (usually a `<placeholder>`) in its holes."""
    pattern = re.compile(".+?".join(re.escape(part) for part in text.split(HOLE)))
    return any(pattern.fullmatch(span) for span in spans)


def test_the_guide_explains_every_message_the_code_can_print():
    spans = CODE_SPAN.findall(GUIDE.read_text(encoding="utf-8"))
    templates = message_templates()
    assert len(templates) >= 30  # the finder itself works: the generator has that many messages
    missing = [f"{where}: {text.replace(HOLE, '<…>')}" for text, where in templates.items() if not documented(text, spans)]
    assert not missing, "messages CONTRIBUTING.md does not explain:\n" + "\n".join(missing)


def test_a_message_the_guide_lacks_is_caught():
    spans = ["duplicate <what> '<value>': also used by <file>"]
    assert documented(f"duplicate {HOLE} '{HOLE}': also used by {HOLE}", spans)
    assert not documented(f"duplicate {HOLE} '{HOLE}': also used in {HOLE}", spans)
    assert not documented("empty article: the body has no text", spans)


def test_the_guide_covers_each_way_to_contribute():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("Markdown", "text", "saved web page", "make check", "ambiguous", "topics.yml", "wanted"):
        assert re.search(rf"^#+ .*{re.escape(heading)}", text, re.MULTILINE | re.IGNORECASE), heading
    for word in ("promote", "alias", "reject"):
        assert word in text.lower()
