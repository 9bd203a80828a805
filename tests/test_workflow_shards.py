"""The GitHub Actions workflow that builds the site in shards on separate runners.

It is validated against the workflow schema (check-jsonschema's vendored copy: no network),
and its matrix, shard commands and merge step must agree with each other and with the CLI.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "build-shards.yml"


def test_workflow_validates_against_the_schema():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_matrix_runs_every_shard_once_and_merge_waits_for_them():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    count = int(workflow["env"]["SHARDS"])
    shard, merge = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, count + 1))
    commands = [step.get("run", "") for step in shard["steps"]]
    assert any(re.search(r"-m generator build --shard \$\{\{ matrix\.shard \}\}/\$\{\{ env\.SHARDS \}\}", c)
               for c in commands), commands
    upload = next(s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "build/shards/${{ matrix.shard }}-of-${{ env.SHARDS }}"
    assert upload["with"]["include-hidden-files"] is True, "the shard manifest is a dot file"
    assert merge["needs"] == "shard"
    assert any("-m generator merge build/downloaded/shard-*" in step.get("run", "") for step in merge["steps"])


def test_the_commands_the_workflow_runs_exist():
    for args, option in ((["build", "--help"], "--shard I/K"), (["merge", "--help"], "folders")):
        result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0 and option in result.stdout, result.stdout + result.stderr
