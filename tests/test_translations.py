"""The gettext catalogues (locale/), the template, strict mode and plurals (kultur3/core/i18n.py)."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kultur3.core import i18n
from kultur3.core.i18n import KEYS, LANGS, LOCALE_DIR, TEXTS, t

ROOT = Path(__file__).resolve().parent.parent
ERRORS = {"Kultur3Error", "ConfigError", "NotFound", "PermissionDenied", "InvalidInput",
          "Conflict", "LoginLocked"}


def _catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _entries(path: Path) -> dict[str, object]:
    """msgctxt → msgid (a tuple for plurals), for every entry of a .po or .pot file."""
    return {m.context: m.id for m in _catalog(path) if m.id}


def _po(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "kultur3.po"


def _fields(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_every_key_in_every_language_with_the_same_placeholders():
    for lang in LANGS:
        assert set(TEXTS[lang]) == KEYS, lang
    for key in KEYS:
        forms = [TEXTS[lang][key] for lang in LANGS]
        plural = [isinstance(f, tuple) for f in forms]
        assert all(plural) or not any(plural), f"{key}: plural in some languages only"
        flat = [s for f in forms for s in (f if isinstance(f, tuple) else (f,))]
        assert all(s.strip() for s in flat), key
        if any(plural):
            assert all(len(f) == 2 for f in forms), key
            # the singular may say «1»/«Én» instead of {n}; otherwise the parameters match
            assert all(_fields(f[1]) == _fields(forms[0][1]) for f in forms), key
            assert all(_fields(f[0]) - {"n"} == _fields(forms[0][1]) - {"n"} for f in forms), key
        else:
            assert all(_fields(f) == _fields(forms[0]) for f in forms), f"{key}: placeholders"


def test_the_catalogues_translate_todays_source_text_and_the_template_matches():
    """Bokmål is the source: nn and en must translate the msgid bokmål has now (an entry whose
    msgid is stale was translated from an older text), and the template lists the same."""
    source = _entries(_po("nb"))
    assert _entries(LOCALE_DIR / "kultur3.pot") == source
    for lang in ("nn", "en"):
        assert _entries(_po(lang)) == source, lang


def test_no_fuzzy_or_untranslated_entries_and_the_plural_rule_is_declared():
    for lang in LANGS:
        catalog = _catalog(_po(lang))
        assert catalog.plural_expr.strip("()") == "n != 1", lang
        for m in catalog:
            if m.id:
                assert not m.fuzzy, (lang, m.context)
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                assert all(strings), (lang, m.context)
                assert ("python-brace-format" in m.flags) == bool(re.search(r"{\w+}", str(m.id))), \
                    (lang, m.context)


def _literal_keys() -> set[str]:
    keys = set()
    for path in [*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("kultur3/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    == "t" and node.args and isinstance(node.args[0], ast.Constant)):
                keys.add(node.args[0].value)
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ERRORS):
                keys |= {k.value.value for k in node.keywords
                         if k.arg == "key" and isinstance(k.value, ast.Constant)}
    return keys


def test_every_key_used_in_code_exists():
    assert sorted(_literal_keys() - KEYS) == []


def test_every_dynamic_key_family_is_complete():
    """Keys built at run time (t(f"phase.{p}")), enumerated from the constants that drive them."""
    from kultur3.access.permissions import PAGE_ROLES
    from kultur3.group.team import PROJECT_FIELDS
    from kultur3.insight.sectors import BINS
    from kultur3.live.export import EXPORT_KEYS
    from kultur3.models import (
        ActionStatus,
        ActivityKind,
        AnchoringKind,
        AnchoringStatus,
        CommentTarget,
        GatheringKind,
        GatheringStatus,
        LogKind,
        Phase,
        ProgrammeStatus,
        Role,
        Sector,
    )
    from kultur3.programme.phases import GUIDED
    from kultur3.ui.framework_edit import LEVELS
    from kultur3.ui.live.panel import REASONS
    from kultur3.ui.privacy import SECTIONS
    from kultur3.ui.workshop import STEPS

    def family(prefix: str, values, suffix: str = "") -> list[str]:
        return [f"{prefix}{getattr(v, 'value', v)}{suffix}" for v in values]

    families = (family("role.", Role) + family("kind.", GatheringKind)
                + family("status.", GatheringStatus) + family("action_status.", ActionStatus)
                + family("log.", LogKind) + family("priority.", (1, 2, 3))
                + family("page.", [*PAGE_ROLES, "login"]) + family("step.", STEPS)
                + family("common.", ("desired", "current"))
                + family("sector.", Sector) + family("sectors.bin_", BINS)
                + family("phase.", Phase) + family("phase_help.", GUIDED)
                + family("reason.", REASONS)
                + family("programme.status_", ProgrammeStatus)
                + family("programme.to_", ProgrammeStatus)
                + family("invite.state_", ("ok", "used", "expired"))
                + family("invite.", ("unknown", "used", "expired"))
                + family("anchoring.kind_", AnchoringKind)
                + family("anchoring.status_", AnchoringStatus)
                + family("team.", PROJECT_FIELDS) + family("team.", PROJECT_FIELDS, "_help")
                + family("gatherings.when_", ("coming", "past", "all"))
                + family("comments.on_", CommentTarget)
                + family("framework.level_", LEVELS)
                + family("mail.", ("invite", "reset"), "_subject")
                + family("mail.", ("invite", "reset"), "_body")
                + family("export.", EXPORT_KEYS)
                + family("activities.kind_", ActivityKind.ALL)
                + family("activities.where_", ("gathering", "library"))
                + family("privacy.notice.", SECTIONS, ".heading")
                + family("privacy.notice.", SECTIONS, ".body"))
    assert sorted(set(families) - KEYS) == []


def test_unknown_key_and_missing_params_do_not_crash(monkeypatch):
    """In production a missing text shows its key or an empty gap rather than an error."""
    monkeypatch.setattr(i18n, "STRICT", False)
    assert t("no.such.key") == "no.such.key"
    assert "«»" in t("error.empty", "nb")
    assert t("groups.imported", "nb") == " medlemmer er importert."  # no n: the plural form


def test_strict_mode_raises_on_a_missing_key_parameter_or_count():
    assert i18n.STRICT  # tests/conftest.py
    with pytest.raises(i18n.MissingText):
        t("no.such.key")
    with pytest.raises(i18n.MissingText):
        t("error.empty", "nb")
    with pytest.raises(i18n.MissingText):
        t("groups.imported", "nb")  # a plural needs its n


@pytest.mark.parametrize(("key", "lang", "n", "expected"), [
    ("groups.imported", "nb", 1, "1 medlem er importert."),
    ("groups.imported", "nb", 2, "2 medlemmer er importert."),
    ("groups.imported", "nb", 0, "0 medlemmer er importert."),
    ("words.count", "en", 1, "1 answer."),
    ("live.radar_room", "nb", 1, "Hele rommet: 1 kommune"),
    ("live.radar_room", "nn", 4, "Heile rommet: median av 4 kommunar"),
    ("gatherings.past_count", "nn", 1, "Éi tidlegare samling"),
])
def test_plurals_follow_n(key, lang, n, expected):
    assert t(key, lang, n=n) == expected


def test_an_unknown_language_gets_bokmal():
    assert t("app.logout", "sv") == t("app.logout", "nb") == "Logg ut"
