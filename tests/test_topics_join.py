"""One topic per entity across the archive (generator/topics/join.py), on invented articles."""
from __future__ import annotations

import copy
from types import SimpleNamespace

from generator.config import Config
from generator.readers.base import SourceFile
from generator.readers.text import read_text
from generator.topics import find_topics
from generator.topics.collect import AutoName, Hit, collect
from generator.topics.join import join_short_forms
from generator.topics.taxonomy import Taxonomy

from conftest import SHARED


def topics_of(*texts: str):
    articles = [read_text(SourceFile(f"a{n}.txt", text.encode()))[0] for n, text in enumerate(texts)]
    topics, mentions = find_topics(articles, Taxonomy(), Config())
    return topics, [{topics[m.topic_id].name for m in mentions[a.id]} for a in articles]


def test_a_surname_alone_joins_its_full_name_when_the_articles_share_a_topic():
    topics, named = topics_of(
        "Front line report\nGeneral Valery Zaluzhnyi visited troops near Bakhmut on Monday, officials in Kyiv said.\n",
        "Army changes\nKyiv confirmed on Tuesday that Zaluzhnyi had asked for more shells, the ministry said.\n")
    assert "Valery Zaluzhnyi" in named[0] and "Valery Zaluzhnyi" in named[1]
    assert not any(t.name == "Zaluzhnyi" for t in topics.values())
    person = next(t for t in topics.values() if t.name == "Valery Zaluzhnyi")
    assert person.kind == "person" and "Zaluzhnyi" in person.aliases


def test_two_people_with_one_surname_stay_apart():
    topics, named = topics_of(
        "Match report\nStriker Vincent Jackson scored twice for Dundee United on Saturday.\n",
        "Concert review\nThe singer Michaela Jackson sang in Oslo on Friday to a full hall.\n",
        "Another match\nJackson was booked in the second half of the game in Dundee, the referee said.\n")
    names = {t.name for t in topics.values()}
    assert {"Vincent Jackson", "Michaela Jackson"} <= names
    assert "Michaela Jackson" not in named[0] and "Vincent Jackson" not in named[1]
    assert "Vincent Jackson" not in named[2] and "Michaela Jackson" not in named[2], "ambiguous: no merge"


def test_a_surname_without_shared_evidence_is_not_joined():
    _, named = topics_of(
        "Match report\nStriker Vincent Jackson scored twice for Dundee United on Saturday.\n",
        "Budget\nThe finance minister Jackson presented the budget in Wellington on Thursday.\n")
    assert "Vincent Jackson" not in named[1]


def test_kind_follows_the_weight_of_evidence_across_articles():
    topics, _ = topics_of(
        "Port news\nOfficials at Marrowby Holdings said the company would expand in Rotterdam.\n",
        "Shares\nMarrowby Holdings shares rose 4% in Amsterdam, the company said.\n",
        "Weather\nA storm hit the coast near Marrowby Holdings on Friday.\n")
    company = next(t for t in topics.values() if t.name == "Marrowby Holdings")
    assert company.kind == "organisation"


def test_joining_leaves_remembered_per_article_results_untouched():
    """The build memo hands the same per-article hits to every build of one process (and saves
    them afterwards): joining must not rewrite them, or the next build sees other topics."""
    person = (("person", 2.0),)
    full = AutoName("valery zaluzhnyi", "Valery Zaluzhnyi", person, ("Valery Zaluzhnyi",), False, True)
    short = AutoName("zaluzhnyi", "Zaluzhnyi", person, ("Zaluzhnyi",), False, False)
    kyiv = AutoName("kyiv", "Kyiv", (("place", 2.0),), ("Kyiv",), False, True)
    hit = Hit("x", "x")
    remembered = {  # what extraction found, as the memo keeps it: both forms in the second article
        "a0": ((full, kyiv), {"auto:valery zaluzhnyi": hit, "auto:kyiv": hit}),
        "a1": ((short, full, kyiv), {"auto:zaluzhnyi": hit, "auto:valery zaluzhnyi": hit, "auto:kyiv": hit}),
    }
    articles = [SimpleNamespace(id="a0"), SimpleNamespace(id="a1")]
    as_found = copy.deepcopy(remembered)
    for _ in range(2):
        collected = collect(articles, Taxonomy(), lambda fn, items: [remembered[a.id] for a in items])
        join_short_forms(collected)
        assert "auto:zaluzhnyi" not in collected.hits["a1"]
        assert collected.hits["a1"]["auto:valery zaluzhnyi"].count == 2
    assert remembered == as_found


def test_an_edit_of_wording_alone_reuses_the_archive_wide_decisions(tmp_path, monkeypatch):
    """Early cutoff of the topic decisions (publish.find_topics): an edit that changes a snippet but no name
    or count reuses the decisions (joins, ids, pages) and still shows the new snippet; the
    mentions equal a build from nothing, including the snippet a joined short form shows. An
    edit that names someone new decides again."""
    from generator.incremental import Memo
    from generator.topics import publish

    decided = []
    real_decide = publish._decide
    monkeypatch.setattr(publish, "_decide", lambda *args: decided.append(1) or real_decide(*args))
    texts = ["Front line report\nGeneral Valery Zaluzhnyi visited troops near Bakhmut on Monday, officials in Kyiv said.\n",
             "Army changes\nKyiv confirmed on Tuesday that Zaluzhnyi had asked for more shells, the ministry said.\n"]

    def build(*texts):
        articles = [read_text(SourceFile(f"a{n}.txt", text.encode()))[0] for n, text in enumerate(texts)]
        memo = Memo(tmp_path / "memo")
        found = find_topics(articles, Taxonomy(), Config(), map_fn=memo.wrap(map))
        memo.save()
        assert found == find_topics(articles, Taxonomy(), Config()), "the same as without the memo"
        return found

    build(*texts)
    assert len(decided) == 2  # once with the memo, once without
    reworded = texts[1].replace("more shells, the ministry said", "more shells and fuel, the ministry said")
    topics, mentions = build(texts[0], reworded)
    assert len(decided) == 3, "only the build without the memo decided again"
    joined = next(m for m in mentions["a1"] if topics[m.topic_id].name == "Valery Zaluzhnyi")
    assert joined.surface == "Zaluzhnyi" and "shells and fuel" in joined.snippet
    build(texts[0], reworded.replace("Kyiv confirmed", "Kyiv and Olena Marchenko confirmed"))
    assert len(decided) == 5, "a new name is a new decision"
