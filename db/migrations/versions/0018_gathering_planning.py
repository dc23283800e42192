"""gathering planning

A gathering's time, place, video link, description, materials and preparation task; when it
was cancelled; the compare-and-set version of its planning form and the version of its
schedule (date, times, place) that reminders and calendar feeds compare against. Which group
has done the preparation task: preptick. Existing gatherings keep their date and get empty
planning fields.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('ends_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('video_link', sqlmodel.sql.sqltypes.AutoString(length=500),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('description',
                                      sqlmodel.sql.sqltypes.AutoString(length=2000),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('materials', sa.JSON(), server_default='[]',
                                      nullable=False))
        batch_op.add_column(sa.Column('prep_task', sqlmodel.sql.sqltypes.AutoString(length=300),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('edit_version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.add_column(sa.Column('schedule_version', sa.Integer(), server_default='1',
                                      nullable=False))
    op.create_table(
        'preptick',
        sa.Column('gathering_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['gathering_id'], ['gathering.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.PrimaryKeyConstraint('gathering_id', 'municipality_id'),
    )


def downgrade() -> None:
    op.drop_table('preptick')
    with op.batch_alter_table('gathering', schema=None) as batch_op:
        for name in ('schedule_version', 'edit_version', 'cancelled_at', 'prep_task',
                     'materials', 'description', 'video_link', 'place', 'ends_at',
                     'starts_at'):
            batch_op.drop_column(name)
