"""The deployment files that cannot run here (Kubernetes) are at least well-formed and safe by default."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

yaml = pytest.importorskip("yaml")

VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"


def test_the_z2jh_values_parse_and_keep_the_safe_defaults():
    values = yaml.safe_load(VALUES.read_text())
    assert values["cull"]["enabled"] is True
    assert values["proxy"]["https"]["enabled"] is True
    assert values["singleuser"]["networkPolicy"]["egressAllowRules"]["nonPrivateIPs"] is False
    assert values["hub"]["config"]["JupyterHub"]["admin_access"] is False
    compile(values["hub"]["extraConfig"]["iopkit"], "extraConfig", "exec")


def test_no_secret_is_written_in_the_values():
    text = VALUES.read_text()
    assert not re.search(r"(password|secret|token)\s*:\s*['\"]?\w", text, re.I)
    assert not re.search(r"postgresql[^\s]*://[^/@\s]*:[^/@\s]*@", text)  # no password in a URL


def test_the_clinic_hub_binds_to_loopback_by_default():
    config = (ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text()
    assert 'c.JupyterHub.ip = os.environ.get("IOPKIT_HUB_IP", "127.0.0.1")' in config
    assert "c.NativeAuthenticator.open_signup = False" in config
