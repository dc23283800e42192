"""advisers per municipality

A programme's advisers (prosessveiledere): which facilitator follows which municipality
between gatherings (kultur3/programme/advisers.py, «Mine kommuner»).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'adviserassignment',
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('assigned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('assigned_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('programme_id', 'municipality_id', 'user_id'),
    )
    op.create_index('ix_adviserassignment_user_id', 'adviserassignment', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_adviserassignment_user_id', table_name='adviserassignment')
    op.drop_table('adviserassignment')
