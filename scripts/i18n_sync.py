"""After adding or changing a text in bokmål (locale/nb/LC_MESSAGES/kultur3.po, the source
language): write the template locale/kultur3.pot from it and merge the change into nynorsk and
English, where a new or changed entry arrives empty or marked fuzzy for the translator.

    .venv/bin/python scripts/i18n_sync.py

tests/test_translations.py fails until every entry is translated and none is fuzzy.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def main() -> None:
    with (LOCALE / "nb" / "LC_MESSAGES" / "kultur3.po").open("rb") as f:
        source = read_po(f)
    template = Catalog(domain="kultur3", project="kultur3", version="1", charset="utf-8",
                       copyright_holder="KS", fuzzy=False)
    for m in source:
        if m.id:
            empty = ("", "") if m.pluralizable else ""
            template.add(m.id, empty, context=m.context, flags=m.flags,
                         auto_comments=m.auto_comments, user_comments=m.user_comments)
    with (LOCALE / "kultur3.pot").open("wb") as f:
        write_po(f, template, width=100, sort_output=False)
    for lang in ("nn", "en"):  # what `pybabel update` does, with the same line width
        path = LOCALE / lang / "LC_MESSAGES" / "kultur3.po"
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(template, update_header_comment=False)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, sort_output=False, ignore_obsolete=True)
        print(f"updated {path.relative_to(LOCALE.parent)}")


if __name__ == "__main__":
    main()
