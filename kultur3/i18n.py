"""UI text in bokmål (default), nynorsk and English. Every visible string goes through t()."""

from __future__ import annotations

LANGS = ("nb", "nn", "en")
DEFAULT_LANG = "nb"
LANG_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}

# key: (bokmål, nynorsk, English)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "app.title": ("Kulturskole 3.0", "Kulturskule 3.0", "Culture School 3.0"),
    "app.language": ("Språk", "Språk", "Language"),
    "app.programme": ("Program", "Program", "Programme"),
    "app.logout": ("Logg ut", "Logg ut", "Log out"),
    "app.logged_in_as": ("Innlogget som {name} ({role})", "Innlogga som {name} ({role})",
                         "Logged in as {name} ({role})"),
    "app.demo_banner": (
        "Demodata: kommunenavnene er ekte, men alle svar, skårer, personer og tiltak er oppdiktet.",
        "Demodata: kommunenamna er ekte, men alle svar, skårar, personar og tiltak er oppdikta.",
        "Demo data: the municipality names are real, but all answers, scores, people and actions "
        "are invented."),
    "app.no_programme": ("Det finnes ingen program ennå.", "Det finst ingen program enno.",
                         "There is no programme yet."),
    "role.admin": ("administrator", "administrator", "administrator"),
    "role.facilitator": ("fasilitator", "fasilitator", "facilitator"),
    "role.group": ("kommunegruppe", "kommunegruppe", "municipal group"),
    "role.leader": ("leder", "leiar", "leader"),
    "page.login": ("Logg inn", "Logg inn", "Log in"),
    "page.group_home": ("Vår kommune", "Vår kommune", "Our municipality"),
    "page.facilitator_home": ("Samlinger", "Samlingar", "Gatherings"),
    "page.overview": ("Oversikt", "Oversikt", "Overview"),
    "page.admin_home": ("Administrasjon", "Administrasjon", "Administration"),
    "login.heading": ("Logg inn i Kulturskole 3.0", "Logg inn i Kulturskule 3.0",
                      "Log in to Culture School 3.0"),
    "login.username": ("Brukernavn", "Brukarnamn", "Username"),
    "login.password": ("Passord", "Passord", "Password"),
    "login.submit": ("Logg inn", "Logg inn", "Log in"),
    "login.failed": ("Feil brukernavn eller passord.", "Feil brukarnamn eller passord.",
                     "Wrong username or password."),
    "login.empty": ("Skriv inn brukernavn og passord.", "Skriv inn brukarnamn og passord.",
                    "Enter your username and password."),
    "login.locked": (
        "For mange mislykkede forsøk. Kontoen er låst til kl. {until}. Prøv igjen senere.",
        "For mange mislukka forsøk. Kontoen er låst til kl. {until}. Prøv igjen seinare.",
        "Too many failed attempts. The account is locked until {until}. Try again later."),
    "login.required": ("Du må logge inn for å se denne siden.",
                       "Du må logge inn for å sjå denne sida.",
                       "You need to log in to see this page."),
    "login.go_to_login": ("Gå til innlogging", "Gå til innlogging", "Go to login"),
    "login.demo_hint": (
        "Demo: logg inn som «admin», «fasilitator», «leder» eller «kommune-3203» (Asker) "
        "med passordet «{password}».",
        "Demo: logg inn som «admin», «fasilitator», «leder» eller «kommune-3203» (Asker) "
        "med passordet «{password}».",
        "Demo: log in as «admin», «fasilitator», «leder» or «kommune-3203» (Asker) "
        "with the password «{password}»."),
    "error.generic": ("Noe gikk galt. Ingenting er lagret.", "Noko gjekk gale. Ingenting er lagra.",
                      "Something went wrong. Nothing was saved."),
    "error.config": ("Appen er feil satt opp.", "Appen er feil sett opp.",
                     "The app is misconfigured."),
    "error.not_found": ("Fant ikke det du lette etter.", "Fann ikkje det du leita etter.",
                        "Not found."),
    "error.permission_denied": ("Du har ikke tilgang til dette.", "Du har ikkje tilgang til dette.",
                                "You do not have access to this."),
    "error.invalid_input": ("Ugyldig verdi i «{field}». Ingenting er lagret.",
                            "Ugyldig verdi i «{field}». Ingenting er lagra.",
                            "Invalid value in «{field}». Nothing was saved."),
    "error.too_long": ("Teksten i «{field}» er for lang (høyst {limit} tegn). Ingenting er lagret.",
                       "Teksten i «{field}» er for lang (høgst {limit} teikn). Ingenting er lagra.",
                       "The text in «{field}» is too long (at most {limit} characters). "
                       "Nothing was saved."),
    "error.empty": ("«{field}» kan ikke være tomt.", "«{field}» kan ikkje vere tomt.",
                    "«{field}» cannot be empty."),
    "error.conflict": ("Noen andre lagret dette samtidig. Ingenting er overskrevet.",
                       "Nokon andre lagra dette samstundes. Ingenting er overskrive.",
                       "Someone else saved this at the same time. Nothing was overwritten."),
    "error.password_short": ("Passordet må ha minst {limit} tegn.",
                             "Passordet må ha minst {limit} teikn.",
                             "The password must have at least {limit} characters."),
    "error.password_long": ("Passordet kan ha høyst {limit} byte.",
                            "Passordet kan ha høgst {limit} byte.",
                            "The password can have at most {limit} bytes."),
    "error.password_is_username": ("Passordet kan ikke være brukernavnet.",
                                   "Passordet kan ikkje vere brukarnamnet.",
                                   "The password cannot be the username."),
    "error.group_needs_municipality": ("En kommunegruppebruker må høre til én kommune.",
                                       "Ein kommunegruppebrukar må høyre til éin kommune.",
                                       "A group user must belong to one municipality."),
    "error.unknown_municipality": ("Ukjent kommunenummer: {number}.",
                                   "Ukjent kommunenummer: {number}.",
                                   "Unknown municipality number: {number}."),
    "error.username_taken": ("Brukernavnet «{username}» er i bruk.",
                             "Brukarnamnet «{username}» er i bruk.",
                             "The username «{username}» is taken."),
    "error.csv_row": ("Ugyldig rad {line} i CSV-fila. Ingenting er importert.",
                      "Ugyldig rad {line} i CSV-fila. Ingenting er importert.",
                      "Invalid row {line} in the CSV file. Nothing was imported."),
    "common.municipality": ("Kommune", "Kommune", "Municipality"),
    "common.number": ("Kommunenr.", "Kommunenr.", "Municipality no."),
    "common.county": ("Fylke", "Fylke", "County"),
    "common.focus_area": ("Fokusområde", "Fokusområde", "Focus area"),
    "common.value_area": ("Verdiområde", "Verdiområde", "Value area"),
    "common.desired": ("Ønsket situasjon", "Ønskt situasjon", "Desired state"),
    "common.current": ("Nåsituasjon", "Nosituasjon", "Current state"),
    "common.gap": ("Gap", "Gap", "Gap"),
    "common.total_gap": ("Samlet gap", "Samla gap", "Total gap"),
    "common.gathering": ("Samling", "Samling", "Gathering"),
    "common.date": ("Dato", "Dato", "Date"),
    "common.status": ("Status", "Status", "Status"),
    "common.name": ("Navn", "Namn", "Name"),
    "common.role_in_group": ("Rolle i gruppa", "Rolle i gruppa", "Role in the group"),
    "common.sector": ("Sektor", "Sektor", "Sector"),
    "common.coordinator": ("Koordinator", "Koordinator", "Coordinator"),
    "common.actions_done": ("Tiltak ferdig", "Tiltak ferdige", "Actions done"),
    "common.largest_gap": ("Største gap", "Største gap", "Largest gap"),
    "common.latest_gathering": ("Siste samling", "Siste samling", "Latest gathering"),
    "common.choose_municipality": ("Velg kommune", "Vel kommune", "Choose municipality"),
    "common.not_available": ("–", "–", "–"),
    "common.show_table": ("Vis som tabell", "Vis som tabell", "Show as table"),
    "group.heading": ("Kommunegruppa i {name}", "Kommunegruppa i {name}",
                      "The municipal group in {name}"),
    "group.members": ("Medlemmer", "Medlemmer", "Members"),
    "group.no_members": ("Gruppa har ingen medlemmer ennå.", "Gruppa har ingen medlemmar enno.",
                         "The group has no members yet."),
    "group.latest_radar": ("Gapradar fra {title} ({date})", "Gapradar frå {title} ({date})",
                           "Gap radar from {title} ({date})"),
    "group.no_scores": ("Ingen skårer ennå. Radaren vises når gruppa har skåret.",
                        "Ingen skårar enno. Radaren vert vist når gruppa har skåra.",
                        "No scores yet. The radar appears once the group has scored."),
    "group.radar_alt": (
        "Radardiagram: ønsket situasjon (heltrukken linje) og nåsituasjon (stiplet linje) per "
        "verdiområde på en skala fra 1 til 5. Samme tall står i tabellen.",
        "Radardiagram: ønskt situasjon (heiltrekt linje) og nosituasjon (stipla linje) per "
        "verdiområde på ein skala frå 1 til 5. Same tal står i tabellen.",
        "Radar chart: desired state (solid line) and current state (dashed line) per value area "
        "on a scale from 1 to 5. The same figures are in the table."),
    "facilitator.heading": ("Samlinger og svar", "Samlingar og svar", "Gatherings and answers"),
    "facilitator.answered": ("Har svart", "Har svart", "Answered"),
    "facilitator.missing": ("Mangler svar", "Manglar svar", "Not answered"),
    "facilitator.answered_count": ("{done} av {total}", "{done} av {total}", "{done} of {total}"),
    "facilitator.none": ("Ingen samlinger ennå.", "Ingen samlingar enno.", "No gatherings yet."),
    "kind.fellessamling": ("Fellessamling", "Fellessamling", "Joint gathering"),
    "kind.lokal_samling": ("Lokal samling", "Lokal samling", "Local gathering"),
    "kind.lederoppfolgingsdag": ("Lederoppfølgingsdag", "Leiaroppfølgingsdag",
                                 "Leader follow-up day"),
    "status.planned": ("Planlagt", "Planlagd", "Planned"),
    "status.active": ("Pågår", "Pågår", "In progress"),
    "status.closed": ("Avsluttet", "Avslutta", "Closed"),
    "overview.heading": ("Alle kommuner", "Alle kommunar", "All municipalities"),
    "overview.caption": ("Samlet gap er summen av ønsket minus nå over verdiområdene i siste "
                         "samling; «vet ikke» er utelatt.",
                         "Samla gap er summen av ønskt minus no over verdiområda i siste "
                         "samling; «veit ikkje» er utelate.",
                         "Total gap is the sum of desired minus current over the value areas "
                         "at the latest gathering; «don't know» is left out."),
    "admin.heading": ("Administrasjon", "Administrasjon", "Administration"),
    "admin.users": ("Brukere", "Brukarar", "Users"),
    "admin.username": ("Brukernavn", "Brukarnamn", "Username"),
    "admin.role": ("Rolle", "Rolle", "Role"),
    "admin.active": ("Aktiv", "Aktiv", "Active"),
    "admin.counts": ("{programmes} program, {participants} deltakende kommuner, {users} brukere",
                     "{programmes} program, {participants} deltakande kommunar, {users} brukarar",
                     "{programmes} programmes, {participants} participating municipalities, "
                     "{users} users"),
}


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for key in lang (bokmål when lang is unknown), with {params} filled in."""
    texts = CATALOGUE.get(key)
    if texts is None:
        return key
    text = texts[LANGS.index(lang)] if lang in LANGS else texts[0]
    return text.format_map(_Params(params)) if params or "{" in text else text


class _Params(dict):
    """Format parameters where a missing one renders empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""
