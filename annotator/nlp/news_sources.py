"""News agencies, newspapers and broadcasters named as the source of a report, and whom they
speak for, as the written labelling rules read them (`tests/fixtures/gold/README.md`, "a news
agency, newspaper or broadcaster as the source"):

* an outlet that reports ("..., Yonhap said", "according to Reuters", "South Korea's Yonhap
  news agency reported") carries a statement, it does not make it: the holder is whoever it
  reports, named in the sentence or before it, as if the outlet were not named; the state
  that owns or hosts it ("South Korea's Yonhap", "Japanese media") is neither who speaks nor
  whom the statement is for or against;
* state media are how their state speaks: a state news agency or a ruling party's paper
  ("KCNA said", "according to Xinhua"), or any outlet the sentence calls state-run, official
  or the government's ("Russian state media reported", "Iraq's official news agency"), holds
  for that state where the sentence names no other speaker; "the Iraqi News Agency", a
  national agency named after its state, is one too.
Plain text, no spaCy.
"""

from __future__ import annotations

import re

from annotator.nlp.reporting import REPORTING_VERB

# State news agencies and a state's or its ruling party's own media, by the names news uses
STATE_MEDIA = {
    "KCNA": "PRK", "Korean Central News Agency": "PRK", "Rodong Sinmun": "PRK",
    "Korean Central Television": "PRK", "KCTV": "PRK",
    "Xinhua": "CHN", "Xinhua News Agency": "CHN", "People's Daily": "CHN",
    "People’s Daily": "CHN", "China Central Television": "CHN",
    "TASS": "RUS", "Tass": "RUS", "ITAR-TASS": "RUS", "Itar-Tass": "RUS", "RIA Novosti": "RUS",
    "IRNA": "IRN", "Islamic Republic News Agency": "IRN", "IRIB": "IRN", "Press TV": "IRN",
    "SANA": "SYR", "Syrian Arab News Agency": "SYR",
    "Middle East News Agency": "EGY", "Saudi Press Agency": "SAU",
    "WAM": "ARE", "Emirates News Agency": "ARE", "KUNA": "KWT", "Kuwait News Agency": "KWT",
    "QNA": "QAT", "Qatar News Agency": "QAT", "Anadolu": "TUR", "Anadolu Agency": "TUR",
    "Vietnam News Agency": "VNM", "Prensa Latina": "CUB", "Granma": "CUB",
    "Bernama": "MYS", "Antara": "IDN",
}
# Agencies, papers and broadcasters that report and speak for no state
PRESS = frozenset({
    "Yonhap", "Yonhap News", "Yonhap News Agency", "Kyodo", "Kyodo News", "Jiji", "Jiji Press",
    "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Bloomberg",
    "Interfax", "UPI", "United Press International", "dpa", "DPA", "ANSA", "EFE",
    "Press Association", "PTI", "Press Trust of India", "AAP", "NHK", "BBC", "CNN", "NBC",
    "CBS", "ABC", "NPR", "Al Jazeera", "Al-Jazeera", "Politico", "Axios"})
# The last word of an outlet's name ("NBC News", "the Washington Post", "Fox News")
_OUTLET_WORDS = frozenset({"News", "Times", "Post", "Daily", "Journal", "Herald", "Tribune",
                           "Television", "TV", "Radio", "Media", "Gazette", "Telegraph",
                           "Newspaper", "Newswire", "Wire"})
# What makes an outlet the state's: "state media", "state-run", "the official news agency"
STATE_WORDS = re.compile(r"\b(?:state|state-run|state-owned|state-controlled|government|"
                         r"government-run|(?<!semi-)official|party)\b", re.IGNORECASE)
# A state named as an outlet's owner or home, before what the outlet is: "South Korea's Yonhap
# news agency", "Japan's Kyodo News", "the South Korean news agency Yonhap", "Japanese media",
# "Egypt's state-run Al-Ahram newspaper". Between them only words that say what kind of outlet
# it is, or its name ("Russia's defense ministry told media" is the ministry speaking).
_KIND = (r"state|state-run|state-owned|state-controlled|official|semi-official|government|"
         r"government-run|party|pro-government|national|private|independent|local|main|leading|"
         r"largest|biggest|public|daily|business|financial|online|English-language")
_OWNED = re.compile(rf"(?:['’]s)?(?P<gap>(?:\s+(?:{_KIND}|[A-Z][\w'’-]*)){{0,3}}?)\s+"
                    r"(?P<head>news\s+agency|news\s+service|newspaper|daily|tabloid|broadcaster|"
                    r"television|TV|radio|media|news\s+(?:outlet|site|website|channel)|"
                    r"News(?:\s+Agency)?|Press(?:\s+Agency)?)(?![\w-])"
                    r"(?P<after>(?:\s+[A-Z][\w'’-]*){0,3})")


def state_of_source(name: str) -> str | None:
    """The state a news source named so speaks for ("KCNA", "Xinhua"), if it is state media."""
    return STATE_MEDIA.get(name.strip())


def reporter(name: str) -> bool:
    """Whether a name at a reporting verb is a news outlet that only reports ("Yonhap",
    "Reuters", "NBC News"), not state media nor anyone who makes a statement."""
    name = name.strip()
    if name.startswith("The "):
        name = name[4:]
    if name in STATE_MEDIA or (name.endswith(("News Agency", "Press Agency"))
                               and name.split()[0] not in PRESS):
        return False
    words = name.split()
    return name in PRESS or words[0] in PRESS or (len(words) > 1 and words[-1] in _OUTLET_WORDS)


def owns_an_outlet(text: str, end: int) -> bool:
    """Whether the state named at `text[:end]` is named as the owner or home of a news
    outlet that only reports ("South Korea's Yonhap news agency", "Japanese media"), not of
    state media ("North Korean state media", "China's official Xinhua news agency", "the
    Iraqi News Agency")."""
    found = _OWNED.match(text, end)
    if found is None:
        return False
    gap, head, after = found.group("gap"), found.group("head"), found.group("after")
    if STATE_WORDS.search(gap):
        return False
    names = gap.split() + after.split()
    if any(state_of_source(" ".join(names[i:j])) for i in range(len(names))
           for j in range(i + 1, len(names) + 1)):
        return False
    if head[0].isupper():  # "the Iraqi News Agency": a national agency named after its state
        words = (gap + " " + head + after).split()
        return any(" ".join(words[i:j]) in PRESS for i in range(len(words))
                   for j in range(i + 1, len(words) + 1))
    return True


_OUTLET_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*)(?:\s+news\s+agency)?"
                            r"\s+(?:also\s+)?$|(?:news\s+agency|newspaper|daily|broadcaster|"
                            r"television|TV|radio|media)\s+(?:also\s+)?$")


def by_outlet(text: str, at: int) -> bool:
    """Whether the reporting verb at `text[at:]` has a news outlet as its subject ("...,
    Yonhap said", "Japanese media reported", "a state-owned Egyptian newspaper said", "KCNA
    said"): it does not make the actor nearest to it the speaker."""
    found = _OUTLET_BEFORE.search(text, max(0, at - 60), at)
    if found is None:
        return False
    return not found.group(1) or reporter(found.group(1)) \
        or state_of_source(found.group(1)) is not None


def names_an_outlet(text: str, end: int) -> bool:
    """Whether the state named at `text[:end]` is named as the owner or home of a news
    outlet, state media too ("North Korean state media", "Russia's state-run RIA Novosti")."""
    return _OWNED.match(text, end) is not None


_NAMES = "|".join(re.escape(n) for n in sorted(STATE_MEDIA, key=len, reverse=True))
# State media named as the source of the sentence: "..., KCNA said", "the official Xinhua news
# agency reported", "according to state-run IRNA", '..., said KCNA'
_STATE_SOURCE = re.compile(  # names as written ("Granma" the paper, not "granma")
    rf"(?<![\w'’-])(?P<a>{_NAMES})(?:\s+news\s+agency)?\s+(?:also\s+)?{REPORTING_VERB}\b"
    rf"|\b[Aa]ccording\s+to\s+(?:the\s+)?(?:(?:official|state|state-run)\s+)*(?P<b>{_NAMES})"
    rf"(?![\w-])|[,”\"]\s*{REPORTING_VERB}\s+(?:the\s+)?(?:(?:official|state|state-run)\s+)*"
    rf"(?P<c>{_NAMES})(?![\w-])")
_ANY_REPORT = re.compile(rf"\b(?:{REPORTING_VERB}|[Aa]ccording\s+to)\b")


# Where the actor named is asked or judged ("must", "should", "is"), the state media speak;
# where it binds itself or acts ("will", "vowed", "fired"), they report it speaking or acting
_SPOKEN_OF = frozenset({"must", "should", "needs", "need", "ought", "is", "are", "was", "were",
                        "isn't", "isn’t", "aren't", "aren’t", "wasn't", "wasn’t"})
_OWN_COURSE = frozenset({"will", "would", "shall", "can", "could", "may", "might", "won't",
                         "won’t", "cannot", "plans", "intends", "has", "have", "had"})
_WORD = re.compile(r"[\w'’-]+")


def state_source(sentence: str) -> str | None:
    """The state whose state media the sentence names as its only source, where the actor
    it names is asked or judged ("The United States must end its hostile policy, KCNA said",
    "The sanctions are illegal, Xinhua said": North Korea's, China's). None where another
    reporting verb names a speaker ("Kim said ..., KCNA reported"), where the actor named
    binds itself or acts before any "must" or copula ("Nepal will ..., Xinhua said",
    "Kurdish fighters vowed to ..., Anadolu reported": theirs, reported), or where the
    sentence names no state media."""
    found = _STATE_SOURCE.search(sentence)
    if found is None or len(_ANY_REPORT.findall(sentence)) > 1:
        return None
    rest = sentence[:found.start()] + " " + sentence[found.end():]
    for word in _WORD.findall(rest):
        if word in _SPOKEN_OF:
            break
        if word in _OWN_COURSE or (word.islower() and (
                word.endswith("ed") or _ANY_REPORT.fullmatch(word))):
            return None
    return STATE_MEDIA[next(g for g in found.group("a", "b", "c") if g)]
