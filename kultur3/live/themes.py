"""Themes on the wall: one question's answers across the groups, grouped by the facilitator.

Suggestions come from shared words (kultur3/core/words.py keys: stop words out, Snowball
stems): the word most answers share becomes a theme of those answers, labelled by it, then
the next (suggest_groups). The facilitator
renames, merges, moves an answer between themes, and shows the themes on the projector.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from kultur3.access import audit
from kultur3.access.permissions import Actor, Resource, check, is_staff
from kultur3.core import words
from kultur3.core.errors import InvalidInput, NotFound
from kultur3.core.validation import clean_text
from kultur3.live.state import check_live_read, check_staff_programme, gathering_municipalities
from kultur3.models import (
    THEME_LABEL_MAX,
    Answer,
    Gathering,
    Question,
    Theme,
    ThemeAnswer,
    ThemeBoard,
)
from kultur3.programme.templates import localized
from kultur3.store.archive_guard import check_writable
from kultur3.store.changed import changed

# A word in more than a quarter of the answers says nothing that tells them apart. Measured on
# the demo's sixteen answers per question (seed_demo of 2026-12-05, its first gathering):
# connecting answers that share ≥ 2 words chained q1 into one theme of 14 (q2: all 16), since
# nearly every answer says «kulturskolen» and «barn»; leaving out words in > 25 % of the
# answers and taking the most shared remaining word first gave q1 four themes of 4, 4, 2, 2
# («barnehagen», «unge», ...) with 4 answers left to place, q2 five of 2–4 with 1 left.
MAX_SHARE = 0.25
MIN_ANSWERS = 2  # a theme of one answer is no synthesis


@dataclass(frozen=True)
class ThemeCard:
    answer_id: int
    municipality: str | None  # None in anonymous mode
    text: str
    hidden: bool = False


@dataclass(frozen=True)
class ThemeView:
    theme_id: int
    label: str
    cards: tuple[ThemeCard, ...]

    @property
    def count(self) -> int:
        return len(self.cards)


@dataclass(frozen=True)
class ThemeBoardView:
    """A question's themes with their answers (most answers first), the answers in none, and
    whether the projector shows them."""

    question_id: int
    question_number: int
    question: str
    themes: tuple[ThemeView, ...]
    loose: tuple[ThemeCard, ...]
    shown: bool


def suggest_groups(texts: dict[int, str], lang: str = "nb") -> list[tuple[str, list[int]]]:
    """(label, answer ids) of the suggested themes, largest first. The word (folded key) that
    the most answers not yet placed share becomes a theme of those answers, labelled by how
    it is written most often; then the next, until no word is shared by MIN_ANSWERS answers.
    Words in more than MAX_SHARE of all answers are left out. Deterministic (ties by key,
    then the smallest answer id). Pure: no database."""
    keys = {i: words.keys(texts[i], lang) for i in sorted(texts)}
    share = Counter(key for found in keys.values() for key in found)
    limit = max(MIN_ANSWERS, MAX_SHARE * len(texts))
    left = set(keys)
    found: list[tuple[str, list[int]]] = []
    while True:
        counts = Counter(key for i in left for key in keys[i] if share[key] <= limit)
        if not counts:
            break
        key, n = min(counts.items(), key=lambda item: (-item[1], item[0]))
        if n < MIN_ANSWERS:
            break
        members = sorted(i for i in left if key in keys[i])
        left -= set(members)
        written = Counter(word for i in members for k, word in words.tokens(texts[i], lang)
                          if k == key)
        label = min(written.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
        found.append((label[:1].upper() + label[1:], members))
    return sorted(found, key=lambda item: (-len(item[1]), item[1][0]))


def _staff(session: Session, actor: Actor, gathering_id: int) -> Gathering:
    check(actor, "live.run")
    g = session.get(Gathering, gathering_id)
    if g is None:
        raise NotFound()
    check_staff_programme(session, actor, g.programme_id)
    check_writable(session, g.programme_id)  # bare UPDATE/DELETE below: the flush guard misses
    return g


def _question(session: Session, g: Gathering, number: int) -> Question:
    q = session.exec(select(Question).where(Question.programme_id == g.programme_id,
                                            Question.number == int(number))).first()
    if q is None:
        raise NotFound()
    return q


def _answers(session: Session, g: Gathering, question_id: int, *, hidden: bool) -> list[Answer]:
    """The wall's answers to a question: non-empty, of the gathering's municipalities."""
    shown = {m for m, _ in gathering_municipalities(session=session, gathering_id=g.id)}
    stmt = select(Answer).where(Answer.gathering_id == g.id, Answer.question_id == question_id,
                                func.length(Answer.text) > 0)
    if not hidden:
        stmt = stmt.where(col(Answer.hidden).is_(False))
    return [a for a in session.exec(stmt.order_by(Answer.id)).all()
            if a.municipality_id in shown]


def _theme(session: Session, actor: Actor, theme_id: int) -> tuple[Theme, Gathering]:
    theme = session.get(Theme, theme_id)
    if theme is None:
        raise NotFound()
    return theme, _staff(session, actor, theme.gathering_id)


def _clean_label(label: str) -> str:
    label = " ".join(clean_text(label).split())  # NUL out: PostgreSQL refuses it
    if not label:
        raise InvalidInput(key="themes.label_needed")
    if len(label) > THEME_LABEL_MAX:
        raise InvalidInput(key="themes.label_too_long", limit=THEME_LABEL_MAX)
    return label


def _done(session: Session, actor: Actor, gathering_id: int, action: str, entity_id: int | None,
          detail: dict) -> None:
    session.flush()
    changed(session, gathering_id=gathering_id)
    audit.record(session, actor=actor, action=f"themes.{action}", entity="theme",
                 entity_id=entity_id, detail={"gathering": gathering_id, **detail})


def theme_board(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
                lang: str = "nb", include_hidden: bool = False) -> ThemeBoardView:
    """A question's themes, for the projector (hidden answers left out, names only when the
    room is not anonymous) or, with include_hidden, for the facilitator's console."""
    g = check_live_read(session, actor, gathering_id)
    check(actor, "live.project", Resource(gathering_id=gathering_id))
    include_hidden = include_hidden and is_staff(actor)
    q = _question(session, g, question_number)
    names = dict(gathering_municipalities(session=session, gathering_id=gathering_id))
    show_names = not g.anonymous or include_hidden
    answers = _answers(session, g, q.id, hidden=include_hidden)
    placed = dict(session.exec(select(ThemeAnswer.answer_id, ThemeAnswer.theme_id).where(
        col(ThemeAnswer.answer_id).in_([a.id for a in answers] or [-1]))).all())
    cards: dict[int | None, list[ThemeCard]] = {}
    for a in answers:
        cards.setdefault(placed.get(a.id), []).append(ThemeCard(
            a.id, names.get(a.municipality_id) if show_names else None, a.text, a.hidden))
    themes = session.exec(select(Theme).where(Theme.gathering_id == gathering_id,
                                              Theme.question_id == q.id).order_by(Theme.id)).all()
    views = sorted((ThemeView(th.id, th.label, tuple(cards.get(th.id, ()))) for th in themes),
                   key=lambda v: -v.count)  # stable: equal counts keep the order made
    board = session.get(ThemeBoard, (gathering_id, q.id))
    return ThemeBoardView(q.id, q.number, localized(q.texts, lang), tuple(views),
                          tuple(cards.get(None, ())), bool(board and board.shown))


def suggest_themes(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
                   lang: str = "nb") -> int:
    """Suggest themes for the answers not yet in one (the facilitator's themes stay as they
    are); how many themes were made."""
    g = _staff(session, actor, gathering_id)
    q = _question(session, g, question_number)
    answers = _answers(session, g, q.id, hidden=False)
    placed = set(session.exec(select(ThemeAnswer.answer_id).where(
        col(ThemeAnswer.answer_id).in_([a.id for a in answers] or [-1]))).all())
    groups = suggest_groups({a.id: a.text for a in answers if a.id not in placed}, lang)
    for label, members in groups:
        theme = Theme(gathering_id=g.id, question_id=q.id, label=label[:THEME_LABEL_MAX])
        session.add(theme)
        session.flush()
        session.add_all(ThemeAnswer(answer_id=i, theme_id=theme.id) for i in members)
    _done(session, actor, g.id, "suggest", None, {"question": q.number, "themes": len(groups)})
    return len(groups)


def add_theme(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
              label: str) -> int:
    """An empty theme the facilitator names; answers are moved into it."""
    g = _staff(session, actor, gathering_id)
    q = _question(session, g, question_number)
    theme = Theme(gathering_id=g.id, question_id=q.id, label=_clean_label(label))
    session.add(theme)
    session.flush()
    _done(session, actor, g.id, "add", theme.id, {"label": theme.label})
    return theme.id


def rename_theme(*, session: Session, actor: Actor, theme_id: int, label: str) -> None:
    theme, g = _theme(session, actor, theme_id)
    before, theme.label = theme.label, _clean_label(label)
    session.add(theme)
    _done(session, actor, g.id, "rename", theme_id, {"before": before, "after": theme.label})


def merge_themes(*, session: Session, actor: Actor, theme_id: int, into_theme_id: int) -> None:
    """Move every answer of one theme into another of the same question; the first goes."""
    theme, g = _theme(session, actor, theme_id)
    into = session.get(Theme, into_theme_id)
    if (into is None or into.id == theme.id or into.gathering_id != theme.gathering_id
            or into.question_id != theme.question_id):
        raise NotFound()
    session.exec(update(ThemeAnswer).where(  # type: ignore[call-overload]
        ThemeAnswer.theme_id == theme.id).values(theme_id=into.id))
    session.exec(delete(Theme).where(Theme.id == theme.id))  # type: ignore[call-overload]
    _done(session, actor, g.id, "merge", into.id, {"from": theme.label, "into": into.label})


def delete_theme(*, session: Session, actor: Actor, theme_id: int) -> None:
    """Remove a theme; its answers are in no theme again (nothing of theirs is lost)."""
    theme, g = _theme(session, actor, theme_id)
    session.exec(delete(ThemeAnswer).where(  # type: ignore[call-overload]
        ThemeAnswer.theme_id == theme.id))
    session.exec(delete(Theme).where(Theme.id == theme.id))  # type: ignore[call-overload]
    _done(session, actor, g.id, "delete", theme_id, {"label": theme.label})


def move_answer(*, session: Session, actor: Actor, answer_id: int, theme_id: int | None) -> None:
    """Put an answer in a theme of its own question (None: in no theme)."""
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise NotFound()
    g = _staff(session, actor, answer.gathering_id)
    if theme_id is not None:
        theme = session.get(Theme, theme_id)
        if (theme is None or theme.gathering_id != answer.gathering_id
                or theme.question_id != answer.question_id):
            raise NotFound()
    session.exec(delete(ThemeAnswer).where(  # type: ignore[call-overload]
        ThemeAnswer.answer_id == answer_id))
    if theme_id is not None:
        session.add(ThemeAnswer(answer_id=answer_id, theme_id=theme_id))
    _done(session, actor, g.id, "move", theme_id, {"answer": answer_id})


def show_themes(*, session: Session, actor: Actor, gathering_id: int, question_number: int,
                shown: bool) -> None:
    """Show a question's themes on the projector instead of its wall, or the wall again."""
    g = _staff(session, actor, gathering_id)
    q = _question(session, g, question_number)
    board = session.get(ThemeBoard, (g.id, q.id)) or ThemeBoard(gathering_id=g.id,
                                                                  question_id=q.id)
    board.shown = bool(shown)
    session.add(board)
    _done(session, actor, g.id, "show", None, {"question": q.number, "shown": board.shown})


def theme_rows(session: Session, gathering_id: int
               ) -> list[tuple[int, str, int, int, str, bool]]:
    """(question number, theme, municipality id, answer id, answer text, hidden) of every
    themed answer in a gathering, for the export (the caller checked who asks)."""
    return [tuple(r) for r in session.exec(
        select(Question.number, Theme.label, Answer.municipality_id, Answer.id, Answer.text,
               Answer.hidden)
        .join(ThemeAnswer, ThemeAnswer.theme_id == Theme.id)
        .join(Answer, Answer.id == ThemeAnswer.answer_id)
        .join(Question, Question.id == Theme.question_id)
        .where(Theme.gathering_id == gathering_id)
        .order_by(Question.number, Theme.id, Answer.id)).all()]
