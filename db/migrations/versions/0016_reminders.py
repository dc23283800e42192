"""reminders

What each account wants to be reminded of by e-mail (and in which language), and one row per
mail the reminder run claimed (kultur3 send-reminders): unique per person, kind and period,
so no mail goes out twice.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = sa.Enum('coordinator_digest', 'gathering', 'gathering_moved', 'adviser_digest',
                 name='reminderkind', native_enum=False, length=30)


def upgrade() -> None:
    op.create_table(
        'reminderpreference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column('coordinator_digest', sa.Boolean(), nullable=False),
        sa.Column('gathering_reminders', sa.Boolean(), nullable=False),
        sa.Column('adviser_digest', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )
    op.create_table(
        'remindersent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', _KINDS, nullable=False),
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=True),
        sa.Column('held_on', sa.Date(), nullable=True),
        sa.Column('schedule_version', sa.Integer(), nullable=True),
        sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'kind', 'period'),
    )
    op.create_index('ix_remindersent_user_id', 'remindersent', ['user_id'])
    op.create_index('ix_remindersent_gathering_id', 'remindersent', ['gathering_id'])
    op.create_index('ix_remindersent_claimed_at', 'remindersent', ['claimed_at'])


def downgrade() -> None:
    op.drop_index('ix_remindersent_claimed_at', 'remindersent')
    op.drop_index('ix_remindersent_gathering_id', 'remindersent')
    op.drop_index('ix_remindersent_user_id', 'remindersent')
    op.drop_table('remindersent')
    op.drop_table('reminderpreference')
