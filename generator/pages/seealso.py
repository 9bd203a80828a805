"""The see-also index: every reference target A–Z, and the wanted stories ranked by demand.

A target is an archived article (whatever wording pointed to it) or, when nothing resolved, the
normalised wording itself: the "wanted" list tells curators which missing stories readers are
sent to most. Every listing is paginated and each entry shows a bounded number of referring
articles, so no page grows with the archive; a resolved target's own page lists all of them.
"""
from __future__ import annotations

from collections import defaultdict

from ..config import Config
from ..model import Archive
from ..plural import counted, number, plural
from .common import escape_text, front_matter, guard_title, link, page_path, page_urls, paginate, pager
from .spec import PageSpec

ROOT = "see-also/"
WANTED = "see-also/wanted/"
REFERRERS_SHOWN = 5  # referring articles named in one entry
CANDIDATES_SHOWN = 3  # look-alikes named for an unresolved target


def seealso_pages(archive: Archive, config: Config) -> list[PageSpec]:
    """The index, its letters and the wanted stories: rendered every build (their inputs are
    every reference in the archive). The targets come from enrichment (targets.py)."""
    wanted = [t for t in archive.targets if t.article is None]
    by_letter: dict[str, list] = defaultdict(list)
    for target in archive.targets:
        by_letter[target.letter].append(target)
    specs = [PageSpec.one(page_path(ROOT), _overview, archive, by_letter, cached=False)]
    for letter, entries in by_letter.items():
        paths = [page_path(url) for url in page_urls(len(entries), config.per_page, f"{ROOT}{letter}/")]
        specs.append(PageSpec.many(paths, _letter_pages, letter, entries, config.per_page, cached=False))
    paths = [page_path(url) for url in page_urls(len(wanted), config.per_page, WANTED)]
    specs.append(PageSpec.many(paths, _wanted_pages, wanted, config.per_page, cached=False))
    return specs


def _overview(archive: Archive, by_letter: dict[str, list]) -> str:
    source, targets = page_path(ROOT), archive.targets
    resolutions = [r for rs in archive.resolutions.values() for r in rs]
    resolved = sum(1 for r in resolutions if r.target_id in archive.by_id)
    wanted = sum(1 for t in targets if t.article is None)
    letters = sorted(by_letter, key=lambda x: (len(x) > 1, x))  # 'other' last
    lines = [f"- {link(source, f'{ROOT}{x}/', _letter_name(x))} · {counted(len(by_letter[x]), 'target')}"
             for x in letters]
    body = [
        front_matter({"title": guard_title("See also")}),
        "# See also\n",
        f"**{number(len(resolutions))}** see-also {plural(len(resolutions), 'reference')} in the archive: "
        f"**{number(resolved)}** to an article it holds, **{number(len(resolutions) - resolved)}** to a story it "
        f"does not. Between them they name **{number(len(targets))}** {plural(len(targets), 'target')} (an article "
        "or a wanted story), listed A–Z below with the articles that point to each. "
        f"{link(source, WANTED, 'Wanted stories')}: the **{number(wanted)}** {plural(wanted, 'target')} that no "
        "reference resolved, most asked-for first.\n",
        "## Targets A–Z\n",
        "\n".join(lines) + "\n" if lines else "No see-also references yet.\n",
    ]
    return "\n".join(body)


def _letter_name(letter: str) -> str:
    return "Other" if len(letter) > 1 else letter.upper()


def _letter_pages(letter: str, targets: list, per_page: int) -> dict[str, str]:
    pages = {}
    title = f"See also: {_letter_name(letter)}"
    for page in paginate(targets, per_page, f"{ROOT}{letter}/"):
        source = page_path(page.url)
        lines = [_entry(source, t) for t in page.items]
        heading = page.titled(title)
        body = (front_matter({"title": guard_title(heading)}) + f"# {escape_text(heading)}\n\n"
                + f"Back to the {link(source, ROOT, 'see-also index')}.\n\n" + "\n".join(lines) + "\n" + pager(page))
        pages[source] = body
    return pages


def _entry(source: str, target) -> str:
    if target.article is not None:
        head = link(source, target.article.url, target.label)
    else:
        head = f"{escape_text(target.label)} · {_status(source, target)}"
    return f"- {head} · {_referrers(source, target)}"


def _status(source: str, target) -> str:
    """Wanted, or (when the archive holds look-alikes) a pointer to pin one of them."""
    if not target.candidates:
        return "*wanted: not in the archive yet*"
    near = ", ".join(link(source, a.url, a.title) for a in target.candidates[:CANDIDATES_SHOWN])
    return f"*not resolved: wanted, unless it is one of* {near} *(pin it under see\\_also)*"


def _referrers(source: str, target) -> str:
    """'referenced by 7: A, B, C, D, E and 2 more' (all of them are on the target's own page)."""
    shown = ", ".join(link(source, a.url, a.title) for a in target.referrers[:REFERRERS_SHOWN])
    hidden = len(target.referrers) - REFERRERS_SHOWN
    more = f" and {hidden} more" if hidden > 0 else ""
    if hidden > 0 and target.article is not None:
        more += f" (all listed on {link(source, target.article.url, 'its page')})"
    return f"referenced by {len(target.referrers)}: {shown}{more}"


def _wanted_pages(wanted: list, per_page: int) -> dict[str, str]:
    """Missing (or unpinned look-alike) stories, most asked-for first (ties A–Z), numbered across pages."""
    ranked = sorted(wanted, key=lambda t: (-len(t.referrers), t.sort_key))
    pages = {}
    for page in paginate(ranked, per_page, WANTED):
        source = page_path(page.url)
        first = (page.number - 1) * per_page + 1
        lines = [f"- **{n}.** {escape_text(t.label)} · {_status(source, t)} · {_referrers(source, t)}"
                 for n, t in enumerate(page.items, start=first)]
        intro = ("Stories that articles point to but the archive does not hold yet, most asked-for first. "
                 f"Back to the {link(source, ROOT, 'see-also index')}.\n\n")
        listing = "\n".join(lines) + "\n" if lines else "Every reference resolves to an archived article.\n"
        title = page.titled("Wanted stories")
        pages[source] = (front_matter({"title": guard_title(title)}) + f"# {title}\n\n"
                         + intro + listing + pager(page))
    return pages
