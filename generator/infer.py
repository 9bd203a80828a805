"""Inference of what raw archived text does not say: headline lines, the title and the date.

Each function returns the value *and* the line it was inferred from, so the reader can tell the
contributor exactly what it guessed and where (a warning, never silence).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names factored by prefix and anchored on a capital: the scanner skips most positions
# at the first character, which keeps date inference cheap on long archives.
_MONTH = r"(?=[JFMASOND])(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
_MENTION = re.compile(_MONTH + r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{1,2}\b)?)?(?:,?\s+((?:19|20)\d\d)\b)?")
_DAY_BEFORE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+$")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

HEADLINE_MAX_CHARS = 120
HEADLINE_MAX_WORDS = 16
TITLE_MAX_CHARS = 80


def is_headline(line: str) -> bool:
    """A short line without a closing full stop that starts like a headline.

    Scraped news text loses its markup; what survives of a section heading is a line much
    shorter than a paragraph that does not end as a sentence does ('?' and '!' are allowed:
    'G7 support for Ukraine not affected by Hamas-Israel conflict?').
    """
    text = line.strip()
    if not text or len(text) > HEADLINE_MAX_CHARS or len(text.split()) > HEADLINE_MAX_WORDS:
        return False
    if text[-1] in ".:;,\"'”’)" or text.endswith("..."):
        return False
    first = text.lstrip("'\"‘“(« ")[:1]
    return first.isupper() or first.isdigit()


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first sentence, cut at a word boundary: a readable stand-in title."""
    sentence = re.split(r"(?<!\b[A-Z]\.)(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


LEDE_LINES = 3  # a date named this early is the news day's, not a birthday further down


def infer_date(lines: list[tuple[int, str]], year: int | None = None) -> tuple[date, int, str] | None:
    """Guess the publication date from the dates the text itself mentions.

    News copy dates its events relative to the day of writing: the day named most often is the
    news day, and the latest year named (or `year`, when the metadata gives only that) is its
    year ('on November 7 ... since November 2022' gives 2023-11-07 when 2023 is the latest
    year). A day only counts when the lede names it or the text
    names it three times: a date named once or twice further down is a past event (a birthday,
    an earlier ruling), not the day of writing.
    Returns (date, line, evidence) or None when the text names no usable date.
    """
    counts: Counter[tuple[int, int]] = Counter()
    first_line: dict[tuple[int, int], int] = {}
    years: list[tuple[int, int]] = []
    lede = {number for number, text in lines[:LEDE_LINES]}
    mentioned: list[tuple[date | tuple[int, int], int]] = []
    for number, text in lines:
        mentioned.extend((key, number) for key in _mentions(text))
        years.extend((int(y), number) for y in _YEAR.findall(text))
    if not mentioned or not (years or year):
        return None
    latest, year_line = (year, 0) if year else max(years)
    full_days = set()
    for key, number in mentioned:
        if isinstance(key, date):
            if key.year != latest:
                continue
            full_days.add((key.month, key.day))
            key = (key.month, key.day)
        counts[key] += 1
        first_line.setdefault(key, number)
    usable = [k for k in counts if counts[k] >= 3 or first_line[k] in lede]
    if not usable:
        return None
    month, day = max(usable, key=lambda k: (counts[k], k in full_days, k))
    found = _valid(latest, month, day)
    if found is None:
        return None
    if (month, day) in full_days:
        return found, first_line[(month, day)], found.isoformat()
    where = "the metadata" if year else f"latest year, line {year_line}"
    return found, first_line[(month, day)], f"{found:%B} {day} (most often named) and {latest} ({where})"


def _mentions(text: str) -> list[date | tuple[int, int]]:
    """Full dates as `date`, day-and-month mentions as (month, day), in one scan of the line."""
    found: list[date | tuple[int, int]] = []
    if "-" in text:
        found += [d for d in (_valid(int(y), int(m), int(dd)) for y, m, dd in _ISO.findall(text)) if d]
    for match in _MENTION.finditer(text):
        month = MONTHS[match.group(1).lower()]
        day = match.group(2)
        if day is None:
            before = _DAY_BEFORE.search(text, max(0, match.start() - 8), match.start())
            day = before.group(1) if before else None
        if day is None or not 1 <= int(day) <= 31:
            continue
        year = match.group(3)
        full = _valid(int(year), month, int(day)) if year else None
        found.append(full or (month, int(day)))
    return found


# --- What the top of a scraped or wire file says: the date line, the dateline, the URL ----------

_MONTH_ANY_CASE = re.compile(_MONTH.replace("(?=[JFMASOND])", ""), re.IGNORECASE)
_HEADER_MENTION = re.compile(_MENTION.pattern.replace("(?=[JFMASOND])", ""), re.IGNORECASE)
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|\d{2})\b")
_NUMERIC_YMD = re.compile(r"\b((?:19|20)\d\d)\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\b")
# Words a date line carries beside the date itself ("Posted on Friday, 27 September 2013").
_DATE_LINE_WORDS = re.compile(
    r"\b(?:posted|updated|published|first|last|created|story|on|at|by|mon|tue|wed|thu|fri|sat|sun|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|a\.m|p\.m|hrs|gmt|utc|bst|est|"
    r"edt|cst|cdt|pst|pdt|mst|mdt|akdt|ist|cet|cest|of|the|date|time)\b|[\d:.,/|()+\-–—]+",
    re.IGNORECASE)
DATE_LINE_MAX_CHARS = 80
DATE_LINE_OTHER_WORDS = 2


def _year(text: str) -> int:
    year = int(text)
    return year if year > 99 else (2000 + year if year < 50 else 1900 + year)


def header_date(line: str) -> date | None:
    """The date of a date line such as 'Updated: November 11, 2011 20:09 IST' or '12 / 16 / 08'.

    Only a short line that is little more than a date (with its year) counts: a sentence that
    happens to name a date is text, not the article's date.
    """
    if len(line) > DATE_LINE_MAX_CHARS:
        return None
    rest = _DATE_LINE_WORDS.sub(" ", _MONTH_ANY_CASE.sub(" ", line)).split()
    if len(rest) > DATE_LINE_OTHER_WORDS:
        return None
    for match in _HEADER_MENTION.finditer(line):
        month, day, year = MONTHS[match.group(1).lower().rstrip(".")], match.group(2), match.group(3)
        if day is None:
            before = _DAY_BEFORE.search(line, max(0, match.start() - 8), match.start())
            day = before.group(1) if before else None
        if day and year and _valid(int(year), month, int(day)):
            return _valid(int(year), month, int(day))
    return _numeric_date(line)


def _numeric_date(line: str) -> date | None:
    """`2013-09-26`, `2012. 08. 08`, US `12 / 16 / 08`, or day-first `27 / 09 / 2013`."""
    match = _NUMERIC_YMD.search(line)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _NUMERIC_DMY.search(line)
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    return _valid(year, first, second) or _valid(year, second, first)


_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(\d{1,2})(?!\d)", re.IGNORECASE),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),
)


def url_date(url: str) -> date | None:
    """The date many news sites put in their article URLs (`/2013/may/03/`, `2008-12-23`, `20081216`)."""
    for pattern in _URL_DATES:
        for match in pattern.finditer(url):
            month = match.group(2)
            month_number = int(month) if month.isdigit() else MONTHS.get(month.lower()[:3])
            found = month_number and _valid(int(match.group(1)), month_number, int(match.group(3)))
            if found:
                return found
    return None


_PLACE = r"[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3}(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"
_AGENCY = r"\((?:Reuters|AP|AFP|UPI|dpa|DPA|Xinhua|IANS|PTI|ANSA|EFE|Bloomberg|CNN|BBC|[A-Z]{2,6})\)"
# Each run of spaces is taken once (possessive, and the agency's own after it): two optional
# parts with a '\s*' each tried every split of a long run of spaces between them.
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:\s*+,\s*+(?P<date>{_MONTH[len('(?=[JFMASOND])'):]}\s+(?P<day>\d{{1,2}})))?"
    rf"\s*+(?:(?P<agency>{_AGENCY})\s*+)?(?:--?|–|—)(?=\s|$)")


def dateline(text: str) -> tuple[int, int] | None | bool:
    """(month, day) of a wire dateline opening the text ('CLEVELAND, Feb 26 -'); True for a
    dateline without a date ('LONDON (Reuters) -'); None when the text opens otherwise."""
    match = DATELINE.match(text)
    if not match:
        return None
    place = match.group("place")
    if not (match.group("date") or match.group("agency") or (place.isupper() and len(place) > 2)):
        return None
    if match.group("date"):
        month = MONTHS[match.group("date").split()[0].lower().rstrip(".")]
        day = int(match.group("day"))
        return (month, day) if 1 <= day <= 31 else True
    return True


def latest_year(lines: list[tuple[int, str]]) -> int | None:
    years = [int(y) for _, text in lines for y in _YEAR.findall(text)]
    return max(years) if years else None


def path_year(path: str) -> int | None:
    """A year the archive's folders give ('1987/0012.txt', 'reuters-1987/a.txt')."""
    years = [int(y) for part in path.split("/")[:-1] for y in _YEAR.findall(part)]
    return years[-1] if years else None


SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "per",
               "the", "to", "up", "via", "vs", "with", "from", "into", "over"}


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def recase(headline: str, body: str) -> str:
    """An ALL CAPS headline in title case, each word as the body writes it where it does.

    The body knows that 'NASA' and 'McDonald' are written so and 'Teixeira' is a name; other
    words are capitalised, small ones ('of', 'to') lowered unless they open the headline.
    """
    forms: dict[str, Counter[str]] = {}
    for word in re.findall(r"[\w'’]+", body):
        if not word.islower():
            forms.setdefault(word.lower(), Counter())[word] += 1
    out = []
    for index, token in enumerate(re.split(r"(\W+)", headline)):
        lower = token.lower()
        if not token or not token[0].isalpha():
            out.append(token)
        elif lower in forms and lower not in SMALL_WORDS:
            out.append(max(forms[lower], key=lambda f: (forms[lower][f], f)))
        elif lower in SMALL_WORDS and index > 0:
            out.append(lower)
        else:
            out.append(lower[:1].upper() + lower[1:])
    return "".join(out)
