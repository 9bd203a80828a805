"""What a saved web page says about itself: title, author, date, site, language and address.

Pages describe themselves several times over, and each description fails somewhere: JSON-LD
(`NewsArticle`, `Article`, ...) is written for search engines and is usually the most exact;
OpenGraph and `<meta>` tags come next; the `<title>` carries the site's name ("... | The
Guardian"). trafilatura reads the meta tags too and falls back on the page's own text. Each
field is taken from the most trustworthy description that gives it, and the site's name is cut
from titles that carry it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import islice

from rapidfuzz import fuzz

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|Posting|Review)$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
ISO_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})(?!\d)", re.IGNORECASE)
SEPARATORS = re.compile(r"\s+[|\-–—·•:»/]\s+|\s*[|｜：:]\s*(?=\S)|\s*[\-–—]\s+")
TRAILING_SEPARATOR = re.compile(r"(\s+[|\-–—·•:»/]\s+|\s*[|｜：:]\s*|\s*[\-–—]\s+)$")
URLISH = re.compile(r"^(https?:|www\.|/)|@", re.IGNORECASE)
BYLINE = re.compile(r"^(\s*(by|von|par|por|著者|文)\s*[:：]?\s+)+", re.IGNORECASE)
BYLINE_TAIL = re.compile(r"\s+((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d|updated\b|published\b).*$", re.IGNORECASE)
LAST_FIRST = re.compile(r"^([^\W\d_][\w'’-]*), ([^\W\d_][\w'’.-]*)$")
HEADLINE_SIMILARITY = 60  # token-set similarity of a heading that is a version of the title
MAX_TITLE = 300
MAX_NAME = 120
# A byline element holds names, a date and a label or two. A byline mark on an element with more
# (a whole article in a 'byline' class, or a hundred such elements nested around it) is not one,
# and reading all of each would cost the square of the page.
MAX_BYLINE_CHARS = 2_000
MAX_BYLINE_ELEMENTS = 200
AUTHOR_PAGE = re.compile(r"/(authors?|writers?|contributors?|byline)/([^/?#]+)/?($|[?#])", re.IGNORECASE)
STAFF_PAGE = re.compile(r"/(editors?|staff|columnists?|reporters?|journalists?|profiles?)/([^/?#]+)/?($|[?#])", re.IGNORECASE)
BY_NAMES = re.compile(r"(?:^|\s)(?:by|von|par|por)\s+(?!(?:by|von|par|por)\s)(\S.*)$", re.IGNORECASE)
BYLINE_MARK = re.compile(r"byline|(^|[\s_-])author([\s_-]|name|$)")  # longer 'authors' are biographies or boilerplate


@dataclass
class PageMetadata:
    """The page's own metadata, each value with the source line it came from (0 if unknown)."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    too_deep: list[int] = field(default_factory=list)  # lines of JSON-LD scripts nested too deeply to read

    def offer(self, key: str, value, line: int = 0) -> None:
        """Keep the first usable value offered for a key: callers offer the best sources first."""
        if key not in self.values and value not in (None, "", []):
            self.values[key] = value
            self.lines[key] = line or 0


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def meta_tags(tree) -> dict[str, tuple[str, int]]:
    """`<meta>` values by lower-cased name or property (first one wins), plus canonical and lang."""
    found: dict[str, tuple[str, int]] = {}
    for element in tree.iter("meta", "link"):
        if element.tag == "link":
            if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
                found.setdefault("canonical", (element.get("href").strip(), element.sourceline or 0))
            continue
        name = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        content = _text(element.get("content") or element.get("value") or "")  # value=: some savers rewrite it
        if name and content:
            found.setdefault(name, (content, element.sourceline or 0))
    for element in tree.xpath("//*[@itemprop][@content or @datetime]"):  # microdata on shown elements
        name = (element.get("itemprop") or "").strip().lower()
        content = _text(element.get("content") or element.get("datetime") or "")
        if name and content:
            found.setdefault(name, (content, element.sourceline or 0))
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    if root is not None and root.get("lang"):
        found.setdefault("lang", (root.get("lang").strip(), root.sourceline or 0))
    return found


def json_ld_articles(tree, unreadable: list[int] | None = None) -> list[tuple[dict, int]]:
    """Every JSON-LD object typed as an article, with the line of its script; bad JSON is skipped.

    JSON nested deeper than Python's recursion limit (a page of `[[[[...`) raises
    RecursionError, not ValueError: that script is skipped too, and its line added to
    `unreadable` so that the reader can say why the page's structured data was not used."""
    articles = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        except RecursionError:
            if unreadable is not None:
                unreadable.append(script.sourceline or 0)
            continue
        for item in _walk(data, 0):
            if _is_article(item):
                articles.append((item, script.sourceline or 0))
    return articles


def _walk(data, depth: int):
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _walk(data[key], depth + 1)


def _is_article(item: dict) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and ARTICLE_TYPES.search(k) for k in kinds)


def person_names(value, depth: int = 0) -> list[str]:
    """Names from a JSON-LD author: a string, a Person or Organization, or a list of them."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, list):
        return [name for item in value for name in person_names(item, depth + 1)]
    if isinstance(value, dict):
        return person_names(value.get("name"), depth + 1)
    name = clean_author(_text(value))
    return [name] if name else []


def clean_author(text: str) -> str:
    """A byline without 'By', e-mail addresses and profile links; '' when it is not a name."""
    text = BYLINE.sub("", _text(text)).strip(" ,;|")
    if not text or text.lower() in ("by", "von", "par", "por") or len(text) > MAX_NAME or URLISH.search(text) or not any(c.isalpha() for c in text):
        return ""
    return text


def join_names(names: list[str]) -> str:
    unique = list(dict.fromkeys(n for n in names if n))
    if len(unique) < 2:
        return unique[0] if unique else ""
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def parse_day(text: str) -> date | None:
    """The calendar day a timestamp names: a full timestamp with its time zone ('...T19:30-07:00')
    is the day of that instant in UTC, as archives index it; a day alone is taken as written."""
    text = _text(text)
    instant = ISO_INSTANT.search(text)
    if instant:
        try:
            return _utc_day(instant)
        except (ValueError, OverflowError):  # no such day, or past the calendar's ends
            return None
    match = ISO_DAY.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _utc_day(match) -> date:
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups()[:6])
    zone = match.group(7).upper().replace(":", "")
    offset = timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    if abs(offset) > timedelta(hours=14):
        raise ValueError("no such time zone")
    local = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=timezone(offset))
    return local.astimezone(timezone.utc).date()


def plausible_day(day: date | None) -> date | None:
    return day if day is not None and 1800 <= day.year <= 2200 else None


def read_page_metadata(tree, found) -> PageMetadata:
    """The page's metadata, best source first: JSON-LD, then OpenGraph and meta tags, then
    what trafilatura found (`found`, its Document). Its URL is not taken: it may be only a
    `<base href>`, which says where links lead, not where the page was published."""
    meta = PageMetadata()
    tags = meta_tags(tree)
    articles = json_ld_articles(tree, meta.too_deep)
    for item, line in articles:
        meta.offer("author", join_names(person_names(item.get("author"))), line)
        meta.offer("date", plausible_day(parse_day(item.get("datePublished") or item.get("dateCreated") or "")), line)
        meta.offer("source", _text(_name_of(item.get("publisher"))), line)
        meta.offer("language", _language(item.get("inLanguage")), line)
        meta.offer("url", _http(item.get("url") or _name_of(item.get("mainEntityOfPage"), "@id")), line)
    for key in ("article:author", "author", "byl", "parsely-author", "sailthru.author", "dc.creator"):
        meta.offer("author", clean_author(tags.get(key, ("", 0))[0]), tags.get(key, ("", 0))[1])
    for key in ("article:published_time", "og:article:published_time", "datepublished", "date",
                "pubdate", "publishdate", "parsely-pub-date", "sailthru.date", "dc.date", "dc.date.issued"):
        meta.offer("date", plausible_day(parse_day(tags.get(key, ("", 0))[0])), tags.get(key, ("", 0))[1])
    for key, (value, line) in tags.items():  # 'cXenseParse:recs:publishtime', 'itemprop=datePublished'...
        if "publish" in key and "publisher" not in key:
            meta.offer("date", plausible_day(parse_day(value)), line)
    meta.offer("source", tags.get("og:site_name", ("", 0))[0], tags.get("og:site_name", ("", 0))[1])
    for key in ("og:description", "description", "twitter:description"):
        meta.offer("summary", tags.get(key, ("", 0))[0][:MAX_TITLE], tags.get(key, ("", 0))[1])
    for key in ("canonical", "og:url"):
        meta.offer("url", _http(tags.get(key, ("", 0))[0]), tags.get(key, ("", 0))[1])
    for key in ("lang", "og:locale", "content-language", "dc.language"):
        meta.offer("language", _language(tags.get(key, ("", 0))[0]), tags.get(key, ("", 0))[1])
    names = byline(tree)
    if names[0] and _names_site(fold(str(meta.values.get("author", ""))), _site_names(meta.values.get("source"), tags, found)):
        del meta.values["author"]  # the site's name given as author: the byline names the people
    if "author" in meta.values:
        meta.values["author"] = author_in_page_order(str(meta.values["author"]), names[0])
    meta.offer("author", *names)
    if found is not None:
        meta.offer("author", join_names([clean_author(a) for a in (found.author or "").split(";")]))
        meta.offer("date", plausible_day(_with_its_time(tree, found.date or "")))
        meta.offer("source", _text(found.sitename or ""))
        meta.offer("language", _language(found.language))
    title, line = choose_title(tree, tags, articles, found, meta.values.get("source"))
    meta.offer("title", title, line)
    return meta


def _with_its_time(tree, day: str) -> date | None:
    """trafilatura's day (as the page shows it), made a UTC day when one of the page's
    `<time datetime>` gives that same day with its time and zone."""
    for element in tree.iter("time"):
        stamp = _text(element.get("datetime") or "")
        if stamp[:10] == day[:10] and ISO_INSTANT.search(stamp):
            return parse_day(stamp)
    return parse_day(day)


def byline(tree) -> tuple[str, int]:
    """The names in the page's byline markup: rel/itemprop 'author', a 'byline' or 'author'
    class, or a link to an author's page ('/author/<name>') whose text is that name. A date
    after the names ('By Ann Lee March 3, 2020') is cut off."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        marks = " ".join(element.get(a) or "" for a in ("rel", "itemprop", "class")).lower()
        if not (BYLINE_MARK.search(marks) or _profile_link(element)):
            continue
        inside = list(islice(element.iter(), MAX_BYLINE_ELEMENTS + 1))
        if len(inside) > MAX_BYLINE_ELEMENTS:
            continue
        names = [clean_author(_text(_short_text(n, MAX_BYLINE_CHARS))) for n in inside if (n.get("itemprop") or "") == "name"]
        text = join_names(names) or _byline_names(_text(_short_text(element, MAX_BYLINE_CHARS)))
        if text and len(text.split()) <= 8:
            return text, element.sourceline or 0
    return "", 0


def _short_text(element, limit: int) -> str:
    """The element's text (as `text_content`), or '' when it is longer than `limit`: read piece
    by piece and given up past the limit, so that a byline mark on each of a hundred nested
    elements around a long text does not copy that text a hundred times."""
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece)
        if size > limit:
            return ""
        pieces.append(piece)
    return "".join(pieces)


def _byline_names(text: str) -> str:
    """'Wednesday January 18, 2017 by Ann Lee' and 'By Ann Lee March 3, 2020' -> 'Ann Lee'."""
    after_by = BY_NAMES.search(text)
    return clean_author(BYLINE_TAIL.sub("", after_by.group(1) if after_by else text))


def _profile_link(element) -> bool:
    """A link to an author's page whose text is a name: '/author/<anything>' with a capitalised
    name ('See all' is not one); '/editors/jon-fingas' when the address spells the name."""
    if element.tag != "a":
        return False
    href, words = element.get("href") or "", _text(element.text_content()).split()
    if not 1 < len(words) <= 5:
        return False
    if AUTHOR_PAGE.search(href):
        return not any(word[0].islower() for word in words)
    staff = STAFF_PAGE.search(href)
    return bool(staff) and all(word in fold(staff.group(2)).split() for word in fold(" ".join(words)).split())


def author_in_page_order(author: str, shown: str) -> str:
    """'Gillman, Steve' (a catalogue's order) as 'Steve Gillman' when the page shows it so."""
    match = LAST_FIRST.match(author)
    if match and f" {fold(match.group(2) + ' ' + match.group(1))} " in f" {fold(shown)} ":
        return f"{match.group(2)} {match.group(1)}"
    return author


def _name_of(value, key: str = "name"):
    if isinstance(value, list):
        value = value[0] if value else None
    return value.get(key) if isinstance(value, dict) else value if key == "@id" else None


def _http(value) -> str:
    text = _text(value or "")
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE) else ""


def _language(value) -> str:
    text = _text(value or "")
    return text.replace("_", "-") if LANGUAGE.match(text) else ""


def fold(text: str) -> str:
    """Case, punctuation and spacing folded: how two copies of a title are compared."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def choose_title(tree, tags, articles, found, site: str | None) -> tuple[str, int]:
    """The headline (`_headline`), less a kicker the page shows apart before it ('Genetik: ...',
    where 'Genetik' is a `kicker` element): a section label, not part of the headline."""
    title, line = _headline(tree, tags, articles, found, site)
    for element in tree.xpath("//*[contains(@class, 'kicker') or contains(@class, 'eyebrow')]"):
        kicker = _text(element.text_content())
        rest = title[len(kicker):] if kicker and len(kicker.split()) <= 4 and title.startswith(kicker) else ""
        if re.match(r"^\s*[:|｜：]\s*\S", rest):
            return re.sub(r"^\s*[:|｜：]\s*", "", rest), line
    return title, line


def _headline(tree, tags, articles, found, site: str | None) -> tuple[str, int]:
    """The headline: the first description whose title, less the site's name, is also a
    heading of the page; else the page's main heading when it is a version of that title
    (titles written for search engines and sharing differ from the printed headline); else
    the best description's title less the site's name."""
    candidates = [(_text(item.get("headline") or item.get("name") or ""), line) for item, line in articles]
    candidates += [tags.get(key, ("", 0)) for key in ("og:title", "twitter:title", "sailthru.title", "parsely-title", "dc.title")]
    title_element = next(tree.iter("title"), None)
    if title_element is not None:
        candidates.append((_text(title_element.text_content()), title_element.sourceline or 0))
    sites = _site_names(site, tags, found)
    stripped = [(strip_site_name(text, sites), line) for text, line in candidates if text]
    headings = [(_text(h.text_content()), h.sourceline or 0) for h in tree.iter("h1", "h2", "h3")]
    folded = {fold(text): text for text, _ in headings if fold(text)}
    for text, line in stripped:
        if fold(text) in folded:
            return text, line
    for text, line in stripped:  # 'Blog name - Headline', where both are headings of the page
        parts = sorted((p for p in SEPARATORS.split(text) if len(fold(p)) >= 10 and fold(p) in folded), key=len)
        if parts:
            return folded[fold(parts[-1])], line
    best = next(((text, line) for text, line in stripped if text), None)
    if best is None:
        return strip_site_name(_text(getattr(found, "title", "") or ""), sites), 0
    versions = [(fuzz.token_set_ratio(fold(best[0]), fold(text)), -index, text, line)
                for index, (text, line) in enumerate(headings) if text and not _names_site(fold(text), sites)]
    score, _, text, line = max(versions, default=(0, 0, "", 0))
    return (text, line) if score >= HEADLINE_SIMILARITY and len(text) <= MAX_TITLE else best


def _site_names(site, tags, found) -> list[str]:
    names = [site or "", tags.get("application-name", ("", 0))[0], getattr(found, "sitename", "") or ""]
    for url in (tags.get("og:url", ("", 0))[0], tags.get("canonical", ("", 0))[0], getattr(found, "url", "") or ""):
        host = re.sub(r"^https?://(www\.)?", "", url or "").split("/")[0].split(":")[0]
        if host:
            names.append(host)
            names.append(host.split(".")[-2] if host.count(".") >= 1 else host)
    return [fold(n) for n in names if n and fold(n)]


MAX_SITE_PARTS = 8  # parts naming the site cut from one title (a real one has one or two)


def strip_site_name(title: str, sites: list[str]) -> str:
    """'Headline | The Guardian' -> 'Headline' (also 'Site: Headline'), when the cut part names
    the site; a title that is only the site's name is kept."""
    for _ in range(MAX_SITE_PARTS):  # a loop, not recursion: a title may repeat the site's name
        parts = SEPARATORS.split(title)
        if len(parts) < 2 or not sites:
            return title
        index = next((i for i in (len(parts) - 1, 0) if _names_site(fold(parts[i]), sites)), None)
        kept = _rejoin(title, parts, index) if index is not None else ""
        if not kept:
            return title
        title = kept
    return title


def _names_site(piece: str, sites: list[str]) -> bool:
    """'the guardian' names guardian.co.uk; 'go' (abcnews.go.com) names nothing."""
    if not piece:
        return False
    joined = piece.replace(" ", "")
    for site in sites:
        bare = site.replace(" ", "")
        if joined == bare or (len(joined) >= 4 and joined in bare):
            return True
        if len(bare) >= 4 and len(piece.split()) <= 6 and f" {site} " in f" {piece} ":
            return True
    return False


def _rejoin(title: str, parts: list[str], drop: int) -> str:
    """The title less its first or last part."""
    if drop == 0:
        return title[title.index(parts[1], len(parts[0])):].strip()
    return TRAILING_SEPARATOR.sub("", title[:title.rindex(parts[-1])]).strip()
