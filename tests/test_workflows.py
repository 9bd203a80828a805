"""The GitHub workflows and templates: valid by GitHub's own schemas, and doing what they promise.

check-jsonschema ships the schemas (SchemaStore's, vendored in the package); every run here
points the proxies at a closed port, so a schema that had to be downloaded would fail the test.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": "", "no_proxy": ""}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema", schema, *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **OFFLINE})


def load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on:` stays a string key


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflows_and_issue_forms_match_githubs_schemas_offline():
    assert [p.name for p in WORKFLOWS] == ["build-shards.yml", "publish.yml", "pull-request.yml"]
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(ISSUE_FORMS) == 2
    result = check_jsonschema("vendor.github-issue-forms", *ISSUE_FORMS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = load(WORKFLOWS[0])
    del next(iter(broken["jobs"].values()))["runs-on"]
    broken["jobs"]["extra"] = {"runs-on": "ubuntu-latest", "steps": [{"uses": "actions/checkout@v6", "run": "x"}]}
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", path).returncode != 0


def test_every_action_is_pinned_to_a_version():
    uses = [step["uses"] for path in WORKFLOWS for step in steps(load(path)) if "uses" in step]
    assert uses and all(PINNED.match(u) for u in uses), uses


def test_pull_request_check_annotates_builds_summarises_and_keeps_the_cache():
    workflow = load(GITHUB / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "group" in workflow["concurrency"]
    listed = steps(workflow)
    runs = [s.get("run", "") for s in listed]
    uses = {s["uses"].split("@")[0]: s for s in listed if "uses" in s}
    python = uses["actions/setup-python"]["with"]
    assert python["cache"] == "pip"
    assert set(python["cache-dependency-path"].split()) == {"requirements.txt", "requirements-dev.txt", "constraints.txt"}
    order = [next(i for i, r in enumerate(runs) if needle in r) for needle in ("make .venv/.installed", "make check", "make build", "pr-summary")]
    assert order == sorted(order)
    assert uses["actions/cache/restore"]["with"]["path"] == uses["actions/cache/save"]["with"]["path"] == "build"
    assert uses["actions/upload-artifact"]["with"]["path"].rstrip("/") == "site"
    assert "fetch-depth" in uses["actions/checkout"]["with"]  # the base commit (HEAD^1) must be there


def test_publish_deploys_to_pages_with_least_privilege():
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] == "false"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    built = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/cache/restore"} <= set(built)
    assert any("make build" in s.get("run", "") for s in build["steps"])
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_publish_gives_the_site_githubs_address_unless_mkdocs_yml_has_one(tmp_path):
    """The step's own shell, run on copies of mkdocs.yml, read back as the generator reads it."""
    from generator.config import read_mkdocs

    step = next(s for s in steps(load(GITHUB / "workflows" / "publish.yml")) if s.get("name") == "Give the site its address")
    assert step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    for given, expected in ((None, "https://owner.github.io/archive/"),
                            ("https://news.example.org/", "https://news.example.org/")):
        config = tmp_path / "mkdocs.yml"
        text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config.write_text(text + (f"site_url: {given}\n" if given else ""), encoding="utf-8")
        assert read_mkdocs(config)[0].site_url == given
        subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, check=True,
                       env={**os.environ, "BASE_URL": "https://owner.github.io/archive"})
        assert read_mkdocs(config)[0].site_url == expected


@pytest.mark.parametrize("path", [GITHUB / "pull_request_template.md"])
def test_pull_request_template_is_a_checklist(path):
    boxes = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 5
    assert any("make check" in box for box in boxes)
