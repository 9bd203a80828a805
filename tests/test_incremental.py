"""Page fingerprints come from a spec's declared inputs alone: a page is kept only when every
input is as it was, an article stands as its source files, and the writer's manifest vouches
for the file on disk."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from generator.config import Config
from generator.incremental import Kept, Made, Manifest, PageFingerprints
from generator.model import Article, Section
from generator.pages.spec import PageSpec
from generator.writer import write_tree


class Shown(NamedTuple):
    title: str


def article(title: str = "A title") -> Article:
    return Article("a", title, date(2020, 1, 2), "a.txt", "text", (Section(None, 1, ()),))


def render(article: Article, shown: Shown) -> str:
    return f"{article.title} / {shown.title}"


def spec(article_value: Article, shown: str = "other") -> PageSpec:
    return PageSpec.one("a/index.md", render, article_value, Shown(shown))


def test_a_page_is_kept_only_while_its_inputs_and_its_file_are_unchanged(tmp_path):
    root = tmp_path / "docs"
    sources = {"a": b"source v1"}
    first = PageFingerprints({}, Config(), sources).files(spec(article()))
    assert isinstance(first["a/index.md"], Made) and first["a/index.md"].content == "A title / other"
    write_tree(root, first)
    same = PageFingerprints(Manifest(root).fingerprints(), Config(), sources)
    assert isinstance(same.files(spec(article()))["a/index.md"], Kept) and (same.made, same.kept) == (0, 1)
    for changed in (PageFingerprints(Manifest(root).fingerprints(), Config(), sources).files(spec(article(), "renamed")),
                    PageFingerprints(Manifest(root).fingerprints(), Config(per_page=7), sources).files(spec(article())),
                    PageFingerprints(Manifest(root).fingerprints(), Config(), {"a": b"source v2"}).files(spec(article()))):
        assert isinstance(changed["a/index.md"], Made), "another input, setting or source file: made again"
    (root / "a" / "index.md").write_text("edited by hand", encoding="utf-8")
    assert Manifest(root).fingerprints() == {}, "a file not as written is not vouched for"


def test_an_article_stands_as_its_source_files_and_a_digest_for_what_it_summarises():
    fingerprints = PageFingerprints({}, Config(), {"a": b"source"})
    # The same source files read the same article: its fields need not be hashed again.
    assert fingerprints.fingerprint((article("one"),)) == fingerprints.fingerprint((article("two"),))
    unknown = PageFingerprints({}, Config(), {})
    assert unknown.fingerprint((article("one"),)) != unknown.fingerprint((article("two"),))

    class Summary:
        def __init__(self, digest: bytes):
            self.digest, self.bulk = digest, object()  # `bulk` could not even be pickled

    assert fingerprints.fingerprint((Summary(b"x"),)) == fingerprints.fingerprint((Summary(b"x"),))
    assert fingerprints.fingerprint((Summary(b"x"),)) != fingerprints.fingerprint((Summary(b"y"),))
    assert fingerprints.fingerprint((Shown("t"),)) == fingerprints.fingerprint((("t",),))


def test_listings_are_rendered_every_build_and_specs_make_exactly_their_paths():
    listing = PageSpec.one("index.md", lambda n: f"{n} articles", 3, cached=False)
    assert PageFingerprints({"index.md": b"whatever"}, Config(), {}).files(listing) == {"index.md": "3 articles"}
    wrong = PageSpec.many(["x/index.md"], lambda: {"y/index.md": ""})
    try:
        wrong.make()
    except ValueError as exc:
        assert "not the declared" in str(exc)
    else:
        raise AssertionError("a spec that makes other paths than it declares must fail")


def _fingerprints(specs, sources) -> dict[str, bytes]:
    fingerprints = PageFingerprints({}, Config(), sources)
    return {spec.paths[0]: fingerprints.fingerprint(spec.inputs) for spec in specs if spec.cached}


def _changed(before: dict, after: dict) -> set[str]:
    return {path for path in before if before[path] != after.get(path)}


def test_pages_that_stand_for_their_lists_by_digests_still_change_with_what_they_show(tmp_path):
    """Topic pages stand for their articles, and article pages for the topics they name, by
    digests made of per-entry and per-topic digests (pages/topics.Listed,
    pages/article.ShownTopics): a changed snippet or topic must still change the page's key,
    and only that page's."""
    from dataclasses import replace

    from generator.bench import synthetic
    from generator.incremental import Memo
    from generator.model import Mention
    from generator.pages.article import article_pages
    from generator.pages.topics import topic_pages
    from generator.pipeline import read_and_enrich
    from generator.timing import Timer

    content = synthetic.write_archive(tmp_path / "content", 30, seed=5).root
    checked = read_and_enrich(content, Config(workers=1), Timer(stream=None), Memo(None))
    archive, sources = checked.archive, checked.sources
    article = next(a for a in archive.articles if any(m.topic_id in archive.topics and archive.topics[m.topic_id].page
                                                     for m in archive.mentions.get(a.id, ())))
    mention = next(m for m in archive.mentions[article.id] if archive.topics[m.topic_id].page)
    topic = archive.topics[mention.topic_id]

    pages = _fingerprints(topic_pages(archive, Config()), sources)
    snipped = tuple(Mention(m.topic_id, m.surface, "another snippet", m.count) if m == mention else m
                    for m in archive.mentions[article.id])
    changed = _changed(pages, _fingerprints(topic_pages(replace(archive, mentions={**archive.mentions, article.id: snipped}),
                                                        Config()), sources))
    assert changed == {f"{topic.url}index.md"}, "the page of that topic, not those of the article's other topics"

    articles = _fingerprints(article_pages(archive, Config(), checked.originals), sources)
    renamed = replace(topic, aliases=topic.aliases + ("Another Alias",))
    after = _fingerprints(article_pages(replace(archive, topics={**archive.topics, topic.id: renamed}), Config(),
                                        checked.originals), sources)
    naming = {a.url + "index.md" for a in archive.articles if topic.id in {m.topic_id for m in archive.mentions.get(a.id, ())}}
    assert f"{article.url}index.md" in _changed(articles, after) and _changed(articles, after) <= naming
