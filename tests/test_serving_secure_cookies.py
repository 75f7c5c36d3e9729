"""Security review F8: behind a TLS-terminating proxy every cookie the server sets is ``Secure``.

Against a real served ``iopkit.serving`` process (plain HTTP on 127.0.0.1, as a proxy that ended TLS reaches it), with a
real store and check-in book: the staff's session cookie (the token once in the URL), the ``_xsrf`` cookie of the
check-in form and a patient's check-in cookie (a right code posted to ``/checkin``). With ``IOPKIT_SECURE_COOKIES=1``
each is ``Secure`` and keeps its HttpOnly and SameSite; without it (the default on 127.0.0.1) none is, and an
``X-Forwarded-Proto: https`` header sent by the client changes nothing (the header is not trusted).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import pytest

from iopkit.checkin import CheckinBook
from iopkit.errors import IopkitError, ServingConfigError
from iopkit.serving import ENV_SECURE_COOKIES, gate_from_environment, secure_cookies_from_environment
from iopkit.store import Store

from .conftest import VoilaServer
from .test_server_security import _notebook, request

pytestmark = pytest.mark.browser

FORWARDED = {"X-Forwarded-Proto": "https"}  # what a TLS proxy adds; also what any client can forge


def attributes(headers, name: str) -> set[str]:
    """The attributes of the one ``Set-Cookie`` of ``name`` in a response, lower-case (``secure``, ``httponly``,
    ``samesite=lax`` ...), without its value, expiry and path."""
    (found,) = [c for c in headers.get_all("Set-Cookie") or [] if c.startswith(f"{name}=")]
    return {
        part.strip().lower()
        for part in found.split(";")[1:]
        if not part.strip().lower().startswith(("expires", "path"))
    }


@pytest.fixture(scope="module", params=["behind a TLS proxy", "default"])
def clinic(request, tmp_path_factory):
    """A served folder with a store of one patient and its check-in book; IOPKIT_SECURE_COOKIES=1 or unset."""
    folder = tmp_path_factory.mktemp("secure")
    (folder / "empty.ipynb").write_text(_notebook("1"))
    with Store(folder / "clinic.sqlite") as store:
        patient = store.add_patient("IOP-SEC-1")
    env = {
        **os.environ,
        "IOPKIT_DB": str(folder / "clinic.sqlite"),
        "IOPKIT_CHECKINS": str(folder / "clinic.checkins.sqlite"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    env.pop(ENV_SECURE_COOKIES, None)
    if request.param == "behind a TLS proxy":
        env[ENV_SECURE_COOKIES] = "1"
    server = VoilaServer(folder, env)
    yield server, folder / "clinic.sqlite", folder / "clinic.checkins.sqlite", patient, request.param != "default"
    server.stop()


def test_every_cookie_the_server_sets_is_secure_behind_the_proxy_and_keeps_httponly_and_samesite(clinic):
    server, store_path, book_path, patient, behind_proxy = clinic
    secure = {"secure"} if behind_proxy else set()
    assert server.status()["settings"]["secure_cookies"] is behind_proxy

    # The staff's session: the printed link, once.
    status, headers, _ = request(server, f"/voila/tree?token={server.token}", token=False, headers=FORWARDED)
    assert status == 302
    assert attributes(headers, f"iopkit-session-{server.port}") == {"httponly", "samesite=lax"} | secure

    # The check-in form (its _xsrf cookie), then a patient's right code (the check-in cookie).
    with Store(store_path) as store, CheckinBook(book_path) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM")
    status, headers, form = request(server, "/checkin", token=False, headers=FORWARDED)
    assert status == 200
    assert attributes(headers, "_xsrf") == {"samesite=strict"} | secure
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    cookie = re.search(r"_xsrf=([^;]+)", " ".join(headers.get_all("Set-Cookie"))).group(1)
    status, headers, _ = request(
        server,
        "/checkin",
        method="POST",
        token=False,
        body=urlencode({"code": ticket.code, "_xsrf": xsrf}),
        headers={**FORWARDED, "Cookie": f"_xsrf={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 303
    checkin = attributes(headers, f"iopkit-checkin-{server.port}")
    assert {a for a in checkin if not a.startswith("max-age")} == {"httponly", "samesite=strict"} | secure
    # the whole site's (the check-in page and its kernel): Secure only from the guard, the handler asks nothing of it
    (raw,) = [c for c in headers.get_all("Set-Cookie") if c.startswith(f"iopkit-checkin-{server.port}=")]
    assert "Path=/" in [part.strip() for part in raw.split(";")]


def test_the_setting_is_read_from_the_environment_and_a_wrong_value_is_an_iopkit_error():
    assert [secure_cookies_from_environment({ENV_SECURE_COOKIES: v}) for v in ("1", " TRUE ", "yes", "on")] == [
        True
    ] * 4
    assert [secure_cookies_from_environment({ENV_SECURE_COOKIES: v}) for v in ("", "0", "false", "No", "off")] == [
        False
    ] * 5
    assert secure_cookies_from_environment({}) is False
    token = {"IOPKIT_TOKEN": "a-long-enough-test-token"}
    assert gate_from_environment(8866, {**token, ENV_SECURE_COOKIES: "1"})[0].secure_cookies is True
    assert gate_from_environment(8866, token)[0].secure_cookies is False
    with pytest.raises(ServingConfigError, match="IOPKIT_SECURE_COOKIES must be 1") as caught:
        secure_cookies_from_environment({ENV_SECURE_COOKIES: "https"})
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, IopkitError)
    assert (error.item, error.value) == (ENV_SECURE_COOKIES, "https") and "0, false" in error.allowed
