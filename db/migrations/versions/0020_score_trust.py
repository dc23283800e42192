"""score trust

Scores that mean what they say (issue 24 §1): a group's shared login is marked as such (it may
score as any member; a personal account only as its own member row); whether scores from people
who joined by code count in a gathering's group value; who among staff entered an action, a log
entry or an anchoring on a group's behalf. A group account that no member row names is taken
as shared without the mark (kultur3/group/scorers.py). Cells that counted a guest's score are
recounted by the members' rule.

Revision ID: 0020
Revises: 0022
Create Date: 2026-12-05 07:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ENTERED = (('action', 'fk_action_entered_by'), ('anchoring', 'fk_anchoring_entered_by'),
            ('logentry', 'fk_logentry_entered_by'))


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_login', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room_scores_counted', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    for table, fk in _ENTERED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(fk, 'user', ['entered_by_id'], ['id'])
    _recount_cells_with_guests()


def _recount_cells_with_guests() -> None:
    """Cells that counted a guest's score: the members' rule now (room scores count only
    where a facilitator turns them on, and no gathering has yet). Written out here so the
    migration does not change when kultur3.group.score_cells does."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT s.gathering_id, s.municipality_id, s.value_area_id, s.kind, s.is_group, "
        "s.guest_key IS NOT NULL, s.value FROM score s WHERE EXISTS (SELECT 1 FROM score g "
        "WHERE g.guest_key IS NOT NULL AND g.gathering_id = s.gathering_id AND "
        "g.municipality_id = s.municipality_id AND g.value_area_id = s.value_area_id AND "
        "g.kind = s.kind)"))
    cells: dict = {}
    for g, m, a, kind, is_group, is_room, value in rows:
        cells.setdefault((g, m, a, str(kind)), []).append((bool(is_group), bool(is_room), value))
    for (g, m, a, kind), values in cells.items():
        agreed = [v for is_group, _, v in values if is_group]
        if agreed:
            value = None if agreed[0] is None else float(agreed[0])
        else:
            numbers = sorted(v for is_group, is_room, v in values
                             if not is_room and v is not None)
            n = len(numbers)
            value = (None if not n else float(numbers[n // 2]) if n % 2
                     else (numbers[n // 2 - 1] + numbers[n // 2]) / 2)
        bind.execute(sa.text("UPDATE scorecell SET value = :v WHERE gathering_id = :g AND "
                             "municipality_id = :m AND value_area_id = :a AND kind = :k"),
                     {"g": g, "m": m, "a": a, "k": kind, "v": value})


def downgrade() -> None:
    for table, fk in reversed(_ENTERED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(fk, type_='foreignkey')
            batch_op.drop_column('entered_by_id')
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        batch_op.drop_column('room_scores_counted')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('shared_login')
