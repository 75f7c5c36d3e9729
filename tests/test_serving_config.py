"""iopkit.serving's gate and settings, without a server (the served behaviour is in test_server_security)."""

from __future__ import annotations

import pytest

from iopkit.serving import (
    DEFAULT_MAX_KERNELS,
    Gate,
    gate_from_environment,
    max_kernels_from_environment,
)

TOKEN = "a-long-enough-test-token"


def test_only_this_port_on_loopback_and_configured_names_are_accepted():
    gate = Gate(TOKEN, 8866, extra_hosts=("Clinic.Example.org", "proxy.internal:443"))
    accepted = ["127.0.0.1:8866", "LOCALHOST:8866", "[::1]:8866", "clinic.example.org", "clinic.example.org:8866",
                "proxy.internal:443"]
    refused = [None, "", "127.0.0.1", "127.0.0.1:8867", "localhost", "0.0.0.0:8866", "127.0.0.2:8866",
               "localhost.evil.example:8866", "evil.example:8866", "proxy.internal", "proxy.internal:8866",
               "clinic.example.org:9000", "127.0.0.1:8866@evil.example"]
    assert [h for h in accepted if not gate.host_allowed(h)] == []
    assert [h for h in refused if gate.host_allowed(h)] == []


def test_origin_must_be_this_very_host():
    gate = Gate(TOKEN, 8866)
    host = "127.0.0.1:8866"
    assert gate.origin_allowed(None, host) and gate.origin_allowed("http://127.0.0.1:8866", host)
    for origin in ("null", "", "http://evil.example", "http://localhost:8866", "http://127.0.0.1:8867",
                   "file://", "http://127.0.0.1:8866.evil.example"):
        assert not gate.origin_allowed(origin, host), origin


def test_token_from_the_environment_or_generated():
    gate, generated = gate_from_environment(8866, {"IOPKIT_TOKEN": TOKEN, "IOPKIT_ALLOWED_HOSTS": " a.org, ,b.org:1 "})
    assert (gate.token, generated, gate.extra_hosts) == (TOKEN, False, ("a.org", "b.org:1"))
    first, generated = gate_from_environment(8866, {})
    second, _ = gate_from_environment(8866, {})
    assert generated and len(first.token) >= 32 and first.token != second.token
    assert first.session_matches(first.session_cookie()) and not second.session_matches(first.session_cookie())
    assert not first.token_matches("") and not first.token_matches(None)
    with pytest.raises(ValueError, match="at least 16 characters"):
        gate_from_environment(8866, {"IOPKIT_TOKEN": "short"})


def test_kernel_cap_setting():
    assert max_kernels_from_environment({}) == DEFAULT_MAX_KERNELS == 12
    assert max_kernels_from_environment({"IOPKIT_MAX_KERNELS": "3"}) == 3
    for bad in ("0", "-1", "abc", "1.5"):
        with pytest.raises(ValueError, match="IOPKIT_MAX_KERNELS"):
            max_kernels_from_environment({"IOPKIT_MAX_KERNELS": bad})


def test_importing_serving_does_not_load_voila():
    import subprocess
    import sys

    code = "import sys, iopkit.serving; print('voila' in sys.modules, 'tornado' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() \
        == ["False", "False"]
