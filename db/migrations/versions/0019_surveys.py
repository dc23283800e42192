"""surveys

A group's anonymous survey of the people its culture school serves (issue 24): the survey,
the areas it asks about with their statements, the responses (a day, never a time), their
scores, and the device marks that refuse a second answer; and the framework's
plain-language statement per value area and language.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AUDIENCE = ('pupils', 'parents', 'staff', 'partners', 'citizens', 'custom')


def upgrade() -> None:
    with op.batch_alter_table('valuearea') as batch:
        batch.add_column(sa.Column('survey_statements', sa.JSON(), nullable=False,
                                   server_default='{}'))
    op.create_table(
        'survey',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('audience', sa.Enum(*_AUDIENCE, name='surveyaudience', native_enum=False,
                                      length=30), nullable=False),
        sa.Column('audience_label', sqlmodel.sql.sqltypes.AutoString(length=120),
                  nullable=False),
        sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column('open_question', sqlmodel.sql.sqltypes.AutoString(length=300),
                  nullable=False),
        sa.Column('opens_on', sa.Date(), nullable=False),
        sa.Column('closes_on', sa.Date(), nullable=False),
        sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_survey_programme_id', 'survey', ['programme_id'])
    op.create_index('ix_survey_municipality_id', 'survey', ['municipality_id'])
    op.create_index('ix_survey_token', 'survey', ['token'], unique=True)
    op.create_table(
        'surveyarea',
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('value_area_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('statement', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['value_area_id'], ['valuearea.id'], ),
        sa.PrimaryKeyConstraint('survey_id', 'value_area_id'),
    )
    op.create_table(
        'surveyresponse',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=False),
        sa.Column('open_answer', sqlmodel.sql.sqltypes.AutoString(length=4000),
                  nullable=False),
        sa.Column('open_hidden', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_surveyresponse_survey_id', 'surveyresponse', ['survey_id'])
    op.create_table(
        'surveyscore',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('value_area_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['response_id'], ['surveyresponse.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['value_area_id'], ['valuearea.id'], ),
        sa.PrimaryKeyConstraint('response_id', 'value_area_id'),
    )
    op.create_table(
        'surveydevice',
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('device_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('survey_id', 'device_hash'),
    )


def downgrade() -> None:
    op.drop_table('surveydevice')
    op.drop_table('surveyscore')
    op.drop_index('ix_surveyresponse_survey_id', table_name='surveyresponse')
    op.drop_table('surveyresponse')
    op.drop_table('surveyarea')
    op.drop_index('ix_survey_token', table_name='survey')
    op.drop_index('ix_survey_municipality_id', table_name='survey')
    op.drop_index('ix_survey_programme_id', table_name='survey')
    op.drop_table('survey')
    with op.batch_alter_table('valuearea') as batch:
        batch.drop_column('survey_statements')
