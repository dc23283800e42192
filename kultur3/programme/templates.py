"""The default framework of a programme: the four questions, eight value areas, focus areas.

Wording comes from the call for participation and the 2021 project report (see DOMAIN.md).
Programmes copy these on creation and may edit them afterwards.
"""

from __future__ import annotations

from kultur3.programme import template_texts

QUESTIONS: list[dict] = [
    {
        "number": 1,
        "texts": {
            "nb": "Hvordan ønsker vi at kulturskolen skal fremstå?",
            "nn": "Korleis ønskjer vi at kulturskulen skal framstå?",
            "en": "How do we want the culture school to be seen?",
        },
        "help_texts": {
            "nb": "Beskriv ønsket posisjon og rolle i kommunen, med egne ord.",
            "nn": "Beskriv den posisjonen og rolla de ønskjer i kommunen, med eigne ord.",
            "en": "Describe the position and role you want in the municipality, in your own words.",
        },
    },
    {
        "number": 2,
        "texts": {
            "nb": "Hvordan ser det ut når kulturskolen har den rollen og posisjonen som er ønskelig?",
            "nn": "Korleis ser det ut når kulturskulen har den rolla og posisjonen som er ønskt?",
            "en": "What does it look like when the culture school has the role and position we want?",
        },
        "help_texts": {
            "nb": "Konkrete tegn: hva ser, hører og merker innbyggerne da? Dette er ønsket situasjon.",
            "nn": "Konkrete teikn: kva ser, høyrer og merkar innbyggjarane då? Dette er ønskt situasjon.",
            "en": "Concrete signs: what do residents see, hear and notice? This is the desired state.",
        },
    },
    {
        "number": 3,
        "texts": {
            "nb": "Hvordan oppleves kulturskolen i forhold til dette målbildet akkurat nå?",
            "nn": "Korleis vert kulturskulen opplevd i høve til dette målbiletet akkurat no?",
            "en": "How is the culture school experienced against this target picture right now?",
        },
        "help_texts": {
            "nb": "Vær ærlige: dette er nåsituasjonen, ikke en karakter.",
            "nn": "Ver ærlege: dette er nosituasjonen, ikkje ein karakter.",
            "en": "Be honest: this is the current state, not a grade.",
        },
    },
    {
        "number": 4,
        "texts": {
            "nb": "Hva skal til for å fylle gapet mellom disse to bildene?",
            "nn": "Kva skal til for å fylle gapet mellom desse to bileta?",
            "en": "What does it take to close the gap between these two pictures?",
        },
        "help_texts": {
            "nb": "Gjør gapene om til tiltak med ansvarlig og frist.",
            "nn": "Gjer gapa om til tiltak med ansvarleg og frist.",
            "en": "Turn the gaps into actions with an owner and a deadline.",
        },
    },
]

VALUE_AREAS: list[dict] = [
    {"key": "attraktiv", "names": {"nb": "Attraktiv og relevant", "nn": "Attraktiv og relevant",
                                   "en": "Attractive and relevant"}},
    {"key": "inkluderende", "names": {"nb": "Inkluderende og mangfoldig",
                                      "nn": "Inkluderande og mangfaldig",
                                      "en": "Inclusive and diverse"}},
    {"key": "utviklende", "names": {"nb": "Utviklende og skapende", "nn": "Utviklande og skapande",
                                    "en": "Developing and creative"}},
    {"key": "betydningsfull", "names": {"nb": "Betydningsfull og mestringsorientert",
                                        "nn": "Betydingsfull og meistringsorientert",
                                        "en": "Meaningful and mastery-oriented"}},
    {"key": "samskaping", "names": {"nb": "Samskaping og medvirkning",
                                    "nn": "Samskaping og medverknad",
                                    "en": "Co-creation and participation"}},
    {"key": "brukeren", "names": {"nb": "Brukeren i sentrum", "nn": "Brukaren i sentrum",
                                  "en": "The user at the centre"}},
    {"key": "baerekraft", "names": {"nb": "Bærekraft", "nn": "Berekraft", "en": "Sustainability"}},
    {"key": "helhet", "names": {"nb": "Helhet og sammenheng", "nn": "Heilskap og samanheng",
                                "en": "Coherence across sectors and the life course"}},
]
for _area in VALUE_AREAS:
    _area["descriptions"] = template_texts.descriptions(_area["key"])
    _area["level_texts"] = template_texts.level_texts(_area["key"])
    _area["survey_statements"] = dict(template_texts.SURVEY_STATEMENTS[_area["key"]])

FOCUS_AREAS: list[dict] = [
    {"key": "mangfold", "names": {"nb": "Kulturskolen som arena for mangfold og inkludering",
                                  "nn": "Kulturskulen som arena for mangfald og inkludering",
                                  "en": "The culture school as an arena for diversity and inclusion"}},
    {"key": "oppvekst", "names": {"nb": "Kulturskolens plass i et helhetlig oppveksttilbud",
                                  "nn": "Kulturskulen sin plass i eit heilskapleg oppveksttilbod",
                                  "en": "The culture school's place in a coherent offer for children "
                                        "and youth"}},
    {"key": "helse", "names": {"nb": "Kulturskolen i samspill med helsesektoren",
                               "nn": "Kulturskulen i samspel med helsesektoren",
                               "en": "The culture school working with the health sector"}},
    {"key": "kunstaktorer", "names": {"nb": "Kulturskolen i samspill med lokale kunst- og "
                                            "kulturaktører",
                                      "nn": "Kulturskulen i samspel med lokale kunst- og "
                                            "kulturaktørar",
                                      "en": "The culture school working with local arts and culture "
                                            "actors"}},
    {"key": "ressurssenter", "names": {"nb": "Kulturskolen som ressurssenter",
                                       "nn": "Kulturskulen som ressurssenter",
                                       "en": "The culture school as a resource centre"}},
    {"key": "livslop", "names": {"nb": "Livsløpsperspektivet", "nn": "Livsløpsperspektivet",
                                 "en": "The life-course perspective"}},
]


# Templates a new programme can start from (python -m kultur3 programme create --template KEY).
TEMPLATES: dict[str, str] = {"kulturskole-3.0": "Kulturskole 3.0"}
DEFAULT_TEMPLATE = "kulturskole-3.0"


def generic_level_texts() -> dict[str, dict[str, str]]:
    """Level texts for a new area with no texts of its own yet: the 1.0 -> 3.0 ladder."""
    return {
        "1": {"nb": "1.0: Kulturskolen gjør dette alene; andre er ikke involvert.",
              "nn": "1.0: Kulturskulen gjer dette åleine; andre er ikkje involverte.",
              "en": "1.0: The school does this alone; nobody else is involved."},
        "2": {"nb": "Første kontakter og forsøk med andre.",
              "nn": "Første kontaktar og forsøk med andre.",
              "en": "First contacts and trials with others."},
        "3": {"nb": "2.0: Serviceinnstilt, men prosjektbasert og personavhengig.",
              "nn": "2.0: Serviceinnstilt, men prosjektbasert og personavhengig.",
              "en": "2.0: Service-minded, but project-based and person-dependent."},
        "4": {"nb": "Faste rutiner som virker, men som ikke står i planer og budsjett.",
              "nn": "Faste rutinar som verkar, men som ikkje står i planar og budsjett.",
              "en": "Regular routines that work, but are not in plans and budgets."},
        "5": {"nb": "3.0: Gjøres sammen med innbyggere og sektorer; forankret i planer og budsjett.",
              "nn": "3.0: Vert gjort saman med innbyggjarar og sektorar; forankra i planar og "
                    "budsjett.",
              "en": "3.0: Done together with residents and sectors; anchored in plans and "
                    "budgets."},
    }


def localized(texts: dict, lang: str) -> str:
    """Pick a language from a {lang: text} dict, falling back to bokmål, then anything."""
    return texts.get(lang) or texts.get("nb") or next(iter(texts.values()), "")
