"""draft receipts: which version a browser's draft last saved

A typing-safe field sends its text with a random key per draft; draftreceipt keeps which row
and version that draft's last save made, so a re-send after a lost confirmation is neither
saved twice nor a conflict with itself (kultur3/store/drafts.py). New table, no data moved.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 10:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0027'
down_revision: str | None = '0026'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'draftreceipt',
        sa.Column('draft_key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('saved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('draft_key'),
    )
    op.create_index('ix_draftreceipt_saved_at', 'draftreceipt', ['saved_at'])


def downgrade() -> None:
    op.drop_index('ix_draftreceipt_saved_at', table_name='draftreceipt')
    op.drop_table('draftreceipt')
