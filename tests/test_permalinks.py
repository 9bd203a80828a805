"""Permalinks depend only on an article's own date and title, so they never move."""
from __future__ import annotations

import re
from datetime import date

from conftest import REPO, SEED
from generator.readers.base import SourceFile
from generator.readers.text import read_text
from generator.slugs import is_safe_id, permalink, slugify


def test_slugify_is_short_path_safe_and_never_empty():
    assert slugify("Zaluzhnyi’s “stalemate” — Ukraine?") == "zaluzhnyis-stalemate-ukraine"
    assert slugify("Café Москва, F-16s") == "cafe-москва-f-16s"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("???") == "untitled"
    assert len(slugify("word " * 100)) <= 80


def test_permalink_shape():
    assert permalink(date(2023, 11, 7), "Ukraine gets more NASAMS") == "2023/11/07/ukraine-gets-more-nasams/"
    assert permalink(None, "No date") == "undated/no-date/"


def test_seed_permalink_is_stable_whatever_else_is_in_the_archive(tmp_path):
    from generator.readers import read_archive

    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / SEED.name).write_bytes(SEED.read_bytes())
    crowded = tmp_path / "crowded"
    (crowded / "2023").mkdir(parents=True)
    (crowded / "2023" / SEED.name).write_bytes(SEED.read_bytes())
    for n in range(5):
        (crowded / f"other-{n}.md").write_text(f"---\ntitle: Other {n}\ndate: 2023-11-0{n + 1}\n---\nText.\n")
    url = lambda folder: next(a.url for a in read_archive(folder)[0] if a.path.endswith(SEED.name))
    assert url(alone) == url(crowded) == read_text(SourceFile(SEED.name, SEED.read_bytes()))[0].url


def test_safe_ids():
    assert is_safe_id("000_165e4b519f61ba16") and is_safe_id("a.b-c")
    assert is_safe_id("business/001") and is_safe_id("2023/11/a.b")
    unsafe = ["../x", "a/../../x", "/etc/x", "a//b", "a/", "a\\b", "a/.hidden", ".hidden", "a..b", "",
              "x" * 201, "a b", "a/b c"]
    assert not any(map(is_safe_id, unsafe))


def test_a_topics_letter_is_its_slugs_first_character_placed_in_the_a_to_z():
    """model._letter takes ASCII names' first letter or digit without making the slug; every
    name, ASCII or not, must land where its slug says."""
    from generator.model import _letter

    names = ["Kyiv", "  'Abdul' Rahman", "3M", "___", "'", "", "-- 42nd Street", "O'Brien", "_x_",
             "Élysée", "Москва", "’Ndrangheta", "ǅemal", "²nd", "北京", "Ärzte ohne Grenzen", "Ωmega", "¡Hola!"]
    for name in names:
        first = slugify(name)[:1]
        expected = first if "a" <= first <= "z" else ("0-9" if first.isdigit() else "other")
        assert _letter(name) == expected, name


def test_a_topics_page_address_does_not_depend_on_its_kind():
    """A kind corrected in topics.yml, or by a better lexicon or model, must not move the page
    other sites link to; only a topic without a page is found through its kind's A–Z."""
    from generator.model import TOPIC_KINDS, Topic

    assert {Topic("jordan", "Jordan", kind).url for kind in TOPIC_KINDS} == {"topics/jordan/"}
    assert Topic("jordan", "Jordan", "place", page=False).url == "topics/place/a-z/j/"


def test_a_kinds_name_is_no_topics_address(tmp_path):
    """topics/<kind>/ is the kind's index: a curated id that names a kind is an error at its
    line, and an automatic topic called so takes its kind as a suffix."""
    from generator.topics import load_taxonomy
    from generator.topics.collect import AutoStats
    from generator.topics.publish import auto_topic
    from generator.topics.taxonomy import RESERVED_IDS

    path = tmp_path / "topics.yml"
    path.write_text("topics:\n  - id: kyiv\n    name: Kyiv\n    kind: place\n"
                    "  - id: place\n    name: Place\n    kind: theme\n", encoding="utf-8")
    taxonomy, problems = load_taxonomy(path, "topics.yml")
    assert [(p.line, p.message) for p in problems] == [(5, "topic id 'place' is reserved for listings")]
    assert [t.id for t in taxonomy.topics] == ["kyiv"]
    stats = AutoStats("person", names={"Person": 3}, scores={"theme": 1.0})
    assert auto_topic(stats, set(RESERVED_IDS)).url == "topics/person-theme/"


def test_the_404_pages_old_topic_address_pattern_names_every_kind():
    """assets/archive.js sends topics/<kind>/<id>/ on (the browser test follows one kind)."""
    from generator.model import TOPIC_KINDS

    script = (REPO / "site-theme" / "assets" / "archive.js").read_text(encoding="utf-8")
    assert re.search(r"topics\\/\(\?:([a-z|]+)\)", script).group(1).split("|") == list(TOPIC_KINDS)
