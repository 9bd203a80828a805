"""The writer: only inside the output folder, only what changed, atomically; and publishing."""
from __future__ import annotations

import os
import shutil

import pytest

from generator.publish import sync_tree
from generator.writer import UnsafePath, safe_destination, write_tree


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x.md", "a\\..\\x.md", "", "a/\0.md"])
def test_paths_outside_the_folder_are_refused(tmp_path, bad):
    with pytest.raises(UnsafePath):
        safe_destination(tmp_path / "out", bad)


def test_a_symlink_inside_cannot_lead_outside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        write_tree(out, {"link/evil.md": "x"})
    assert not (tmp_path / "evil.md").exists()


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path):
    out = tmp_path / "docs"
    first = write_tree(out, {"a/index.md": "one", "b.md": "two", "c.bin": b"\x00\x01"})
    assert sorted(first.written) == ["a/index.md", "b.md", "c.bin"]
    os.utime(out / "b.md", ns=(1, 1))
    second = write_tree(out, {"a/index.md": "one, edited", "b.md": "two"})
    assert second.written == ["a/index.md"] and second.unchanged == 1 and second.removed == ["c.bin"]
    assert (out / "b.md").stat().st_mtime_ns == 1, "unchanged files keep their time for --dirty builds"
    assert (out / "a/index.md").read_text() == "one, edited"
    assert not list(out.rglob(".tmp-*"))


def test_sync_publishes_changes_and_removes_stale_files(tmp_path):
    staging, site = tmp_path / "staging", tmp_path / "site"
    write_tree(staging, {"index.html": "home", "a/index.html": "a"})
    assert sorted(sync_tree(staging, site).written) == ["a/index.html", "index.html"]
    write_tree(staging, {"index.html": "home v2"})
    stats = sync_tree(staging, site)
    assert stats.written == ["index.html"] and stats.removed == ["a/index.html"]
    assert (site / "index.html").read_text() == "home v2" and not (site / "a").exists()
    # Published by hard link, not copied: a link and a rename per file.
    assert os.path.samestat((site / "index.html").stat(), (staging / "index.html").stat())


def test_the_manifest_never_hides_a_file_changed_by_hand(tmp_path):
    root = tmp_path / "docs"
    files = {"a/index.md": "alpha", "b/index.md": "bravo"}
    assert len(write_tree(root, files).written) == 2
    assert (tmp_path / "docs.manifest").is_file()
    stats = write_tree(root, files)
    assert stats.written == [] and stats.unchanged == 2
    (root / "a" / "index.md").write_text("ALPHA")  # same size, new content and time
    assert write_tree(root, files).written == ["a/index.md"]
    assert (root / "a" / "index.md").read_text() == "alpha"
    (tmp_path / "docs.manifest").write_bytes(b"damaged")
    assert write_tree(root, {**files, "b/index.md": "bravo!"}).written == ["b/index.md"]


def test_without_a_manifest_the_folder_is_walked_so_nothing_stale_survives(tmp_path):
    root = tmp_path / "docs"
    write_tree(root, {"a/index.md": "alpha"})
    (root / "stray").mkdir()
    (root / "stray" / "index.md").write_text("left by a crashed build")
    (tmp_path / "docs.manifest").unlink()  # a crash between writing and saving leaves none
    assert write_tree(root, {"a/index.md": "alpha"}).removed == ["stray/index.md"]
    assert not (root / "stray").exists()


def test_the_manifest_is_gone_while_writing(tmp_path, monkeypatch):
    import generator.writer as writer
    root = tmp_path / "docs"
    write_tree(root, {"a.md": "alpha"})
    seen = []
    real = writer.atomic_write
    monkeypatch.setattr(writer, "atomic_write", lambda path, data, folders=None: (
        seen.append(os.path.exists(tmp_path / "docs.manifest")), real(path, data, folders))[1])
    write_tree(root, {"a.md": "alpha, edited"})
    assert seen[0] is False, "a build that dies mid-write leaves no manifest to trust"


def test_a_listed_file_behind_a_folder_turned_symlink_is_not_deleted(tmp_path):
    root, outside = tmp_path / "docs", tmp_path / "outside"
    write_tree(root, {"a/index.md": "alpha", "b/index.md": "bravo"})
    outside.mkdir()
    (outside / "index.md").write_text("not ours")
    shutil.rmtree(root / "a")
    (root / "a").symlink_to(outside)
    with pytest.raises(UnsafePath):
        write_tree(root, {"b/index.md": "bravo"})
    assert (outside / "index.md").read_text() == "not ours"


def test_applying_known_changes_touches_only_them_and_drops_a_gone_tree(tmp_path):
    from generator.publish import Changes, publish_changes

    staging, site = tmp_path / "staging", tmp_path / "site"
    for name, text in {"a/index.html": "a", "b/index.html": "b", "pagefind/x/1.pf": "1", "pagefind/y/2.pf": "2"}.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text)
    sync_tree(staging, site)
    # The staged site's writers replace a file rather than rewrite it (site/ shares it by a
    # hard link, publish.py): MkDocs's shards unlink a page before writing it.
    for name, text in {"a/index.html": "a, edited", "b/index.html": "b, edited but not said to have changed"}.items():
        (staging / name).unlink()
        (staging / name).write_text(text)
    shutil.rmtree(staging / "pagefind/y")
    (staging / "pagefind/x/3.pf").write_text("3")
    stats = publish_changes(staging, site, Changes(("a/index.html",), (), ("pagefind/x", "pagefind/y")))
    assert sorted(stats.written) == ["a/index.html", "pagefind/x/3.pf"]
    assert stats.removed == ["pagefind/y/2.pf"] and not (site / "pagefind/y").exists()
    assert (site / "a/index.html").read_text() == "a, edited" and (site / "b/index.html").read_text() == "b"


def test_stats_asked_together_come_back_in_order(tmp_path):
    """lstat_all splits the work among threads; the answers must line up with the paths."""
    from generator.files import STAT_THREADS, lstat, lstat_all

    paths = []
    for number in range(8 * STAT_THREADS):
        path = tmp_path / f"{number:03d}.txt"
        if number % 3:
            path.write_text("x" * number)
        paths.append(str(path))
    found = lstat_all(paths)
    assert [None if s is None else s.st_size for s in found] == \
           [None if (s := lstat(p)) is None else s.st_size for p in paths]
    assert sum(s is None for s in found) == len(range(0, 8 * STAT_THREADS, 3))


def test_a_link_to_a_new_name_is_made_in_place_and_an_old_name_replaced(tmp_path, monkeypatch):
    """Where nothing was, the link is made at its name (no temporary, no rename); where a file
    is, or one turns up after the caller looked, it is replaced in one rename."""
    from generator import files

    source, other = tmp_path / "source.html", tmp_path / "other.html"
    source.write_text("new")
    other.write_text("old")
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(files.os, "replace", lambda a, b: (renames.append(b), real_replace(a, b)))
    target = tmp_path / "site" / "a" / "index.html"
    assert files.link_file(str(source), str(target), absent=True)
    assert renames == [] and os.path.samestat(target.stat(), source.stat())
    os.unlink(target)
    os.link(other, target)  # there after all: replaced, never left as it was
    assert files.link_file(str(source), str(target), absent=True)
    assert renames == [str(target)] and target.read_text() == "new"
    assert files.link_file(str(other), str(target))
    assert target.read_text() == "old" and os.listdir(target.parent) == ["index.html"]


def test_a_new_file_is_made_in_place_and_a_changed_one_replaced_whole(tmp_path, monkeypatch):
    """A file new to the folder is written at its name (no temporary, no rename), readable by
    everyone whatever the umask; a file that was there is replaced by one rename."""
    from generator import files

    renames = []
    real_replace = os.replace
    monkeypatch.setattr(files.os, "replace", lambda a, b: (renames.append(os.path.basename(b)), real_replace(a, b)))
    old_umask = os.umask(0o077)
    try:
        root = tmp_path / "docs"
        assert write_tree(root, {"a/index.md": "alpha", "b/index.md": "bravo"}).written == ["a/index.md", "b/index.md"]
        assert renames == ["docs.manifest"]  # the manifest only
        assert (root / "a" / "index.md").stat().st_mode & 0o777 == 0o644
        renames.clear()
        assert write_tree(root, {"a/index.md": "alpha, edited", "b/index.md": "bravo"}).written == ["a/index.md"]
        assert renames == ["index.md", "docs.manifest"]
        assert (root / "a" / "index.md").read_text() == "alpha, edited"
    finally:
        os.umask(old_umask)


def test_a_new_file_that_turns_up_meanwhile_or_is_a_link_is_replaced_not_followed(tmp_path):
    from generator.files import write_new

    outside = tmp_path / "outside.md"
    outside.write_text("not ours")
    target = tmp_path / "docs" / "a.md"
    target.parent.mkdir()
    target.symlink_to(outside)  # appeared after the caller found the name free
    write_new(str(target), b"ours")
    assert not target.is_symlink() and target.read_text() == "ours"
    assert outside.read_text() == "not ours"


def test_a_new_file_cut_short_is_removed_or_written_again(tmp_path, monkeypatch):
    """A write that fails leaves no part of a new file; one a killed build cut short is not in
    the manifest (there is none), so the next build compares it and writes it whole."""
    from generator import files

    root = tmp_path / "docs"
    real_write = os.write
    monkeypatch.setattr(files.os, "write", lambda handle, data: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError):
        write_tree(root, {"a/index.md": "alpha"})
    assert not (root / "a" / "index.md").exists()
    monkeypatch.setattr(files.os, "write", real_write)
    (root / "a").mkdir(exist_ok=True)
    (root / "a" / "index.md").write_text("alp")  # what a killed build left
    assert not (tmp_path / "docs.manifest").exists()
    assert write_tree(root, {"a/index.md": "alpha"}).written == ["a/index.md"]
    assert (root / "a" / "index.md").read_text() == "alpha"


def test_a_whole_site_is_put_in_parts_side_by_side_with_the_same_result(tmp_path, monkeypatch):
    """Publishing thousands of files runs in parts on every usable core; what it reports and
    what the target holds are those of one pass in path order."""
    from generator import publish
    from generator.parallel import cores

    source, target, seen = tmp_path / "staged", tmp_path / "site", tmp_path / "pids"
    sources = {}
    for i in range(1200):
        relative = f"{i % 7}/page-{i:04d}/index.html"
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text(f"page {i}")
        sources[relative] = str(source / relative)
    real = publish._put_some

    def recorded(*args):
        with open(seen, "a") as log:
            log.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(publish, "_put_some", recorded)
    first = publish.sync_files(sources, target, link=True)
    assert first.written == sorted(sources) and first.unchanged == 0
    assert all(os.path.samefile(target / r, sources[r]) for r in sources)
    assert len(set(seen.read_text().split())) == min(cores(), publish.PARTS)  # each process takes one part first
    edited = sorted(sources)[5::100]
    for relative in edited:
        os.unlink(sources[relative])
        (source / relative).write_text("edited")
    (target / "stale.html").write_text("gone next time")
    again = publish.sync_files(sources, target, link=True)
    assert again.written == edited and again.unchanged == len(sources) - len(edited)
    assert again.removed == ["stale.html"]
    assert (target / edited[0]).read_text() == "edited"
