"""sectors

Sector becomes a controlled list (kultur3/models/sectors.py, issue 24 §3): the free text on
group members and invitations is mapped to the list, any case and spacing, with the synonyms
people typed («Helse», «Helsetjenesten» -> helse_omsorg; «Skole», «Grunnskolen» ->
grunnskole; …); an unknown non-empty value becomes «annet», an empty one stays «not given».
No schema change: the column keeps its width and holds the list's value. The table below is
a frozen copy (a migration must not follow later edits of the app's table). Downgrade writes
each value's bokmål label back as free text.

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-05 07:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ('member', 'invitation')
_LABELS = {
    'kulturskolen': 'Kulturskolen', 'grunnskole': 'Grunnskole', 'barnehage': 'Barnehage',
    'helse_omsorg': 'Helse og omsorg', 'kultur_frivillighet': 'Kultur og frivillighet',
    'naringsliv': 'Næringsliv', 'innbygger': 'Innbygger/bruker', 'annet': 'Annet',
}
_WORDS = {
    'kulturskolen': ('kulturskolen', 'kulturskole', 'kulturskulen', 'kulturskule',
                     'culture school'),
    'grunnskole': ('grunnskole', 'grunnskolen', 'grunnskule', 'grunnskulen', 'skole', 'skule',
                   'skolen', 'sfo', 'skoleeier', 'kommunen (skoleeier)', 'oppvekst', 'school',
                   'compulsory school'),
    'barnehage': ('barnehage', 'barnehagen', 'barnehagar', 'kindergarten'),
    'helse_omsorg': ('helse og omsorg', 'helse- og omsorg', 'helse', 'helsetjenesten',
                     'helsetenesta', 'helsestasjon', 'omsorg', 'barnevern', 'barnevernet',
                     'nav', 'health', 'health and care'),
    'kultur_frivillighet': ('kultur og frivillighet', 'kultur og frivilligheit', 'kultur',
                            'frivillighet', 'frivilligheit', 'frivillig', 'kulturliv',
                            'bibliotek', 'biblioteket', 'kulturhuset', 'lag og foreninger',
                            'volunteers', 'culture and voluntary sector'),
    'naringsliv': ('næringsliv', 'næringslivet', 'næringsliv og arbeidsliv', 'business'),
    'innbygger': ('innbygger/bruker', 'innbyggjar/brukar', 'innbygger', 'innbyggere',
                  'innbyggjarar', 'bruker', 'brukere', 'elev', 'elever', 'foresatte',
                  'ungdomsråd', 'residents', 'resident/user'),
    'annet': ('annet', 'anna', 'other'),
}
_MAP = {word: value for value, words in _WORDS.items() for word in (value, *words)}


def _to_list(text: str) -> str:
    clean = ' '.join(text.split()).casefold()
    return _MAP.get(clean, 'annet') if clean else ''


def _rewrite(convert) -> None:
    bind = op.get_bind()
    for name in _TABLES:
        table = sa.table(name, sa.column('sector', sa.String))
        for (old,) in bind.execute(sa.select(table.c.sector).distinct()).all():
            new = convert(old or '')
            if new != old:
                bind.execute(table.update().where(table.c.sector == old).values(sector=new))


def upgrade() -> None:
    _rewrite(_to_list)


def downgrade() -> None:
    _rewrite(lambda value: _LABELS.get(value, value))
