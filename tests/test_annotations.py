"""Problems as GitHub annotations (`GITHUB_ACTIONS=true`) or as plain `file:line:` lines.

The CLI is run on an invented pull request in a temporary git repository (tests/prsample.py)
and its output is parsed back by GitHub's workflow-command rules.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from generator.annotations import escape_data, escape_property, format_diagnostic, github_annotation, in_github_actions
from generator.model import Diagnostic
from generator.plural import counted
from prsample import ADDED_PATH, BROKEN_PATH, TITLE_LINE, make_sample_pr, run_cli

COMMAND = re.compile(r"^::(error|warning) ([^:]*)::(.*)$")


def parse_annotation(line: str) -> tuple[str, dict[str, str], str] | None:
    """(severity, properties, message) with GitHub's %-escapes undone, or None for other lines."""
    match = COMMAND.match(line)
    if not match:
        return None
    properties = dict(part.split("=", 1) for part in match.group(2).split(","))
    return match.group(1), {k: unquote(v) for k, v in properties.items()}, unquote(match.group(3))


def test_github_mode_is_only_when_github_says_so():
    assert in_github_actions({"GITHUB_ACTIONS": "true"})
    assert not in_github_actions({"GITHUB_ACTIONS": "false"})
    assert not in_github_actions({})


def test_escaping_follows_the_workflow_command_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("a:b,c") == "a:b,c"  # only properties encode : and ,


def test_a_message_cannot_smuggle_a_second_command():
    hostile = Diagnostic("warning", "content/x,line=1:y.md", 3, "title 'a\n::error file=z::owned' 50%")
    line = github_annotation(hostile)
    assert len(line.splitlines()) == 1  # the runner reads commands at the start of a line only
    severity, properties, message = parse_annotation(line)
    assert (severity, properties, message) == ("warning", {"file": hostile.path, "line": "3"}, hostile.message)


def test_whole_file_problems_name_no_line_and_plain_mode_is_unchanged():
    diagnostic = Diagnostic("error", "content/a.yml", 0, "sidecar without an article")
    assert github_annotation(diagnostic) == "::error file=content/a.yml::sidecar without an article"
    assert format_diagnostic(diagnostic) == str(diagnostic) == "content/a.yml: error: sidecar without an article"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample_pr(tmp_path_factory.mktemp("pr"), hostile=True)


def test_check_on_github_annotates_each_problem_on_its_file_and_line(sample):
    odd = sample / "content" / "2021" / "odd,name:50%.md"  # a file name GitHub's rules must escape
    odd.write_bytes(b"\x00\x01 a binary file under an article's name")
    try:
        result = run_cli(sample, "check", GITHUB_ACTIONS="true")
    finally:
        odd.unlink()
    assert result.returncode == 1  # the broken article is an error
    found = [parse_annotation(line) for line in result.stderr.splitlines()]
    annotations = [a for a in found if a]
    by_file = {(a[1]["file"], a[0]): a for a in annotations}
    error = by_file[(f"content/{BROKEN_PATH}", "error")]
    assert error[1]["line"] == "1" and "never closed" in error[2]
    warning = by_file[(f"content/{ADDED_PATH}", "warning")]
    assert warning[1]["line"] == str(TITLE_LINE) and "Port reopens after floods" in warning[2]
    odd_problem = by_file[("content/2021/odd,name:50%.md", "error")]
    assert "not a text file" in odd_problem[2]  # the name came back whole through the escaping
    plain = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert plain == []  # on GitHub every problem is an annotation
    errors, warnings = (sum(a[0] == kind for a in annotations) for kind in ("error", "warning"))
    assert result.stderr.rstrip().endswith(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}")


def test_check_elsewhere_prints_file_line_severity_message(sample):
    result = run_cli(sample, "check", GITHUB_ACTIONS="")
    lines = result.stderr.splitlines()
    assert not any(parse_annotation(line) for line in lines)
    assert f"content/{BROKEN_PATH}:1: error: front matter opened with '---' is never closed" in lines
    assert any(line.startswith(f"content/{ADDED_PATH}:{TITLE_LINE}: warning: ") for line in lines)
