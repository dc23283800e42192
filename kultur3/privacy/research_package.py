"""The research export's form: a Frictionless Data Package (datapackage.json with a Table
Schema per CSV, https://specs.frictionlessdata.io/) and its codebook, every column explained
in Norwegian and English. The rows come from kultur3/privacy/research_export.py.

CSV cells are written as stored (no apostrophe before «=» as the spreadsheet downloads add):
the package is read by statistical software, where a changed value is a wrong value; the
codebook tells anyone opening a file in a spreadsheet to import it as text.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from kultur3.models import Programme, utcnow

# (name, Table Schema type, bokmål, English)
Col = tuple[str, str, str, str]

PERSON: Col = ("person", "string", "Pseudonym for personen (HMAC-SHA256 med programmets nøkkel, "
               "stabil mellom uttrekk); tom for gruppens felles verdi",
               "The person's pseudonym (HMAC-SHA256 with the programme's key, stable across "
               "exports); empty for the group's agreed value")
ROLE: Col = ("group_role", "string", "Personens rolle i kommunegruppen",
             "The person's role in the municipal group")
SECTOR: Col = ("sector", "string", "Personens sektor: kulturskolen, grunnskole, barnehage, "
               "helse_omsorg, kultur_frivillighet, naringsliv, innbygger, annet",
               "The person's sector, one of the fixed list (values as in Norwegian)")
MUNI: tuple[Col, ...] = (
    ("municipality_number", "string", "Kommunenummer (fire siffer)",
     "Municipality number (four digits)"),
    ("municipality", "string", "Kommunens navn", "The municipality's name"))
GATHERING: tuple[Col, ...] = (
    ("gathering_id", "integer", "Samlingens nummer i uttrekket", "The gathering's id"),
    ("gathering_kind", "string", "Type samling: fellessamling, lokal_samling, "
     "lederoppfolgingsdag", "Kind of gathering: joint, local, leader follow-up day"),
    ("gathering_date", "date", "Samlingens dato", "The gathering's date"))
WHO = (PERSON, ROLE, SECTOR)
AREA: Col = ("value_area", "string", "Verdiområdets nøkkel", "The value area's key")
STAFF: Col = ("entered_by_staff", "boolean", "Ført inn av fasilitator/admin på gruppens vegne",
              "Entered by a facilitator or admin on the group's behalf")
CREATED: Col = ("created_at", "datetime", "Opprettet (UTC)", "Created (UTC)")
UPDATED: Col = ("updated_at", "datetime", "Sist endret (UTC)", "Last changed (UTC)")
SHARED: Col = ("shared", "boolean", "Delt med de andre gruppene i programmet",
               "Shared with the programme's other groups")

RESOURCES: dict[str, tuple[str, str, tuple[Col, ...]]] = {
    "people": ("Personer som har samtykket", "People who consented", (
        PERSON,
        ("kind", "string", "account (egen konto) eller participant (deltok med kode)",
         "account (own account) or participant (joined by code)"),
        ("account_role", "string", "Kontoens rolle", "The account's role"),
        ROLE, SECTOR,
        ("coordinator", "boolean", "Gruppens koordinator", "The group's coordinator"),
        *MUNI)),
    "scores": ("Vurderinger per verdiområde", "Scores per value area", (
        *WHO,
        ("group_value", "boolean", "Gruppens omforente verdi (ikke én persons)",
         "The group's agreed value (not one person's)"),
        *GATHERING, *MUNI, AREA,
        ("kind", "string", "desired (ønsket situasjon) eller current (nåsituasjon)",
         "desired or current state"),
        ("value", "integer", "1–5; tom = vet ikke / ikke relevant",
         "1–5; empty = don't know / not relevant"),
        STAFF, UPDATED)),
    "answers": ("Svar på fremtidsbildespørsmålene", "Answers to the future-picture questions", (
        ("answer_id", "integer", "Svarets nummer", "The answer's id"), *WHO, *GATHERING, *MUNI,
        ("question", "integer", "Spørsmålets nummer (1–4)", "The question's number (1–4)"),
        AREA, ("text", "string", "Svaret", "The answer"), STAFF, CREATED, UPDATED)),
    "actions": ("Tiltak", "Actions", (
        ("action_id", "integer", "Tiltakets nummer", "The action's id"), *WHO, *MUNI,
        ("title", "string", "Tittel", "Title"),
        ("description", "string", "Beskrivelse", "Description"),
        ("value_areas", "string", "Verdiområdene tiltaket skal endre (nøkler, mellomrom "
         "mellom)", "The value areas it is meant to change (keys, space-separated)"),
        ("owner", "string", "Ansvarlig som pseudonym når personen har samtykket; ellers tom",
         "The owner's pseudonym when they consented; else empty"),
        ("status", "string", "not_started, in_progress, done, on_hold",
         "not_started, in_progress, done, on_hold"),
        ("priority", "integer", "Prioritet 1–3", "Priority 1–3"),
        ("deadline", "date", "Frist", "Deadline"),
        ("source_gathering_id", "integer", "Samlingen tiltaket kom fra",
         "The gathering it came from"),
        SHARED, CREATED, UPDATED)),
    "log_entries": ("Logg mellom samlingene", "Log between gatherings", (
        ("entry_id", "integer", "Loggføringens nummer", "The entry's id"), *WHO, *MUNI,
        ("kind", "string", "plan, act, observe, reflect (aksjonslæring)",
         "plan, act, observe, reflect (action learning)"),
        ("text", "string", "Teksten", "The text"),
        ("happened_on", "date", "Dagen det skjedde", "The day it happened"),
        SHARED, CREATED)),
    "anchoring": ("Forankring", "Anchoring", (
        ("anchoring_id", "integer", "Forankringens nummer", "The entry's id"), *WHO, *MUNI,
        ("kind", "string", "kommuneplan, budsjett, politisk_sak, sektorplan, avtale",
         "municipal plan, budget, political case, sector plan, agreement"),
        ("title", "string", "Tittel", "Title"),
        ("status", "string", "foreslatt, vedtatt, gjennomfort",
         "proposed, decided, carried out"),
        ("decided_on", "date", "Vedtatt dato", "Decided on"),
        ("note", "string", "Notat", "Note"),
        ("approved", "boolean", "Godkjent av kommunens ledelse",
         "Approved by the municipality's leadership"),
        ("approved_at", "datetime", "Godkjent (UTC)", "Approved (UTC)"), CREATED, UPDATED)),
    "survey_responses": ("Svar på brukerundersøkelser (anonyme)",
                         "Survey responses (anonymous)", (
        ("response_id", "integer", "Svarets nummer", "The response's id"),
        ("survey_id", "integer", "Undersøkelsens nummer", "The survey's id"), *MUNI,
        ("audience", "string", "Målgruppe: pupils, parents, staff, partners, citizens, custom",
         "Audience: pupils, parents, staff, partners, citizens, custom"),
        ("survey_lang", "string", "Språket undersøkelsen ble vist på (nb, nn, en)",
         "The survey's language (nb, nn, en)"),
        ("answered_on", "date", "Svardag (aldri klokkeslett)",
         "The day answered (never a time)"))),
    "survey_scores": ("Vurderinger i brukerundersøkelser", "Survey scores", (
        ("response_id", "integer", "Svaret (survey_responses)", "The response"), AREA,
        ("value", "integer", "1–5; tom = vet ikke", "1–5; empty = don't know"))),
}
KEYS = {"people": ["person"], "answers": ["answer_id"], "actions": ["action_id"],
        "log_entries": ["entry_id"], "anchoring": ["anchoring_id"],
        "survey_responses": ["response_id"], "survey_scores": ["response_id", "value_area"]}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(name: str, rows: list[dict]) -> bytes:
    columns = [c[0] for c in RESOURCES[name][2]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def descriptor(programme: Programme, now: datetime) -> dict:
    resources = []
    for name, (nb, en, cols) in RESOURCES.items():
        schema: dict = {"fields": [{"name": c, "type": kind, "description": f"{d_nb} / {d_en}"}
                                   for c, kind, d_nb, d_en in cols],
                        "missingValues": [""]}
        if name in KEYS:
            schema["primaryKey"] = KEYS[name]
        resources.append({"name": name.replace("_", "-"), "path": f"{name}.csv",
                          "title": f"{nb} / {en}", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": schema})
    return {"profile": "tabular-data-package", "name": f"kultur3-{programme.slug}",
            "title": f"{programme.name}: forskningsuttrekk / research export",
            "description": f"{programme.research_partner}: {programme.research_purpose}",
            "created": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "resources": resources}


def codebook(programme: Programme, now: datetime) -> str:
    lines = [f"# Kodebok / Codebook: {programme.name}", "",
             f"Forskningspartner / Research partner: {programme.research_partner}  ",
             f"Formål / Purpose: {programme.research_purpose}  ",
             f"Laget / Made: {now.strftime('%Y-%m-%d %H:%M')} UTC", "",
             "Personer vises som pseudonymer (HMAC-SHA256 med en nøkkel bare programmet har). "
             "Bare personer som har samtykket er med; fritekst kommer bare fra dem. "
             "Brukerundersøkelsene er anonyme og er med uten samtykke, uten åpne svar. "
             "Skjulte (modererte) svar er utelatt. Åpne CSV-filene som tekst i et regneark.",
             "",
             "People appear as pseudonyms (HMAC-SHA256 with a key only the programme holds). "
             "Only people who consented are included; free text comes only from them. "
             "Survey responses are anonymous and included without consent, without open "
             "answers. Hidden (moderated) answers are left out. Import the CSV files as text "
             "in a spreadsheet.", ""]
    for name, (nb, en, cols) in RESOURCES.items():
        lines += [f"## {name}.csv — {nb} / {en}", "",
                  "| kolonne / column | type | bokmål | English |", "|---|---|---|---|"]
        lines += [f"| `{c}` | {kind} | {d_nb} | {d_en} |" for c, kind, d_nb, d_en in cols]
        lines.append("")
    return "\n".join(lines)


def files(programme: Programme, tables: dict[str, list[dict]],
          now: datetime | None = None) -> dict[str, bytes]:
    now = now or utcnow()
    out = {f"{name}.csv": _csv(name, tables.get(name, [])) for name in RESOURCES}
    out["datapackage.json"] = json.dumps(descriptor(programme, now), ensure_ascii=False,
                                         indent=2).encode("utf-8")
    out["codebook.md"] = codebook(programme, now).encode("utf-8")
    return out


def write(package: dict[str, bytes], out: Path) -> Path:
    """The package's files into the directory out (made when missing)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, content in package.items():
        (out / name).write_bytes(content)
    return out


def zipped(package: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in sorted(package.items()):
            z.writestr(name, content)
    return buffer.getvalue()
