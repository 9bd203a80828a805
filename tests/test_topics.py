"""Taxonomy validation, curated matching, publication and topic pages, checked by parsing."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from conftest import REPO, SEED
from generator.config import Config
from generator.model import Archive
from generator.enrich import derive
from generator.pages import render
from generator.pages.topics import topic_pages
from generator.readers.base import SourceFile
from generator.readers.text import read_text
from generator.topics import find_topics, load_taxonomy, suggest, format_suggestions, topic_export
from generator.topics.taxonomy import Taxonomy

TAXONOMY = REPO / "content" / "topics.yml"


def seed():
    article, _ = read_text(SourceFile(SEED.name, SEED.read_bytes()))
    return article


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_taxonomy_is_empty(tmp_path):
    taxonomy, problems = load_taxonomy(tmp_path / "none.yml", "content/topics.yml")
    assert taxonomy.topics == () and problems == []


def test_repository_taxonomy_is_valid():
    taxonomy, problems = load_taxonomy(TAXONOMY, "content/topics.yml")
    assert problems == [] and len(taxonomy.topics) >= 7


def test_every_problem_has_its_line(tmp_path):
    path = write(tmp_path, """topics:
  - {id: kyiv, name: Kyiv, kind: place, aliases: [Kiev]}
  - {id: kyiv, name: Kyiv again, kind: place}
  - {id: kiev-city, name: Kiev City, kind: city, aliases: []}
  - {id: blank, name: "", kind: theme}
  - {id: other, name: Other, kind: place, aliases: [Kiev]}
rejected: [Source link]
""")
    taxonomy, problems = load_taxonomy(path, "content/topics.yml")
    found = {(d.line, d.message.split(" ")[0]) for d in problems}
    assert all(d.path == "content/topics.yml" and d.is_error for d in problems)
    assert (3, "duplicate") in found and (4, "unknown") in found and (5, "topic") in found
    assert any(d.line == 6 and "already claimed by 'kyiv'" in d.message for d in problems)
    assert [t.id for t in taxonomy.topics] == ["kyiv"]
    assert "source link" in taxonomy.rejected


def test_seed_topics_with_the_curated_taxonomy():
    taxonomy, _ = load_taxonomy(TAXONOMY, "content/topics.yml")
    article = seed()
    topics, mentions = find_topics([article], taxonomy, Config())
    people = {t.name for t in topics.values() if t.kind == "person"}
    assert {"Volodymyr Zelensky", "Antony Blinken", "Dmytro Kuleba", "Vyacheslav Gladkov"} <= people
    text = article.body_text
    ids = [m.topic_id for m in mentions[article.id]]
    assert len(ids) == len(set(ids)) and set(ids) <= set(topics)
    for mention in mentions[article.id]:
        assert mention.surface in text  # the article page links this exact substring
    zelensky = next(m for m in mentions[article.id] if m.topic_id == "volodymyr-zelensky")
    assert zelensky.count >= 8
    # In order of first mention; a heading counts only for curated names (automatic extraction
    # skips Title Case headings such as 'Netherlands sends 5 F-16s to Romania').
    headings = [s.heading for s in article.sections if s.heading]
    body = [m for m in mentions[article.id] if not any(m.surface in h for h in headings)]
    firsts = [text.find(m.surface) for m in body]
    assert len(body) > 20 and firsts == sorted(firsts)


def test_curated_lowercase_alias_and_metadata_topics():
    taxonomy = Taxonomy((replace_topic("air-defence", "Air defence", "theme", ("air defense",)),
                         replace_topic("g7", "G7", "organisation", ())))
    article = replace(seed(), topics=("g7", "Air defence"))
    topics, mentions = find_topics([article], taxonomy, Config())
    assert {"air-defence", "g7"} <= set(topics)
    surfaces = {m.topic_id: m.surface for m in mentions[article.id]}
    assert surfaces["air-defence"] == "air defense"


def replace_topic(topic_id, name, kind, aliases):
    from generator.model import Topic

    return Topic(topic_id, name, kind, aliases, None, True)


def test_rejected_names_never_become_topics():
    taxonomy = Taxonomy(rejected=frozenset({"reuters"}))
    topics, _ = find_topics([seed()], taxonomy, Config())
    assert "reuters" not in topics and any(t.name == "Valery Zaluzhnyi" for t in topics.values())


def test_suggest_ranks_uncurated_names():
    taxonomy, _ = load_taxonomy(TAXONOMY, "content/topics.yml")
    candidates = suggest([seed()], taxonomy, Config())
    names = [c.name for c in candidates]
    assert "Reuters" in names and "Volodymyr Zelensky" not in names
    assert "Reuters" in format_suggestions(candidates)


def test_export_and_pages_parse():
    taxonomy, _ = load_taxonomy(TAXONOMY, "content/topics.yml")
    article = seed()
    topics, mentions = find_topics([article], taxonomy, Config())
    exported = topic_export(topics["dmytro-kuleba"], [article.id])
    assert exported["url"] == "topics/dmytro-kuleba/" and exported["articles"] == [article.id]
    article = replace(article, url="2023/11/07/seed/")
    pages = render(topic_pages(derive(Archive.of([article], topics=topics, mentions=mentions)), Config(per_page=1)))
    page = pages["topics/dmytro-kuleba/index.md"]
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == "Dmytro Kuleba"
    assert "](../../2023/11/07/seed/index.md)" in page and "## Often named together" in page
    assert "topics/person/a-z/d/index.md" in pages and "topics/index.md" in pages
    for source, text in pages.items():
        for target in __import__("re").findall(r"\]\(([^)]+\.md)\)", text):
            resolved = (Path(source).parent / target).as_posix()
            normal = __import__("posixpath").normpath(resolved)
            assert normal in pages or normal.startswith("2023/"), (source, target)


def test_a_word_only_ever_capitalised_at_sentence_start_gets_no_page():
    texts = [
        "Harbour works begin\nOfficials said the harbour would close. Kovalenko said repairs start in May 2021.\n",
        "Harbour reopens\nOfficials confirmed the date. The engineer Kovalenko thanked the crews on June 3, 2021.\n",
    ]
    articles = [read_text(SourceFile(f"a{n}.txt", text.encode()))[0] for n, text in enumerate(texts)]
    topics, _ = find_topics(articles, Taxonomy(), Config(topic_min_articles=2))
    names = {t.name for t in topics.values()}
    assert "Kovalenko" in names, "written mid-sentence once: shown to be a name"
    assert "Officials" not in names, "capitalised only where every word is"


def test_a_hyphenated_surname_is_one_person_and_a_hyphenated_pair_two_names():
    from generator.topics.extract import extract_text

    text = ("TEST FIXTURE, invented text. Representative Alexandria Ocasio-Cortez said on Tuesday that the "
            "bill would pass. Ocasio-Cortez told reporters that talks were difficult. Mr Vellamar-Quint "
            "spoke later. The Hamas-Israel conflict went on, and so did the Russia-Ukraine talks.\n")
    found = {f.name: f for f in extract_text(text)}
    assert set(found["Alexandria Ocasio-Cortez"].surfaces) == {"Alexandria Ocasio-Cortez", "Ocasio-Cortez"}
    assert "Vellamar-Quint" in found and not {"Ocasio", "Cortez", "Vellamar", "Quint"} & set(found)
    assert {"Hamas", "Israel", "Russia", "Ukraine"} <= set(found)


def test_a_consortium_or_a_cooperative_is_an_organisation():
    from generator.topics.extract import extract_text

    text = ("TEST. The Northern Grain Cooperative rejects the plan, the Continental Rail Consortium said.\n"
            "According to the Continental Rail Consortium, air defence systems had improved.\n")
    kinds = {f.name: f.kind for f in extract_text(text)}
    assert kinds["Northern Grain Cooperative"] == kinds["Continental Rail Consortium"] == "organisation", kinds
