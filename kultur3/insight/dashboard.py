"""The leaders' dashboard: compare municipalities, follow the gap over time, action progress,
learning partners. Read-only; every function checks the actor may read across municipalities.

The group value of an area in a gathering is the agreed score when the group set one, else
the median of its members' scores (N/A left out), the same rule as the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, col, select

from kultur3.access.permissions import Actor, check
from kultur3.core import clock
from kultur3.group.actions import LARGE_GAP, OPEN
from kultur3.insight import cell_frames
from kultur3.models import (
    Action,
    ActionStatus,
    ActionValueArea,
)
from kultur3.programme import catalogue

# Below this many municipalities with scores, a benchmark would single one out: hide it.
MIN_FOR_BENCHMARK = 3
MAX_COMPARE = 6
COLUMNS = ["municipality_id", "municipality", "number", "county", "focus_area", "gathering_id",
           "gathering", "held_on", "value_area_id", "value_area", "position", "desired",
           "current", "gap"]


@dataclass(frozen=True)
class Filters:
    """What the leader narrowed the view to; None means everything."""

    gathering_id: int | None = None
    county: str | None = None
    focus_area: str | None = None


def gap_frame(*, session: Session, actor: Actor, programme_id: int, lang: str = "nb",
              filters: Filters = Filters()) -> pd.DataFrame:
    """One row per municipality × gathering × value area with desired, current and gap."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    return apply_filters(_frame(session, programme_id, lang), filters)[COLUMNS]


def _frame(session: Session, programme_id: int, lang: str) -> pd.DataFrame:
    """The gap frame, unchecked: callers check who may see what of it."""
    values = cell_frames.values(session, programme_id)  # patched per municipality
    if values.empty:
        return pd.DataFrame(columns=COLUMNS)
    people = pd.DataFrame([p.__dict__ for p in catalogue.participants(
        session=session, programme_id=programme_id, lang=lang)])
    people = people.rename(columns={"name": "municipality"})
    meets = pd.DataFrame([{"gathering_id": g.id, "gathering": g.title, "held_on": g.held_on}
                          for g in catalogue.gatherings_for(session=session,
                                                             programme_id=programme_id)])
    areas = pd.DataFrame([{"value_area_id": a.id, "value_area": a.label, "position": i}
                          for i, a in enumerate(catalogue.framework_view(
                              session=session, programme_id=programme_id, lang=lang).areas)])
    return (values.merge(people, on="municipality_id").merge(meets, on="gathering_id")
            .merge(areas, on="value_area_id"))


def apply_filters(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Narrow a gap frame to the chosen gathering, county and focus area."""
    if f.gathering_id is not None:
        frame = frame[frame["gathering_id"] == f.gathering_id]
    if f.county:
        frame = frame[frame["county"] == f.county]
    if f.focus_area:
        frame = frame[frame["focus_area"] == f.focus_area]
    return frame


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Each municipality's rows from its latest scored gathering."""
    if frame.empty:
        return frame
    last = frame.groupby("municipality_id")["held_on"].transform("max")
    return frame[frame["held_on"] == last]


@dataclass(frozen=True)
class View:
    """What the compare tab draws, computed once per data version and filter choice (it was
    ~110 ms of pandas on every rerun at national scale, bench/pages.py)."""

    frame: pd.DataFrame  # the filtered gap frame
    latest: pd.DataFrame  # each municipality's rows from its latest gathering
    heatmap: pd.DataFrame  # municipality x value area gap, largest mean gap first
    wide: pd.DataFrame  # latest desired/current: municipality x (kind, value area)
    counties: tuple[str, ...] = ()  # the filters' choices, from the unfiltered frame
    focus_areas: tuple[str, ...] = ()


def view(*, session: Session, actor: Actor, programme_id: int, lang: str = "nb",
         filters: Filters = Filters()) -> View:
    """The filtered gap frame, the tables drawn from it and the filters' choices, from one
    read of the scores (checked like gap_frame). The page asked for the unfiltered and the
    filtered frame separately before: two reads after every write (bench/pages.py)."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    everything = _frame(session, programme_id, lang)
    frame = apply_filters(everything, filters)[COLUMNS]
    now = latest(frame)
    wide = (now.pivot_table(index="municipality", columns="value_area",
                            values=["desired", "current"], aggfunc="first")
            if not now.empty else pd.DataFrame())
    counties = tuple(sorted(everything["county"].dropna().unique())) if len(everything) else ()
    focus = (tuple(sorted(x for x in everything["focus_area"].dropna().unique() if x))
             if len(everything) else ())
    return View(frame=frame, latest=now, heatmap=heatmap(frame, now), wide=wide,
                counties=counties, focus_areas=focus)


def heatmap(frame: pd.DataFrame, now: pd.DataFrame | None = None) -> pd.DataFrame:
    """Municipality × value area gap at the latest gathering, largest mean gap first."""
    now = latest(frame) if now is None else now
    if now.empty:
        return pd.DataFrame()
    table = now.pivot_table(index="municipality", columns="value_area", values="gap",
                            aggfunc="first")
    order = now.drop_duplicates("value_area").sort_values("position")["value_area"]
    table = table.reindex(columns=list(order))
    # By the mean over the areas answered: a sum would rank a group that answered «vet ikke»
    # on some areas above one that answered them all.
    return table.loc[table.mean(axis=1, skipna=True).sort_values(ascending=False).index]


@dataclass(frozen=True)
class Benchmark:
    """One municipality's values against everyone's median and quartiles, per value area."""

    shown: bool
    municipalities: int
    table: pd.DataFrame  # value_area, value, q1, median, q3


def benchmark(frame: pd.DataFrame, municipality_id: int, kind: str = "current") -> Benchmark:
    """Place one municipality in the distribution; hidden below MIN_FOR_BENCHMARK."""
    now = latest(frame)
    n = now.loc[now[kind].notna(), "municipality_id"].nunique()
    if n < MIN_FOR_BENCHMARK:
        return Benchmark(shown=False, municipalities=n, table=pd.DataFrame())
    stats = now.groupby(["position", "value_area"])[kind].quantile([0.25, 0.5, 0.75]).unstack()
    stats.columns = ["q1", "median", "q3"]
    mine = now[now["municipality_id"] == municipality_id].set_index(["position", "value_area"])
    stats["value"] = mine[kind]
    return Benchmark(shown=True, municipalities=n,
                     table=stats.reset_index().drop(columns="position"))


def trend(frame: pd.DataFrame, municipality_id: int | None = None) -> pd.DataFrame:
    """Gap per value area across gatherings: one municipality's, or the programme median."""
    data = frame if municipality_id is None else frame[frame["municipality_id"] == municipality_id]
    if data.empty:
        return pd.DataFrame(columns=["held_on", "gathering", "value_area", "gap"])
    return (data.groupby(["held_on", "gathering", "position", "value_area"])["gap"].median()
            .reset_index().sort_values(["position", "held_on"]).drop(columns="position"))


def closed_since_first(trend_frame: pd.DataFrame) -> pd.DataFrame:
    """Per value area: gap at the first and the latest gathering, and how much has closed."""
    if trend_frame.empty:
        return pd.DataFrame(columns=["value_area", "first", "latest", "closed"])
    known = trend_frame.dropna(subset=["gap"]).sort_values("held_on")
    out = known.groupby("value_area", sort=False)["gap"].agg(first="first", latest="last")
    out["closed"] = out["first"] - out["latest"]
    return out.reset_index()


def learning_partners(frame: pd.DataFrame, municipality_id: int, *, areas: int = 3,
                      per_area: int = 3) -> pd.DataFrame:
    """For the municipality's largest gaps: the others scoring highest on those areas now."""
    now = latest(frame)
    mine = now[(now["municipality_id"] == municipality_id) & now["gap"].notna()]
    top = mine.sort_values("gap", ascending=False).head(areas)
    rows = []
    for _, area in top.iterrows():
        if area["gap"] <= 0:
            continue
        others = now[(now["value_area_id"] == area["value_area_id"])
                     & (now["municipality_id"] != municipality_id) & now["current"].notna()]
        for _, o in others.sort_values(["current", "gap"], ascending=[False, True]
                                       ).head(per_area).iterrows():
            rows.append({"value_area": area["value_area"], "gap": area["gap"],
                         "partner": o["municipality"], "partner_current": o["current"]})
    return pd.DataFrame(rows, columns=["value_area", "gap", "partner", "partner_current"])


@dataclass(frozen=True)
class ActionStats:
    by_status: pd.DataFrame        # municipality × status counts
    per_area: pd.DataFrame         # value_area, actions
    uncovered: pd.DataFrame        # municipality, value_area, gap (large, no open action)
    total: int
    done: int
    overdue: int


def action_stats(*, session: Session, actor: Actor, programme_id: int, frame: pd.DataFrame,
                 lang: str = "nb", today: date | None = None) -> ActionStats:
    """Counts by status, share done, overdue, actions per value area, large gaps left alone."""
    check(actor, "dashboard.read")
    catalogue.check_programme(session=session, actor=actor, programme_id=programme_id)
    today = today or clock.today()
    present = (Action.programme_id == programme_id, col(Action.deleted_at).is_(None))
    rows = session.exec(select(Action.id, Action.municipality_id, Action.status, Action.deadline)
                        .where(*present)).all()
    acts = pd.DataFrame(rows, columns=["id", "municipality_id", "status", "deadline"])
    links = pd.DataFrame(session.exec(
        select(ActionValueArea.action_id, ActionValueArea.value_area_id)
        .join(Action, Action.id == ActionValueArea.action_id)
        .where(*present)).all(), columns=["id", "value_area_id"])
    names = frame.drop_duplicates("municipality_id").set_index("municipality_id")["municipality"]
    acts = acts[acts["municipality_id"].isin(names.index)] if not frame.empty else acts.iloc[0:0]
    acts = acts.assign(municipality=acts["municipality_id"].map(names),
                       status=acts["status"].map(lambda s: ActionStatus(s).value))
    open_values = [s.value for s in OPEN]
    overdue = acts["deadline"].notna() & acts["status"].isin(open_values) & (
        acts["deadline"].map(lambda d: d is not None and d < today))
    by_status = (acts.groupby(["municipality", "status"]).size().unstack(fill_value=0)
                 .reindex(columns=[s.value for s in ActionStatus], fill_value=0))
    area_names = frame.drop_duplicates("value_area_id").set_index("value_area_id")["value_area"]
    linked = links[links["id"].isin(acts["id"])]
    per_area = (linked.assign(value_area=linked["value_area_id"].map(area_names))
                .groupby("value_area").size().rename("actions").reset_index())
    open_links = linked[linked["id"].isin(acts.loc[acts["status"].isin(open_values), "id"])]
    covered = set(zip(acts.set_index("id").loc[open_links["id"], "municipality_id"],
                      open_links["value_area_id"], strict=True)) if not open_links.empty else set()
    now = latest(frame)
    large = now[now["gap"] >= LARGE_GAP]
    # A mask, not a list: an empty list (no large gap anywhere) selects columns, not rows.
    uncovered = large[pd.Series([(m, a) not in covered for m, a in zip(
        large["municipality_id"], large["value_area_id"], strict=True)],
        index=large.index, dtype=bool)]
    return ActionStats(by_status=by_status, per_area=per_area,
                       uncovered=uncovered[["municipality", "value_area", "gap"]]
                       .sort_values("gap", ascending=False),
                       total=len(acts), done=int((acts["status"] == "done").sum()),
                       overdue=int(overdue.sum()))


@dataclass(frozen=True)
class MunicipalityReport:
    name: str
    number: str
    focus_area: str
    gathering: str | None
    gathering_date: date | None
    gaps: list
    members: list[tuple[str, str]]
    actions: list  # ActionView


def municipality_report_data(*, session: Session, actor: Actor, programme_id: int,
                             municipality_id: int, lang: str = "nb",
                             today: date | None = None) -> MunicipalityReport:
    """What the one-page report prints; permission follows the group's own pages."""
    from kultur3.group import actions
    from kultur3.insight import overview
    home = overview.group_home(session=session, actor=actor, programme_id=programme_id,
                               municipality_id=municipality_id, lang=lang)
    acts = actions.list_actions(session=session, actor=actor, programme_id=programme_id,
                                municipality_id=municipality_id, lang=lang, today=today)
    return MunicipalityReport(
        name=home.municipality_name, number=home.municipality_number,
        focus_area=home.focus_area, gathering=home.gathering_title,
        gathering_date=home.gathering_date, gaps=home.gaps,
        members=[(m[0], m[1]) for m in home.members], actions=acts)


def programme_median_gaps(frame: pd.DataFrame) -> list:
    """The programme's median desired and current per value area at each one's latest gathering."""
    from kultur3.group.scoring import AreaGap
    now = latest(frame)
    if now.empty:
        return []
    med = now.groupby(["position", "value_area_id", "value_area"])[["desired", "current"]].median()
    return [AreaGap(value_area_id=int(vid), label=label,
                    desired=None if pd.isna(r["desired"]) else float(r["desired"]),
                    current=None if pd.isna(r["current"]) else float(r["current"]))
            for (_, vid, label), r in med.iterrows()]
