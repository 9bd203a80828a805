"""MkDocs in shards (generator/shards.py): the merged shards are the single-process build.

The docs folders are generated once per module (the end-to-end archive and a 300-article
synthetic archive) and built both ways; every file of the merged site must have the same bytes
as the single build's. The 1,000-article comparison was run by hand (see the README).
"""
from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import REPO, e2e_content, run_generator
from generator import shards
from generator.files import atomic_write
from generator.shards import Shard, ShardError, merge, plan, render_all

MKDOCS = REPO / "mkdocs.yml"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1699315200")  # as site.py sets it from the newest article


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def generated_docs(content, root):
    result = run_generator(content, "build", "--pages-only", "--docs", str(root / "docs"))
    assert result.returncode == 0, result.stderr
    return root / "docs"


@pytest.fixture(scope="module")
def e2e_docs(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards-e2e")
    return generated_docs(e2e_content(root), root)


def single_build(docs, out):
    """MkDocs's own build of the whole docs folder in this one process: what shards must equal."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = "1699315200"
    build(load_config(config_file=str(MKDOCS), docs_dir=str(docs), site_dir=str(out), strict=True))
    return files(out)


def sharded_build(docs, root, count, incremental=False):
    runs = render_all(MKDOCS, docs, root / "shards", count, incremental)
    merge([root / "shards" / Shard(i, count).name for i in range(1, count + 1)], root / "merged")
    return runs, files(root / "merged")


def test_plan_gives_every_page_one_shard_articles_by_date_range():
    pages = [f"20{y:02d}/01/{d:02d}/a{d}/index.md" for y in range(10, 20) for d in range(1, 29)]
    pages += [f"topics/p{i}/index.md" for i in range(300)] + ["index.md", "undated/x/index.md"]
    owner = plan(pages, 3)
    assert set(owner) == set(pages) and set(owner.values()) == {1, 2, 3}
    by_date = [owner[p] for p in sorted(p for p in pages if p[0] in "2u")]
    assert by_date == sorted(by_date), "articles in runs of consecutive dates"
    counts = [list(owner.values()).count(s) for s in (1, 2, 3)]
    assert max(counts) - min(counts) < 0.15 * len(pages) / 3, counts
    assert plan(pages, 1) == dict.fromkeys(pages, 1)
    assert plan(list(reversed(pages)), 3) == owner, "the order pages are found in does not matter"
    grown = plan(pages + ["2015/06/15/new/index.md", "topics/new/index.md"], 3)
    moved = [p for p in pages if grown[p] != owner[p]]
    assert len(moved) <= 2, f"a new article moves only articles at the runs' ends: {moved}"


def test_shard_names_are_checked():
    assert Shard.parse("2/3") == Shard(2, 3) and Shard(2, 3).name == "2-of-3"
    for bad in ("0/2", "3/2", "2", "a/b", "1/0"):
        with pytest.raises(ValueError):
            Shard.parse(bad)


@pytest.mark.parametrize("count", [3])  # K=2 in the 300-article test and the CLI round trip
def test_merged_shards_equal_single_build_e2e(e2e_docs, tmp_path, count):
    single = single_build(e2e_docs, tmp_path / "single")
    runs, merged = sharded_build(e2e_docs, tmp_path, count)
    assert merged == single
    assert sum(run.pages for run in runs) == len(list(e2e_docs.rglob("*.md")))
    assert all(run.pages > 0 and run.peak_mb > 0 for run in runs)


def test_merged_shards_equal_single_build_300_articles(tmp_path):
    from generator.bench.synthetic import write_archive

    write_archive(tmp_path / "content", 300, seed=3)
    docs = generated_docs(tmp_path / "content", tmp_path)
    single = single_build(docs, tmp_path / "single")
    runs, merged = sharded_build(docs, tmp_path, 2)
    assert len(single) > 1000 and merged == single
    pages = [run.pages for run in runs]
    assert min(pages) > 0.4 * sum(pages), pages
    # The docs folder's other files (originals, feeds, the export) are shared out as well: an
    # edit's shard checks and copies only its own.
    owned = [json.loads((tmp_path / "shards" / Shard(i, 2).name / shards.MANIFEST).read_text())["owned"] for i in (1, 2)]
    others = [[path for path in own if not path.endswith(".html")] for own in owned]
    assert min(map(len, others)) > 0.4 * sum(map(len, others)), [len(o) for o in others]


def test_incremental_shards_rerender_only_the_edited_page(e2e_docs, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(e2e_docs, docs)
    sharded_build(docs, tmp_path, 2)
    assert not list((tmp_path / "merged").rglob(".tmp-*"))
    article = next(docs.glob("2023/11/07/*/index.md"))
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "shards").rglob("*/index.html")}
    article.write_text(article.read_text(encoding="utf-8").replace("Zelensky", "Zelenskyy", 1), encoding="utf-8")
    _, merged = sharded_build(docs, tmp_path, 2, incremental=True)
    changed = [p for p, t in before.items() if p.stat().st_mtime_ns != t]  # 404.html is rewritten every build
    assert [p.relative_to(tmp_path / "shards").parts[1:] for p in changed] == [article.relative_to(docs).with_suffix(".html").parts]
    assert merged == single_build(docs, tmp_path / "single")
    # What each shard says it wrote, which merging and publishing an incremental build go by.
    written = [json.loads((folder / shards.MANIFEST).read_text())["written"] for folder in sorted((tmp_path / "shards").iterdir())]
    assert sorted(sum(written, [])) == sorted([article.relative_to(docs).with_suffix(".html").as_posix(), *shards.MKDOCS_MADE])


def test_an_edit_that_adds_no_page_keeps_the_sitemap_and_a_new_page_remakes_it(tmp_path, monkeypatch):
    """Shard 1 renders the sitemap (an entry per page) only when the pages or the build date
    changed since its last build; either way the merged site is the single build's. (Without
    `site_url` the e2e sitemap lists no entry, so its bytes cannot show which pages it saw.)"""
    content = e2e_content(tmp_path)
    docs = generated_docs(content, tmp_path)
    sharded_build(docs, tmp_path, 2)
    sitemap = tmp_path / "shards" / Shard(1, 2).name / "sitemap.xml"
    before = sitemap.stat()
    seed = next(content.rglob("000_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA line added for this test.\n", encoding="utf-8")
    generated_docs(content, tmp_path)
    _, merged = sharded_build(docs, tmp_path, 2, incremental=True)
    assert (sitemap.stat().st_ino, sitemap.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "kept"
    written = json.loads((sitemap.parent / shards.MANIFEST).read_text())["written"]
    assert "sitemap.xml" not in written and "404.html" in written
    assert merged == single_build(docs, tmp_path / "single")
    (content / "2023" / "added-for-the-sitemap-test.txt").write_text(
        "Harbour cranes back at work\nThe cranes at the harbour moved again on Monday after a week of repairs.\n",
        encoding="utf-8")
    generated_docs(content, tmp_path)
    _, merged = sharded_build(docs, tmp_path, 2, incremental=True)
    assert "sitemap.xml" in json.loads((sitemap.parent / shards.MANIFEST).read_text())["written"]
    assert sitemap.stat().st_ino != before.st_ino, "made again (unlinked first: the old one may be published)"
    assert merged == single_build(docs, tmp_path / "single2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a newer article dates the build later
    sharded_build(docs, tmp_path, 2, incremental=True)
    assert "sitemap.xml" in json.loads((sitemap.parent / shards.MANIFEST).read_text())["written"]


def test_links_across_shards_are_validated(e2e_docs, tmp_path, capfd):
    docs = tmp_path / "docs"
    shutil.copytree(e2e_docs, docs)
    (docs / "topics" / "broken").mkdir()
    (docs / "topics" / "broken" / "index.md").write_text("# Broken\n\n[gone](../../2023/11/08/nothing/index.md)\n")
    with pytest.raises(ShardError, match="strict mode"):
        render_all(MKDOCS, docs, tmp_path / "shards", 2, incremental=False)
    assert "'../../2023/11/08/nothing/index.md'" in capfd.readouterr().err, "MkDocs's warning, on stderr"


def test_merge_refuses_shards_that_do_not_make_one_site(e2e_docs, tmp_path):
    render_all(MKDOCS, e2e_docs, tmp_path / "shards", 2, incremental=False)
    first, second = (tmp_path / "shards" / Shard(i, 2).name for i in (1, 2))
    with pytest.raises(ShardError, match="not one whole set"):
        merge([first], tmp_path / "merged")
    with pytest.raises(ShardError, match="given twice"):
        merge([first, first], tmp_path / "merged")
    manifest = second / shards.MANIFEST
    manifest.write_text(manifest.read_text().replace('"plan": "', '"plan": "0'))
    with pytest.raises(ShardError, match="different pages"):
        merge([first, second], tmp_path / "merged")
    (first / shards.MANIFEST).unlink()
    with pytest.raises(ShardError, match="not a finished shard"):
        merge([first, second], tmp_path / "merged")
    assert not (tmp_path / "merged").exists(), "a refused merge writes nothing"


def published(site):
    """The site's files but Pagefind's filter and metadata chunks, which Pagefind names in
    hash-map order (see README): pages, assets, sitemap, export and the search fragments."""
    return {path: data for path, data in files(site).items()
            if not path.startswith("pagefind/") or "/fragment/" in path or path.endswith("shards.json")}


def test_shard_commands_on_separate_machines_and_merge_give_the_single_build(tmp_path):
    content = e2e_content(tmp_path / "archive")
    where = lambda root: ["--docs", str(root / "docs"), "--staging", str(root / "staging"), "--site", str(root / "site")]
    single = run_generator(content, "build", "--jobs", "1", *where(tmp_path / "single"))
    assert single.returncode == 0, single.stderr
    folders = []
    for index in (1, 2):  # each as on its own runner: its own docs, cache and staging
        runner = tmp_path / f"runner{index}"
        built = run_generator(content, "build", "--shard", f"{index}/2", *where(runner))
        assert built.returncode == 0, built.stderr
        assert not (runner / "site").exists(), "a shard publishes nothing"
        folders.append(runner / "staging.shards" / f"{index}-of-2")
    assert (folders[0] / "pagefind" / "shards.json").is_file() and not (folders[1] / "pagefind").exists()
    merged = run_generator(content, "merge", *map(str, folders), "--staging", str(tmp_path / "merged" / "staging"),
                           "--site", str(tmp_path / "merged" / "site"))
    assert merged.returncode == 0, merged.stderr
    expected = published(tmp_path / "single" / "site")
    assert len(expected) > 100 and published(tmp_path / "merged" / "site") == expected
    broken = run_generator(content, "merge", str(folders[0]), "--site", str(tmp_path / "x" / "site"),
                           "--staging", str(tmp_path / "x" / "staging"))
    assert broken.returncode == 1 and "error: not one whole set of shards" in broken.stderr
    assert not (tmp_path / "x" / "site").exists()


def test_docs_files_are_linked_into_the_shards_and_a_replaced_one_is_linked_anew(e2e_docs, tmp_path):
    """Feeds, originals and the export reach the site as hard links to the docs folder's files,
    not copies; a file the writer replaces (a new file, never written in place) is linked anew
    in an incremental build, and the old output, shared with the published site, keeps its bytes."""
    docs = tmp_path / "docs"
    shutil.copytree(e2e_docs, docs)
    sharded_build(docs, tmp_path, 2)
    static = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md")
    assert any(r.endswith(".xml") for r in static) and "archive.json" in static
    outputs = {r: next(f / r for f in (tmp_path / "shards").iterdir() if (f / r).exists()) for r in static}
    assert all(os.path.samefile(docs / r, out) for r, out in outputs.items())

    feed = next(r for r in static if r.endswith(".xml"))
    old = (docs / feed).read_bytes()
    os.link(outputs[feed], tmp_path / "published.xml")  # what merging and publishing do
    new = old.replace(b"</channel>", b"<!-- edited --></channel>")
    atomic_write(str(docs / feed), new)
    later = (docs / feed).stat().st_mtime_ns + 1_000_000_000
    os.utime(docs / feed, ns=(later, later))
    _, merged = sharded_build(docs, tmp_path, 2, incremental=True)
    assert merged[feed] == new and os.path.samefile(docs / feed, outputs[feed])
    assert (tmp_path / "published.xml").read_bytes() == old
    assert merged == single_build(docs, tmp_path / "single")
