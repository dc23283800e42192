"""Copy Streamlit's static bundle out of the virtualenv, each text file beside its .br and .gz,
for nginx to serve itself (brotli_static, gzip_static: deploy/nginx.conf.template).

    python deploy/precompress.py /var/lib/kultur3/static     # after every install or upgrade

Compressed once here, at the highest levels (brotli -q 11, gzip -9), instead of on every
request at the level a proxy can afford per request. Measured with bench/first_load.py
(figures in the README, «Running a room»). Brotli comes from Debian's `brotli` command
(the package nginx's brotli modules come from; scripts/ensure-system.sh installs it): no
Python package needed. Streamlit's files are named by their content hash, so an upgrade
adds new names; run this again after one (nginx falls back to the app for a name it lacks).

The icon font (Material Symbols, 375 KB of 1,109 on a phone's first visit through nginx) is
cut to the icons Streamlit's bundle and the app name (about 650 of 4,300; 65 KB): an icon is
drawn from a ligature, the name written as text, so a name the font lacks would show as its
letters. `subset_icons` keeps every name the bundle's JavaScript spells and every
`:material/name:` in the app and in Streamlit's Python; tests/browser/test_icons_browser.py
opens every page of every role with the cut font and measures each icon drawn.

A folder holds one Streamlit version (a file `VERSION` in it): `ensure(folder)` does nothing
when it is already there, which lets deploy/run.py prepare it on its first start only
(about 28 s of one core for 23 MB of JavaScript on this machine, once).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# What nginx's gzip/brotli types list compresses (woff2, png and gif are compressed already).
TEXT = {".js", ".css", ".html", ".json", ".svg", ".ttf", ".map", ".txt", ".wasm"}


def streamlit_static() -> Path:
    import streamlit
    return Path(streamlit.__file__).parent / "static"


def streamlit_version() -> str:
    import streamlit
    return streamlit.__version__


def brotli_command() -> str:
    found = shutil.which("brotli")
    if not found:
        raise SystemExit("the brotli command is missing: apt-get install brotli")
    return found


def _compress(path: Path, brotli: str) -> None:
    subprocess.run([brotli, "-q", "11", "-f", "-k", str(path)], check=True)
    with path.open("rb") as raw, gzip.GzipFile(str(path) + ".gz", "wb", compresslevel=9,
                                               mtime=0) as out:
        shutil.copyfileobj(raw, out)


APP = Path(__file__).resolve().parent.parent
ICON_FONT = "MaterialSymbols-*.woff2"
NAMED = re.compile(r":material/([a-z0-9_]+):")


def icon_names(font) -> dict[str, str]:
    """Each ligature of a Material Symbols font: the icon's name (the text it replaces) and
    its glyph."""
    letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    names = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for lig in ligatures:
                    if first in letters and all(c in letters for c in lig.Component):
                        name = letters[first] + "".join(letters[c] for c in lig.Component)
                        names[name] = lig.LigGlyph
    return names


def _app_sources(app: Path) -> list[Path]:
    return [*app.glob("*.py"), *(app / "kultur3").rglob("*.py"), *(app / "pages").rglob("*.py")]


def app_icons(app: Path = APP) -> set[str]:
    """Every :material/name: in the app's own code (a few files: quick on every start)."""
    return {n for py in _app_sources(app)
            for n in NAMED.findall(py.read_text(encoding="utf-8", errors="ignore"))}


def names_in_use(static: Path, app: Path = APP) -> set[str]:
    """Every word in the bundle's JavaScript (a superset of the icons it names: «close»,
    «search» and the like come along and cost little), and every :material/name: in the
    app's code and in Streamlit's Python."""
    import streamlit
    words: set[str] = set()
    for js in static.rglob("*.js"):
        words |= set(re.findall(r"[a-z0-9_]+", js.read_text(encoding="utf-8", errors="ignore")))
    for py in Path(streamlit.__file__).parent.rglob("*.py"):
        words |= set(NAMED.findall(py.read_text(encoding="utf-8", errors="ignore")))
    return words | app_icons(app)


def subset_icons(static: Path, app: Path = APP) -> list[tuple[str, int, int]]:
    """Cut each Material Symbols font in static to the names in use, in place; returns
    (file, bytes before, bytes after). Without fontTools' woff2 support (the brotli module),
    the fonts stay whole."""
    try:
        import brotli  # noqa: F401  (fontTools' woff2)
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        print("icon font kept whole: fontTools or brotli is missing", file=sys.stderr)
        return []
    done = []
    wanted = None
    for path in static.rglob(ICON_FONT):
        font = TTFont(str(path))
        names = icon_names(font)
        wanted = names_in_use(static, app) if wanted is None else wanted
        keep = sorted({names[n] for n in wanted if n in names})
        options = subset.Options()
        options.layout_closure = False  # else every ligature of the kept letters comes back
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.flavor = "woff2"
        cutter = subset.Subsetter(options)
        cutter.populate(glyphs=keep, unicodes=sorted({ord(c) for n in names for c in n}))
        cutter.subset(font)
        before = path.stat().st_size
        font.flavor = "woff2"
        font.save(str(path))
        done.append((path.name, before, path.stat().st_size))
    return done


def ensure(folder: Path, source: Path | None = None) -> Path:
    """folder holds the current Streamlit's static files with their .br and .gz; made when
    missing or of another version. Returns folder."""
    # Made again for another Streamlit, or when the app names an icon the cut font may lack
    # (an update of the app between two starts of deploy/run.py).
    icons = hashlib.sha256(" ".join(sorted(app_icons())).encode()).hexdigest()[:12]
    version = f"{streamlit_version()} icons {icons}"
    stamp = folder / "VERSION"
    # /tmp: a folder, or a link, someone else made there first is never used
    if folder.is_symlink() or (folder.exists() and folder.stat().st_uid != os.getuid()):
        raise SystemExit(f"{folder} belongs to another user: pass another folder")
    if stamp.exists() and stamp.read_text().strip() == version:
        return folder
    brotli = brotli_command()
    # Made under a name nobody can guess beforehand (a fixed «static.tmp» in /tmp could be
    # made first by another user), and readable by nginx's workers, which run as nobody.
    work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        shutil.copytree(source or streamlit_static(), work, dirs_exist_ok=True)
        work.chmod(0o755)  # (after the copy, which gives it the source's mode)
        texts = [p for p in work.rglob("*") if p.is_file() and p.suffix in TEXT]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(lambda p: _compress(p, brotli), texts))
        subset_icons(work)
        (work / "VERSION").write_text(version + "\n")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # a failed build leaves nothing behind
        raise
    shutil.rmtree(folder, ignore_errors=True)
    work.rename(folder)  # whole or not at all: nginx never sees half a folder
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    ensure(args.folder.absolute())  # not resolved: a link in its place is refused
    print(f"ready {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
