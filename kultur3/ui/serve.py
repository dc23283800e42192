"""Start the app: `python -m kultur3.ui.serve [streamlit options]`.

`make run`, deploy/ and the browser tests start the server this way instead of with
`streamlit run app.py`. Streamlit decides once per process, when the first session starts,
whether the app is a «pages/ directory» app. Until some session has called st.navigation it
resolves the first request's path against the file names in pages/: right after a restart a
deep link (/dashbord) got Streamlit's English «Page not found» dialog, and a file name
(/admin_users) ran that file without app.py and listed every file in the sidebar (a login
right after such a visit was lost in 2 of 3 runs, see issue 14). This app always builds its
menu with st.navigation, so the launcher says so before the first session.

It also serves the app as kultur3.ui.asgi's st.App: the login and logout routes that set and
clear the HttpOnly session cookie, and the security headers. `streamlit run` serves an
st.App only when the script it is given defines one; the script here is app.py (so
.streamlit/ and the pages are found as before), and the launcher names the st.App for it.
Plain `streamlit run app.py` still works, without those routes: a login then lasts as long
as the browser tab (kultur3/ui/auth.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    from kultur3.ui.streamlit_internals import run_streamlit  # what it changes in Streamlit

    run_streamlit(str(APP), "kultur3.ui.asgi:app", sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
