"""calendar feeds

A person's private calendar subscription link (issue 23): calendarfeed keeps a hash of the
link's token, when it was made, last used and revoked.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'calendarfeed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_calendarfeed_token_hash', 'calendarfeed', ['token_hash'], unique=True)
    op.create_index('ix_calendarfeed_user_id', 'calendarfeed', ['user_id'])
    op.create_index('ix_calendarfeed_revoked_at', 'calendarfeed', ['revoked_at'])


def downgrade() -> None:
    op.drop_table('calendarfeed')
