"""Small closed word lists the extractor reads names against: titles, kind words, common words.

These are words of English news style, not entities; places come from the gazetteer
(`gazetteer.py`), never from a list here.
"""
from __future__ import annotations

# Titles and honorifics, longest first so 'Secretary of State' is stripped before 'Secretary'.
TITLES = tuple(sorted({
    "President", "Vice President", "President-elect", "President-Elect", "Vice President-elect", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Interior Minister", "Finance Minister", "Minister",
    "Secretary of State", "Secretary of Defense", "Secretary General", "Secretary-General",
    "Secretary", "Chancellor", "Governor", "Mayor", "Senator", "Sen", "Rep", "Representative",
    "Congressman", "Congresswoman", "Ambassador", "Envoy", "Speaker", "Premier", "Chairman",
    "Chairwoman", "Chair", "Commissioner", "Spokesman", "Spokeswoman", "Spokesperson", "Judge",
    "Justice", "Chief Justice", "King", "Queen", "Prince", "Princess", "Pope", "Sheikh", "Emir",
    "Sultan", "Ayatollah", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame",
    "Lord", "Lady", "Gen", "General", "Lt", "Lieutenant", "Col", "Colonel", "Maj", "Major",
    "Capt", "Captain", "Gov", "Supt", "Insp", "Det", "Cpl", "Pvt", "Adm", "Admiral", "Sgt", "Sergeant", "Commander", "Commander-in-Chief",
    "Field Marshal", "Marshal", "Chief", "Director", "CEO", "Coach", "Father", "Rev", "Bishop",
    "Archbishop", "Cardinal", "Rabbi", "Imam", "Deputy", "Acting", "Former", "Then", "Prosecutor",
    "Vice Minister", "Deputy Minister", "Attorney General", "Inspector", "Detective", "Officer",
}, key=lambda t: (-len(t.split()), t)))

ORG_WORDS = frozenset("""
Ministry Agency Council Group Party Force Forces Union News Army Navy Bank Company Corporation
Corp Inc Ltd LLC Institute University Committee Commission Organization Organisation Association
Federation Foundation Office Department Court Parliament Assembly Senate Congress Times Post
Journal Independent Press Service Services Command Guard Front
Movement Alliance Coalition Fund Bureau Authority Board Club Church Airlines Airways Motors
Holdings Media Television TV Radio Network Channel Broadcasting Tribune Herald Daily Gazette
Review School College Academy Hospital Police Cabinet Secretariat Agence Nations Wire
Industries Systems Technologies Labs Energy Oil Petroleum Gas Pharmaceuticals Brigade Battalion
Regiment Division Corps Directorate Administration Government Summit Council Conference Program
Programme Project Initiative Port Trust Society Centre Center Reserve Exchange Cup League
FC Festival Museum Partners Securities Capital Ventures Investments Library Observatory Watch International
Consortium Cooperative Co-operative Syndicate Tribunal Confederation Chamber
""".split())

GEO_WORDS = frozenset("""
Sea Ocean River Gulf Bay Strait Straits Island Islands Mountains Mountain Peninsula Valley Lake
Desert Coast Canal Region Province Oblast Krai Basin Plateau Delta Steppe Archipelago Highlands
Heights Strip Bank Square Avenue Street Airport Park Harbour Harbor Bridge Dam Forest Falls
""".split()) - {"Bank"}

COMPASS_PLACES = frozenset({"middle east", "far east", "near east"})

SPEECH_VERBS = frozenset("""
said says say told tells stressed added noted warned wrote writes insisted stated explained
argued asked replied claimed called urged declared admitted denied recalled commented tweeted
vowed pledged promised insists believes thinks conceded acknowledged suggested
""".split())

ROLE_NOUNS = frozenset("""
governor president minister spokesman spokeswoman spokesperson chief head leader director
commander ambassador secretary chairman chairwoman founder ceo mayor senator adviser advisor
analyst professor lawyer correspondent reporter editor author member deputy premier general
""".split())

ORG_RIGHT = frozenset("news agency agency group company party militia newspaper broadcaster daily".split())
PLACE_RIGHT = frozenset("region province oblast city town village district county peninsula state capital border coast airport".split())
THEME_RIGHT = frozenset("""
system systems missile missiles jet jets launcher launchers rocket rockets tank tanks drone drones
aircraft fighter fighters vaccine vaccines app messaging conflict war crisis virus
""".split())
PLACE_LEFT = frozenset("in near from to over across into inside outside toward towards around".split())
MEDIA_LEFT = ("according to", "told", "interview with", "quoted by", "cited by")
MEDIA_RIGHT = frozenset("reported reports reporting".split())

PARTICLES = frozenset("of for de del della di da do dos das du la le van von der den ter bin ibn al el y the and".split())
# Particles that may join names only when followed by a capitalised word *and* preceded by an
# organisational word ('Ministry of Defense', 'Bank of England'), never two people.
ORG_PARTICLES = frozenset({"of", "for", "the", "and"})

MONTHS_DAYS = frozenset("""
January February March April May June July August September October November December Jan Feb
Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday
Sunday
""".split())

IRREGULAR_DEMONYMS = frozenset("""
Norwegian Belarusian Afghan Peruvian
Dutch British French Swiss Greek Thai Welsh Scottish Irish English Polish Danish Swedish Finnish
Spanish Turkish Filipino Czech Slovak Arab Arabic European Western Eastern Soviet Saudi Emirati
Kurdish Baltic Nordic Scandinavian Latin African Asian American Allied Islamic Jewish Muslim
Christian Catholic Orthodox Sunni Shia Shiite
""".split())

# Capitalised words that open sentences but never names on their own.
COMMON = frozenset("""
A An The This That These Those There Here It Its He She They We You I His Her Their Our My Your
But And Or Nor So Yet For If When While Although Though As At By In On Of To From With Without
After Before During Since Until Meanwhile However Also Earlier Later Then Now Today Yesterday
Tomorrow Last Next Some Many Most More Few All Both Each Every No Not One Two Three Four Five
Six Seven Eight Nine Ten First Second Third Days Weeks Months Years Who What Where Why How Which
Despite Under Over Through Between Among Against About Into Instead Still Even Just Only Such
According Asked Speaking Asked Photo Source Comment Comments Share Print Read Watch Advertisement
Police Update Updated Editor Breaking Live Video Image Images Getty Sign Subscribe Click See Follow
""".split())

CHROME = frozenset({"source link", "read more", "see also", "see more", "getty images", "ap photo", "afp photo", "reuters photo"})

# Names of events, laws and things: themes, whatever else the name contains.
EVENT_WORDS = frozenset("""
War Revolution Crisis Games Olympics Championship Championships Election Elections Agreement
Treaty Accord Accords Act Bill Law Day Prize Award Awards Plan Doctrine Pandemic Protocol
""".split())

# Common nouns that, just before a name, say what it is: 'actress Inês Duarte', 'newspaper Marca'.
PERSON_LEFT = frozenset("""
actress actor singer detective striker midfielder defender goalkeeper player coach author writer
lawyer prosecutor judge journalist reporter artist painter poet novelist scientist researcher
economist analyst spokesman spokeswoman leader candidate president minister chief
""".split())
ORG_LEFT = frozenset("""
newspaper daily broadcaster agency club company firm group bank party museum charity carrier
airline insurer retailer manufacturer maker chipmaker developer startup broadcaster magazine
""".split())
ORG_APPOSITION = frozenset("alliance agency group company organisation organization charity body union network".split())

# Buildings and venues are places wherever the word stands: 'Teatro Aurora', 'Wembley Stadium'.
VENUE_WORDS = frozenset("Theatre Theater Teatro Stadium Arena Cathedral Palace Castle Tower".split())
