"""action description version: the description's own, beside the form's

An action's description is saved while typed (a typing-safe field) beside a form that saves
every other field; with one version between them, the same person's two saves in one run
were a conflict with each other. Existing rows start at their version: a browser's kept
draft and the draft receipts from before hold that counter's values, and must mean the same.

Revision ID: 0028
Revises: 0024
Create Date: 2026-12-06 01:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0028'
down_revision: str | None = '0024'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_version', sa.Integer(), server_default='1',
                                      nullable=False))
    op.execute("UPDATE action SET description_version = version")


def downgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_column('description_version')
