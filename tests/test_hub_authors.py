"""Under the hub the signed-in user is the author of every record, and nobody can save as someone else.

Two layers, each tested on its own: the dashboards take the author from the hub's identity (the server's
``JUPYTERHUB_USER``), not from anything on the page or in its address; and the database, given each hub user a
login role of their own by the hub's spawner (:func:`iopkit.hub.server_environment`, run here as the hub runs it),
refuses a record of that login signed with another name, whatever program or SQL sends it. Site scoping by hub
group is checked on the same real PostgreSQL server.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

from iopkit import score
from iopkit.errors import StoreError
from iopkit.hub import HubAccessError, server_environment
from iopkit.store import Store
from iopkit.widgets import intake_app

from .store_backends import admin, use_postgres

use_postgres(globals())

PHQ9 = (1, 1, 2, 1, 0, 1, 2, 1, 1)  # total 10, moderate


@pytest.fixture
def clinic(pg_url, monkeypatch):
    """A clinic database with iopkit's roles; ``login(user, role, sites)`` does what the hub's spawner does."""
    prefix = f"ha{uuid.uuid4().hex[:6]}"
    with Store(pg_url) as store:
        store.setup_roles(prefix)

    def login(user: str, role: str = "clinician", sites: tuple[str, ...] = ()) -> str:
        groups = [f"{role}s", *(f"site-{site}" for site in sites)]  # the user's hub groups
        _access, environment = server_environment(user, groups, pg_url, prefix)
        monkeypatch.setenv("PGPASSWORD", environment["PGPASSWORD"])  # as the user's server gets it
        return environment["IOPKIT_DB"]

    try:
        yield login, prefix
    finally:
        with admin() as conn:  # the database first (it holds the grants), then the test's roles
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_url.rpartition("/")[2]}" WITH (FORCE)')
            for (role,) in conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) ORDER BY rolname LIKE '%%\\_u\\_%%' DESC",
                (prefix + "_",),
            ).fetchall():
                conn.execute(f'DROP ROLE "{role}"')


# --- the database: a hub user's login signs as that user only ---------------------------------------------------
def test_a_hub_users_login_saves_as_that_user_and_is_refused_any_other_name(clinic):
    login, _prefix = clinic
    alice = login("alice")
    with Store(alice) as store:
        patient = store.add_patient("IOP-0001")
        first = store.save(patient, score("phq9", PHQ9), by="alice")
        with pytest.raises(StoreError, match="nobody saves as someone else"):
            store.save(patient, score("phq9", PHQ9), by="bob")
        with pytest.raises(StoreError, match="nobody saves as someone else"):
            store.save(patient, score("phq9", PHQ9), by="bob", amends=first, reason="pretending")
        assert [(r.by, r.version) for r in store.history(patient)] == [("alice", 1)]  # nothing else was written


def test_switching_role_in_the_session_does_not_change_who_signs(clinic):
    login, prefix = clinic
    with Store(login("alice")) as store:
        patient = store.add_patient("IOP-0002")
        store._conn.execute(f'SET ROLE "{prefix}_clinician"')  # current_user changes, session_user does not
        with pytest.raises(StoreError, match="nobody saves as someone else"):
            store.save(patient, score("phq9", PHQ9), by="bob")


def test_the_author_table_cannot_be_changed_by_the_users_it_binds(clinic):
    login, _prefix = clinic
    url = login("alice")
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in (
            "UPDATE iopkit_authors SET author = 'bob'",
            "DELETE FROM iopkit_authors",
            "INSERT INTO iopkit_authors VALUES ('x', 'y')",
            "SELECT * FROM iopkit_authors",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_each_hub_user_signs_as_themselves_on_the_same_patient(clinic):
    login, _prefix = clinic
    with Store(login("alice")) as store:
        patient = store.add_patient("IOP-0003")
        first = store.save(patient, score("phq9", PHQ9), by="alice")
    with Store(login("bob")) as store:
        with pytest.raises(StoreError, match="nobody saves as someone else"):
            store.save(patient, score("phq9", PHQ9), by="alice", amends=first, reason="as alice")
        store.save(patient, score("phq9", PHQ9), by="bob", amends=first, reason="item 4 misread")
        assert [r.by for r in store.history(patient)] == ["alice", "bob"]


# --- sites: a hub group site-<name> scopes what the user's server reads ------------------------------------------
def test_a_clinician_of_site_b_does_not_see_site_as_patients(clinic):
    login, prefix = clinic
    with Store(login("anna", sites=("north",)), site="north") as north:
        north.add_patient("IOP-NORTH-1")
    with Store(login("bea", sites=("south",)), site="south") as south:
        assert south.patients() == ()
        south.add_patient("IOP-SOUTH-1")
        assert [p.pseudonym for p in south.patients()] == ["IOP-SOUTH-1"]
    with Store(login("dora", "director")) as director:  # directors read every site
        assert {p.pseudonym for p in director.patients()} == {"IOP-NORTH-1", "IOP-SOUTH-1"}
    with admin() as conn:  # the hub created the new sites' roles itself
        assert {
            row[0]
            for row in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{prefix}\\_site\\_%",))
        } == {f"{prefix}_site_north", f"{prefix}_site_south"}


def test_moving_a_user_to_another_site_takes_the_old_site_away(clinic):
    login, _prefix = clinic
    with Store(login("anna", sites=("north",)), site="north") as north:
        north.add_patient("IOP-NORTH-2")
    with Store(login("anna", sites=("south",)), site="south") as moved:
        assert moved.patients() == ()


def test_a_site_group_that_cannot_be_a_role_is_refused(clinic):
    login, _prefix = clinic
    with pytest.raises(HubAccessError, match="lower-case letters"):
        login("anna", sites=("North Side",))


# --- the dashboards: the author comes from the hub identity, not from the page ------------------------------------
def test_under_the_hub_the_initials_box_is_gone_and_the_signed_in_user_saves(store, patient, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("QUERY_STRING", "by=KM")  # an address naming someone else is not read under the hub
    app = intake_app(store)
    app.start()
    assert app.picker.clinician not in app.picker.children[0].children
    assert 'Signed in as <strong class="iop-author">alice</strong>' in app.picker.identity.value
    app.picker.clinician.value = "KM"  # even a value forced into the hidden box is not the author
    app.picker.choose.value = patient
    form = app.choose("phq9")
    for number, value in enumerate(PHQ9, start=1):
        form.controls[number].value = value
    app.save.click()
    assert [r.by for r in store.history(patient)] == ["alice"]
    assert "by=" not in app.nav.value  # nothing carries an author from page to page


def test_single_user_keeps_the_initials_box(store, patient, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("QUERY_STRING", "by=KM")
    app = intake_app(store)
    app.start()
    assert app.picker.clinician in app.picker.children[0].children and app.picker.clinician.value == "KM"
    assert app.picker.signed_in is None and app.picker.by() == "KM"


def test_the_groups_page_under_the_hub_saves_as_the_signed_in_user(store, monkeypatch):
    from iopkit.widgets.groups import GroupsPage

    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    member = store.add_patient("IOP-G1")
    page = GroupsPage(store)
    page.refresh()
    assert not any(page.clinician in getattr(child, "children", ()) for child in page.children)
    page.clinician.value = "KM"
    page.name.value, page.facilitator.value, page.members.value = "Early recovery", "alice", (member,)
    page.save_button.click()
    assert [r.by for r in store.history(member)] == ["alice"]


def test_a_clinician_of_two_sites_chooses_the_site_of_a_new_patient(clinic, monkeypatch):
    login, _prefix = clinic
    url = login("anna", sites=("north", "south"))  # the hub's spawner: two site groups, no IOPKIT_SITE
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    monkeypatch.setenv("IOPKIT_SITES", "north,south")
    monkeypatch.delenv("IOPKIT_SITE", raising=False)
    with Store(url) as store:
        app = intake_app(store)
        app.start()
        assert app.picker.site in app.picker.children[1].children
        app.picker.new_name.value = "IOP-TWO-SITES"
        app.picker.add.click()
        assert "Choose the site of the new patient" in app.status.value and store.patients() == ()
        app.picker.site.value = "south"
        app.picker.add.click()
        assert [p.pseudonym for p in store.patients()] == ["IOP-TWO-SITES"]
    monkeypatch.setenv("IOPKIT_SITES", "south")
    with Store(login("bea", sites=("south",)), site="south") as south:
        assert [p.pseudonym for p in south.patients()] == ["IOP-TWO-SITES"]
    with Store(login("nils", sites=("north",)), site="north") as north:
        assert north.patients() == ()
