"""the facilitator's own activities

A programme's library of activities (poll, word cloud, open question), their copies on a
gathering's agenda, and the room's entries (one per phone per activity).

Revision ID: 0024
Revises: 0027
Create Date: 2026-12-05 10:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0024'
down_revision: str | None = '0027'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'activity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=True),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('prompt', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('options', sa.JSON(), server_default='[]', nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('is_current', sa.Boolean(), nullable=False),
        sa.Column('is_open', sa.Boolean(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_activity_programme_id', 'activity', ['programme_id'])
    op.create_index('ix_activity_gathering_id', 'activity', ['gathering_id'])
    op.create_table(
        'activityentry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('voter_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('choices', sa.JSON(), server_default='[]', nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('hidden', sa.Boolean(), nullable=False),
        sa.Column('hidden_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('activity_id', 'voter_key'),
    )
    op.create_index('ix_activityentry_activity_id', 'activityentry', ['activity_id'])
    op.create_index('ix_activityentry_gathering_id', 'activityentry', ['gathering_id'])


def downgrade() -> None:
    op.drop_index('ix_activityentry_gathering_id', table_name='activityentry')
    op.drop_index('ix_activityentry_activity_id', table_name='activityentry')
    op.drop_table('activityentry')
    op.drop_index('ix_activity_gathering_id', table_name='activity')
    op.drop_index('ix_activity_programme_id', table_name='activity')
    op.drop_table('activity')
