"""iopkit.serving's gate and settings, without a server (the served behaviour is in test_server_security)."""

from __future__ import annotations

import pytest

from iopkit.errors import IopkitError, ServingConfigError
from iopkit.serving import (
    DEFAULT_MAX_KERNELS,
    Gate,
    gate_from_environment,
    max_kernels_from_environment,
)

TOKEN = "a-long-enough-test-token"


def test_only_this_port_on_loopback_and_configured_names_are_accepted():
    gate = Gate(TOKEN, 8866, extra_hosts=("Clinic.Example.org", "proxy.internal:443"))
    accepted = [
        "127.0.0.1:8866",
        "LOCALHOST:8866",
        "[::1]:8866",
        "clinic.example.org",
        "clinic.example.org:8866",
        "proxy.internal:443",
    ]
    refused = [
        None,
        "",
        "127.0.0.1",
        "127.0.0.1:8867",
        "localhost",
        "0.0.0.0:8866",
        "127.0.0.2:8866",
        "localhost.evil.example:8866",
        "evil.example:8866",
        "proxy.internal",
        "proxy.internal:8866",
        "clinic.example.org:9000",
        "127.0.0.1:8866@evil.example",
    ]
    assert [h for h in accepted if not gate.host_allowed(h)] == []
    assert [h for h in refused if gate.host_allowed(h)] == []


def test_origin_must_be_this_very_host():
    gate = Gate(TOKEN, 8866)
    host = "127.0.0.1:8866"
    assert gate.origin_allowed(None, host) and gate.origin_allowed("http://127.0.0.1:8866", host)
    for origin in (
        "null",
        "",
        "http://evil.example",
        "http://localhost:8866",
        "http://127.0.0.1:8867",
        "file://",
        "http://127.0.0.1:8866.evil.example",
    ):
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


def test_a_short_token_is_an_iopkit_error_naming_the_setting_its_length_and_what_is_allowed():
    with pytest.raises(ServingConfigError, match="IOPKIT_TOKEN must be at least 16 characters") as caught:
        Gate("short-token", 8866)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, IopkitError)
    assert (error.item, error.value, error.allowed) == ("IOPKIT_TOKEN", 11, "a token of at least 16 characters")
    assert "short-token" not in str(error)  # the token itself is never shown


def test_kernel_cap_setting():
    assert max_kernels_from_environment({}) == DEFAULT_MAX_KERNELS == 12
    assert max_kernels_from_environment({"IOPKIT_MAX_KERNELS": "3"}) == 3
    for bad in ("0", "-1", "abc", "1.5"):
        with pytest.raises(ValueError, match="IOPKIT_MAX_KERNELS"):
            max_kernels_from_environment({"IOPKIT_MAX_KERNELS": bad})


def test_a_bad_kernel_cap_is_an_iopkit_error_naming_the_setting_the_value_and_what_is_allowed():
    with pytest.raises(ServingConfigError, match="IOPKIT_MAX_KERNELS must be a whole number") as caught:
        max_kernels_from_environment({"IOPKIT_MAX_KERNELS": " 1.5 "})
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, IopkitError)
    assert (error.item, error.value, error.allowed) == ("IOPKIT_MAX_KERNELS", "1.5", "a whole number of at least 1")
    assert "'1.5'" in str(error)


def test_serving_lists_its_public_names():
    import iopkit.serving as serving

    assert {"Gate", "gate_from_environment", "max_kernels_from_environment", "main"} <= set(serving.__all__)
    assert all(hasattr(serving, name) for name in serving.__all__)
    assert not [name for name in serving.__all__ if name.startswith("_")]


def test_importing_serving_does_not_load_voila():
    import subprocess
    import sys

    code = "import sys, iopkit.serving; print('voila' in sys.modules, 'tornado' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == [
        "False",
        "False",
    ]


def test_the_ipc_transport_is_applied_on_posix_only_and_never_over_a_choice_made_in_configuration():
    import json
    import os

    from traitlets.config import Config

    from iopkit.serving import SETTINGS_DIR, apply_platform_settings, platform_settings

    # Windows has no ipc transport: a shipped "transport": "ipc" would stop every kernel from starting there
    assert "KernelManager" not in json.loads((SETTINGS_DIR / "voila.json").read_text())
    assert platform_settings("posix") == {"KernelManager": {"transport": "ipc"}}
    assert platform_settings("nt") == {}
    assert platform_settings() == platform_settings(os.name)
    on_windows, on_linux = Config(), Config()
    apply_platform_settings(on_windows, "nt")
    apply_platform_settings(on_linux, "posix")
    assert "transport" not in on_windows.KernelManager and on_linux.KernelManager.transport == "ipc"
    chosen = Config({"KernelManager": {"transport": "tcp"}})
    apply_platform_settings(chosen, "posix")
    assert chosen.KernelManager.transport == "tcp"


def test_the_served_application_gets_the_platform_settings_before_it_makes_its_kernel_manager(tmp_path):
    import os

    from iopkit.serving import _voila_app_class

    app = _voila_app_class()()
    app.initialize([str(tmp_path)])
    expected = "ipc" if os.name == "posix" else None
    assert app.config.KernelManager.get("transport") == expected


def test_every_page_environment_shares_one_compiled_template_cache():
    """Voila makes a new exporter (and Jinja environment) per page: the served app makes them share one cache, so a
    page's templates are compiled once per server, not once per page."""
    import jinja2
    from voila.exporter import VoilaExporter

    from iopkit.serving import TemplateCache, _voila_app_class, share_compiled_templates

    _voila_app_class()
    cache = VoilaExporter.__dict__["_iopkit_template_cache"]
    assert isinstance(cache, TemplateCache)
    assert share_compiled_templates(VoilaExporter) is cache  # installed once
    first, second = VoilaExporter(), VoilaExporter()
    assert first.environment is not second.environment
    assert first.environment.bytecode_cache is second.environment.bytecode_cache is cache
    loader = jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"})
    compiled = jinja2.Environment(loader=loader, bytecode_cache=cache, enable_async=True)
    compiled.get_template("t.html")
    other = jinja2.Environment(loader=loader, bytecode_cache=cache)  # another compiling setting: its own code
    calls = []
    other.compile = lambda *args, **kwargs: calls.append(args) or jinja2.Environment.compile(other, *args, **kwargs)
    assert other.get_template("t.html").render() == "2"
    assert calls, "code compiled for an async environment was given to a sync one"


def test_a_changed_template_is_compiled_again():
    import jinja2

    from iopkit.serving import TemplateCache

    cache, sources = TemplateCache(), {"t.html": "old {{ x }}"}
    assert (
        jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache).get_template("t.html").render(x=1)
        == "old 1"
    )
    sources["t.html"] = "new {{ x }}"
    assert (
        jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache).get_template("t.html").render(x=1)
        == "new 1"
    )
