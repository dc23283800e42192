"""research consent and the research partner

A programme's research partner, the purpose of the research and the key of the research
export's pseudonyms (existing programmes: none, empty); consent to research use, one row per
decision with its time and the text shown. The new role «researcher» needs no schema change:
roles are stored as VARCHAR values.

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-05 07:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0023'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('programme') as batch:
        batch.add_column(sa.Column('research_partner',
                                   sqlmodel.sql.sqltypes.AutoString(length=240),
                                   server_default='', nullable=False))
        batch.add_column(sa.Column('research_purpose',
                                   sqlmodel.sql.sqltypes.AutoString(length=2000),
                                   server_default='', nullable=False))
        batch.add_column(sa.Column('research_secret',
                                   sqlmodel.sql.sqltypes.AutoString(length=64),
                                   server_default='', nullable=False))
    op.create_table(
        'researchconsent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('given', sa.Boolean(), nullable=False),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2600), nullable=False),
        sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_researchconsent_programme_id', 'researchconsent', ['programme_id'])
    op.create_index('ix_researchconsent_user_id', 'researchconsent', ['user_id'])
    op.create_index('ix_researchconsent_participant_id', 'researchconsent', ['participant_id'])


def downgrade() -> None:
    op.drop_index('ix_researchconsent_participant_id', table_name='researchconsent')
    op.drop_index('ix_researchconsent_user_id', table_name='researchconsent')
    op.drop_index('ix_researchconsent_programme_id', table_name='researchconsent')
    op.drop_table('researchconsent')
    with op.batch_alter_table('programme') as batch:
        batch.drop_column('research_secret')
        batch.drop_column('research_purpose')
        batch.drop_column('research_partner')
