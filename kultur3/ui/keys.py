"""Every session-state key the app owns, in one place. Widget keys read "page.field"."""

LANG = "app.lang"
PROGRAMME = "app.programme"
LOGOUT = "app.logout"
# A login or logout on its way to the cookie route: (path, form fields) (kultur3/ui/auth.py).
PENDING_POST = "auth.pending_post"
# The session's id when no cookie route serves this process (AppTest, plain streamlit run).
SESSION_TOKEN = "auth.session_token"  # noqa: S105 - a key, not a secret

LOGIN_FORM = "login.form"
LOGIN_USERNAME = "login.username"
LOGIN_PASSWORD = "login.password"  # noqa: S105 - a widget key, not a secret
LOGIN_SUBMIT = "login.submit"

GROUP_MUNICIPALITY = "group_home.municipality"

# Live gatherings: the secrets in the URL, and the gathering chosen on the live pages.
PARTICIPANT_PARAM = "deltaker"
VIEW_PARAM = "visning"
CODE_PARAM = "kode"
GATHERING_PARAM = "samling"
LIVE_GATHERING = "live.gathering"
PENDING_CODE = "live.pending_code"
DEVICE = "live.device"  # this browser session's id, for the rate limit on codes
JOINED_KEY = "live.joined_key"  # the participant key this browser was given
JOINED_COOKIE = "kultur3_deltaker"  # the same, kept across tabs for one day
INVITATION_DONE = "invitation.done"
# A calendar link just made, shown once on «Min konto» (only its hash is stored).
CALENDAR_NEW_LINK = "account.calendar_new_link"
WORK_MUNICIPALITY = "municipality_work.municipality"
SURVEY_PARAM = "u"  # a survey's public token in /mening?u=...
# A survey respondent's browser token (kultur3/ui/web.py sets it; only its hash is stored).
SURVEY_COOKIE = "kultur3_undersokelse"
