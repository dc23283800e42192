"""Admin pages and the forced password change, through their widgets."""

import json
import re

from tests.pages.conftest import run_app, texts


def test_admin_creates_a_user_who_must_change_the_temporary_password():
    at = run_app("admin", page="admin_users")
    at.text_input(key="admin_users.new.username").input("Kari.Nordmann")
    at.text_input(key="admin_users.new.name").input("Kari <b>Nordmann</b>")
    at.selectbox(key="admin_users.new.role").select("leader")
    at.button(key="admin_users.new.submit").click().run()
    message = next(s.value for s in at.success if "Midlertidig passord" in s.value)
    temp = message.split("Midlertidig passord: ")[1].split(" ")[0].replace("\\", "")  # as shown

    new = run_app()
    new.text_input(key="login.username").input("kari.nordmann")
    new.text_input(key="login.password").input(temp)
    new.button(key="login.submit").click().run()
    assert "Du har fått et midlertidig passord" in texts(new)
    assert "Alle kommuner" not in texts(new)
    new.text_input(key="account.current").input(temp)
    new.text_input(key="account.new").input("mitt-eget-passord")
    new.text_input(key="account.repeat").input("mitt-eget-passord")
    new.button(key="account.submit").click().run()
    assert "Alle kommuner" in texts(new)


def test_mismatched_new_passwords_get_a_message():
    at = run_app("leder", page="account")
    at.text_input(key="account.current").input("kultur3-demo")
    at.text_input(key="account.new").input("et-nytt-passord-1")
    at.text_input(key="account.repeat").input("et-nytt-passord-2")
    at.button(key="account.submit").click().run()
    assert "De to nye passordene er ikke like." in texts(at)


def test_admin_deactivates_and_the_audit_log_shows_it():
    at = run_app("admin", page="admin_users")
    at.selectbox(key="admin_users.pick").select("leder").run()
    at.button(key="admin_users.deactivate").click().run()
    assert "Lagret." in texts(at)
    log = run_app("admin", page="admin_audit")
    log.text_input(key="admin_audit.action").input("user.deactivate").run()
    table = log.dataframe[0].value
    assert len(table) == 1 and "leder" in table.iloc[0]["Før og etter"]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", table.iloc[0]["Dato"])  # local, no UTC


def test_duplicate_username_is_refused_plainly():
    at = run_app("admin", page="admin_users")
    at.text_input(key="admin_users.new.username").input("leder")
    at.button(key="admin_users.new.submit").click().run()
    assert "Brukernavnet «leder» er i bruk." in texts(at)


def test_facilitator_adds_a_member_and_a_municipality():
    at = run_app("fasilitator", page="admin_groups")
    at.selectbox(key="admin_groups.pick").select("Asker (3203)").run()
    at.text_input(key="admin_groups.member.name").input("Ny <i>Person</i>")
    at.text_input(key="admin_groups.member.role").input("Frivillig")
    at.button(key="admin_groups.member.submit").click().run()
    assert "Lagret." in texts(at)
    assert "Ny <i>Person</i>" in list(at.dataframe[0].value["Navn"])
    enrol = at.multiselect(key="admin_groups.enrol.pick")
    enrol.select(next(o for o in enrol.options if "(5610," in o))
    at.button(key="admin_groups.enrol.submit").click().run()
    assert "Kommunene er lagt til." in texts(at)
    assert "Karasjok (5610)" in at.selectbox(key="admin_groups.pick").options


def test_member_without_role_is_refused_plainly():
    at = run_app("admin", page="admin_groups")
    at.selectbox(key="admin_groups.pick").select("Asker (3203)").run()
    at.text_input(key="admin_groups.member.name").input("Kari")
    at.button(key="admin_groups.member.submit").click().run()
    assert "«Rolle i gruppa» kan ikke være tomt." in texts(at)


def test_privacy_erase_needs_the_typed_word():
    at = run_app("admin", page="admin_privacy")
    at.text_input(key="admin_privacy.query").input("kommune-1804").run()
    person = at.selectbox(key="admin_privacy.person")
    person.select(person.options[0]).run()
    at.button(key="admin_privacy.erase_submit").click().run()
    assert "Skriv SLETT for å slette. Ingenting er slettet." in texts(at)
    at.text_input(key="admin_privacy.confirm").input("slett")
    at.button(key="admin_privacy.erase_submit").click().run()
    assert "Personens data er slettet." in texts(at)
    gone = run_app()
    gone.text_input(key="login.username").input("kommune-1804")
    gone.text_input(key="login.password").input("kultur3-demo")
    gone.button(key="login.submit").click().run()
    assert "Feil brukernavn eller passord." in texts(gone)


def test_admin_retires_and_renames_a_value_area():
    at = run_app("admin", page="admin_programme")
    box = at.selectbox(key="admin_programme.area")
    box.select(box.options[6]).run()  # Bærekraft
    at.button(key="admin_programme.retire").click().run()
    assert "Lagret." in texts(at)
    assert any("tatt ut" in o for o in at.selectbox(key="admin_programme.area").options)
    group = run_app("kommune-3203")
    spec = json.loads(group.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"][0]["r"]) == 8  # seven axes, closed


def test_empty_bokmaal_name_is_refused():
    at = run_app("admin", page="admin_programme")
    at.button(key="admin_programme.add.submit").click().run()
    assert "«navn (Bokmål)» kan ikke være tomt." in texts(at)


def test_facilitator_takes_a_member_off_the_list():
    at = run_app("fasilitator", page="admin_groups")
    at.selectbox(key="admin_groups.pick").select("Asker (3203)").run()
    before = len(at.dataframe[0].value)
    box = at.selectbox(key="admin_groups.remove")
    box.select(box.options[-1]).run()
    at.button(key="admin_groups.remove_submit").click().run()
    assert "Lagret." in texts(at)
    assert len(at.dataframe[0].value) == before - 1


def test_facilitator_plans_a_gathering_and_sets_its_status():
    at = run_app("fasilitator", page="facilitator_home")  # home is «Mine kommuner»; this is in the menu
    at.text_input(key="facilitator_home.plan.title").input("Fellessamling 3 – Bodø")
    at.button(key="facilitator_home.plan.submit").click().run()
    assert "Lagret." in texts(at) and "Fellessamling 3 – Bodø" in texts(at)
    key = next(s.key for s in at.selectbox if s.key.startswith("facilitator_home.status_"))
    at.selectbox(key=key).select("closed").run()
    assert key not in [s.key for s in at.selectbox]  # closed: off the running-and-coming list
    at.segmented_control(key="facilitator_home.when").set_value("past").run()
    assert at.selectbox(key=key).value == "closed"
