"""settings and retention

A small key/value table for what an admin sets in the app (the data controller named on the
privacy page) and the demo's marker; and when a programme was archived, so its member data
can be purged a set time after.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A database made by `seed --demo` before the marker existed: only demo programmes, and only
# the demo's own logins (the same names kultur3.seed makes, written out here so the migration
# does not change when the code does).
_DEMO_SHAPED = """
SELECT (SELECT count(*) FROM programme) > 0
   AND (SELECT count(*) FROM programme WHERE NOT is_demo) = 0
   AND (SELECT count(*) FROM "user" WHERE username NOT IN ('admin', 'fasilitator', 'leder')
        AND username NOT LIKE 'kommune-%' AND username NOT LIKE 'kommuneleder-%') = 0
"""


def upgrade() -> None:
    op.create_table(
        'setting',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    with op.batch_alter_table('programme') as batch:
        batch.add_column(sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    bind = op.get_bind()
    # The retention clock of a programme archived before this column starts now.
    bind.execute(sa.text("UPDATE programme SET archived_at = CURRENT_TIMESTAMP "
                         "WHERE status = 'archived'"))
    if bind.execute(sa.text(_DEMO_SHAPED)).scalar():
        bind.execute(sa.text("INSERT INTO setting (key, value, updated_at) "
                             "VALUES ('demo.made_by', 'seed_demo', CURRENT_TIMESTAMP)"))


def downgrade() -> None:
    with op.batch_alter_table('programme') as batch:
        batch.drop_column('archived_at')
    op.drop_table('setting')
