"""Every session-state key the app owns, in one place. Widget keys read "page.field"."""

LANG = "app.lang"
PROGRAMME = "app.programme"
LOGOUT = "app.logout"
PENDING_COOKIE = "auth.pending_cookie"

# Keys streamlit-authenticator owns; we read and set them, never rename them.
AUTH_STATUS = "authentication_status"
AUTH_USERNAME = "username"
AUTH_NAME = "name"
AUTH_LOGOUT = "logout"
COOKIE_WRITER = "set"  # the key extra-streamlit-components gives its cookie-setting component

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
WORK_MUNICIPALITY = "municipality_work.municipality"
