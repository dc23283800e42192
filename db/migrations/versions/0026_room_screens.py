"""the room's screens: the wall's pause, «hver for seg først» and each person's idea

Issue 25 §4 and §7: one row per gathering with whether the wall's pages stand still, which
questions are worked «hver for seg først» and whose ideas the projector shows; and each
person's own idea for such a question (personal data: it goes with its account or
participant).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 10:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0026'
down_revision: str | None = '0025'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'roomscreen',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('wall_paused', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('idea_stages', sa.JSON(), server_default='{}', nullable=False),
        sa.Column('ideas_shown', sa.JSON(), server_default='[]', nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('gathering_id'),
    )
    op.create_table(
        'idea',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('author_key', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=1333), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('gathering_id', 'question_id', 'author_key'),
    )
    for column in ('gathering_id', 'municipality_id', 'user_id', 'participant_id',
                   'updated_at'):
        op.create_index(f'ix_idea_{column}', 'idea', [column])


def downgrade() -> None:
    for column in ('gathering_id', 'municipality_id', 'user_id', 'participant_id',
                   'updated_at'):
        op.drop_index(f'ix_idea_{column}', table_name='idea')
    op.drop_table('idea')
    op.drop_table('roomscreen')
