# JupyterHub for one clinic: iopkit's dashboards behind a login, one server per signed-in user.
#
# Run it with `make hub` (a local trial) or `jupyterhub -f deploy/hub/jupyterhub_config.py`. Every setting a site
# changes is an environment variable (defaults in brackets):
#
#   IOPKIT_HUB_IP [127.0.0.1]     where the hub answers. Loopback only by default. A public address needs TLS:
#                                 set IOPKIT_HUB_SSL_CERT and IOPKIT_HUB_SSL_KEY (the proxy then serves https), or
#                                 keep 127.0.0.1 and put a TLS reverse proxy (nginx, Caddy) in front of it.
#   IOPKIT_HUB_PORT [8000]        the public port (the proxy's); IOPKIT_HUB_API_PORT [8081] the hub's own API,
#                                 IOPKIT_PROXY_API_PORT [8001] the proxy's control API: both always on 127.0.0.1.
#   IOPKIT_HUB_STATE [./.hub]     the hub's own state: its SQLite database (users, groups, NativeAuthenticator's
#                                 password hashes), the cookie secret, the users' working folders.
#   IOPKIT_HUB_ADMIN [admin]      the first administrator (signs up at /hub/signup, is authorised at once).
#   IOPKIT_HUB_DB                 the clinic's PostgreSQL as its admin role (migrations, users): for each user the
#                                 hub creates a login role of its own, member of the role of the user's group, and
#                                 the user's server gets IOPKIT_DB naming that role (the database, not the page,
#                                 decides what the user may read and write; saved_as records the login role,
#                                 and the database refuses a record of that login signed by anyone but the user).
#   IOPKIT_HUB_DB_PREFIX [iopkit] the prefix given to `python -m iopkit.store setup-roles`.
#   IOPKIT_HUB_IDLE [3600]        seconds of inactivity after which a user's server is stopped.
#   IOPKIT_HUB_ADMIN_TOKEN        optional: an API token for a setup service with admin rights (scripts, tests).
#   IOPKIT_TIMEZONE               the clinic's time zone (an IANA name: America/Chicago), passed to every user's
#                                 server: times and clinical days on the clinic's clock, whatever the host's zone.
#
# Groups decide everything (iopkit.hub.GROUPS): `clinicians` land on the dashboards (Voila) with no JupyterLab,
# terminals or file editing; `directors` the same, landing on the programme report, connected as the director
# role; `researchers` get JupyterLab connected as the researcher role (de-identified views only). A user in no
# group, or in two, is refused a server. The admin adds users to groups on the admin page (/hub/admin).
import asyncio
import os
import sys
import time
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

import iopkit
from iopkit.hub import server_environment

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

HERE = Path(__file__).resolve().parent
#: The dashboards shipped in the installed package (the same notebooks `iopkit serve` serves).
DASHBOARDS = Path(iopkit.__file__).parent / "dashboards"
STATE = Path(os.environ.get("IOPKIT_HUB_STATE", ".hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
ADMIN = os.environ.get("IOPKIT_HUB_ADMIN", "admin")

# --- Network: loopback by default ------------------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("IOPKIT_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("IOPKIT_HUB_PORT", "8000"))
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('IOPKIT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('IOPKIT_PROXY_API_PORT', '8001')}"
if os.environ.get("IOPKIT_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["IOPKIT_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["IOPKIT_HUB_SSL_KEY"]
    c.JupyterHub.cookie_options = {"secure": True, "samesite": "Strict"}
# npm's configurable-http-proxy, installed in deploy/hub/proxy by `make hub` (npm ci from the committed lock).
_proxy = HERE / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
if _proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(_proxy)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# --- The hub's own state ---------------------------------------------------------------------------------------
c.JupyterHub.db_url = os.environ.get("IOPKIT_HUB_STATE_DB", f"sqlite:///{STATE / 'jupyterhub.sqlite'}")
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.load_groups = {name: {"users": []} for name in ("clinicians", "directors", "researchers")}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.shutdown_on_logout = True

# --- Login: NativeAuthenticator (sign-up, admin approval, strong passwords) ------------------------------------
# A clinic without an identity provider: people sign up at /hub/signup, an admin authorises them at
# /hub/authorize, passwords are bcrypt-hashed in the hub's database. To use the clinic's own login instead:
#   OAuth / OpenID Connect (Azure AD, Google Workspace, Keycloak): pip install oauthenticator, then
#     c.JupyterHub.authenticator_class = "generic-oauth"   (or "azuread", "google"), with
#     c.GenericOAuthenticator.client_id / client_secret / oauth_callback_url / authorize_url / token_url /
#     userdata_url, and c.GenericOAuthenticator.manage_groups = True with auth_state_groups_key so the
#     identity provider's groups become the hub's clinicians/directors/researchers.
#   LDAP / Active Directory: pip install jupyterhub-ldapauthenticator, then
#     c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator", server_address (ldaps://),
#     bind_dn_template, and allowed_groups; keep the groups above in the hub (admin page or its API).
c.JupyterHub.authenticator_class = "native"
c.NativeAuthenticator.open_signup = False  # every account waits for an admin's approval
c.NativeAuthenticator.minimum_password_length = 12
c.NativeAuthenticator.check_common_password = True  # refuse the most common passwords
c.NativeAuthenticator.allowed_failed_logins = 5  # then a pause before the next try
c.NativeAuthenticator.seconds_before_next_try = 600
c.NativeAuthenticator.enable_signup = True
c.Authenticator.admin_users = {ADMIN}
c.Authenticator.allow_all = True  # NativeAuthenticator itself refuses users not yet approved

# --- Idle culling: stop servers nobody uses --------------------------------------------------------------------
_idle = os.environ.get("IOPKIT_HUB_IDLE", "3600")
c.JupyterHub.services = [
    {"name": "idle-culler", "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={_idle}"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]
if os.environ.get("IOPKIT_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "iopkit-setup", "api_token": os.environ["IOPKIT_HUB_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append(
        {
            "name": "iopkit-setup",
            "services": ["iopkit-setup"],
            "scopes": ["admin:users", "admin:groups", "admin:servers", "admin:server_state", "read:hub"],
        }
    )

# --- One server per user -----------------------------------------------------------------------------------------
# SimpleLocalProcessSpawner runs every user's server as the hub's own system user, in a folder of its own: it is
# for trying the hub on one machine and does NOT isolate users from each other (a user who can run code could
# read another's folder). A real clinic runs each user in a container: DockerSpawner (one server) or
# KubeSpawner (Zero to JupyterHub, deploy/README.md); LocalProcessSpawner with one system user per person also
# isolates, but the hub then runs as root.


class PromptSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner that hands the server to the hub as soon as it listens.

    After ``start()`` the hub polls the new server with exponential back-off and full jitter (random waits up to
    0.2, 0.4, ... 5 s): a server that comes up after 8 s was found on average a second or two later. Here the
    spawner itself watches the server's port every 0.1 s before returning, so the hub's first poll finds it.
    """

    async def start(self):
        ip, port = await super().start()
        deadline = time.monotonic() + self.http_timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                _reader, writer = await asyncio.wait_for(asyncio.open_connection(ip, port), 1)
            except (TimeoutError, OSError):
                await asyncio.sleep(0.1)
                continue
            writer.close()
            break
        return ip, port


c.JupyterHub.spawner_class = PromptSpawner
c.Spawner.ip = "127.0.0.1"
c.PromptSpawner.home_dir_template = str(STATE / "users" / "{username}")
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90
c.Spawner.default_url = "/voila/render/00_home.ipynb"
# The user's server: jupyterhub-singleuser from the hub's own environment, so it finds iopkit and Voila, started
# through deploy/hub/singleuser.py (the stock command less a 2.6 s import nobody here uses: see that file).
c.Spawner.cmd = [sys.executable, str(HERE / "singleuser.py")]
c.Spawner.env_keep = [
    "PATH",
    "LANG",
    "LC_ALL",
    "TZ",
    "PYTHONPATH",
    "JUPYTER_PLATFORM_DIRS",
    "IOPKIT_SITE",
    "IOPKIT_TIMEZONE",
]


def pre_spawn_hook(spawner):
    """Give the user's server what the user's group allows: landing page, JupyterLab or not, database role."""
    # A group site-<name> makes the user a member of that site (row-level security in the store); with one site,
    # new patients go there (IOPKIT_SITE), with several the clinician chooses (iopkit.hub.server_environment).
    access, environment = server_environment(
        spawner.user.name,
        [group.name for group in spawner.user.groups],
        os.environ.get("IOPKIT_HUB_DB"),
        os.environ.get("IOPKIT_HUB_DB_PREFIX", "iopkit"),
    )
    spawner.default_url = access.landing
    spawner.environment = {**spawner.environment, **environment}
    if access.lab:
        spawner.notebook_dir = str(Path(spawner.home_dir_template.format(username=spawner.user.name)))
        spawner.args = []
    else:
        # Dashboards only: Voila as a server extension, no JupyterLab or notebook UI, no terminals, and the
        # dashboards' folder as the only, read-only, content.
        spawner.notebook_dir = str(DASHBOARDS)
        spawner.args = [f"--config={HERE / 'dashboards_server_config.py'}"]
    if os.geteuid() == 0:  # a trial run as root (containers): the simple spawner runs servers as the hub's user
        spawner.args = [*spawner.args, "--allow-root"]


c.Spawner.pre_spawn_hook = pre_spawn_hook
