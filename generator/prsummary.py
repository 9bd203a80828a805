"""`python -m generator pr-summary --base REV`: what a pull request does to the archive, in Markdown.

A reviewer (and the contributor) should see, before reading a diff, which articles the pull
request adds, changes or removes, the permalink and title each one gets, what the generator
had to guess and from which line, where every see-also line leads, which topic pages appear
and every problem in the files it touches. Both sides are read and enriched with the
generator's own readers and enrich stage, the base from `git archive` into a temporary folder;
nothing is parsed a second way.

Every piece of text from the archive (titles, file names, messages) is escaped before it goes
into the Markdown: an article arrives by pull request and its title must not become a link, an
image or HTML in the summary.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .enrich import enrich
from .errors import UserError
from .incremental import Memo
from .model import Archive, Article, Diagnostic
from .parallel import mapper
from .plural import counted
from .readers import TAXONOMY_FILE, discover, read_sources
from .timing import Timer
from .topics import load_taxonomy

MAX_LISTED = 200  # articles listed in full; GitHub caps a job summary at 1 MiB
# ASCII punctuation that can start or close Markdown (links, emphasis, HTML, entities, autolinks,
# math, tables); the rest (/ - ' , ; " ? %) is left alone so the raw text stays readable.
_PUNCTUATION = re.compile(r"([!#$&()*+.:<=>@\[\\\]^_`{|}~])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as it is: no link, emphasis, HTML, entity or autolink can start.

    CommonMark lets any ASCII punctuation be backslash-escaped; escaping every character that
    takes part in a construct leaves nothing for the parser to act on (a value never starts a
    line, so `-` cannot open a list); line breaks become spaces so a value stays in its item.
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


@dataclass
class Snapshot:
    """One side of the pull request: every file's digest, the enriched archive and its problems."""

    files: dict[str, str]  # content path -> digest of the bytes
    archive: Archive
    diagnostics: list[Diagnostic]
    unread: set[str] = field(default_factory=set)  # article files not in the archive (unreadable, duplicate)

    def article_at(self, path: str) -> Article | None:
        return next((a for a in self.archive.articles if a.path == path), None)


def snapshot(content_dir: Path, config: Config, map_fn=map) -> Snapshot:
    """Read and enrich even when there are errors: the summary must show the broken file too."""
    if not content_dir.is_dir():
        return Snapshot({}, Archive.of(()), [])
    sources, found = discover(content_dir)
    articles, problems = read_sources(sources, found, map_fn)
    taxonomy, more = load_taxonomy(content_dir / TAXONOMY_FILE, TAXONOMY_FILE)
    readable = _first_of_each(articles)
    archive, enriched = enrich(readable, taxonomy, config, Timer(stream=None), map_fn)
    unread = {s.path for s in sources} - {a.path for a in readable}  # a duplicate is shown with its error
    return Snapshot(_digests(content_dir), archive, problems + more + enriched, unread)


def _first_of_each(articles: list[Article]) -> list[Article]:
    """Two articles with one id or permalink are an error already reported; keep the first."""
    seen_ids, seen_urls, kept = set(), set(), []
    for article in articles:
        if article.id not in seen_ids and article.url not in seen_urls:
            kept.append(article)
        seen_ids.add(article.id)
        seen_urls.add(article.url)
    return kept


def _digests(content_dir: Path) -> dict[str, str]:
    digests = {}
    for root, dirs, names in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            full = Path(root) / name
            rel = full.relative_to(content_dir).as_posix()
            digests[rel] = "link" if full.is_symlink() else hashlib.sha256(full.read_bytes()).hexdigest()
    return digests


def base_content(content_dir: Path, base: str, into: Path) -> Path:
    """The content folder as it is at commit `base`, extracted into the empty folder `into`."""
    top = Path(_git(content_dir, "rev-parse", "--show-toplevel").decode().strip())
    relative = content_dir.resolve().relative_to(top.resolve()).as_posix()
    present = _git(top, "ls-tree", "--name-only", base, "--", relative).decode().splitlines()
    if relative != "." and relative not in present:
        return into  # the base has no content folder yet: everything is added
    tar = _git(top, "archive", "--format=tar", base, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")  # "data": nothing outside `into`, no devices
    return into / relative


class GitError(UserError):
    """git could not show what the summary needs (an unknown revision, not a repository)."""


def _git(where: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(where), *args], capture_output=True)
    if done.returncode != 0:
        raise GitError(f"git could not show {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


@dataclass
class Changes:
    added: list[str]  # content paths of article files, sorted
    changed: list[str]
    removed: list[str]
    touched: set[str]  # every file that differs, articles or not


def compare(base: Snapshot, head: Snapshot) -> Changes:
    """Article files by path; an article also changes when only its sidecar does."""
    touched = {p for p in base.files.keys() | head.files.keys() if base.files.get(p) != head.files.get(p)}
    head_articles = _article_files(head)
    base_articles = _article_files(base)
    added = sorted(set(head_articles) - set(base_articles))
    removed = sorted(set(base_articles) - set(head_articles))
    changed = sorted(p for p in set(head_articles) & set(base_articles)
                     if touched & (head_articles[p] | base_articles[p]))
    return Changes(added, changed, removed, touched)


def _article_files(side: Snapshot) -> dict[str, set[str]]:
    """Each article file (read or not) with the files it is made from (itself and its sidecar)."""
    paths = side.unread | {a.path for a in side.archive.articles}
    return {path: _own_files(path) for path in paths}


def summarize(base: Snapshot, head: Snapshot, content_label: str = "content") -> str:
    """The whole summary as Markdown (see the module docstring for what it holds)."""
    changes = compare(base, head)
    under = lambda path: f"{content_label}/{path}"  # noqa: E731
    problems = [d for d in head.diagnostics if d.path in changes.touched]
    lines = ["## What this pull request does to the archive", "", _counts(changes, problems), ""]
    listed = (changes.added + changes.changed)[:MAX_LISTED]
    for path in listed:
        lines += _article_section(path, path in changes.added, base, head, problems, under)
    hidden = len(changes.added) + len(changes.changed) - len(listed)
    if hidden:
        lines += [f"…and {hidden} more added or changed articles (the check's log lists their problems).", ""]
    for path in changes.removed:
        lines += _removed_section(path, base, under)
    lines += _new_topics(base, head)
    lines += _other_problems(problems, {*changes.added, *changes.changed}, under)
    return "\n".join(lines).rstrip() + "\n"


def _counts(changes: Changes, problems: list[Diagnostic]) -> str:
    errors = sum(1 for d in problems if d.is_error)
    return (f"{len(changes.added)} added, {len(changes.changed)} changed, {len(changes.removed)} removed; "
            f"{counted(errors, 'error')} and {counted(len(problems) - errors, 'warning')} in the files it touches"
            + (" (errors must be fixed before merging)." if errors else "."))


def _article_section(path, added, base, head, problems, under) -> list[str]:
    article = head.article_at(path)
    mine = [d for d in problems if d.path in _own_files(path)]
    if article is None:
        lines = [f"### Not published (see its errors): {md_escape(under(path))}", ""]
        return lines + [f"- {_problem_line(d, under)}" for d in mine] + [""]
    before = None if added else base.article_at(path)
    lines = [f"### {'Added' if added else 'Changed'}: {md_escape(article.title)}", "",
             f"- File: {md_escape(under(path))}", f"- Permalink: {_permalink(article, before)}"]
    lines += _inferred(article, mine)
    lines += _references(article, head.archive)
    lines += _referred_by(article, base.archive, head.archive)
    lines += _topics(article, base.archive, head.archive)
    if mine:
        lines.append("- Problems:")
        lines += [f"  - {_problem_line(d, under)}" for d in mine]
    return lines + [""]


def _own_files(path: str) -> set[str]:
    stem = path.rsplit(".", 1)[0]
    return {path, stem + ".yml", stem + ".yaml"}


def _permalink(article: Article, before: Article | None) -> str:
    text = md_escape(article.url)
    if before is not None and before.url != article.url:
        text += f" (moved from {md_escape(before.url)}: links to the old address will break)"
    if article.date is None:
        text += " (no date: listed under Undated)"
    return text


_INFERENCE_CLUES = {"title": ("title",), "date": ("date inferred",)}


def _inferred(article: Article, problems: list[Diagnostic]) -> list[str]:
    """What the generator guessed, with the line the guess came from (its warning says so)."""
    if not article.inferred:
        return ["- Inferred: nothing (title and date are given)"]
    lines = ["- Inferred:"]
    for name in article.inferred:
        value = article.title if name == "title" else (article.date.isoformat() if article.date else "none")
        clue = next((d for d in problems if not d.is_error and d.path == article.path
                     and any(c in d.message for c in _INFERENCE_CLUES.get(name, (name,)))), None)
        where = f"line {clue.line}: {md_escape(clue.message)}" if clue and clue.line else "the text as a whole"
        lines.append(f"  - {name} {md_escape(value)}, from {where}")
    return lines


def _references(article: Article, archive: Archive) -> list[str]:
    resolutions = archive.resolutions.get(article.id, ())
    if not article.references:
        return ["- References: none"]
    lines = ["- References:"]
    for reference, resolution in zip(article.references, resolutions):
        said = f"line {reference.line}, {reference.kind} {md_escape(reference.target)}"
        target = archive.by_id.get(resolution.target_id or "")
        if target is not None:
            how = f"by {resolution.method}" if resolution.method != "fuzzy" else f"by fuzzy title match ({resolution.score:.0f})"
            lines.append(f"  - {said}: resolved to {md_escape(target.title)} at {md_escape(target.url)} ({how})")
            continue
        near = [archive.by_id[i].title for i in resolution.candidates if i in archive.by_id]
        hint = f"; close: {'; '.join(md_escape(t) for t in near)}" if near else ""
        lines.append(f"  - {said}: **unresolved** (not in the archive{hint})")
    return lines


def _referred_by(article: Article, base: Archive, head: Archive) -> list[str]:
    """Articles whose see-also lines lead here: for a story from the wanted list, the point of adding it."""
    before = set(base.backlinks.get(article.id, ()))
    referring = [head.by_id[i] for i in head.backlinks.get(article.id, ()) if i in head.by_id]
    if not referring:
        return []
    shown = [md_escape(a.title) + ("" if a.id in before else " (new link)") for a in referring]
    return [f"- Referred to by: {'; '.join(shown)}"]


def _topics(article: Article, base: Archive, head: Archive) -> list[str]:
    named = [head.topics[m.topic_id] for m in head.mentions.get(article.id, ()) if m.topic_id in head.topics]
    if not named:
        return ["- Topics: none with a page"]
    shown = [md_escape(t.name) + (" (new)" if t.id not in base.topics else "") for t in sorted(named, key=lambda t: t.name)]
    return [f"- Topics: {', '.join(shown)}"]


def _removed_section(path: str, base: Snapshot, under) -> list[str]:
    article = base.article_at(path)
    if article is None:
        return [f"### Removed: {md_escape(under(path))}", ""]
    referring = [base.archive.by_id[i].title for i in base.archive.backlinks.get(article.id, ()) if i in base.archive.by_id]
    lines = [f"### Removed: {md_escape(article.title)}", "", f"- File: {md_escape(under(path))}",
             f"- Was at: {md_escape(article.url)}"]
    if referring:
        lines.append(f"- Referred to by (those links become unresolved): {'; '.join(md_escape(t) for t in referring)}")
    return lines + [""]


def _new_topics(base: Snapshot, head: Snapshot) -> list[str]:
    new = [t for tid, t in head.archive.topics.items() if tid not in base.archive.topics]
    gone = [t for tid, t in base.archive.topics.items() if tid not in head.archive.topics]
    lines = []
    if new:
        lines += ["### New topic pages", ""]
        lines += [f"- {md_escape(t.name)} ({t.kind}{', curated' if t.curated else ', automatic'}) at {md_escape(t.url)}" for t in new]
        lines.append("")
    if gone:
        lines += ["### Topic pages that disappear", ""]
        lines += [f"- {md_escape(t.name)} ({t.kind}) at {md_escape(t.url)}" for t in gone] + [""]
    return lines


def _other_problems(problems: list[Diagnostic], listed: set[str], under) -> list[str]:
    """Problems in touched files that no article section above showed (topics.yml, orphans)."""
    shown = set().union(*(_own_files(p) for p in listed)) if listed else set()
    rest = [d for d in problems if d.path not in shown]
    if not rest:
        return []
    return ["### Other problems in the files it touches", ""] + [f"- {_problem_line(d, under)}" for d in rest] + [""]


def _problem_line(diagnostic: Diagnostic, under) -> str:
    where = under(diagnostic.path) + (f":{diagnostic.line}" if diagnostic.line else "")
    severity = "**error**" if diagnostic.is_error else "warning"
    return f"{md_escape(where)}: {severity}: {md_escape(diagnostic.message)}"


def pr_summary(content_dir: Path, base: str, config: Config, memo: Memo | None = None) -> str:
    """Read both sides and summarise; the base side is read from git, never from the disk as is.

    With the build's memo, what the build just read and extracted is not done again, and the
    base, mostly the same files under the same paths, hits it too. The memo is only read:
    the summary must not change what the next build starts from.
    """
    with tempfile.TemporaryDirectory(prefix="pr-base-") as temp:
        base_dir = base_content(content_dir, base, Path(temp))
        with mapper(config.workers, len(_digests(content_dir))) as map_fn:
            map_fn = memo.wrap(map_fn) if memo is not None else map_fn
            head = snapshot(content_dir, config, map_fn)
            before = snapshot(base_dir, config, map_fn)
    return summarize(before, head, content_dir.as_posix())
