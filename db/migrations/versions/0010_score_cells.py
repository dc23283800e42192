"""score cells

One value per (gathering, municipality, value area, kind) for the leaders' pages, kept in the
same transaction as every score write (kultur3/group/score_cells.py); filled here from the
existing scores.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 05:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'scorecell',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('value_area_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('value', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.ForeignKeyConstraint(['value_area_id'], ['valuearea.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'municipality_id', 'value_area_id', 'kind'),
    )
    # Fill from the scores already there (the same rule as kultur3.group.score_cells.cell_value,
    # written out here so the migration does not change when the code does).
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT gathering_id, municipality_id, value_area_id, kind, is_group, value FROM score"))
    cells: dict = {}
    for g, m, a, kind, is_group, value in rows:
        cells.setdefault((g, m, a, str(kind)), []).append((bool(is_group), value))
    out = []
    for (g, m, a, kind), values in cells.items():
        agreed = [v for is_group, v in values if is_group]
        if agreed:
            value = None if agreed[0] is None else float(agreed[0])
        else:
            numbers = sorted(v for _, v in values if v is not None)
            n = len(numbers)
            value = (None if not n else float(numbers[n // 2]) if n % 2
                     else (numbers[n // 2 - 1] + numbers[n // 2]) / 2)
        out.append({"g": g, "m": m, "a": a, "k": kind, "v": value})
    if out:
        bind.execute(sa.text("INSERT INTO scorecell (gathering_id, municipality_id, value_area_id,"
                             " kind, value) VALUES (:g, :m, :a, :k, :v)"), out)


def downgrade() -> None:
    op.drop_table('scorecell')
