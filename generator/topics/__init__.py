"""Topics: the people, places, organisations and themes the archive names.

`taxonomy` reads the curated `topics.yml`; `extract` finds names automatically in one article
(mapped over the archive, possibly in a process pool); `match` finds curated aliases with one
automaton; `collect` merges both per article; `publish` decides which topics get a page;
`suggest` lists candidates for the curator. `kinds` scores each extracted candidate with the
committed kind model (`kinds.json`); `join` makes one topic of one entity across articles.
`corpora`, `evaluate` and `train` read the annotated corpora to measure and to retrain the model
(`make model`); the build never imports them.
"""
from .export import topic_export
from .extract import Found, extract_article
from .publish import find_topics
from .suggest import TopicCandidate, format_suggestions, suggest
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["TopicCandidate", "Found", "Taxonomy", "extract_article", "find_topics", "format_suggestions",
           "load_taxonomy", "suggest", "topic_export"]
