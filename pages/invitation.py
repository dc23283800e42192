"""A one-time link: choose a password for a new account, or a new one for a forgotten one."""

import streamlit as st

from kultur3.access.permissions import HOME_PAGE
from kultur3.group import invitations
from kultur3.ui import auth, feedback, keys, privacy, research
from kultur3.ui.context import current_user, lang, read, require_role, t
from kultur3.ui.widgets import escape

require_role("invitation", visitors=True)
home = st.session_state.pop(keys.INVITATION_DONE, None)
if home:  # the password is set and the person is logged in: on to their home page
    st.switch_page(f"pages/{home}.py")
token = st.query_params.get("token", "")
view = read(invitations.peek, token=token)
if view.state == "has_account":  # a link never logs anyone into an account that exists
    st.title(t("invite.heading"))
    me = current_user()
    if me is None or me.user_id is None or me.username != view.email:
        st.info(t("invite.log_in_first"))
        st.markdown(f"[{t('login.go_to_login')}](/)")
        privacy.link()
        st.stop()
    st.markdown(t("invite.take_it", programme=escape(view.programme)))
    consent = research.consent_question(view.research_partner, view.research_purpose,
                                        key="invitation.research_take")
    if st.button(t("invite.take"), key="invitation.take", type="primary"):
        taken = feedback.act(invitations.accept_logged_in, actor=me, token=token,
                             research_consent=consent, lang=lang(),
                             research_shown=(view.research_partner, view.research_purpose))
        if taken.ok:
            st.session_state[keys.INVITATION_DONE] = HOME_PAGE[taken.value.role]
            st.rerun()
    feedback.show()
    st.stop()
if view.state != "ok":
    st.title(t("invite.heading"))
    st.error(t(f"invite.{view.state}"))
    st.markdown(f"[{t('login.go_to_login')}](/)")
    privacy.link()
    st.stop()

reset = view.kind == "reset"
st.title(t("reset.heading" if reset else "invite.heading"))
if not reset and view.municipality:
    st.markdown(t("invite.welcome_group", municipality=escape(view.municipality),
                  programme=escape(view.programme)))
elif not reset:
    st.markdown(t("invite.welcome", role=t(f"role.{view.role}"), programme=escape(view.programme)))
st.caption(t("invite.username_is", email=escape(view.email)))


def _accept() -> None:
    get = st.session_state.get
    if get("invitation.password") != get("invitation.repeat"):
        feedback.flash("error", "account.mismatch")
        return
    accepted = feedback.act(invitations.accept, token=token,
                            password=get("invitation.password", ""),
                            display_name=get("invitation.name", ""),
                            research_consent=bool(get("invitation.research")), lang=lang(),
                            research_shown=(view.research_partner, view.research_purpose))
    if accepted.ok:
        auth.log_in(accepted.value, next_path="/")  # home, not back to the spent link
        st.session_state[keys.INVITATION_DONE] = HOME_PAGE[accepted.value.role]


with st.form("invitation.form"):
    if not reset:
        st.text_input(t("common.name"), value=view.display_name, max_chars=120,
                      key="invitation.name")
    st.text_input(t("account.new"), type="password", max_chars=200, key="invitation.password",
                  help=t("account.rules", limit=12), autocomplete="new-password")
    st.text_input(t("account.repeat"), type="password", max_chars=200, key="invitation.repeat",
                  autocomplete="new-password")
    if not reset:
        research.consent_question(view.research_partner, view.research_purpose,
                                  key="invitation.research")
    st.form_submit_button(t("invite.accept"), key="invitation.submit", type="primary",
                          on_click=_accept)
feedback.show()
privacy.link()
