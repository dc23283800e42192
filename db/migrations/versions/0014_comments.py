"""comments

Comments on a group's development project, an action or a log entry, with one level of
replies; and how far each person has read each group's comments of each kind (unread).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 01:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KIND = ('project', 'action', 'log')


def upgrade() -> None:
    op.create_table(
        'comment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('target_kind', sa.Enum(*_KIND, name='commenttarget', native_enum=False,
                                         length=30), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], ),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
        sa.ForeignKeyConstraint(['parent_id'], ['comment.id'], ),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_comment_group', 'comment', ['programme_id', 'municipality_id', 'id'])
    op.create_index('ix_comment_author_id', 'comment', ['author_id'])
    op.create_table(
        'commentseen',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('target_kind', sa.Enum(*_KIND, name='commenttarget', native_enum=False,
                                         length=30), nullable=False),
        sa.Column('seen_up_to', sa.Integer(), nullable=False),
        sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'programme_id', 'municipality_id', 'target_kind'),
    )


def downgrade() -> None:
    op.drop_table('commentseen')
    op.drop_index('ix_comment_author_id', table_name='comment')
    op.drop_index('ix_comment_group', table_name='comment')
    op.drop_table('comment')
