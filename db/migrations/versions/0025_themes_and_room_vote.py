"""the wall's themes and the room-wide vote

A question's answers grouped into themes in a gathering (theme, themeanswer), whether the
projector shows them (themeboard); a room-wide vote (roomvote) and its dots (roomdot), one
per numbered slot so the limit holds when taps race.

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-05 10:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0025'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'theme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_theme_gathering_id', 'theme', ['gathering_id'])
    op.create_table(
        'themeanswer',
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('answer_id'),
    )
    op.create_index('ix_themeanswer_theme_id', 'themeanswer', ['theme_id'])
    op.create_table(
        'themeboard',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('shown', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'question_id'),
    )
    op.create_table(
        'roomvote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=True),
        sa.Column('dots', sa.Integer(), nullable=False),
        sa.Column('is_open', sa.Boolean(), nullable=False),
        sa.Column('on_screen', sa.Boolean(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_roomvote_gathering_id', 'roomvote', ['gathering_id'])
    op.create_table(
        'roomdot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('room_vote_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('voter_key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('slot', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['room_vote_id'], ['roomvote.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('room_vote_id', 'voter_key', 'slot'),
    )
    op.create_index('ix_roomdot_room_vote_id', 'roomdot', ['room_vote_id'])


def downgrade() -> None:
    op.drop_index('ix_roomdot_room_vote_id', table_name='roomdot')
    op.drop_table('roomdot')
    op.drop_index('ix_roomvote_gathering_id', table_name='roomvote')
    op.drop_table('roomvote')
    op.drop_table('themeboard')
    op.drop_index('ix_themeanswer_theme_id', table_name='themeanswer')
    op.drop_table('themeanswer')
    op.drop_index('ix_theme_gathering_id', table_name='theme')
    op.drop_table('theme')
