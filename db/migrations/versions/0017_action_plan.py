"""action plan

The action plan becomes editable for the programme's whole life: an action keeps its place in
the group's plan (existing actions are numbered by id, the order they were made in), can be
removed and restored by staff for 30 days (deleted_at, deleted_by_id), and every progress note
is kept with who wrote it and the status at the time (actionnote; an action's existing note
becomes its first, written when the action was last changed).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('action') as batch:
        batch.add_column(sa.Column('position', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                   nullable=True))
        batch.add_column(sa.Column('deleted_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_action_deleted_by_id_user', 'user', ['deleted_by_id'],
                                 ['id'])
    op.create_table(
        'actionnote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('status', sa.Enum('not_started', 'in_progress', 'done', 'on_hold',
                                    name='actionstatus', native_enum=False, length=30),
                  nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_actionnote_action_id', 'actionnote', ['action_id'])
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE action SET position = id"))
    bind.execute(sa.text(
        "INSERT INTO actionnote (action_id, author_id, text, status, created_at) "
        "SELECT id, NULL, progress_note, status, updated_at FROM action "
        "WHERE progress_note <> ''"))


def downgrade() -> None:
    op.drop_index('ix_actionnote_action_id', table_name='actionnote')
    op.drop_table('actionnote')
    with op.batch_alter_table('action') as batch:
        batch.drop_constraint('fk_action_deleted_by_id_user', type_='foreignkey')
        batch.drop_column('deleted_by_id')
        batch.drop_column('deleted_at')
        batch.drop_column('position')
