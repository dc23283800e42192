"""table codes, room code switch, answer spotlight

Each municipality in a gathering gets its own join code (printed on its table card); the
room code with its list of municipalities can be turned off; the projector can show one
answer full-screen.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 04:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'tablecode',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'municipality_id'),
    )
    with op.batch_alter_table('tablecode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tablecode_code'), ['code'], unique=True)
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        batch_op.add_column(sa.Column('room_code_open', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('spotlight_answer_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        batch_op.drop_column('spotlight_answer_id')
        batch_op.drop_column('room_code_open')
    with op.batch_alter_table('tablecode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tablecode_code'))
    op.drop_table('tablecode')
