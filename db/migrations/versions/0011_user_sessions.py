"""server-side login sessions

Every login is a row of usersession (only a hash of its id); sessionhandoff holds the one-time
codes that turn a checked password into the session's HttpOnly cookie; a login attempt keeps
a keyed hash of the client it came from, so a lock holds against that client only.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'usersession',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_usersession_token_hash', 'usersession', ['token_hash'], unique=True)
    op.create_index('ix_usersession_user_id', 'usersession', ['user_id'])
    op.create_table(
        'sessionhandoff',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_sessionhandoff_code_hash', 'sessionhandoff', ['code_hash'], unique=True)
    op.create_index('ix_sessionhandoff_user_id', 'sessionhandoff', ['user_id'])
    op.create_index('ix_sessionhandoff_expires_at', 'sessionhandoff', ['expires_at'])
    with op.batch_alter_table('loginattempt') as batch:
        batch.add_column(sa.Column('client', sqlmodel.sql.sqltypes.AutoString(length=120),
                                   nullable=False, server_default=''))
        batch.create_index('ix_loginattempt_client', ['client'])


def downgrade() -> None:
    with op.batch_alter_table('loginattempt') as batch:
        batch.drop_index('ix_loginattempt_client')
        batch.drop_column('client')
    op.drop_table('sessionhandoff')
    op.drop_table('usersession')
