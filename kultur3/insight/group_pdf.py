"""The group's report to its own leadership (PDF): the four future pictures in its own words,
the radar with its gaps, the development project, the actions, the log since the last
gathering and the anchoring, in the chosen language."""

from __future__ import annotations

from functools import partial

from kultur3.core import formatting
from kultur3.core.i18n import t
from kultur3.insight import pdf, survey_results
from kultur3.insight.municipality_work import MunicipalityWork
from kultur3.insight.pdf import Line
from kultur3.models import SURVEY_MIN_RESPONSES


def _by_staff(marked: bool, lang: str) -> str:
    """The mark on what staff entered on the group's behalf, as the screens show it."""
    return f" · {t('report.by_staff', lang)}" if marked else ""


def _staff_scores(work: MunicipalityWork, lang: str) -> list[Line]:
    """Where staff scored on the group's behalf: named under the radar's gaps."""
    return [("p", t("report.staff_scores", lang, gathering=title, areas=", ".join(areas)))
            for title, areas in work.staff_scores]


def _project(work: MunicipalityWork, lang: str) -> list[Line]:
    p = work.project
    lines: list[Line] = [("h", t("report.project", lang)),
                         ("q", t("common.focus_area", lang)), ("p", work.focus_area or "–")]
    if not any((p.goal, p.target_groups, p.partners, p.in_a_year)):
        # One line, not four headings each over a «–» (as Sunnfjord's demo report printed).
        return [*lines, ("p", t("report.project_empty", lang))]
    for key, value in (("project_goal", p.goal), ("project_target_groups", p.target_groups),
                       ("project_partners", p.partners), ("project_in_a_year", p.in_a_year)):
        lines += [("q", t(f"team.{key}", lang)), ("p", value or "–")]
    return lines


def _pictures(work: MunicipalityWork, lang: str) -> list[Line]:
    when = work.gathering_title or "–"
    lines: list[Line] = [("h", t("report.pictures", lang, gathering=when))]
    for pic in work.pictures:
        lines += [("q", f"{pic.number}. {pic.question}"), ("p", pic.whole or "–")]
        lines += [("p", f"{area}: {text}") for area, text in pic.per_area]
    return lines or [("p", "–")]


def _actions(work: MunicipalityWork, lang: str) -> list[Line]:
    lines: list[Line] = [("h", t("page.action_plan", lang))]
    for a in work.actions:
        deadline = formatting.fmt_date(a.deadline, lang) if a.deadline else "–"
        lines.append(("p", f"{a.title} · {t(f'action_status.{a.status.value}', lang)} · "
                           f"{t('report.owner', lang)}: {a.owner or '–'} · "
                           f"{t('report.deadline', lang)}: {deadline}"
                           + _by_staff(a.entered_by_staff, lang)))
        if a.progress_note:
            lines.append(("p", f"   {a.progress_note}"))
    return lines if work.actions else [*lines, ("p", "–")]


def _log(work: MunicipalityWork, lang: str) -> list[Line]:
    since = work.gathering_date
    recent = [e for e in work.log if since is None or e.happened_on >= since]
    heading = (t("report.log_since", lang, date=formatting.fmt_date(since, lang)) if since
               else t("report.log", lang))
    lines: list[Line] = [("h", heading)]
    lines += [("p", f"{formatting.fmt_date(e.happened_on, lang)} · "
                    f"{t(f'log.{e.kind.value}', lang)}: {e.text}"
                    + _by_staff(e.entered_by_staff, lang)) for e in recent]
    return lines if recent else [*lines, ("p", t("report.no_log", lang))]


def _anchoring(work: MunicipalityWork, lang: str) -> list[Line]:
    lines: list[Line] = [("h", t("anchoring.heading", lang))]
    for e in work.anchoring:
        parts = [e.title, t(f"anchoring.kind_{e.kind}", lang),
                 t(f"anchoring.status_{e.status}", lang)]
        if e.case_ref:
            parts.append(f"{t('anchoring.case_ref', lang)} {e.case_ref}")
        if e.decided_on:
            parts.append(formatting.fmt_date(e.decided_on, lang))
        if e.owner:
            parts.append(f"{t('report.owner', lang)}: {e.owner}")
        lines.append(("p", " · ".join(parts) + _by_staff(e.entered_by_staff, lang)))
        if e.approved_by:
            lines.append(("p", f"   {t('anchoring.approved_by', lang, name=e.approved_by)}"))
        if e.leader_comment:
            lines.append(("p", f"   {e.leader_comment}"))
    if work.high_without_anchoring:
        lines.append(("p", t("anchoring.high_without", lang,
                             areas=", ".join(work.high_without_anchoring))))
    return lines if work.anchoring else [*lines, ("p", t("anchoring.none", lang))]


def _who(r: survey_results.SurveyResult, lang: str) -> str:
    return r.audience_label or t(f"survey_results.audience_{r.audience.value}", lang)


def _surveys(work: MunicipalityWork, lang: str) -> list[Line]:
    """The group's surveys as aggregates: a median and middle half per area, the
    differences from the group's own current state in words; never a single response."""
    if not work.surveys:
        return []
    fmt = partial(formatting.fmt_number, lang=lang)
    lines: list[Line] = [("h", t("survey_results.heading", lang))]
    shown = [r for r in work.surveys if r.shown]
    for r in work.surveys:
        who = _who(r, lang)
        if not r.shown:
            lines.append(("p", t("survey_results.below_threshold", lang, title=r.title,
                                 n=SURVEY_MIN_RESPONSES)))
            continue
        lines.append(("q", f"{r.title} · {who} · "
                           f"{t('survey_results.col_responses', lang)}: {r.responses}"))
        for a in r.areas:
            lines.append(("p", t("survey_results.report_line", lang, area=a.label,
                                 median=fmt(a.median) if a.median is not None else "–",
                                 q1=fmt(a.q1) if a.q1 is not None else "–",
                                 q3=fmt(a.q3) if a.q3 is not None else "–",
                                 answered=a.answered, dont_know=a.dont_know)))
    by_id = {r.survey_id: r for r in shown}
    for d in survey_results.differences(shown, list(work.gaps)):
        who = _who(by_id[d.survey_id], lang)
        key = "survey_results.lower" if d.difference < 0 else "survey_results.higher"
        lines.append(("p", t(key, lang, audience=who, area=d.area,
                             diff=fmt(abs(d.difference)))))
    return lines


def build(work: MunicipalityWork, *, programme: str, is_demo: bool, lang: str) -> bytes:
    """The report as PDF bytes."""
    def fmt(value):
        return formatting.fmt_number(value, lang)

    when = (f"{work.gathering_title} ({formatting.fmt_date(work.gathering_date, lang)})"
            if work.gathering_title else "–")
    text = pdf.ReportText(
        title=t("report.title", lang, name=work.municipality_name),
        subtitle=f"{programme} · {when}", desired=t("common.desired", lang),
        current=t("common.current", lang), biggest_gaps=t("dash.biggest_gaps", lang),
        actions=t("page.action_plan", lang), group=t("group.members", lang),
        demo_note=t("app.demo_banner", lang) if is_demo else None)
    known = sorted((g for g in work.gaps if g.gap is not None), key=lambda g: -g.gap)
    gap_lines = [pdf.gap_line(g.label, fmt(g.desired), fmt(g.current), fmt(g.gap))
                 for g in known]
    sections = (_staff_scores(work, lang) + _pictures(work, lang) + _surveys(work, lang)
                + _project(work, lang) + _actions(work, lang) + _log(work, lang)
                + _anchoring(work, lang))
    lines = [(t("survey_results.line", lang, n=r.responses, audience=_who(r, lang)),
              survey_results.radar_line(r, list(work.gaps)))
             for r in work.surveys if r.shown]
    return pdf.group_report(text=text, gaps=list(work.gaps), gap_lines=gap_lines,
                                sections=sections, surveys=lines)
