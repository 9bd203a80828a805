"""Golden files: the e2e fixture archive and a 300-article synthetic archive must build to
exactly the recorded bytes, so a change to the code cannot alter the output unnoticed.

The digests in tests/golden/digests.json were recorded before the build's shape was redesigned
(issue 11). When the output changes on purpose, regenerate them and review the diff:

    .venv/bin/python tests/test_golden.py

The e2e archive is built in full (generated docs, search documents, published HTML pages and
archive.json); the 300-article archive with `--pages-only` (docs and search documents), which
covers the paginated listings and the parallel page rendering at a fraction of MkDocs's cost.
Pagefind's own files are left out: its filter and metadata chunks are named in hash-map order
(see README), and its index is tested in test_search_index.py.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import REPO, build_site, e2e_content, run_generator  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "digests.json"
BENCH_ARTICLES = 300


def _digests(folder: Path, pattern: str = "**/*") -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.glob(pattern)) if path.is_file()}


def e2e_digests(root: Path) -> dict[str, dict[str, str]]:
    built = build_site(e2e_content(root), root)
    assert built.result.returncode == 0, built.result.stderr
    pages = {p: d for p, d in _digests(built.site, "**/*.html").items() if not p.startswith("pagefind/")}
    return {"docs": _digests(built.docs), "search": _digests(root / "search"), "site": pages,
            "archive.json": {"archive.json": _digests(built.site)["archive.json"]}}


def bench_digests(root: Path) -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(REPO))
    from generator.bench.synthetic import write_archive

    content = root / "content"
    write_archive(content, BENCH_ARTICLES)
    result = run_generator(content, "build", "--docs", str(root / "docs"), "--pages-only")
    assert result.returncode == 0, result.stderr
    return {"docs": _digests(root / "docs"), "search": _digests(root / "search")}


def _compare(found: dict, expected: dict) -> list[str]:
    problems = []
    for part in sorted(set(found) | set(expected)):
        now, then = found.get(part, {}), expected.get(part, {})
        problems += [f"{part}: new file {p}" for p in sorted(set(now) - set(then))]
        problems += [f"{part}: missing file {p}" for p in sorted(set(then) - set(now))]
        problems += [f"{part}: changed {p}" for p in sorted(set(now) & set(then)) if now[p] != then[p]]
    return problems


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_e2e_archive_builds_to_the_golden_bytes(golden, tmp_path):
    problems = _compare(e2e_digests(tmp_path), golden["e2e"])
    assert not problems, "\n".join(problems[:40])


def test_bench_archive_builds_to_the_golden_bytes(golden, tmp_path):
    problems = _compare(bench_digests(tmp_path), golden["bench"])
    assert not problems, "\n".join(problems[:40])


def test_golden_files_cover_every_kind_of_output(golden):
    """The recorded digests themselves hold each kind of page (guards a regeneration that
    silently recorded an empty or partial build)."""
    docs = golden["bench"]["docs"]
    for prefix in ("topics/", "see-also/", "timeline/", "originals/", "index.md", "archive.json"):
        assert any(p.startswith(prefix) for p in docs), prefix
    assert len(golden["bench"]["search"]) == BENCH_ARTICLES
    assert any(p.endswith("index.html") for p in golden["e2e"]["site"])


def regenerate() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as e2e, tempfile.TemporaryDirectory() as bench:
        data = {"e2e": e2e_digests(Path(e2e)), "bench": bench_digests(Path(bench))}
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}: " + ", ".join(f"{k}/{p}: {len(v)}" for k, parts in data.items() for p, v in parts.items()))


if __name__ == "__main__":
    regenerate()
