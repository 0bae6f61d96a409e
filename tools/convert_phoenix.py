#!/usr/bin/env python3
"""Convert the Phoenix/PETRARCH-2 actor dictionaries into depeche actor records.

Reads Phoenix.{Countries,International,MilNonState}.actors.txt (MIT, openeventdata/petrarch2)
and writes data/actors/phoenix/{countries,international,nonstate}.txt in the format of
data/actors/FORMAT.md, plus LICENSE and README.md. Standard library only; the output is
sorted and depends only on the inputs, so running it twice gives the same bytes.

    python3 tools/convert_phoenix.py [--src DIR] [--repo DIR]

Hand-written records (data/actors/*.txt and data/actors/people/*.txt, read at run time) take
precedence: every generated id starts with "phx_"; Phoenix persons and organisations whose
name matches a hand-written name or alias are skipped; Phoenix country records are skipped when
a hand-written country has the ISO3; generated aliases that equal a hand-written name, alias or
metonym are dropped, so a phrase never names both a curated and a generated actor.

Phoenix format (see shared/research/resources.md section 1) and the way this reads it:
- A line starting with a letter is a primary phrase, '+' a synonym, TAB + '[' one or more date
  restrictions; '[...]' groups may also follow a phrase on its own line (TABARI style).
- As in PETRARCH's reader, a primary phrase that follows a record without any code yet joins
  that record (MIKHAIL_GORBACHEV_ ... EX-SOVIET_PRESIDENT_MIKHAIL_GORBACHEV share one code
  list). Two guards against data errors: a "CountryInfo.txt" primary, or a blank or comment
  line in between, starts a new record (ARMENIA_ has no code and is followed by a Cote
  d'Ivoire minister); a record left without any code is skipped.
- A TAB line that does not start with '[' is a synonym (stray tab: "\tJOHN_MCCLOY_ [...]").
- Dates YYMMDD (YY 00-30 -> 20YY, else 19YY, as PETRreader.dstr_to_ordate) or YYYYMMDD.
  Restrictions whose date is neither (the 7-digit "2004017") or not a calendar date are
  dropped and counted. Overlapping restrictions are kept as they are, in the review comment.
- Words are joined by '_'; a missing trailing '_' means a prefix match in TABARI, which our
  format cannot express: the literal words are used.
"""

import argparse
import os
import re
import shutil
import sys
import unicodedata
from collections import Counter, OrderedDict, defaultdict

FILES = [  # (Phoenix file, output file)
    ("Phoenix.Countries.actors.txt", "countries.txt"),
    ("Phoenix.International.actors.txt", "international.txt"),
    ("Phoenix.MilNonState.actors.txt", "nonstate.txt"),
]

# ---------------------------------------------------------------------------------- code tables
# CAMEO role codes (the 3-letter groups after the country) -> our sector. OPP (opposition) and
# ELI (elite, former office holder) give no sector; SPY (intelligence) is COP; INS/UAF (insurgents,
# unaffiliated armed forces) are REB. Other CAMEO groups (EDU, HLH, AGR, LAB, REF, ENV, DEV, HRI,
# religions...) add no sector.
SECTOR = {
    "GOV": "GOV", "MIL": "MIL", "LEG": "LEG", "JUD": "JUD", "COP": "COP", "SPY": "COP",
    "REB": "REB", "INS": "REB", "UAF": "REB", "IGO": "IGO", "NGO": "NGO", "BUS": "BUS",
    "MNC": "BUS", "MED": "MED", "CVL": "CVL", "OPP": None, "ELI": None,
}

# CAMEO IGO codes: IGO + region/sector groups + organisation group (IGOWSTNAT, IGOUNOREFHCR).
# The last group found here gives the affiliation (our codes, as in data/actors/organisations.txt;
# UN organs and tribunals take UN, specialised agencies their own code). An IGO code with no
# group in this table (IGO, IGOENV, IGOLAM, IGOSCN...) gets affiliation IGO.
IGO_ORG = {
    "UNO": "UN", "NAT": "NATO", "EEC": "EU", "EUR": "EU", "AFU": "AU", "OAU": "AU",
    "ARL": "ARL", "WAS": "ECOWAS", "ASN": "ASEAN", "WBK": "WB", "IMF": "IMF", "WHO": "WHO",
    "HCR": "UNHCR", "KID": "UNICEF", "IAE": "IAEA", "ILO": "ILO", "WFP": "WFP", "FAO": "FAO",
    "ICJ": "UN", "WCT": "UN", "ICC": "ICC", "OPC": "OPEC", "OIC": "OIC", "GCC": "GCC",
    "SAD": "SADC", "EAC": "EAC", "CWN": "CWTH", "CIS": "CIS", "OAS": "OAS", "CSS": "CENSAD",
    "ECA": "ECCAS", "CEM": "CEMAC", "AMU": "AMU", "WTO": "WTO", "BIS": "BIS", "EBR": "EBRD",
    "ADB": "ADB", "AFB": "AFDB", "IDB": "ISDB", "COE": "COE", "SCE": "OSCE", "EFT": "EFTA",
    "GOE": "G8", "GOS": "G7", "GSS": "G77", "APE": "OAPEC", "IAD": "IGAD", "SAA": "SAARC",
    "ITP": "INTERPOL", "IPU": "IPU", "NON": "NAM", "CRB": "CARICOM", "SOT": "SEATO",
    "DVE": "D8", "NEP": "NEPAD", "BCA": "BEAC", "CES": "COMESA", "ICO": "ICCO", "IGC": "IGC",
    "CPA": "COPAL", "AIE": "IEA", "AMF": "AMF", "ACC": "ACC", "AEU": "CAEU", "ABD": "BADEA",
    "WAM": "WAEMU", "WAD": "BOAD",
}

# CAMEO country codes that differ from the ISO 3166-1 alpha-3 codes our records use.
COUNTRY_FIX = {"TMP": "TLS", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "USR": "SUN"}

# ------------------------------------------------------------------------------------ word lists
# Words that make a phrase a title or post rather than a name ("PRESIDENT_KARZAI_").
POST_PHRASES = ("secretary of state", "ambassador", "minister", "president of", "spokesman",
                "spokeswoman", "secretary general", "secretary-general", "chief of staff",
                "joint chiefs")

TITLE_WORDS = set("""
PRESIDENT VICE PRIME MINISTER MINISTERS PREMIER FOREIGN DEFENSE DEFENCE INTERIOR SECRETARY
SECRETARY-GENERAL SECRETARY-GENERALS GENERAL GEN LEADER CHIEF FORMER EX ACTING COLONEL COL
CAPTAIN CAPT MAJOR LIEUTENANT LT ADMIRAL ADM MARSHAL FIELD CHANCELLOR GOVERNOR GOV SENATOR SEN
REPRESENTATIVE REP CONGRESSMAN CONGRESSWOMAN SPEAKER AMBASSADOR DIRECTOR COMMANDER DR MR MRS MS
SPOKESMAN SPOKESWOMAN SPOKESPERSON OFFICIAL DEPUTY ENVOY HEAD CHAIRMAN CHAIRWOMAN CHAIRPERSON
COMMISSIONER ATTORNEY JUSTICE JUDGE MAYOR PRESIDENT-ELECT CANDIDATE NOMINEE REPORTER JOURNALIST
ADMINISTRATION REGIME GOVERNMENT SUPPORTERS LOYALISTS FORCES CAMP OPPOSITION STRONGMAN DICTATOR
PARTY SEC GEN. SECY SG SUPREME
""".split())
# Words that may precede a name in a titled synonym without being part of it.
DESCRIPTOR_WORDS = set("""
THE OF AND TO FOR US U.S. UN U.N. UNITED STATES NATIONS AMERICAN SOVIET RUSSIAN BRITISH FRENCH
CHINESE COMMUNIST MOSCOW NATIONAL EUROPEAN
""".split())
# Title-like words kept in a canonical name (monarchs, clerics, peers): "Sheikh Jaber...".
KEEP_IN_NAME = {"KING", "QUEEN", "PRINCE", "PRINCESS", "SHEIKH", "SHEIK", "EMIR", "SULTAN",
                "MULLAH", "AYATOLLAH", "LORD", "LADY", "SIR", "DAME", "BARON", "BARONESS"}
ORG_WORDS = set("""
ARMY ARMIES FORCE FORCES PARTY COUNCIL CONGRESS ASSEMBLY COMMITTEE COMMISSION AGENCY MINISTRY
DEPARTMENT OFFICE BUREAU SERVICE SERVICES GOVERNMENT AUTHORITY ORGANIZATION ORGANISATION UNION
ASSOCIATION FEDERATION FOUNDATION INSTITUTE INSTITUTION FUND BANK GROUP FRONT MOVEMENT BRIGADE
BRIGADES ALLIANCE COALITION LEAGUE SOCIETY CENTER CENTRE NETWORK TRUST CORPORATION CORP INC LTD
COMPANY CO PLC LLC HOLDINGS INTERNATIONAL PROGRAM PROGRAMME COURT TRIBUNAL PARLIAMENT SENATE
MISSION COMMAND GUARD GUARDS POLICE INTELLIGENCE UNIVERSITY CHURCH COMMUNITY CONFERENCE
SECRETARIAT PANEL INITIATIVE PROJECT RADIO TELEVISION NEWS TIMES PRESS JOURNAL AIRLINES AIRWAYS
ENERGY OIL GAS TELECOM PHARMACEUTICALS SYSTEMS TECHNOLOGIES INDUSTRIES BANCORP FINANCIAL
CAPITAL PARTNERS RESOURCES MINING INSURANCE MOTORS GROUP REPUBLIC KINGDOM STATE EMIRATE
ISLAMIC BATTALION MILITIA MILITIAS REBELS GUERRILLAS RESISTANCE LIBERATION REVOLUTIONARY
COMMANDOS FIGHTERS CELLS JAMAAT JAMAAT-UL JAISH JAYSH LASHKAR HARAKAT TANZIM HIZB KATAIB
COMMISSION PEOPLES PEOPLE'S WORKERS NATIONS CONFEDERATION CHAMBER BOARD TASK OBSERVATORY
DECLARATION WING UNIT UNITS CORPS SECURITY ADMINISTRATION AUTHORITIES MINISTRIES
""".split())
# Single-word aliases that are ordinary words in English or French, never aliases on their own.
COMMON_WORDS = set("""
THE AND FOR WITH FROM THAT THIS WILL WOULD SAID SAYS NEW OLD ONE TWO ALL ANY MAY CAN MUST
LIBRE PAIX PORTE MAIS AVEC POUR DANS SANS TOUT PLUS MOINS GRAND PETIT ETAT PAYS PRESIDENT
GENERAL NATIONAL ISLAMIC ARMY PARTY UNION FRONT GROUP PEOPLE CHANCE HOPE PEACE UNITY JUSTICE
FREEDOM LIBERTY ACTION FUTURE VISION TARGET APPLE ORANGE SHELL AMAZON GOOGLE
""".split())
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "du", "da", "das", "dos", "del",
                  "della", "di", "van", "von", "der", "den", "la", "le", "ter", "y", "ould",
                  "ag", "ben", "and", "of", "the", "for", "in", "on", "to", "et", "des", "du",
                  "a", "an", "at", "by"}
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

# Date of the conversion shown in README.md; a constant (not the clock) so that reruns give the
# same bytes: update it when the inputs or the converter change.
CONVERTED = "2026-11-23"


# -------------------------------------------------------------------------------- normalisation
def norm(s):
    """Lower case, no accents, hyphens/underscores as spaces, single spaces."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("\u2019", "'").replace("_", " ").replace("-", " ")
    s = re.sub(r"[,;()]", " ", s)
    return " ".join(s.split())


def norm_variants(s):
    """The key and its al-/el- variants, as the loader tries a leading particle both ways."""
    k = norm(s)
    out = {k}
    for p in ("al ", "el "):
        if k.startswith(p) and len(k) > len(p) + 2:
            out.add(k[len(p):])
    return out


def slug(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s or "x"


def phrase_words(phrase):
    """Phoenix phrase -> upper-case words: "JAMES_G._STAVRIDIS_" -> [JAMES, G., STAVRIDIS]."""
    phrase = phrase.replace("\t", "_").replace(" ", "_").replace("+", "_")
    words = []
    for w in phrase.split("_"):
        w = w.strip().strip(",;:()\"").strip()
        if not w or w in ("-", ".", "'"):
            continue
        words.append(w.upper())
    return words


def bare(w):
    return w.rstrip(".,").upper()


def is_title(w):
    b = bare(w)
    if b in TITLE_WORDS:
        return True
    if b.startswith("EX-"):
        return True
    parts = b.split("-")
    return len(parts) > 1 and all(p in TITLE_WORDS or p in DESCRIPTOR_WORDS for p in parts)


def cap_word(w, first, org):
    """Title-case one word: particles lower case, initials and Roman numerals kept."""
    if "-" in w and len(w) > 1:
        parts = w.split("-")
        out = [cap_word(p, first and i == 0, org) if p else p for i, p in enumerate(parts)]
        # al-Assad, el-Sisi: the particle stays lower case even after a hyphen
        return "-".join(out)
    low = w.lower()
    if w in ROMAN and not first:
        return w
    if re.fullmatch(r"([A-Z]\.)+", w):  # initials, U.N.
        return w
    if org and (len(w) <= 4 and not re.search(r"[AEIOUY]", w) or w in ("UN", "EU", "US", "UK",
                                                                          "NATO", "USA")):
        return w
    if low in NAME_PARTICLES and not first:
        return low
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    if "'" in low:  # O'Brien, d'Estaing; "children's" stays lower after the apostrophe
        i = low.index("'")
        head = low[:i]
        tail = low[i + 1:]
        if len(head) == 1 and tail:
            return head.upper() + "'" + tail[0].upper() + tail[1:]
        return head[:1].upper() + head[1:] + "'" + tail
    return low[:1].upper() + low[1:]


def display(words, org=False):
    if org and len(words) == 1 and "." not in words[0] and (
            len(words[0]) <= 4 or not re.search(r"[AEIOUY]", words[0])):
        # probable acronyms (IAEA, ACDF) stay upper case; longer words are title-cased
        # (GOOGLE -> Google) since an all-caps alias needs capitals in the text
        return words[0]
    return " ".join(cap_word(w, i == 0, org) for i, w in enumerate(words))


# ------------------------------------------------------------------------------------ dates
class DateErr(Exception):
    pass


def parse_date(s):
    if not s.isdigit() or len(s) not in (6, 8):
        raise DateErr(s)
    if len(s) == 6:
        yy = int(s[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        mm, dd = int(s[2:4]), int(s[4:6])
    else:
        year, mm, dd = int(s[:4]), int(s[4:6]), int(s[6:8])
    mdays = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
             31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= mm <= 12 and 1 <= dd <= mdays[mm - 1]):
        raise DateErr(s)
    return year * 10000 + mm * 100 + dd


def iso(d):
    return "%04d-%02d-%02d" % (d // 10000, d // 100 % 100, d % 100)


class Restriction:
    __slots__ = ("code", "start", "end", "dated")

    def __init__(self, code, start=None, end=None, dated=False):
        self.code, self.start, self.end, self.dated = code, start, end, dated

    def text(self):
        if not self.dated:
            return "[%s]" % self.code
        return "[%s %s..%s]" % (self.code, iso(self.start) if self.start else "",
                                iso(self.end) if self.end else "")

    def sort_key(self):  # most recent last: open end beats any end, then the later start
        return (self.end or 99999999, self.start or 0)


def parse_bracket(body, stats):
    """'AFGGOV >011222' -> Restriction; None for an unusable one (counted)."""
    body = body.strip()
    if not body:
        return None
    parts = body.split(None, 1)
    code = parts[0].strip()
    rest = parts[1].strip().replace(" ", "") if len(parts) > 1 else ""
    if not re.fullmatch(r"[A-Z]{3,}", code):
        stats["restriction with no usable code (e.g. [---])"] += 1
        return None
    if not rest:
        return Restriction(code)
    try:
        if rest[0] == "<":
            return Restriction(code, None, parse_date(rest[1:]), True)
        if rest[0] == ">":
            return Restriction(code, parse_date(rest[1:]), None, True)
        a, _, b = rest.partition("-")
        start, end = parse_date(a), parse_date(b)
        if end < start:
            stats["restriction dropped: end before start"] += 1
            return None
        return Restriction(code, start, end, True)
    except DateErr:
        stats["restriction dropped: unreadable date (e.g. 7 digits)"] += 1
        return None


# ---------------------------------------------------------------------------------- reading
class Group:
    """One Phoenix record: phrases (primary first), restrictions, comments, line number."""

    def __init__(self, line_no, section):
        self.line_no = line_no
        self.section = section
        self.phrases = []  # (words, is_primary)
        self.restr = []
        self.comments = []
        self.countryinfo = False

    def has_codes(self):
        return bool(self.restr)


def split_brackets(text):
    """'NAME [A][B 01-02] # c' -> ('NAME ', ['A', 'B 01-02'], 'c')."""
    comment = ""
    if "#" in text:
        text, _, comment = text.partition("#")
    bodies = re.findall(r"\[([^\]]*)\]?", text)
    head = text.split("[", 1)[0]
    return head, bodies, comment.strip()


def read_groups(path, stats):
    groups = []
    cur = None
    gap = True  # a blank or comment line since the last phrase
    section = ""
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                gap = True
                continue
            if line[0] in " \t" and re.match(r"\s+#\s*countryinfo", line, re.I):
                # a primary line whose name is missing ("  # CountryInfo.txt", Portugal):
                # its restrictions belong to nobody
                stats["skipped: record without a name (line '  # CountryInfo.txt')"] += 1
                cur = Group(no, section)  # a sink, not added to groups
                gap = True
                continue
            if line.lstrip(" \t").startswith("#"):
                m = re.match(r"\s*#{3,}\s*(.*?)\s*#*\s*$", line)
                if m and m.group(1):
                    section = m.group(1)
                gap = True
                continue
            head, bodies, comment = split_brackets(line)
            restr = [r for r in (parse_bracket(b, stats) for b in bodies) if r]
            stripped = head.strip()
            if line[0] in "\t " and not stripped:
                # restriction line
                if cur is None:
                    stats["stray restriction line before any record"] += 1
                    continue
                if not restr and not bodies:
                    continue
                cur.restr.extend(restr)
                if comment:
                    cur.comments.append(comment)
                continue
            if line[0] == "+" or (line[0] in "\t " and stripped):
                words = phrase_words(stripped.lstrip("+"))
                if cur is None:
                    stats["stray synonym before any record"] += 1
                    continue
                if words:
                    cur.phrases.append((words, False))
                cur.restr.extend(restr)
                if comment:
                    cur.comments.append(comment)
                gap = False
                continue
            # primary phrase
            ci = "countryinfo" in comment.lower()
            words = phrase_words(stripped)
            if not words:
                continue
            join = (cur is not None and not cur.has_codes() and not gap and not ci)
            if join:
                cur.phrases.append((words, False))
            else:
                cur = Group(no, section)
                cur.phrases.append((words, True))
                groups.append(cur)
            cur.countryinfo = cur.countryinfo or ci
            cur.restr.extend(restr)
            if comment and not ci:
                cur.comments.append(comment)
            gap = False
    return groups


# ---------------------------------------------------------------------------- hand-written data
def read_hand(repo):
    """Ids, names and aliases of the hand-written records (everything but phoenix/)."""
    base = os.path.join(repo, "data", "actors")
    paths = []
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "phoenix")
        paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".txt")]
    recs = []
    for p in sorted(paths):
        cur = None
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("[") and line.endswith("]"):
                    cur = {"id": line[1:-1].strip(), "names": [], "other": []}
                    recs.append(cur)
                    continue
                if cur is None or "=" not in line:
                    continue
                k, _, v = line.partition("=")
                k, v = k.strip(), v.strip()
                if k in ("type", "affiliation", "part_of"):
                    cur[k] = v
                elif k == "name":
                    cur["names"].append(v)
                elif k == "alias":
                    cur["names"] += [a.strip() for a in v.split(";") if a.strip()]
                elif k in ("metonym", "capital", "demonym", "epithet"):
                    cur["other"] += [a.strip() for a in v.split(";") if a.strip()]
    return recs


# ------------------------------------------------------------------------------------ records
class Rec:
    def __init__(self, type_, name, aff, sector, src, line_no):
        self.type, self.name, self.aff, self.sector = type_, name, aff, sector
        self.aliases = []
        self.posts = []
        self.restr = []
        self.src, self.line_no = src, line_no
        self.notes = []
        self.id = None
        self.countries = set()


class Converter:
    def __init__(self, src, repo):
        self.src, self.repo = src, repo
        self.stats = defaultdict(Counter)  # out file -> reason -> count
        hand = read_hand(repo)
        self.hand_ids = {r["id"] for r in hand}
        self.hand_countries = {r["id"] for r in hand if r.get("type") == "country"}
        self.hand_person_keys = set()
        self.hand_keys = set()  # every phrase of a hand record
        self.igo_ids = {}  # affiliation code -> hand organisation id (post = ROLE@id)
        for r in hand:
            for n in r["names"]:
                ks = norm_variants(n)
                self.hand_keys |= ks
                if r.get("type") == "person":
                    self.hand_person_keys |= ks
            for n in r["other"]:
                self.hand_keys |= norm_variants(n)
            if r.get("type") == "organisation" and not r.get("part_of") and r.get("affiliation"):
                self.igo_ids.setdefault(r["affiliation"], r["id"])
        self.valid_countries = set(self.hand_countries)
        self.given = set()

    # --- codes ---
    def country_of(self, code):
        c = COUNTRY_FIX.get(code[:3], code[:3])
        return c if c in self.valid_countries else None

    def analyse(self, code):
        """CAMEO code -> (affiliation or None, sector or None)."""
        root = code[:3]
        groups = [code[i:i + 3] for i in range(3, len(code), 3)]
        if root == "IGO":
            aff = "IGO"
            for g in groups:
                if g in IGO_ORG:
                    aff = IGO_ORG[g]
            return aff, "IGO"
        if root in ("NGO", "MNC"):
            sector = "NGO" if root == "NGO" else "BUS"
            if "MED" in groups:
                sector = "MED"
            if root == "NGO":
                return "NGO", sector
            country = next((self.country_of(g) for g in groups if self.country_of(g)), None)
            return country or "MNC", sector
        country = self.country_of(root)
        sector = None
        for g in groups:
            if g in SECTOR:
                sector = SECTOR[g]
                break
        if root == "MED" and not groups:
            return None, "MED"
        return country, sector

    # --- classification ---
    def orgish(self, words):
        return any(bare(w) in ORG_WORDS for w in words)

    def titled(self, words):
        return any(is_title(w) for w in words)

    def personish(self, words):
        return (len(words) >= 2 and not self.orgish(words) and not self.titled(words)
                and bare(words[0]) in self.given)

    def strip_leading_titles(self, words):
        i = 0
        while i < len(words) and (is_title(words[i]) or bare(words[i]) in DESCRIPTOR_WORDS):
            i += 1
        return words[i:]

    def learn_given_names(self, groups):
        c = Counter()
        for g in groups:
            if g.countryinfo:
                w = self.strip_leading_titles(g.phrases[0][0])
                if len(w) >= 2:
                    c[bare(w[0])] += 1
        self.given = {w for w, n in c.items() if n >= 2 and w not in ORG_WORDS
                      and w not in DESCRIPTOR_WORDS and w not in KEEP_IN_NAME}

    # --- conversion of one group ---
    def convert(self, g, src, out, kind):
        st = self.stats[out]
        if not g.restr:
            st["skipped: no code at all"] += 1
            return None
        primary = g.phrases[0][0]
        defaults = [r for r in g.restr if not r.dated]
        dated = sorted((r for r in g.restr if r.dated), key=Restriction.sort_key)
        # country records: primary code bare and a bare country code
        if kind == "countries" and len(g.restr) == 1 and not dated:
            code = g.restr[0].code
            if len(code) == 3 and (code in self.valid_countries or code in COUNTRY_FIX):
                iso3 = COUNTRY_FIX.get(code, code)
                if iso3 in self.hand_countries:
                    st["skipped: country record (hand-written country exists)"] += 1
                    return None
                return self.make_country(g, iso3, src, out)
            if len(code) == 6 and code[:3] in self.valid_countries and not self.orgish(primary) \
                    and code[3:] not in SECTOR:
                st["skipped: sub-national area or territory (6-letter code: BIHSRP, PSEGZA, USAASM)"] += 1
                return None
        # affiliation and sector: most recent dated restriction, else the default code
        aff = sector = None
        ordered = list(reversed(dated)) + defaults
        for r in ordered:
            a, s = self.analyse(r.code)
            if a:
                aff, sector = a, s
                break
        if not aff:
            st["skipped: no country or organisation in the code (region or group code)"] += 1
            return None
        # type
        if kind == "nonstate":
            type_ = "organisation"
            if sector is None or sector in ("GOV",):
                sector = "REB" if sector is None else sector
        elif g.countryinfo:
            type_ = "person"
        elif self.orgish(primary):
            type_ = "organisation"
        elif any(self.personish(w) for w, _ in g.phrases):
            type_ = "person"
        elif self.titled(primary):
            st["skipped: generic post phrase, not an actor (e.g. US_SECRETARY_OF_STATE_)"] += 1
            return None
        elif len(primary) >= 2 and dated and len(primary) <= 4:
            type_ = "person"
        else:
            type_ = "organisation"
        if type_ == "person":
            return self.make_person(g, aff, sector, dated, defaults, src, out)
        return self.make_org(g, aff, sector, src, out, kind)

    def clean_aliases(self, rec, candidates, st):
        seen = {norm(rec.name)}
        for words in candidates:
            if not words:
                continue
            text = display(words, org=rec.type != "person")
            k = norm(text)
            if k in seen:
                continue
            seen.add(k)
            if len(k.replace(" ", "")) <= 2:
                st["alias dropped: too short"] += 1
                continue
            if k in self.hand_keys or any(v in self.hand_keys for v in norm_variants(text)):
                st["alias dropped: names a hand-written record"] += 1
                continue
            if len(words) == 1 and bare(words[0]) in COMMON_WORDS:
                st["alias dropped: common word"] += 1
                continue
            rec.aliases.append(text)

    def make_person(self, g, aff, sector, dated, defaults, src, out):
        st = self.stats[out]
        phrases = [w for w, _ in g.phrases]
        # canonical name: the first phrase without title words, else the primary without its
        # leading titles (KEEP_IN_NAME words such as SHEIKH or LORD are kept)
        clean = [w for w in phrases if not self.titled(w)]
        name_words = clean[0] if clean else self.strip_leading_titles(phrases[0])
        if not name_words:
            st["skipped: generic post phrase, not an actor (e.g. US_SECRETARY_OF_STATE_)"] += 1
            return None
        known = {bare(w) for p in clean for w in p} | {bare(w) for w in name_words}
        known -= KEEP_IN_NAME | NAME_PARTICLES_UP
        aliases, roles = [], []
        for words in phrases:
            if words is name_words:
                continue
            if not self.titled(words):
                aliases.append(words)
                continue
            idx = next((i for i, w in enumerate(words) if bare(w) in known
                        and not any(is_title(x) for x in words[i:])), None)
            if idx is None:
                st["alias dropped: title without a name part"] += 1
                continue
            role = role_of(words[:idx])
            if role:
                roles.append(role)
            aliases.append(words[idx:])
            # "PRESIDENT_KARZAI_": the bare surname only when distinctive (checked later)
        if len(name_words) == 1 and bare(name_words[0]) in self.given:
            st["skipped: one-word name that is a common given name (FOREIGN_MINISTER_ABDULLAH_)"] += 1
            return None
        name = display(name_words)
        keys = norm_variants(name)
        if keys & self.hand_person_keys or any(
                len(a) >= 2 and norm_variants(display(a)) & self.hand_person_keys for a in aliases):
            st["skipped: person already hand-written"] += 1
            return None
        rec = Rec("person", name, aff, sector, src, g.line_no)
        rec.restr = dated + defaults
        rec.alias_words = aliases
        rec.roles = sorted(set(roles))
        rec.countries = {self.analyse(r.code)[0] for r in rec.restr} - {None}
        return rec

    def make_org(self, g, aff, sector, src, out, kind):
        st = self.stats[out]
        phrases = [w for w, _ in g.phrases]
        name = display(phrases[0], org=True)
        if name.upper() in ("MNC", "MNCS", "NGO", "NGOS", "IGO", "IGOS"):
            st["skipped: generic CAMEO type word (MNC_, NGO_)"] += 1
            return None
        # "US Secretary of State", "US Ambassador to the United Nations": a post, whose holder
        # the engine resolves at the article's date, not an organisation.
        if any(p in name.lower() for p in POST_PHRASES):
            st["skipped: generic post phrase, not an actor (e.g. US_SECRETARY_OF_STATE_)"] += 1
            return None
        if norm_variants(name) & self.hand_keys:
            st["skipped: organisation already hand-written"] += 1
            return None
        rec = Rec("organisation", name, aff, sector, src, g.line_no)
        rec.restr = sorted((r for r in g.restr if r.dated), key=Restriction.sort_key) + \
            [r for r in g.restr if not r.dated]
        keep = []
        for w in phrases[1:]:
            if self.personish(w):
                st["alias dropped: a person's name under an organisation"] += 1
            elif self.titled(w) and not self.titled(phrases[0]):
                st["alias dropped: post phrase under an organisation"] += 1
            else:
                keep.append(w)
        rec.alias_words = keep
        rec.roles = []
        rec.countries = {aff}
        return rec

    def make_country(self, g, iso3, src, out):
        name = display(g.phrases[0][0])
        rec = Rec("country", name, iso3, "GOV", src, g.line_no)
        rec.restr = list(g.restr)
        rec.alias_words = [w for w, _ in g.phrases[1:]]
        rec.roles = []
        rec.countries = {iso3}
        return rec

    # --- whole run ---
    def run(self, outdir):
        parsed = []
        for phx, out in FILES:
            st = self.stats[out]
            groups = read_groups(os.path.join(self.src, phx), st)
            parsed.append((phx, out, groups))
            if phx.startswith("Phoenix.Countries"):
                for g in groups:
                    if len(g.restr) == 1 and not g.restr[0].dated and len(g.restr[0].code) == 3:
                        self.valid_countries.add(COUNTRY_FIX.get(g.restr[0].code,
                                                                 g.restr[0].code))
                self.learn_given_names(groups)
        for c in list(COUNTRY_FIX):
            self.valid_countries.add(c)
        recs = []
        for phx, out, groups in parsed:
            kind = out.split(".")[0]
            st = self.stats[out]
            st["Phoenix records read"] += len(groups)
            for g in groups:
                r = self.convert(g, phx, out, kind)
                if r:
                    r.out = out
                    recs.append(r)
        recs = self.assign_ids(recs)
        self.finish_aliases(recs)
        self.write(recs, outdir)

    def assign_ids(self, recs):
        """phx_<name>; same name and a shared country merge; else _<affiliation>, then _2..."""
        by_id = OrderedDict()
        kept = []
        for r in recs:
            base = "phx_" + slug(r.name)
            if r.type == "country":
                base = "phx_" + r.aff.lower()
            cand = [base, base + "_" + slug(r.aff)]
            target = None
            for c in cand:
                o = by_id.get(c)
                if o is None:
                    target = c
                    break
                if o.type == r.type and (o.countries & r.countries):
                    self.merge(o, r)
                    self.stats[r.out]["merged into an earlier record with the same name"] += 1
                    target = False
                    break
            if target is False:
                continue
            if target is None:
                n = 2
                while base + "_" + slug(r.aff) + "_%d" % n in by_id:
                    n += 1
                target = base + "_" + slug(r.aff) + "_%d" % n
            if target in self.hand_ids:
                self.stats[r.out]["skipped: id collides with a hand-written id"] += 1
                continue
            r.id = target
            by_id[target] = r
            kept.append(r)
        return kept

    @staticmethod
    def merge(o, r):
        seen = {x.text() for x in o.restr}
        for x in r.restr:
            if x.text() not in seen:
                o.restr.append(x)
                seen.add(x.text())
        o.alias_words = o.alias_words + [r.name.split()] + r.alias_words
        o.roles = sorted(set(o.roles) | set(r.roles))
        o.countries |= r.countries
        o.notes.append("also %s line %d" % (r.src, r.line_no))
        o.merged_post_block = True

    def finish_aliases(self, recs):
        # a one-word person alias (a surname) must name one person only
        owners = defaultdict(set)
        for r in recs:
            if r.type != "person":
                continue
            toks = r.name.split()
            owners[norm(toks[-1])].add(r.id)
            for a in r.alias_words:
                if len(a) == 1:
                    owners[norm(a[0])].add(r.id)
        for r in recs:
            st = self.stats[r.out]
            cands = []
            for a in r.alias_words:
                if r.type == "person" and len(a) == 1:
                    if len(owners[norm(a[0])]) > 1 or len(a[0]) < 4:
                        st["alias dropped: surname shared by several persons"] += 1
                        continue
                cands.append(a)
            self.clean_aliases(r, cands, st)
            # posts: only when a synonym names exactly one post and one dated restriction fits
            r.post_lines = []
            if r.type == "person" and len(r.roles) == 1 and not getattr(r, "merged_post_block", 0):
                role = r.roles[0]
                if role == "secretary_general":
                    fit = [x for x in r.restr if x.dated and x.code.startswith("IGO")]
                else:
                    fit = [x for x in r.restr if x.dated and self.analyse(x.code)[1] == "GOV"
                           and self.analyse(x.code)[0] is not None]
                spans = {(x.start, x.end, self.analyse(x.code)[0]) for x in fit}
                # one restriction may cover several posts (Gromyko: RUSGOV 1957..1988 was
                # foreign minister, then head of state): a span longer than a plausible single
                # tenure gives no post
                limit = 45 if role == "head_of_state" else 15
                if len(spans) == 1 and (lambda s0, e0: s0 and (e0 or 20140130) // 10000 - s0 //
                                        10000 <= limit)(*next(iter(spans))[:2]):
                    start, end, org = next(iter(spans))
                    org_id = org if org in self.valid_countries else self.igo_ids.get(org)
                    if org_id:
                        r.post_lines.append("%s@%s %s..%s" % (
                            role, org_id, iso(start) if start else "", iso(end) if end else ""))
                        st["posts emitted (from a titled synonym + one dated restriction)"] += 1

    def write(self, recs, outdir):
        os.makedirs(outdir, exist_ok=True)
        for phx, out in FILES:
            rs = sorted((r for r in recs if r.out == out), key=lambda r: r.id)
            lines = ["# GENERATED by tools/convert_phoenix.py from %s; DO NOT EDIT" % phx,
                     "# Actor records converted from the Phoenix/PETRARCH-2 dictionaries (MIT,",
                     "# openeventdata/petrarch2, see LICENSE and README.md in this folder). Format:",
                     "# data/actors/FORMAT.md. Hand-written records take precedence over these.",
                     "# '# phoenix:' lines give Phoenix's code restrictions for reviewers; no post",
                     "# is inferred from them. Phoenix data stop in early 2014: an open end means",
                     "# 'still in post when Phoenix was compiled', not today.", ""]
            for r in rs:
                lines.append("[%s]" % r.id)
                lines.append("name = %s" % r.name)
                lines.append("type = %s" % r.type)
                lines.append("affiliation = %s" % r.aff)
                if r.sector:
                    lines.append("sector = %s" % r.sector)
                if r.aliases:
                    lines.append("alias = %s" % "; ".join(a.replace(";", ",") for a in r.aliases))
                for p in r.post_lines:
                    lines.append("post = %s" % p)
                restr = " ".join(x.text() for x in r.restr)
                note = "; ".join(r.notes)
                lines.append("# phoenix: %s (%s line %d%s)" % (
                    restr, r.src.replace("Phoenix.", "").replace(".actors.txt", ""), r.line_no,
                    "; " + note if note else ""))
            with open(os.path.join(outdir, out), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            st = self.stats[out]
            st["records written"] = len(rs)
            for t in ("person", "organisation", "country"):
                st["records written: %s" % t] = sum(1 for r in rs if r.type == t)
        shutil.copyfile(os.path.join(self.src, "LICENSE"), os.path.join(outdir, "LICENSE"))
        self.write_readme(outdir)

    def write_readme(self, outdir):
        L = ["# Phoenix actor records (GENERATED; DO NOT EDIT)", "",
             "The `*.txt` files here are generated by `tools/convert_phoenix.py` from the",
             "Phoenix/PETRARCH-2 actor dictionaries (GitHub `openeventdata/petrarch2`, commit",
             "`676801cd9cb2924bbbad09f86d15c9323e7097bf`, folder `petrarch2/data/dictionaries/`;",
             "MIT licence, `LICENSE` here, copied from that repository). Edit the converter or the",
             "hand-written files, never these; rerun with `python3 tools/convert_phoenix.py`",
             "(it reads `../shared/data/phoenix-dictionaries/` by default). The output is sorted and",
             "deterministic. The people and posts stop around January 2014. Converted on " +
             CONVERTED + ".", "",
             "## What is converted, and how", "",
             "- `countries.txt` from `Phoenix.Countries.actors.txt`: office holders (CountryInfo)",
             "  and national bodies. Country records are skipped when a hand-written country has",
             "  the ISO3 (all UN members); the other territories become `phx_<iso3>` countries.",
             "- `international.txt` from `Phoenix.International.actors.txt`: IGOs, NGOs, companies",
             "  and media, and IGO officials as persons.",
             "- `nonstate.txt` from `Phoenix.MilNonState.actors.txt`: armed non-state groups",
             "  (sector REB) whose code names a country; region/`IMG` codes are left out.",
             "- Ids are `phx_<name>` (`_<affiliation>` and then `_2`... on a clash between different",
             "  actors; same name with a shared country code is merged). Hand-written records win:",
             "  persons and organisations whose name matches a hand-written name or alias are",
             "  skipped, and aliases that name a hand-written record are dropped.",
             "- Affiliation and sector come from the most recent dated code restriction (else the",
             "  default code). CAMEO IGO codes map to our codes (table `IGO_ORG` in the script:",
             "  IGOWSTNAT -> NATO, IGOUNO -> UN, IGOEUREEC -> EU, IGOAFRAFU -> AU, IGOMEAARL -> ARL,",
             "  IGOWAFWAS -> ECOWAS...); NGOs get affiliation `NGO`, companies their country or",
             "  `MNC`. Role codes: GOV MIL LEG JUD COP REB BUS MED CVL IGO as such, SPY -> COP,",
             "  OPP and ELI -> no sector.",
             "- Synonyms become aliases; a synonym with a title (`PRESIDENT_KARZAI_`) keeps only the",
             "  name part, and a one-word alias (surname) is kept only when no other person has it.",
             "- Posts are not inferred from the codes (GOV does not say which post). A `post =` line",
             "  is written only when a synonym names the post (PRESIDENT_X_, PRIME_MINISTER_X_,",
             "  FOREIGN_MINISTER_X_, DEFENSE_MINISTER_X_, SECRETARY-GENERAL_X_) and exactly one dated",
             "  restriction fits it. All restrictions are kept as `# phoenix:` comments.",
             "", "## Counts (last run)", ""]
        for phx, out in FILES:
            L.append("### %s (from %s)" % (out, phx))
            L.append("")
            for k, v in sorted(self.stats[out].items()):
                L.append("- %s: %d" % (k, v))
            L.append("")
        with open(os.path.join(outdir, "README.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(L))


NAME_PARTICLES_UP = {p.upper() for p in NAME_PARTICLES}


def role_of(words):
    """The post named by the title words before a name, or None."""
    t = " ".join(bare(w) for w in words).replace("-", " ")
    t = " " + t + " "
    if " VICE PRESIDENT " in t:
        return "vice_president"
    if " PRIME MINISTER " in t or " PREMIER " in t:
        return "head_of_government"
    if " FOREIGN MINISTER " in t:
        return "foreign_minister"
    if " DEFENSE MINISTER " in t or " DEFENCE MINISTER " in t:
        return "defence_minister"
    if " INTERIOR MINISTER " in t:
        return "interior_minister"
    if " SECRETARY GENERAL " in t:
        return "secretary_general"
    if " PRESIDENT " in t or " PRESIDENT," in t:
        if any(x in t for x in (" FORMER ", " EX ", " ELECT ", " CANDIDATE ")):
            return None
        return "head_of_state"
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(repo, "..", "shared", "data",
                                                  "phoenix-dictionaries"))
    ap.add_argument("--repo", default=repo)
    a = ap.parse_args()
    conv = Converter(os.path.normpath(a.src), a.repo)
    conv.run(os.path.join(a.repo, "data", "actors", "phoenix"))
    for phx, out in FILES:
        st = conv.stats[out]
        print("%s: %d records (%d persons, %d organisations, %d countries)" % (
            out, st["records written"], st["records written: person"],
            st["records written: organisation"], st["records written: country"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
