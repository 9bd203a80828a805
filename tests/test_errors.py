"""Every problem a user can cause outside the content reaches them as one line (or as
diagnostics), never as a traceback, and leaves the published site untouched."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, build_site, copy_seed, mkdocs_config, run_generator
from generator import cli, incremental


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]


def test_a_missing_content_folder_is_a_diagnostic(tmp_path):
    result = run_generator(tmp_path / "nowhere", "build", "--docs", str(tmp_path / "docs"), "--pages-only")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'nowhere'}: error: content folder not found" in result.stderr


def test_an_unreadable_mkdocs_yml_is_one_line(tmp_path):
    content = copy_seed(tmp_path / "content").parent
    broken = tmp_path / "broken.yml"
    cases = {"missing.yml": ("missing.yml", "cannot read"), "broken.yml": ("broken.yml", "cannot read")}
    broken.write_text("site_name: [unclosed\n", encoding="utf-8")
    for name, words in cases.items():
        one_line_error(run_generator(content, "--mkdocs", str(tmp_path / name), "check"), *words)
    unknown = mkdocs_config(tmp_path, per_pages=3)
    one_line_error(run_generator(content, "--mkdocs", str(unknown), "check"), "unknown keys", "per_pages")
    wrong = mkdocs_config(tmp_path, per_page="many")
    one_line_error(run_generator(content, "--mkdocs", str(wrong), "check"), "extra.archive.per_page", "int")


def test_a_symbolic_link_in_the_docs_folder_is_refused_in_one_line(tmp_path):
    content = copy_seed(tmp_path / "content" / "2023").parent.parent
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "docs").mkdir()
    os.symlink(elsewhere, tmp_path / "docs" / "2023")
    result = run_generator(content, "build", "--docs", str(tmp_path / "docs"), "--pages-only")
    one_line_error(result, "refusing to write", "symbolic link")
    assert not any(elsewhere.iterdir()), "nothing was written through the link"


def test_a_file_changed_during_the_build_is_one_line(tmp_path, monkeypatch, capsys):
    """A page the build decided to keep is edited before the writer gets to it (StaleFile)."""
    content = copy_seed(tmp_path / "content" / "2023").parent.parent
    arguments = ["--content", str(content), "--mkdocs", str(REPO / "mkdocs.yml"), "build",
                 "--docs", str(tmp_path / "docs"), "--pages-only"]
    assert cli.main(arguments) == 0
    vouched = incremental.Manifest.fingerprints

    def fingerprints_then_an_edit(manifest, *paths):
        known = vouched(manifest, *paths)
        if manifest.root.name == "docs":  # the half of the pages that holds the articles
            for page in [manifest.root / path for path in known if path.startswith("2023/")][:1]:
                page.write_text("edited by hand meanwhile", encoding="utf-8")
        return known

    monkeypatch.setattr(incremental.Manifest, "fingerprints", fingerprints_then_an_edit)
    capsys.readouterr()
    assert cli.main(arguments) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "changed while the build ran; build again" in errors[0]


def test_a_failing_mkdocs_build_is_one_line_and_leaves_the_site_alone(tmp_path):
    content = copy_seed(tmp_path / "content" / "2023").parent.parent
    config = mkdocs_config(tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["nav"] = [{"Missing": "no-such-page.md"}]  # a strict build refuses a dangling nav entry
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    built = build_site(content, tmp_path, config)
    one_line_error(built.result, "mkdocs build failed")
    assert not built.site.exists()


def test_links_in_the_content_are_named_not_followed(tmp_path):
    """A linked file or folder is reported and never read through: it could point anywhere on
    the machine that builds."""
    from generator.readers import discover

    content = tmp_path / "content"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not in the archive.\n", encoding="utf-8")
    (content / "b").mkdir(parents=True)
    (content / "b" / "kept.txt").write_text("An article.\n", encoding="utf-8")
    (content / "a.txt").write_text("Another.\n", encoding="utf-8")
    os.symlink(outside, content / "linked-folder")
    os.symlink(outside / "secret.txt", content / "b" / "linked.txt")
    sources, problems = discover(content)
    assert [s.path for s in sources] == ["a.txt", "b/kept.txt"]
    named = {(d.path, d.message.split(":")[0]) for d in problems}
    assert ("linked-folder", "symbolic links are not read") in named
    assert ("b/linked.txt", "symbolic links are not read") in named
    assert not any(b"Not in the archive" in s.data for s in sources)


def test_a_link_to_itself_and_a_name_that_is_not_utf8_are_named_not_a_traceback(tmp_path):
    content = tmp_path / "content"
    copy_seed(content)
    os.symlink("loop.txt", content / "loop.txt")
    (content / os.fsdecode(b"\xff.txt")).write_text("TEST FIXTURE: a story under a Latin-1 name.\n", encoding="utf-8")
    result = run_generator(content, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any(line.endswith("loop.txt: error: symbolic links are not read: commit the file itself") for line in errors)
    assert any("\\udcff.txt: error: the file's name is not UTF-8 text" in line for line in errors), errors


HOLD_THE_FOLDERS = """
import sys, time
from pathlib import Path
from generator.incremental import Layout, one_at_a_time
out = Path(sys.argv[1])
with one_at_a_time(Layout(out / "docs", out / "staging", out / "site"), "build"):
    print("holding", flush=True)
    time.sleep(600)
"""


def test_a_second_build_into_the_same_folders_stops_in_one_line_before_writing(tmp_path):
    """Two builds at once into one folder each took the other's files for their own (one
    found a search bundle gone and stopped with a traceback); the second now stops first.
    The lock dies with its process, so a killed build leaves nothing to clear by hand."""
    content, out = copy_seed(tmp_path / "content").parent, tmp_path / "out"
    folders = ["--docs", str(out / "docs"), "--staging", str(out / "staging"), "--site", str(out / "site")]
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_FOLDERS, str(out)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        said = f"{out}/ is being written by another build (process {holder.pid}, since "
        one_line_error(run_generator(content, "build", *folders, "--pages-only"), said, "--docs, --staging")
        one_line_error(run_generator(content, "build", *folders), said)
        one_line_error(run_generator(content, "merge", str(out / "staging.shards" / "1-of-1"),
                                     "--staging", str(out / "staging"), "--site", str(out / "site")), said)
        assert sorted(p.name for p in out.iterdir()) == [".build.lock"]  # nothing else written
    finally:
        holder.kill()
        holder.wait()
    result = run_generator(content, "build", *folders, "--pages-only")
    assert result.returncode == 0, result.stderr
    assert (out / "docs" / "index.md").is_file()


def test_a_build_locks_every_folder_that_holds_its_files(tmp_path):
    layout = incremental.Layout(tmp_path / "a" / "docs", tmp_path / "b" / "site", tmp_path / "site")
    assert layout.locks == [tmp_path / "a" / ".build.lock", tmp_path / "b" / ".build.lock"]
    with incremental.one_at_a_time(layout, "build"):
        other = incremental.Layout(tmp_path / "c" / "docs", tmp_path / "b" / "elsewhere", tmp_path / "site")
        with pytest.raises(incremental.BuildBusy) as busy, incremental.one_at_a_time(other, "serve"):
            pass
        assert str(busy.value).startswith(f"{tmp_path / 'b'}/ is being written by another build (process {os.getpid()}")
    with incremental.one_at_a_time(other, "serve"):  # released with the first
        pass


def test_a_build_folder_that_cannot_be_locked_is_one_line(tmp_path):
    content = copy_seed(tmp_path / "content").parent
    (tmp_path / "file").write_text("not a folder\n", encoding="utf-8")
    one_line_error(run_generator(content, "build", "--docs", str(tmp_path / "file" / "docs"), "--pages-only"),
                   f"{tmp_path / 'file' / '.build.lock'}: cannot lock the build folder")


def test_a_diagnostic_is_one_line_whatever_the_name_or_quoted_text_holds():
    """A newline in a file name printed a second line that read as a CI command of its own."""
    from generator.model import Diagnostic

    said = str(Diagnostic("error", "x.txt\n::error file=evil.txt::boom\udcff", 3, "title 'a\u2028b'"))
    assert "\n" not in said and "\u2028" not in said and "\udcff" not in said
    assert said == "x.txt\\n::error file=evil.txt::boom\\udcff:3: error: title 'a\\u2028b'"
    assert str(Diagnostic("warning", "été/a.txt", 0, "Zürich")) == "été/a.txt: warning: Zürich"
