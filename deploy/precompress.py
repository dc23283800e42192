"""Copy Streamlit's static bundle out of the virtualenv, each text file beside its .br and .gz,
for nginx to serve itself (brotli_static, gzip_static: deploy/nginx.conf.template).

    python deploy/precompress.py /var/lib/kultur3/static     # after every install or upgrade

Compressed once here, at the highest levels (brotli -q 11, gzip -9), instead of on every
request at the level a proxy can afford per request. Measured with bench/first_load.py
(figures in the README, «Running a room»). Brotli comes from Debian's `brotli` command
(the package nginx's brotli modules come from; scripts/ensure-system.sh installs it): no
Python package needed. Streamlit's files are named by their content hash, so an upgrade
adds new names; run this again after one (nginx falls back to the app for a name it lacks).

A folder holds one Streamlit version (a file `VERSION` in it): `ensure(folder)` does nothing
when it is already there, which lets deploy/run.py prepare it on its first start only
(about 28 s of one core for 23 MB of JavaScript on this machine, once).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
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


def ensure(folder: Path, source: Path | None = None) -> Path:
    """folder holds the current Streamlit's static files with their .br and .gz; made when
    missing or of another version. Returns folder."""
    version = streamlit_version()
    stamp = folder / "VERSION"
    if folder.exists() and folder.stat().st_uid != os.getuid():  # /tmp: made by someone else
        raise SystemExit(f"{folder} belongs to another user: pass another folder")
    if stamp.exists() and stamp.read_text().strip() == version:
        return folder
    brotli = brotli_command()
    work = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source or streamlit_static(), work)
    texts = [p for p in work.rglob("*") if p.is_file() and p.suffix in TEXT]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda p: _compress(p, brotli), texts))
    (work / "VERSION").write_text(version + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    work.rename(folder)  # whole or not at all: nginx never sees half a folder
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    ensure(args.folder.resolve())
    print(f"ready {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
