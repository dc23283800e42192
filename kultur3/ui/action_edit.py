"""The action plan's forms: «Nytt tiltak» without a gathering, and the edit of every field of
an action (status, progress, title, description, value areas, owner, deadline, priority)."""

from __future__ import annotations

import streamlit as st

from kultur3.access.permissions import Actor
from kultur3.group import actions
from kultur3.models import NOTE_MAX, ActionStatus
from kultur3.programme.templates import localized
from kultur3.ui.context import lang, t
from kultur3.ui.feedback import Outcome, act, attempt, show
from kultur3.ui.typing_field import person_doc, typing_field

STATUSES = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD,
            ActionStatus.DONE]
NEW = "action_plan.new"


def _options(areas, members, action: actions.ActionView | None = None
             ) -> tuple[dict[str, int], dict[str, int | None]]:
    """Value areas by label (a retired one only where the action has it); owners by label
    (members, the action's own owner if no longer on the list, then «a unit or person without
    an account», which takes the free text), so saving one field never drops another."""
    mine = set(action.value_area_ids) if action else set()
    area_ids = {localized(a.names, lang()): a.id for a in areas
                if not a.retired or a.id in mine}
    owners: dict[str, int | None] = {f"{m.name} ({m.group_role})" if m.group_role else m.name:
                                     m.id for m in members}
    if action and action.owner_member_id and action.owner_member_id not in owners.values():
        owners[action.owner or "?"] = action.owner_member_id
    owners[t("actions.owner_unit")] = None
    return area_ids, owners


def _fields(key: str, area_ids: dict[str, int], owners: dict[str, int | None], *,
            action: actions.ActionView | None = None) -> None:
    """The action's fields in a form, as the action has them (or empty for a new one; an
    action's description is its own typing-safe field above the form: description_field)."""
    st.text_input(t("actions.title"), value=action.title if action else "", max_chars=200,
                  key=f"{key}.title")
    if action is None:
        st.text_area(t("actions.description"), value="", max_chars=4000, height=80,
                     key=f"{key}.description")
    st.multiselect(t("actions.areas"), list(area_ids), placeholder=t("common.choose"),
                   default=[n for n, i in area_ids.items() if i in action.value_area_ids]
                   if action else None, key=f"{key}.areas")
    left, right = st.columns(2)
    member = action.owner_member_id if action else None
    labels = list(owners)
    left.selectbox(t("actions.owner"), labels, key=f"{key}.owner",
                   index=next((n for n, label in enumerate(labels) if owners[label] == member
                               and member is not None), len(labels) - 1))
    right.text_input(t("actions.owner_text"), value=action.owner_text if action else "",
                     max_chars=120, key=f"{key}.owner_text", help=t("plan.owner_help"))
    left, right = st.columns(2)  # a row a pair: on a phone «or a name» stays by the owner
    left.date_input(t("actions.deadline"), value=action.deadline if action else None,
                    format="DD.MM.YYYY", key=f"{key}.deadline")
    right.selectbox(t("actions.priority"), [1, 2, 3], index=(action.priority if action else 2) - 1,
                    format_func=lambda p: t(f"priority.{p}"), key=f"{key}.priority")
    left, _ = st.columns(2)
    left.selectbox(t("common.status"), STATUSES,
                   index=STATUSES.index(action.status) if action else 0,
                   format_func=lambda s: t(f"action_status.{s.value}"), key=f"{key}.status")


def _values(key: str, area_ids: dict[str, int], owners: dict[str, int | None]) -> dict:
    """What the form holds, as the services take it: a member or a name as owner (neither
    clears it), no deadline when the date is empty or «Ingen frist» is ticked."""
    get = st.session_state.get
    member = owners.get(get(f"{key}.owner"))
    text = (get(f"{key}.owner_text") or "").strip()
    return dict(
        title=get(f"{key}.title", ""), description=get(f"{key}.description", ""),
        value_area_ids=[area_ids[a] for a in get(f"{key}.areas") or [] if a in area_ids],
        owner_member_id=member, owner_text=None if member is not None else (text or None),
        deadline=None if get(f"{key}.no_deadline") else get(f"{key}.deadline"),
        priority=int(get(f"{key}.priority") or 2),
        status=get(f"{key}.status") or ActionStatus.NOT_STARTED)


def new_action_form(actor: Actor, programme_id: int, municipality_id: int, areas,
                    members) -> None:
    """«Nytt tiltak» between gatherings: the whole action in one form; the text stays in the
    form when saving fails."""
    area_ids, owners = _options(areas, members)
    with st.expander(t("actions.new"), icon=":material/add:"), st.form(NEW):
        _fields(NEW, area_ids, owners)
        st.form_submit_button(t("actions.create"), type="primary", on_click=_create,
                              args=(actor, programme_id, municipality_id, area_ids, owners),
                              key=f"{NEW}.submit")
    show()


def _create(actor: Actor, programme_id: int, municipality_id: int, area_ids, owners) -> None:
    values = _values(NEW, area_ids, owners)
    if act(actions.create_action, ok="actions.created", ok_params={"title": values["title"]},
           actor=actor, programme_id=programme_id, municipality_id=municipality_id,
           **values).ok:
        for field, empty in (("title", ""), ("description", ""), ("areas", []),
                             ("owner_text", ""), ("deadline", None)):
            st.session_state[f"{NEW}.{field}"] = empty


def edit_form(actor: Actor, action: actions.ActionView, areas, members) -> None:
    """Every field of the action, saved from the version shown (someone else's save in
    between is refused, and nothing is overwritten)."""
    key = f"action_plan.update.{action.id}"
    area_ids, owners = _options(areas, members, action)
    with st.expander(t("plan.edit")):
        description_field(actor, action)
        with st.form(key):
            st.text_area(t("actions.progress"), value=action.progress_note, max_chars=4000,
                         key=f"{key}.note", height=90, help=t("plan.note_help"))
            _fields(key, area_ids, owners, action=action)
            st.checkbox(t("plan.no_deadline"), key=f"{key}.no_deadline")
            st.form_submit_button(t("plan.save"), on_click=_save,
                                  args=(actor, action, key, area_ids, owners),
                                  key=f"{key}.submit")


def description_field(actor: Actor, action: actions.ActionView) -> None:
    """The action's text, saved while typing and kept in the browser until the server has
    it (kultur3/ui/typing_field.py), from the version the card showed."""
    def save(text: str, base: int, draft: str | None, seq: int) -> Outcome:
        saved = attempt(actions.update_action, actor=actor, action_id=action.id,
                        base_version=base, description=text, draft_key=draft, draft_seq=seq)
        return Outcome(value=(saved.value, text)) if saved.ok else saved

    typing_field(f"action_plan.text.{action.id}", doc=person_doc(actor, f"action.{action.id}.description"),
                 label=t("actions.description"), text=action.description,
                 version=action.description_version, save=save, max_chars=NOTE_MAX,
                 height=100)


def _save(actor: Actor, action: actions.ActionView, key: str, area_ids, owners) -> None:
    """Callback: save every field from the version the card showed."""
    values = {**_values(key, area_ids, owners), "description": None}  # its own field
    act(actions.update_action, ok="plan.saved", ok_params={"title": action.title}, actor=actor,
        action_id=action.id, base_version=action.version,
        progress_note=st.session_state.get(f"{key}.note", ""), **values)
