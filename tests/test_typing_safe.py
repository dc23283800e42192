"""No typed word lost, the server's side (issue 25 §1): a typing-safe field's drafts are sent
with a key and a number (kultur3/store/drafts.py). A re-send whose confirmation never reached
the browser is not saved twice and is not a conflict with itself; a late send is not saved
over newer words; someone else's newer text is still the conflict it always was. On an empty
database (no demo) and for both kinds of text: an answer and an action's description."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kultur3.core.errors import Conflict, InvalidInput
from kultur3.group import actions, workspace
from kultur3.models import Action, Answer, AuditEvent, DraftReceipt, Role
from kultur3.programme import catalogue
from kultur3.store import drafts
from tests.factories import enrol, make_action, make_gathering, make_programme, make_user

KEY = "a" * 32
OTHER = "b" * 32


@pytest.fixture
def room(session):
    """An empty install: one programme, one group, a gathering today, question 1."""
    programme = make_programme(session)
    mid = enrol(session, programme)
    group = make_user(session, Role.GROUP, programme=programme, municipality="4638")
    gid = make_gathering(session, programme)
    q1 = catalogue.questions(session=session, programme_id=programme.id)[0]
    return {"s": session, "programme": programme, "m": mid, "group": group, "g": gid,
            "q": q1.id}


def _save(room, text, base, key=KEY, seq=1):
    return workspace.save_answer(session=room["s"], actor=room["group"], gathering_id=room["g"],
                                 municipality_id=room["m"], question_id=room["q"], text=text,
                                 base_version=base, draft_key=key, draft_seq=seq)


def _saves(session) -> list[str]:
    return [e.detail["after"] for e in session.exec(
        select(AuditEvent).where(AuditEvent.action == "answer.save").order_by(AuditEvent.id))]


def test_a_resend_after_a_lost_confirmation_is_saved_once(room):
    first = _save(room, "Vi vil", 0, seq=1)
    assert first.version == 1
    # The confirmation never arrived: the browser sends the same draft again, from version 0.
    again = _save(room, "Vi vil", 0, seq=1)
    assert (again.version, again.text) == (1, "Vi vil")
    assert _saves(room["s"]) == ["Vi vil"]


def test_newer_words_of_the_same_draft_are_not_a_conflict_with_its_own_save(room):
    _save(room, "Vi vil", 0, seq=1)  # saved; the browser never heard, so its base stays 0
    state = _save(room, "Vi vil ha mer", 0, seq=2)
    assert (state.version, state.text) == (2, "Vi vil ha mer")
    assert _saves(room["s"]) == ["Vi vil", "Vi vil ha mer"]


def test_a_late_send_is_not_saved_over_newer_words(room):
    _save(room, "Vi vil ha mer samarbeid", 0, seq=3)
    late = _save(room, "Vi vil ha", 0, seq=2)  # queued while the network was down
    assert (late.version, late.text) == (1, "Vi vil ha mer samarbeid")
    assert _saves(room["s"]) == ["Vi vil ha mer samarbeid"]


def test_someone_elses_newer_text_is_still_a_conflict_and_nothing_is_overwritten(room):
    _save(room, "Mitt første", 0, key=KEY, seq=1)
    _save(room, "Kari skrev dette", 1, key=OTHER, seq=1)  # another device, from version 1
    with pytest.raises(Conflict) as caught:
        _save(room, "Mitt første og mer", 0, key=KEY, seq=2)  # my draft, from my version
    assert caught.value.params["theirs"] == "Kari skrev dette"
    assert caught.value.params["version"] == 2
    room["s"].expire_all()
    assert room["s"].exec(select(Answer.text)).one() == "Kari skrev dette"


def test_a_draft_key_is_never_needed_and_an_odd_one_is_ignored(room):
    state = workspace.save_answer(session=room["s"], actor=room["group"],
                                  gathering_id=room["g"], municipality_id=room["m"],
                                  question_id=room["q"], text="Uten nøkkel", base_version=0)
    assert state.version == 1
    assert _save(room, "Rar nøkkel", 1, key="<script>", seq=1).version == 2
    assert _save(room, "For lang", 2, key="a" * 33, seq=1).version == 3
    assert room["s"].exec(select(DraftReceipt)).all() == []
    with pytest.raises(Conflict):  # without a valid key, an old base is a conflict as before
        _save(room, "Gammel base", 1, key="<script>", seq=2)


@pytest.mark.parametrize(("text", "key"), [
    ("   ", "workshop.empty_answer"),
    ("x" * 4001, "error.too_long"),
])
def test_empty_and_over_long_text_get_a_plain_message_and_keep_the_saved_one(room, text, key):
    _save(room, "Det som står", 0, seq=1)
    with pytest.raises(InvalidInput) as caught:
        _save(room, text, 1, seq=2)
    assert caught.value.key == key
    room["s"].expire_all()
    assert room["s"].exec(select(Answer.text)).one() == "Det som står"


def test_html_is_kept_as_text(room):
    text = "<b>fet</b> <script>alert(1)</script> & «sitat»"
    assert _save(room, text, 0).text == text


def test_an_actions_text_resent_is_saved_once_and_a_newer_one_is_a_conflict(room):
    s = room["s"]
    aid = make_action(s, room["programme"], room["m"], actor=room["group"])
    version = s.get(Action, aid).version

    def describe(text, base, key=KEY, seq=1):
        return actions.update_action(session=s, actor=room["group"], action_id=aid,
                                     base_version=base, description=text, draft_key=key,
                                     draft_seq=seq)

    assert describe("To dager i uka", version, seq=1) == version + 1
    assert describe("To dager i uka", version, seq=1) == version + 1  # the re-send: no write
    assert describe("To dager i uka, med SFO", version, seq=2) == version + 2  # own, not theirs
    assert describe("To dager", version, seq=1) == version + 2  # late: newer words stay
    s.expire_all()
    assert s.get(Action, aid).description == "To dager i uka, med SFO"
    updates = s.exec(select(AuditEvent).where(AuditEvent.action == "action.update",
                                              AuditEvent.entity_id == aid)).all()
    assert len(updates) == 2
    actions.update_action(session=s, actor=room["group"], action_id=aid,
                          base_version=version + 2, description="Kari sin tekst",
                          draft_key=OTHER, draft_seq=1)
    with pytest.raises(Conflict) as caught:
        describe("Min tekst", version + 2, seq=3)
    assert caught.value.params["theirs"] == "Kari sin tekst"
    assert caught.value.params["mine"] == "Min tekst"


def test_the_key_check_accepts_only_what_a_browser_makes():
    assert drafts.valid("0123456789abcdef" * 2) == "0123456789abcdef" * 2
    assert drafts.valid("") is None and drafts.valid(None) is None
    assert drafts.valid("A" * 32) is None and drafts.valid("a" * 33) is None


def test_someone_elses_send_under_my_draft_key_is_no_re_send_of_mine(room):
    """A draft key is one person's: another account sending under it (read from a shared
    browser's storage, say) gets the conflict anyone's old base gets, and writes nothing."""
    _save(room, "Mitt svar", 0, key=KEY, seq=1)
    other = make_user(room["s"], Role.GROUP, programme=room["programme"], municipality="4638")
    with pytest.raises(Conflict):
        workspace.save_answer(session=room["s"], actor=other, gathering_id=room["g"],
                              municipality_id=room["m"], question_id=room["q"],
                              text="Overskrevet", base_version=0, draft_key=KEY, draft_seq=2)
    room["s"].expire_all()
    assert room["s"].exec(select(Answer.text)).one() == "Mitt svar"
    aid = make_action(room["s"], room["programme"], room["m"], actor=room["group"])
    version = room["s"].get(Action, aid).version
    actions.update_action(session=room["s"], actor=room["group"], action_id=aid,
                          base_version=version, description="Min plan", draft_key=OTHER,
                          draft_seq=1)
    with pytest.raises(Conflict):
        actions.update_action(session=room["s"], actor=other, action_id=aid,
                              base_version=version, description="Overskrevet",
                              draft_key=OTHER, draft_seq=2)


def test_a_browsers_drafts_are_kept_per_person():
    """The next person logging in on a shared computer is never given, nor sends, the draft
    the one before left unconfirmed: the field's storage name carries the person."""
    from kultur3.access.permissions import Actor
    from kultur3.ui.typing_field import person_doc

    kari = Actor(user_id=1, username="kari", display_name="Kari", role=Role.GROUP)
    ola = Actor(user_id=2, username="ola", display_name="Ola", role=Role.GROUP)
    assert person_doc(kari, "answer.1.1.1.all") != person_doc(ola, "answer.1.1.1.all")
    assert person_doc(kari, "answer.1.1.1.all") == person_doc(kari, "answer.1.1.1.all")


def test_a_send_number_beyond_the_column_only_loses_the_idempotency(room):
    """A browser (or a hand-made request) numbering its send past what the column holds gets
    its text saved as a send without a key: no database error, no receipt."""
    state = _save(room, "Stort nummer", 0, seq=2**53)
    assert state.version == 1
    assert room["s"].exec(select(DraftReceipt)).all() == []
    assert _save(room, "Negativt", 1, seq=-5).version == 2


def test_old_draft_receipts_are_purged(room):
    """A receipt is needed until its browser hears back (minutes; days offline at most):
    the daily purge (python -m kultur3 purge-guests) keeps the table from growing forever."""
    from datetime import timedelta

    from kultur3.models import utcnow

    _save(room, "Gammelt", 0, key=KEY, seq=1)
    _save(room, "Nytt", 1, key=OTHER, seq=1)
    old = room["s"].exec(select(DraftReceipt)).all()[0]
    old.saved_at = utcnow() - drafts.KEEP - timedelta(hours=1)
    room["s"].add(old)
    room["s"].flush()
    assert drafts.purge(room["s"]) == 1
    assert len(room["s"].exec(select(DraftReceipt)).all()) == 1


def test_an_actions_text_and_its_form_are_checked_each_against_its_own_version(room):
    """The description (saved while typed) and the form (every other field) each keep their
    own version: the same person's two saves from one screen are no conflict with each other,
    in either order, and someone else's newer text is still a conflict with mine."""
    s = room["s"]
    aid = make_action(s, room["programme"], room["m"], actor=room["group"])
    shown = s.get(Action, aid)
    text_v, form_v = shown.description_version, shown.version

    def describe(text, base, key=KEY, seq=1):
        return actions.update_action(session=s, actor=room["group"], action_id=aid,
                                     base_version=base, description=text, draft_key=key,
                                     draft_seq=seq)

    assert describe("Min tekst", text_v) == text_v + 1
    assert actions.update_action(session=s, actor=room["group"], action_id=aid,
                                 base_version=form_v, title="Ny tittel") == form_v + 1
    assert actions.update_action(session=s, actor=room["group"], action_id=aid,  # form first
                                 base_version=form_v + 1, progress_note="I gang") == form_v + 2
    assert describe("Min tekst, lengre", text_v + 1, seq=2) == text_v + 2
    s.expire_all()
    row = s.get(Action, aid)
    assert (row.title, row.description, row.progress_note) == ("Ny tittel", "Min tekst, lengre",
                                                               "I gang")
    with pytest.raises(Conflict):  # the form from an old version: someone saved the form
        actions.update_action(session=s, actor=room["group"], action_id=aid,
                              base_version=form_v, title="Gammel")
    describe("Kari sin tekst", text_v + 2, key=OTHER)
    with pytest.raises(Conflict) as caught:  # my text from before Kari's
        describe("Min tekst igjen", text_v + 2, seq=3)
    assert caught.value.params["theirs"] == "Kari sin tekst"


def test_an_actions_text_is_never_saved_with_its_form(room):
    """One base version cannot stand for two counters: a call that sends the text with
    other fields, or a draft with the form, is a programming error and writes nothing."""
    s = room["s"]
    aid = make_action(s, room["programme"], room["m"], actor=room["group"])
    row = s.get(Action, aid)
    for extra in ({"title": "Ny"}, {"deadline": None}, {"value_area_ids": [1]}):
        with pytest.raises(ValueError):
            actions.update_action(session=s, actor=room["group"], action_id=aid,
                                  base_version=row.version, description="Tekst", **extra)
    with pytest.raises(ValueError):
        actions.update_action(session=s, actor=room["group"], action_id=aid,
                              base_version=row.version, title="Ny", draft_key=KEY, draft_seq=1)
    s.expire_all()
    assert (s.get(Action, aid).title, s.get(Action, aid).description) == (row.title,
                                                                         row.description)
