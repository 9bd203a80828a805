"""The annotated corpora in ../shared/corpora as documents with gold names (measurement only).

Read by the evaluation (`evaluate.py`) and the kind model's training (`train.py`), never by the
build. Each document becomes an `Article` whose `body_text` is the document's text unchanged,
so gold character offsets stay valid, and a list of gold mentions (start, end, kind).

- ecbplus: one file per article, one sentence a line; only the sentences listed in
  `annotated_sentences` are fully annotated, so a document carries their line spans and the
  evaluation scores only names found there. The headline of an `ecbplus` file (line 1, after the
  scraped URL) becomes a section heading, as the text reader makes headline lines.
- CoNLL files (UNER English-EWT / PUD, WikiGold): token<TAB>BIO-tag, no document markers, so
  consecutive sentences are grouped into pseudo-documents of `CONLL_DOC_SENTENCES` sentences,
  one sentence a line, tokens joined as a writer would (no space before punctuation).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Article, Block, Section

KIND_OF_TAG = {"PER": "person", "ORG": "organisation", "LOC": "place", "GPE": "place",
               # ECB+ facilities are rehab clinics, stadiums, data centres, shops: a reader files
               # them under a place or under the body that runs them, so either kind is right.
               "FAC": "facility", "MISC": "misc"}
CONLL_DOC_SENTENCES = 8
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}”’]|'s|'re|'ve|'ll|'d|'m|n't|'|…)$", re.IGNORECASE)
_NO_SPACE_AFTER = frozenset("([{“‘$#")
_LEADING = re.compile(r"^(?:(?:in|at|of|on|from|to|near|the|a|an|and)\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    kind: str  # person, organisation, place, facility (place or organisation) or misc (not scored)
    entity: str  # one id per entity of the document: mentions sharing it are one name


@dataclass(frozen=True)
class Document:
    article: Article
    gold: tuple[Gold, ...]
    scored: tuple[tuple[int, int], ...]  # character spans where every name is annotated
    part: str  # the corpus part: 'ecbplus-1-22', 'pud-test', ...
    # Spans of gold mentions that are not names ('a bank in Athens'): ECB+ annotates the
    # participants of events, so a name inside one may be right and is not scored either way.
    unnamed: tuple[tuple[int, int], ...] = ()


def ecbplus(root: Path, topics: range) -> list[Document]:
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    documents = []
    for name in sorted(gold["docs"]):
        doc = gold["docs"][name]
        if doc["topic"] not in topics:
            continue
        lines = _lines((root / doc["text"]).read_text(encoding="utf-8"))
        offsets = _line_offsets(lines)
        annotated = set(doc["annotated_sentences"])
        mentions, unnamed = [], []
        for e in doc["entities"]:
            if e["sentence"] not in annotated:
                continue
            if not e["named"] or not _is_name(lines[e["sentence"]], e):
                unnamed.append((offsets[e["sentence"]] + e["start"], offsets[e["sentence"]] + e["end"]))
                continue
            start, end = _trim_mention(lines[e["sentence"]], e["start"], e["end"], e["type"])
            if start < end:
                base = offsets[e["sentence"]]
                entity = _entity(e) or f"text:{lines[e['sentence']][start:end].lower()}"
                mentions.append(Gold(base + start, base + end, KIND_OF_TAG[e["type"]], entity))
        scored = tuple((offsets[n], offsets[n] + len(lines[n])) for n in sorted(annotated) if n < len(lines))
        part = f"ecbplus-{topics.start}-{topics.stop - 1}"
        headline = 1 if name.endswith("ecbplus") and len(lines) > 2 else None
        documents.append(Document(_article(name, lines, headline), tuple(mentions), scored, part,
                                  tuple(unnamed)))
    return documents


def _entity(mention: dict) -> str | None:
    """The annotators' identity of a mention: a cross-document instance by its canonical name
    (ECB+ gives one place, 'athens', an instance id per event cluster), else its in-document
    chain."""
    instance = mention["instance"]
    if instance and "#" not in instance and mention["canonical"]:
        return "canonical:" + mention["canonical"]
    return instance


def _lines(text: str) -> list[str]:
    """One sentence a line; an empty line becomes a space, so that `body_text` (which skips
    empty blocks) keeps every offset."""
    return [line or " " for line in text.rstrip("\n").split("\n")]


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    return offsets


def _is_name(sentence: str, entity: dict) -> bool:
    """The corpus' `named` flag also marks a capitalised common word that opens a sentence
    ('Police said') and some lowercase words: a one-word mention at offset 0 written lowercase elsewhere in the corpus
    line is not a name."""
    text = entity["text"]
    if text == text.lower():
        return False  # 'driver', 'cops': the flag is a heuristic, and a name here is capitalised
    return not (entity["start"] == 0 and " " not in text and text.lower() in sentence.lower()[len(text):])


def _trim_mention(sentence: str, start: int, end: int, tag: str) -> tuple[int, int]:
    """ECB+ spans hold the preposition and the place after a facility ('at Betty Ford Center
    in Rancho Mirage, Calif'): keep the name itself."""
    text = sentence[start:end]
    lead = _LEADING.match(text)
    if lead:
        start += lead.end()
        text = sentence[start:end]
    if tag in ("LOC", "FAC", "GPE"):
        cut = min((i for i in (text.find(", "), text.find(" in ")) if i > 0), default=len(text))
        end = start + cut
    while end > start and sentence[end - 1] in ".,;:'’ ":
        end -= 1
    if sentence[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


def conll(path: Path, part: str, sentences_per_doc: int = CONLL_DOC_SENTENCES) -> list[Document]:
    sentences = _conll_sentences(path.read_text(encoding="utf-8"))
    documents = []
    for first in range(0, len(sentences), sentences_per_doc):
        lines, mentions, at = [], [], 0
        for tokens in sentences[first:first + sentences_per_doc]:
            line, spans = _detokenise(tokens)
            for start, end, tag in spans:
                mentions.append(Gold(at + start, at + end, KIND_OF_TAG[tag], f"text:{line[start:end].lower()}"))
            lines.append(line)
            at += len(line) + 1
        name = f"{part}-{first // sentences_per_doc:05d}"
        text_length = at - 1
        documents.append(Document(_article(name, lines, None), tuple(mentions), ((0, text_length),), part))
    return documents


def _conll_sentences(text: str) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.partition("\t")
        current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def _detokenise(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Join tokens as prose and return the character span of each BIO entity."""
    text, spans, open_span, glue = "", [], None, True
    for token, tag in tokens:
        if not glue and not _NO_SPACE_BEFORE.match(token):
            text += " "
        start = len(text)
        text += token
        glue = token in _NO_SPACE_AFTER
        prefix, _, kind = tag.partition("-")
        if open_span and (prefix != "I" or kind != open_span[2]):
            spans.append(tuple(open_span))
            open_span = None
        if prefix == "B" or (prefix == "I" and open_span is None):
            open_span = [start, len(text), kind]
        elif prefix == "I":
            open_span[1] = len(text)
    if open_span:
        spans.append(tuple(open_span))
    return text, spans


def _article(name: str, lines: list[str], headline: int | None) -> Article:
    """An article whose body_text is exactly the lines joined by newlines."""
    if headline is None:
        sections = (Section(None, 1, tuple(Block(n + 1, line) for n, line in enumerate(lines))),)
    else:
        sections = (Section(None, 1, tuple(Block(n + 1, line) for n, line in enumerate(lines[:headline]))),
                    Section(lines[headline], headline + 1,
                            tuple(Block(n + 1, line) for n, line in enumerate(lines) if n > headline)))
    return Article(name, name, None, f"{name}.txt", "text", sections)


def held_out(root: Path) -> list[Document]:
    """What the figures are reported on: never used to choose a rule or train the model."""
    ner = root / "ner-train"
    return (ecbplus(root / "ecbplus", range(23, 46)) + conll(ner / "uner-english" / "test-pud.conll", "pud-test")
            + conll(ner / "wikigold" / "test.conll", "wikigold-test"))


def tuning(root: Path) -> list[Document]:
    """What rules are tuned and the model trained on."""
    ner = root / "ner-train"
    return (ecbplus(root / "ecbplus", range(1, 23)) + conll(ner / "uner-english" / "train.conll", "ewt-train")
            + conll(ner / "uner-english" / "dev.conll", "ewt-dev") + conll(ner / "wikigold" / "train.conll", "wikigold-train")
            + conll(ner / "wikigold" / "dev.conll", "wikigold-dev"))
