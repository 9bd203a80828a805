"""Invented archives for the benchmark: deterministic, shaped like the real content folder.

Every article is made up from templates and pools (a seeded RNG, so the same N gives the same
bytes on every machine). What matters is that the generator meets the same structures as in
real data: sections under headline-like lines, `See also` / `See more` lines naming other
articles (exactly, slightly altered, or not in the archive at all), people who recur with
honorifics ("President Orlan Vesk", later "Mr Vesk"), real countries and cities, organisations,
dates spread over years, both formats (raw .txt, some with a .yml sidecar; Markdown with front
matter) in year folders. The people, organisations and events are fictional.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

FIRST_YEAR, YEARS = 2016, 9
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# Invented people: given names and surnames that belong to nobody in the news.
GIVEN = ["Orlan", "Mirela", "Tavio", "Kessa", "Bronwen", "Dariel", "Ilsabet", "Joras", "Quenna",
         "Radomir", "Solveig", "Teodric", "Ulani", "Vasco", "Wenna", "Yaromir", "Zelie", "Anzo",
         "Brisa", "Caius", "Delphine", "Emrys", "Fenna", "Gideon", "Halvard", "Isolde", "Jovan",
         "Kaito", "Liora", "Marek", "Nadira", "Osric", "Perrin", "Rosalind", "Stellan", "Tamsin"]
SURNAMES = ["Vesk", "Marrowby", "Quillfeather", "Dranovic", "Ostrander", "Pelletier-Vane",
            "Karsavin", "Lindqvarn", "Abernathy-Roe", "Tazmerian", "Holloway-Kent", "Brannoch",
            "Vitrenko", "Szalaric", "Okonkwe", "Fairbrask", "Mendolar", "Ruskavel", "Thornquist",
            "Ivaldine", "Castellarro", "Nyquard", "Belvane", "Corrigand", "Dunmarsh", "Esterhal",
            "Galloran", "Hexley", "Jandrovic", "Kilvaney", "Lorimand", "Mavrides", "Norcastle",
            "Pendrath", "Rostova-Lane", "Sarnowski", "Tallisker", "Umbreit", "Valcourt", "Wrexham-Tay"]
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Finance Minister",
         "Governor", "Mayor", "General", "Senator", "Ambassador"]
COUNTRIES = ["Ukraine", "Poland", "Germany", "France", "Japan", "Brazil", "Kenya", "Canada",
             "Norway", "Romania", "Turkey", "India", "Indonesia", "Mexico", "Egypt", "Vietnam",
             "Argentina", "Spain", "Italy", "Netherlands", "Denmark", "Finland", "Chile", "Nigeria",
             "South Africa", "Australia", "Thailand", "Peru", "Morocco", "Portugal"]
CITIES = ["Kyiv", "Warsaw", "Berlin", "Paris", "Tokyo", "Sao Paulo", "Nairobi", "Toronto", "Oslo",
          "Bucharest", "Istanbul", "Mumbai", "Jakarta", "Mexico City", "Cairo", "Hanoi",
          "Buenos Aires", "Madrid", "Rome", "Rotterdam", "Copenhagen", "Helsinki", "Santiago",
          "Lagos", "Cape Town", "Sydney", "Bangkok", "Lima", "Casablanca", "Lisbon", "Geneva",
          "Brussels", "Vienna", "Odesa", "Gdansk", "Hamburg", "Osaka", "Mombasa", "Porto"]
ORGANISATIONS = ["United Nations", "European Union", "World Health Organization", "Red Cross",
                 "World Bank", "International Monetary Fund", "African Union", "Atlantic Alliance",
                 "Coastal Ports Authority", "Northern Grain Cooperative", "Federation of River Pilots",
                 "Institute for Tidal Studies", "Continental Rail Consortium",
                 "League of Harbour Cities", "Union of Orchard Growers", "Meridian Energy Council"]
THEMES = {
    "floods": ("flood defences", "river levels", "evacuation", "heavy rain", "dams"),
    "elections": ("ballots", "turnout", "the campaign", "polling stations", "a run-off"),
    "trade": ("tariffs", "export quotas", "shipping lanes", "a trade agreement", "customs checks"),
    "energy": ("gas supplies", "a power grid", "wind farms", "fuel prices", "a pipeline"),
    "security": ("air defence systems", "drone attacks", "border patrols", "a ceasefire", "troops"),
    "health": ("vaccination", "hospital capacity", "an outbreak", "medical supplies", "clinics"),
    "transport": ("a new rail line", "port congestion", "airport strikes", "bridge repairs", "ferries"),
    "farming": ("the harvest", "grain stocks", "fertiliser costs", "drought relief", "livestock"),
}
VERBS = ["announces", "rejects", "backs", "delays", "expands", "reviews", "suspends", "defends",
         "criticises", "approves", "questions", "welcomes"]
EVENTS = ["talks", "summit", "inquiry", "deal", "plan", "report", "vote", "visit", "agreement",
          "protests", "strike", "reforms"]
SOURCES = ["Example Wire", "Invented Daily", "Sample Herald", "Placeholder News", "Mock Gazette"]
SENTENCES = [
    "{person} said on {day} that {country} would not change course on {topic}.",
    "Officials in {city} confirmed that {topic} remained the main concern for the {org}.",
    "According to the {org}, {topic} had improved slightly since {month}, but not enough.",
    "{short} told reporters in {city} that the talks on {topic} were \"difficult but useful\".",
    "The {org} is expected to publish its findings on {topic} before the end of {month}.",
    "Critics in {country} argued that {topic} had been neglected for years.",
    "{short} later met representatives of the {org} to discuss {topic} and {topic2}.",
    "Residents of {city} were told to expect further disruption linked to {topic}.",
    "On {day}, {person} visited {city}, where {topic} dominated the agenda.",
    "Analysts said the decision could affect {topic2} across {country} for months.",
    "{country} and {country2} agreed to share data on {topic}, a statement said.",
    "There was no immediate reaction from {country2} to the remarks, the {source} reported.",
    "The {rare} project near {city} was cited alongside the {rare2} survey and the {rare3} fund.",
    "Documents seen by the {source} name the {rare} consortium and a subsidiary called {rare2}.",
]
SYLLABLES = ["ka", "lo", "ven", "tri", "sa", "mor", "del", "qui", "ra", "nox", "bel", "ta", "um",
             "es", "dri", "gal", "pho", "zen", "wy", "ost", "lan", "cer", "vik", "mu", "ha", "jor"]
HEADLINES = [
    "{country} {verb} {theme} {event}",
    "{surname} {verb} {event} on {topic}",
    "{city} {event} on {topic} ends without agreement",
    "{org} {verb} {country} {event}",
    "What is next for {topic} in {country}?",
    "{country} and {country2} hold {event} on {theme}",
    "{surname} visits {city} amid {theme} {event}",
]
SECTION_HEADS = ["{country} {verb} {event}", "{surname} speaks on {topic}", "Reaction in {city}",
                 "What the {org} says", "{country2} responds", "Concern over {topic}",
                 "Next steps for {theme}", "{city} braces for {event}"]


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    role: str
    honorific: str  # Mr or Ms, for later mentions

    @property
    def full(self) -> str:
        return f"{self.role} {self.given} {self.surname}"


@dataclass
class Planned:
    """An article decided but not yet written: enough to write its text and reference it."""

    index: int
    day: date
    title: str
    theme: str
    people: list[Person]
    places: list[str]
    fmt: str  # "txt", "txt+yml" or "md"
    see_also: list[tuple[str, str]] = field(default_factory=list)  # (kind, title)


@dataclass
class Synthetic:
    """What was written, for the benchmark to pick an article to edit and a word to search."""

    root: Path
    articles: int
    files: list[Path]
    search_word: str  # a surname many articles mention
    search_title: str  # the title of one article mentioning it


def people_pool(rng: random.Random, size: int) -> list[Person]:
    pool, seen = [], set()
    while len(pool) < size:
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        if (given, surname) in seen:
            continue
        seen.add((given, surname))
        pool.append(Person(given, surname, rng.choice(ROLES), rng.choice(["Mr", "Ms"])))
    return pool


def plan(count: int, seed: int = 1) -> list[Planned]:
    """Decide every article: date, title, cast, format, and its see-also lines."""
    rng = random.Random(seed)
    people = people_pool(rng, min(len(GIVEN) * len(SURNAMES), max(40, count // 8)))
    # A few people and places are in many stories, most in few: a long tail like real news.
    person_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(people))]
    start = date(FIRST_YEAR, 1, 1)
    span = (date(FIRST_YEAR + YEARS, 1, 1) - start).days
    titles: set[str] = set()
    planned = []
    for index in range(count):
        theme = rng.choice(sorted(THEMES))
        cast = rng.choices(people, person_weights, k=rng.randint(1, 3))
        cast = list(dict.fromkeys(cast))
        places = rng.sample(COUNTRIES, 2) + rng.sample(CITIES, 2)
        day = start + timedelta(days=rng.randrange(span))
        title = _unique_title(rng, theme, cast, places, titles)
        fmt = rng.choices(["txt", "txt+yml", "md"], [0.5, 0.2, 0.3])[0]
        planned.append(Planned(index, day, title, theme, cast, places, fmt))
    for article in planned:
        article.see_also = _see_also(rng, article, planned)
    return planned


def _unique_title(rng, theme, cast, places, titles: set[str]) -> str:
    for attempt in range(50):
        values = _values(rng, theme, cast, places)
        title = rng.choice(HEADLINES).format(**values)
        title = title[0].upper() + title[1:]
        if attempt > 5:
            title += f" ({rng.choice(MONTHS)} update {attempt})"
        if title.lower() not in titles:
            titles.add(title.lower())
            return title
    raise RuntimeError("could not invent a unique title")


def _values(rng, theme, cast, places) -> dict[str, str]:
    person = rng.choice(cast)
    topic, topic2 = rng.sample(THEMES[theme], 2)
    return {"country": places[0], "country2": places[1], "city": rng.choice(places[2:]),
            "person": person.full, "surname": person.surname, "short": f"{person.honorific} {person.surname}",
            "org": rng.choice(ORGANISATIONS), "topic": topic, "topic2": topic2,
            "theme": theme, "verb": rng.choice(VERBS), "event": rng.choice(EVENTS),
            "month": rng.choice(MONTHS), "day": "", "source": rng.choice(SOURCES),
            "rare": _rare(rng), "rare2": _rare(rng), "rare3": _rare(rng)}


def _rare(rng) -> str:
    """An invented proper noun: real news keeps meeting new words, and so should the index."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _see_also(rng, article: Planned, planned: list[Planned]) -> list[tuple[str, str]]:
    """0-4 references: mostly exact titles, some slightly altered, some not in the archive."""
    lines = []
    for _ in range(rng.choices([0, 1, 2, 3, 4], [0.15, 0.3, 0.3, 0.15, 0.1])[0]):
        kind = rng.choice(["See also", "See more"])
        roll = rng.random()
        target = rng.choice(planned)
        if target is article:
            continue
        if roll < 0.6:
            lines.append((kind, target.title))
        elif roll < 0.8:
            lines.append((kind, _vary(rng, target.title)))
        else:
            values = _values(rng, article.theme, article.people, article.places)
            lines.append((kind, f"{values['country']} {values['verb']} {values['topic']} review after {values['event']}"))
    return lines


def _vary(rng, title: str) -> str:
    """The small differences a scraped see-also line has from the real headline."""
    choice = rng.randrange(4)
    if choice == 0:
        return title.lower().capitalize()
    if choice == 1:
        return title.rstrip("?") + "?"
    if choice == 2:
        words = title.split()
        if len(words) > 4:
            del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words)
    return title.replace(" and ", " & ") if " and " in title else title + " "


def _day_phrase(day: date, with_year: bool) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if with_year else "")


def body(rng: random.Random, article: Planned) -> tuple[str, list[tuple[str, list[str]]]]:
    """The lede and a list of (heading, paragraphs); see-also lines sit at the ends of sections."""
    def sentence(template: str, first_mention: bool = False) -> str:
        values = _values(rng, article.theme, article.people, article.places)
        values["day"] = _day_phrase(article.day, with_year=False)
        if first_mention:
            values["short"] = values["person"]
        return template.format(**values)

    lead = article.people[0]
    lede = (f"{lead.full} said on {_day_phrase(article.day, True)} that {article.places[0]} would "
            f"{rng.choice(['review', 'accelerate', 'pause', 'fund'])} its work on "
            f"{rng.choice(THEMES[article.theme])}. " + " ".join(sentence(rng.choice(SENTENCES)) for _ in range(2)))
    sections = []
    references = list(article.see_also)
    for number in range(rng.randint(2, 5)):
        heading = rng.choice(SECTION_HEADS).format(**_values(rng, article.theme, article.people, article.places))
        heading = heading[0].upper() + heading[1:]
        paragraphs = [" ".join(sentence(rng.choice(SENTENCES), first_mention=(number == 0 and p == 0))
                               for _ in range(rng.randint(2, 4))) for p in range(rng.randint(2, 4))]
        if references and rng.random() < 0.6:
            kind, title = references.pop(0)
            paragraphs.append(f"{kind} : {title}")
        sections.append((heading, paragraphs))
    for kind, title in references:
        sections[-1][1].append(f"{kind} : {title}")
    return lede, sections


def write_archive(root: Path, count: int, seed: int = 1) -> Synthetic:
    """Write `count` invented articles under root/<year>/; returns what the benchmark needs."""
    planned = plan(count, seed)
    rng = random.Random(seed + 1)
    files = []
    mentions: dict[str, int] = {}
    for article in planned:
        lede, sections = body(rng, article)
        folder = root / (str(article.day.year))
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{article.day.isoformat()}-{article.index:06d}"
        if article.fmt == "md":
            path = folder / f"{stem}.md"
            path.write_text(_markdown(rng, article, lede, sections), encoding="utf-8")
        else:
            path = folder / f"{stem}.txt"
            path.write_text(_text(rng, article, lede, sections), encoding="utf-8")
            if article.fmt == "txt+yml":
                meta = {"title": article.title, "date": article.day.isoformat(),
                        "source": rng.choice(SOURCES), "url": f"https://example.org/{stem}"}
                (folder / f"{stem}.yml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
        files.append(path)
        for person in article.people:
            mentions[person.surname] = mentions.get(person.surname, 0) + 1
    word = max(sorted(mentions), key=mentions.get)
    title = next(a.title for a in planned if a.people[0].surname == word)
    return Synthetic(root, count, files, word, title)


def _text(rng, article: Planned, lede: str, sections) -> str:
    lines = [article.title, lede]
    for heading, paragraphs in sections:
        lines.append(heading)
        lines.extend(paragraphs)
    if rng.random() < 0.5:
        lines += ["Source link", "Comment (0)"]
    return "\n".join(lines) + "\n"


def _markdown(rng, article: Planned, lede: str, sections) -> str:
    meta = {"title": article.title, "date": article.day.isoformat(), "source": rng.choice(SOURCES),
            "source_url": f"https://example.org/{article.index}", "summary": lede.split(". ")[0] + "."}
    if rng.random() < 0.3:
        meta["see_also"] = [rng.choice(SURNAMES) + " " + rng.choice(EVENTS) + " postponed"]
    out = ["---", yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip(), "---", "", lede, ""]
    for heading, paragraphs in sections:
        out += [f"## {heading}", ""]
        for paragraph in paragraphs:
            out += [paragraph, ""]
    return "\n".join(out)


if __name__ == "__main__":  # python -m generator.bench.synthetic DIR N: just write an archive
    import sys

    made = write_archive(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{made.articles} articles in {made.root}; search word: {made.search_word}")
