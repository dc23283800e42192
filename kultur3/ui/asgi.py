"""The st.App `python -m kultur3.ui.serve` serves: app.py, with kultur3/ui/web.py's login
routes, calendar feed route and security headers beside it. Importing this module is what
tells the login form (kultur3/ui/auth.py) that the cookie routes exist in this process, and
masks calendar tokens in uvicorn's logs."""

import streamlit as st

from kultur3.ui import auth, web
from kultur3.ui.serve import APP

auth.use_cookie_routes(web.LOGIN_PATH, web.LOGOUT_PATH)
web.mask_feed_paths_in_logs()
app = st.App(str(APP), routes=web.ROUTES, middleware=web.MIDDLEWARE)
