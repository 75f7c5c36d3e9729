"""Serve the dashboards to the clinician's own browser, and to nobody else.

``python -m iopkit.serving FOLDER --port=8866`` (what ``iopkit serve`` runs) is Voila with the settings
shipped in ``iopkit/config/voila.json`` (read wherever the server starts, before the user's Jupyter
configuration; never a ``voila.json`` of the working folder) plus these guards on every route (pages, static
files, the kernel API and its websocket):

* **Host allow-list.** Only ``127.0.0.1:PORT``, ``localhost:PORT`` and ``[::1]:PORT`` (plus the names in
  ``IOPKIT_ALLOWED_HOSTS``, comma-separated) are answered; anything else gets 403. A web page that
  re-points its own domain name at 127.0.0.1 (DNS rebinding) therefore cannot reach the records.
* **Same origin.** A request that carries an ``Origin`` header must come from this server's own
  address (HTTP and websocket alike); cross-site pages get 403.
* **The caseload first.** Serving the shipped dashboards, ``/`` (where the printed link leads) opens the caseload
  (:data:`HOME_PAGE`), not Voila's list of notebook files; the list stays at ``/voila/tree``. A folder without
  that notebook (``--dashboards FOLDER``) keeps Voila's list at ``/``.
* **Access token.** Every request must carry the token: ``?token=...`` once (the printed link), which
  sets a cookie (HttpOnly, SameSite=Lax) so that moving between dashboards keeps working, or an
  ``Authorization: token ...`` header for scripts. The token comes from ``IOPKIT_TOKEN`` or is generated at
  start and printed in the link; a token from ``IOPKIT_TOKEN`` is never printed (see ``IopkitVoila.display_url``).
  Without it: 403 and a short page that says how to get the link.
* **Secure cookies behind a TLS proxy.** Every cookie the server sets (the staff's session, a patient's check-in,
  ``_xsrf``) is ``Secure`` when the browser reached this server over HTTPS, and always when
  ``IOPKIT_SECURE_COOKIES=1`` (:func:`secure_cookies_from_environment`): set it when a reverse proxy ends TLS
  in front of the server, which then sees plain HTTP. ``X-Forwarded-Proto`` is not trusted (Tornado's
  ``xheaders`` would also trust ``X-Forwarded-For``/``X-Real-Ip``, and with them any client could pick the
  address the check-in throttle counts); HttpOnly and SameSite stay as they are.
* **Health check.** ``GET /iopkit/api/status`` (with the token) gives the running kernels, the cap and the
  settings in force (address, culling, execution timeout, tracebacks); it starts nothing, unlike a page request.
* **Kernel cap.** At most ``IOPKIT_MAX_KERNELS`` (default 12) dashboards run at once; one more gets a
  503 page (:func:`too_many_dashboards`) asking to close some tabs instead of another ~70 MB kernel, and saying how
  long a place left by a browser that ended takes to come back. Patients' check-in pages may hold at most
  half of them (:func:`checkin_kernel_share`): the other half is always the staff's.
* **Kernels without a tab are culled soon, open tabs never.** A kernel with no page connected for
  ``cull_idle_timeout`` (90 s, checked every ``cull_interval``, 25 s: ``voila.json``) is shut down, so a browser
  that ended without closing its tabs (a crash, a killed kiosk, a laptop out of power) frees its places within two
  minutes, not ten (walk review F4). ``cull_connected`` stays off: a kernel whose page is connected is never culled,
  however long it is left untouched (a clinician may keep a form open through a long interview, and a page whose
  kernel was culled under it would take clicks and save nothing). A closed tab frees its kernel at once (below);
  patients' check-in pages end with their check-in (withdrawn, expired or finished: sockets closed, kernel shut)
  and hold at most half the cap. Both times are settings (``--MappingKernelManager.cull_idle_timeout=N``,
  ``--MappingKernelManager.cull_interval=N``); ``/iopkit/api/status`` shows those in force.
* **Small requests only.** A request body above :data:`MAX_BODY_BYTES` (1 MiB; iopkit's forms send under a
  kilobyte) is refused (400) from its ``Content-Length``, before it is read and before the checks below.
* **No secrets in the log.** The token and check-in codes in a URL (``?token=``, ``?code=``) are written as
  ``[secret]`` in every request line and error of the log (:func:`redact_secrets`).
* **Closing a tab frees its kernel.** Pages receive the ``_xsrf`` cookie that Voila's close-tab
  shutdown request needs (without it Voila refuses the request and the kernel lives until the cull).
* **No tracebacks to browsers.** Kernel ``error`` messages reach the page with a generic text, and
  ``stderr`` output is not sent at all; both go to the server log instead.
* **Kernel channels off the network.** On Linux and macOS the kernels talk to the server over Unix
  sockets in the user's private runtime folder (``KernelManager.transport = "ipc"``) instead of
  TCP ports that any local account could connect to; Windows has no such sockets, so there the
  kernels keep Jupyter's TCP default (see :func:`platform_settings`).
* **Templates compiled once.** Voila makes a new exporter, with a new Jinja environment, for every page, so
  every page compiled the page templates again: about a quarter of a second of the server's processor per page,
  while the page's kernel starts. The environments share one in-memory compiled-template cache
  (:class:`TemplateCache`): a template is compiled on first use and again only when its file changes.
* **Nothing from the internet.** Voila's template links Font Awesome from a public CDN; the links are
  dropped from served pages, and a Content-Security-Policy keeps every page on this server.

* **Patient check-ins.** ``/checkin`` is the one page open without the token: a patient types the one-time code a
  clinician was given (:mod:`iopkit.checkin`).  A right code (once; wrong codes are slowed per client and for the
  whole server, :class:`iopkit.checkin.Throttle`) sets a check-in cookie that opens only the patient check-in
  dashboard for that check-in, the static files it loads, and the kernel that page started; that kernel's
  websocket carries widget messages only (no code from the browser is run; the only comm it may open is the widget
  manager's).  The cookie is HttpOnly, SameSite=Strict, Secure over HTTPS (and behind a TLS proxy, above), and
  ends with the check-in.  Nothing else: no other dashboard, patient, file or kernel.  Host, origin and
  Content-Security-Policy rules apply as everywhere.  A check-in session runs one kernel: loading its page again
  shuts the old kernel and starts a new one.  When the check-in ends (withdrawn by staff, expired, or finished for
  :data:`FINISHED_GRACE`) its page's websockets are closed and its kernel shut down: at the page's next message,
  else within :data:`CHECKIN_SWEEP_S` seconds.

The same settings are traitlets of ``IopkitVoila`` (``--IopkitVoila.max_kernels=N``,
``--IopkitVoila.allowed_hosts=...``, ``--IopkitVoila.secure_cookies=True``), whose defaults are the environment
variables.

This is for one clinician's machine. A shared deployment must still put TLS and a real login (e.g.
JupyterHub) in front; see the README.

>>> gate = Gate(token="correct-horse-battery", port=8866, extra_hosts=("clinic.example.org",))
>>> gate.host_allowed("127.0.0.1:8866"), gate.host_allowed("localhost:8866"), gate.host_allowed("[::1]:8866")
(True, True, True)
>>> gate.host_allowed("evil.example:8866"), gate.host_allowed("127.0.0.1:9999"), gate.host_allowed("clinic.example.org")
(False, False, True)
>>> gate.origin_allowed(None, "127.0.0.1:8866"), gate.origin_allowed("http://127.0.0.1:8866", "127.0.0.1:8866")
(True, True)
>>> gate.origin_allowed("http://evil.example", "127.0.0.1:8866"), gate.origin_allowed("null", "127.0.0.1:8866")
(False, False)
>>> (gate.token_matches("correct-horse-battery"), gate.token_matches("wrong"),
...  gate.session_matches(gate.session_cookie()))
(True, False, True)
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import hashlib
import hmac
import html
import inspect
import json
import logging
import math
import os
import re
import secrets
import struct
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import jinja2
import jinja2.bccache

from .errors import ServingConfigError

__all__ = [
    "ENV_TOKEN",
    "ENV_HOSTS",
    "ENV_MAX_KERNELS",
    "ENV_SECURE_COOKIES",
    "DEFAULT_MAX_KERNELS",
    "SETTINGS_DIR",
    "LOOPBACK_NAMES",
    "CONTENT_SECURITY_POLICY",
    "NEED_TOKEN",
    "WRONG_HOST",
    "WRONG_ORIGIN",
    "TOO_MANY",
    "HOME_PAGE",
    "too_many_dashboards",
    "freed_within",
    "CHECKIN_BUSY",
    "CHECKIN_UNAVAILABLE",
    "GENERIC_ERROR",
    "CHECKIN_PAGE",
    "PATIENT_STATIC",
    "PATIENT_MESSAGES",
    "PATIENT_COMM_TARGETS",
    "WRONG_CODE",
    "SLOW_DOWN",
    "MAX_BODY_BYTES",
    "MAX_BUFFER_BYTES",
    "SECRET_PARAMETERS",
    "REQUEST_LOGGERS",
    "RedactSecrets",
    "redact_secrets",
    "redact_request_logs",
    "CheckinDesk",
    "CHECKIN_SWEEP_S",
    "ENDED_GRACE",
    "FINISHED_GRACE",
    "checkin_kernel_share",
    "TemplateCache",
    "checkin_form_html",
    "patient_message_allowed",
    "Gate",
    "gate_from_environment",
    "allowed_hosts",
    "max_kernels_from_environment",
    "secure_cookies_from_environment",
    "platform_settings",
    "apply_platform_settings",
    "main",
]

ENV_TOKEN = "IOPKIT_TOKEN"
ENV_HOSTS = "IOPKIT_ALLOWED_HOSTS"
ENV_MAX_KERNELS = "IOPKIT_MAX_KERNELS"
#: Set to 1 behind a TLS-terminating reverse proxy: every cookie the server sets is then ``Secure``.
ENV_SECURE_COOKIES = "IOPKIT_SECURE_COOKIES"
_YES, _NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
DEFAULT_MAX_KERNELS = 12
#: The folder of the shipped ``voila.json`` (loopback only, no port retries, no tracebacks, kernel culling ...).
SETTINGS_DIR = Path(__file__).resolve().parent / "config"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# Everything a served page loads comes from this server ('self'); widgets need inline styles and eval.
CONTENT_SECURITY_POLICY = (
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
log = logging.getLogger("tornado.application")  # Voila's log shows tornado's loggers
#: The largest request body the server reads. What iopkit's routes receive over HTTP is under a kilobyte (a check-in
#: code with its ``_xsrf`` field; Voila's close-tab form); widget traffic goes over the websockets. A larger
#: ``Content-Length`` is refused (400) before the body is read, hence before the Host, origin and token checks.
MAX_BODY_BYTES = 1024 * 1024
#: The most one connection may buffer: above tornado's largest websocket message (10 MiB), so widget messages keep
#: their limit; tornado's default is 100 MB.
MAX_BUFFER_BYTES = 16 * 1024 * 1024
#: Query parameters whose values are secrets (the access token, a patient's check-in code): never logged.
SECRET_PARAMETERS = ("token", "code")
_SECRET_VALUE = re.compile(rf"([?&](?:{'|'.join(SECRET_PARAMETERS)})=)[^&\s#'\"]*", re.IGNORECASE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXTERNAL_LINK = re.compile(rb"<link\b[^>]*\bhref=[\"']https?://[^>]*>", re.IGNORECASE)

NEED_TOKEN = """\
This iopkit server only opens with its access link.

Use the link printed where the server was started (by `iopkit serve` or `make serve`): it looks like
  http://127.0.0.1:PORT/?token=...
When the server was started with IOPKIT_TOKEN set, that token is not printed: the link is the address printed
followed by ?token= and the token (ask whoever set it).
Opening it once is enough; this browser then stays signed in until the server restarts with a new link.
If you no longer have the link, ask whoever runs the server, or stop and restart `make serve`.
"""
WRONG_HOST = (
    "This iopkit server only answers on its own address (http://127.0.0.1:PORT/). "
    "The address used here is not one of them, so the request was refused.\n"
)
WRONG_ORIGIN = "Requests from other web sites are refused by this iopkit server.\n"
TOO_MANY = (
    "Too many dashboards are open at once ({n} at most on this server).\n\n"
    "Close dashboard tabs you no longer use (in any browser using this server), then reload this page: "
    "a closed tab frees its place within a few seconds.\n"
    "A dashboard whose browser ended without closing its tab (a crash, a computer switched off) frees its place "
    "by itself {wait}.\n"
)
#: The dashboard ``/`` opens (the caseload), when the served folder holds it.
HOME_PAGE = "00_home.ipynb"
CHECKIN_BUSY = (
    "The check-in cannot open right now: the clinic's computer is busy.\n\n"
    "Please wait a minute and reload this page, or ask a member of staff.\n"
)
CHECKIN_UNAVAILABLE = (
    "The check-in cannot open right now.\n\nPlease ask a member of staff (the reason is in the server's log).\n"
)
GENERIC_ERROR = "An unexpected error happened; the details are in the server log."
#: The dashboard a check-in code opens (in the served folder).
CHECKIN_PAGE = "patient_checkin.ipynb"
#: What a patient's browser may ask without the token (GET), besides the check-in page and its own kernel.
PATIENT_STATIC = ("/voila/static/", "/voila/templates/", "/voila/labextensions/", "/voila/api/themes/")
#: The kernel messages a patient's page may send: widget traffic, never code to run.
PATIENT_MESSAGES = frozenset({"comm_msg", "comm_open", "comm_close", "comm_info_request", "kernel_info_request"})
#: What a dashboard page may send its kernel under the hub: widget traffic and a shutdown, never code (the list
#: Voila's own server gives its kernel manager for `make serve`, voila.app.Voila.init_settings).
DASHBOARD_MESSAGES = PATIENT_MESSAGES | {"shutdown_request"}
#: The one comm a patient's page may open: the widget manager's, which reads the page's widgets from the kernel.
PATIENT_COMM_TARGETS = frozenset({"jupyter.widget.control"})
_KERNEL_PATH = re.compile(
    r"^/(?:api/kernels|voila/api/shutdown|voila/query|voila/execution)/([0-9a-f-]{36})"
    r"(?:/channels)?$"
)
# Which check-in session (the hash of its secret) a page request runs for, so the kernel it starts is that session's.
_PATIENT_SESSION: contextvars.ContextVar[tuple[str, int] | None] = contextvars.ContextVar(
    "iopkit_patient_session", default=None
)
#: How often the server looks for check-ins that ended (withdrawn, expired, finished) to close their pages' kernels.
CHECKIN_SWEEP_S = 5
#: A finished check-in's page keeps its kernel this long, so its last widget messages ("Thank you") reach the phone.
FINISHED_GRACE = dt.timedelta(seconds=10)
#: A withdrawn or expired check-in's page keeps its kernel this long, so that the page, which looks at its check-in
#: every few seconds (:data:`iopkit.widgets.checkin.WATCH_S`), tells the patient it has ended (walk review F10)
#: instead of ignoring their taps.
ENDED_GRACE = dt.timedelta(seconds=15)


class CheckinDesk:
    """The server's side of patient check-ins: the check-in book, the wrong-code throttle, patients' kernels (one per
    session) and their open websockets.

    Parameters
    ----------
    port : int
        The port the server listens on; the check-in cookie is named by it (``iopkit-checkin-<port>``).
    book_path : pathlib.Path, optional
        The check-in book's file; default :func:`iopkit.checkin.book_path`. Opened on first use.
    throttle : Throttle, optional
        The wrong-code throttle; default :class:`iopkit.checkin.Throttle` with its default limits.
    """

    def __init__(self, port: int, book_path: Path | None = None, throttle=None) -> None:
        from .checkin import Throttle

        self.cookie_name = f"iopkit-checkin-{port}"
        self._book_path = book_path
        self._book = None
        self.throttle = throttle or Throttle()
        self.kernels: dict[str, str] = {}  # session key -> the one kernel its page runs
        self.checkins: dict[str, int] = {}  # session key -> its check-in's id
        self.sockets: dict[str, set] = {}  # session key -> the websockets its page has open

    @property
    def book(self):
        if self._book is None:
            from .checkin import CheckinBook

            self._book = CheckinBook(self._book_path)
        return self._book

    def open_existing_book(self) -> None:
        """Open the check-in book now if its file exists (a new one is created on first use), so that a book the
        desk refuses refuses the server's start, with its reason, instead of failing patients' codes later.

        Raises
        ------
        StoreError
            The book is refused: it holds check-ins but no chain of states (:class:`iopkit.checkin.CheckinBook`), or
            the group or others may read it, or it cannot be read.
        """
        from .checkin import book_path

        if self._book is None and (self._book_path or book_path()).is_file():
            _ = self.book

    def session_of(self, secret: str | None):
        """The open check-in of a cookie's secret, or None.

        Parameters
        ----------
        secret : str or None
            The session secret from the check-in cookie.

        Returns
        -------
        Checkin or None
            The open check-in it belongs to; None without a secret or when it opens nothing.
        """
        return self.book.by_session(secret) if secret else None

    def ended(self, key: str, now: dt.datetime | None = None) -> bool:
        """Whether a session's check-in is over: unknown, finished for :data:`FINISHED_GRACE` (the page's last widget
        messages, "Thank you", reach the phone first), or withdrawn or expired for :data:`ENDED_GRACE` (the page
        says the check-in has ended first, :meth:`iopkit.widgets.checkin.PatientCheckin.watch`).

        Parameters
        ----------
        key : str
            The session key (:meth:`session_key`).
        now : datetime.datetime, optional
            The time, with its zone; default the current time.

        Returns
        -------
        bool
            True when the session's page should lose its kernel and websockets.

        Raises
        ------
        StoreError
            The check-in book cannot be read (nothing is decided then).
        """
        from .checkin import CheckinRefused, Status

        checkin_id = self.checkins.get(key)
        if checkin_id is None:
            return True
        try:
            checkin = self.book.get(checkin_id)
        except CheckinRefused:  # not in the book (any more)
            return True
        now = now or dt.datetime.now(dt.UTC)
        status = checkin.status_at(now)
        if status is Status.DONE and checkin.finished_at is not None:
            return now - checkin.finished_at >= FINISHED_GRACE
        if status is Status.CANCELLED and checkin.cancelled_at is not None:
            return now - checkin.cancelled_at >= ENDED_GRACE
        if status is Status.EXPIRED:
            return now - checkin.expires_at >= ENDED_GRACE
        return status is not Status.OPEN

    def patient_kernels(self, running) -> int:
        """How many of the ``running`` kernel ids are patients' check-in kernels.

        Parameters
        ----------
        running : collection of str
            The kernel ids running now.

        Returns
        -------
        int
            The number of them that a check-in session's page runs.
        """
        return sum(1 for kernel_id in self.kernels.values() if kernel_id in running)

    async def close_session(self, key: str, kernel_manager, *, ended: bool) -> None:
        """Close a session's websockets and shut its kernel.

        Parameters
        ----------
        key : str
            The session key (:meth:`session_key`).
        kernel_manager : jupyter_server MappingKernelManager
            The server's kernel manager.
        ended : bool
            True when the check-in is over (the session is forgotten); False when its page loads again and a new
            kernel replaces this one.
        """
        from jupyter_core.utils import ensure_async

        kernel_id = self.kernels.pop(key, None)
        if ended:
            self.checkins.pop(key, None)
        for socket in self.sockets.pop(key, set()):
            socket.close()
        if kernel_id is not None and kernel_id in kernel_manager.list_kernel_ids():
            await ensure_async(kernel_manager.shutdown_kernel(kernel_id))

    async def sweep(self, kernel_manager) -> None:
        """End every session whose check-in is over (:meth:`ended`); forget sessions whose kernel is gone (culled,
        or its tab closed) and that have no websocket open.

        Parameters
        ----------
        kernel_manager : jupyter_server MappingKernelManager
            The server's kernel manager.
        """
        running = set(kernel_manager.list_kernel_ids())
        for key in list(self.checkins):
            try:
                over = self.ended(key)
            except Exception:  # noqa: BLE001  (an unreadable book ends nothing; the next sweep tries again)
                log.exception("iopkit: the check-in book could not be read")
                continue
            if over:
                log.warning("iopkit: a check-in is over: closed its page's connections and shut its kernel")
                await self.close_session(key, kernel_manager, ended=True)
            elif self.kernels.get(key) not in running and not self.sockets.get(key):
                self.kernels.pop(key, None)
                self.checkins.pop(key, None)

    @staticmethod
    def session_key(secret: str) -> str:
        """The key under which the desk counts a session's kernels (the secret itself is never kept).

        Parameters
        ----------
        secret : str
            The session secret.

        Returns
        -------
        str
            Its SHA-256, in hexadecimal.
        """
        return hashlib.sha256(secret.encode()).hexdigest()


class TemplateCache(jinja2.BytecodeCache):
    """A Jinja bytecode cache in memory: each template compiled once per server, shared by every environment.

    Voila builds a new exporter and Jinja environment for each page request, and a new environment compiles
    every template it loads (parse, code generation, ``compile``).  An environment given this cache as its
    ``bytecode_cache`` loads the code another environment compiled when the compiling settings (async rendering,
    extensions) and the template's source are the same; a changed template file is compiled again (jinja2 checks
    the source's checksum).

    Examples
    --------
    >>> cache = TemplateCache()
    >>> loader = jinja2.DictLoader({"page.html": "Hello {{ name }}"})
    >>> first = jinja2.Environment(loader=loader, bytecode_cache=cache)
    >>> first.get_template("page.html").render(name="KM")
    'Hello KM'
    >>> second = jinja2.Environment(loader=loader, bytecode_cache=cache)
    >>> second.compile = None  # the second environment cannot compile: it loads the first one's code
    >>> second.get_template("page.html").render(name="JD")
    'Hello JD'
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        # Code compiled by one environment is reused by another only with the same compiling settings.
        settings = f"{environment.is_async}|{','.join(sorted(environment.extensions))}"
        key = hashlib.sha256(f"{self.get_cache_key(name, filename)}|{settings}".encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()


def share_compiled_templates(exporter_class, cache=None):
    """Make every environment ``exporter_class`` creates use one :class:`TemplateCache` (once per class).

    Parameters
    ----------
    exporter_class : type
        An nbconvert ``TemplateExporter`` subclass (Voila's ``VoilaExporter``).
    cache : jinja2.BytecodeCache, optional
        The cache to share; default a new :class:`TemplateCache`.

    Returns
    -------
    jinja2.BytecodeCache
        The cache the class's environments use (the one already installed, if any).
    """
    installed = exporter_class.__dict__.get("_iopkit_template_cache")
    if installed is not None:
        return installed
    cache = cache if cache is not None else TemplateCache()
    create = exporter_class._create_environment

    def _create_environment(self):
        environment = create(self)
        environment.bytecode_cache = cache
        return environment

    exporter_class._create_environment = _create_environment
    exporter_class._iopkit_template_cache = cache
    return cache


def redact_secrets(text: str) -> str:
    """``text`` with the value of every secret query parameter (:data:`SECRET_PARAMETERS`) replaced by ``[secret]``.

    Parameters
    ----------
    text : str
        A log message (a request line, a request's repr ...).

    Returns
    -------
    str
        The same text, the token and check-in codes in URLs hidden.

    Examples
    --------
    >>> redact_secrets("403 POST /voila/api/shutdown/abc?token=dIwPIZ&x=1 (127.0.0.1)")
    '403 POST /voila/api/shutdown/abc?token=[secret]&x=1 (127.0.0.1)'
    >>> redact_secrets("uri='/checkin?code=ABCD-EFGH'"), redact_secrets("GET /voila/render/p.ipynb?checkin=3")
    ("uri='/checkin?code=[secret]'", 'GET /voila/render/p.ipynb?checkin=3')
    """
    return _SECRET_VALUE.sub(r"\1[secret]", text)


class RedactSecrets(logging.Filter):
    """A logging filter that passes every record with :func:`redact_secrets` applied to its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


#: The loggers that write request lines and requests (tornado's access log, its errors and its warnings).
REQUEST_LOGGERS = ("tornado.access", "tornado.application", "tornado.general")


def redact_request_logs() -> None:
    """Put :class:`RedactSecrets` on every logger in :data:`REQUEST_LOGGERS` (once), so that no request with
    ``?token=`` or ``?code=`` (a POST, a websocket, a refused or failed request) writes the secret to the log.

    The link printed at start (``?token=...``, for the clinician to open) is written by Voila's own logger and
    stays whole.
    """
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())


def checkin_form_html(message: str = "", code: str = "", xsrf: str = "", status: str = "") -> str:
    """The check-in page: one large field for the code (a kiosk or phone page; nothing else to click).

    Parameters
    ----------
    message : str, default ""
        A note shown above the field (a wrong code, a wait); none when empty. Escaped.
    code : str, default ""
        The code to show in the field again. Escaped.
    xsrf : str, default ""
        The form's XSRF hidden input as HTML (inserted as is).
    status : str, default ""
        An extra CSS class of the note.

    Returns
    -------
    str
        The whole HTML page.
    """
    note = f'<p class="note {status}" role="alert">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Check-in</title>
<style>body{{font:20px/1.5 system-ui,sans-serif;margin:0;padding:24px;max-width:34em;color:#1a1a1a}}
h1{{font-size:1.6em;margin:0 0 .4em}}label{{display:block;font-weight:600;margin:1em 0 .3em}}
input[type=text]{{font-size:1.4em;letter-spacing:.12em;width:100%;box-sizing:border-box;min-height:56px;
padding:8px 12px;border:2px solid #555;border-radius:8px;text-transform:uppercase}}
button{{font-size:1.1em;min-height:56px;width:100%;margin-top:16px;border:0;border-radius:8px;background:#0b4f9c;
color:#fff}}.note{{padding:12px;border-radius:8px;background:#fdf3d8;border:1px solid #b58900}}</style></head>
<body class="iop-checkin-entry"><h1>Welcome</h1>
<p>Please type the check-in code a member of staff gave you.</p>{note}
<form method="post" action="/checkin">{xsrf}<label for="code">Check-in code</label>
<input type="text" id="code" name="code" value="{html.escape(code)}" autocomplete="off" autocapitalize="characters"
 spellcheck="false" required maxlength="20"><button type="submit">Start</button></form></body></html>"""


WRONG_CODE = "That code did not work. Please check it and try again, or ask a member of staff."
SLOW_DOWN = "Too many tries. Please wait {s} seconds before trying again, or ask a member of staff."


def _incoming_parts(message, subprotocol: str | None) -> tuple[dict, dict] | None:
    """Header and content of a kernel message a browser sent (either websocket protocol), or None if unreadable."""
    try:
        if subprotocol == "v1.kernel.websocket.jupyter.org":
            count = int.from_bytes(message[:8], "little")
            if not 3 <= count <= 64:  # channel, header, ... : a handful of parts, never millions
                return None
            offsets = [int.from_bytes(message[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
            header = json.loads(bytes(message[offsets[1] : offsets[2]]).decode("utf-8"))
            # channel, header, parent header, metadata, content: the content is the fifth part when sent
            content = json.loads(bytes(message[offsets[4] : offsets[5]]).decode("utf-8")) if count >= 6 else {}
        elif isinstance(message, bytes):
            parts = struct.unpack("!i", message[:4])[0]
            if not 1 <= parts <= 64:
                return None
            offsets = list(struct.unpack("!" + "I" * parts, message[4 : 4 * (parts + 1)]))
            end = offsets[1] if len(offsets) > 1 else None
            body = json.loads(message[offsets[0] : end].decode("utf-8"))
            header, content = body["header"], body.get("content", {})
        else:
            body = json.loads(message)
            header, content = body["header"], body.get("content", {})
        if not isinstance(header, dict) or not isinstance(content, dict):
            return None
        return header, content
    except Exception:  # noqa: BLE001  (anything unreadable is refused)
        return None


def _incoming_msg_type(message, subprotocol: str | None) -> str | None:
    """The ``msg_type`` of a kernel message sent by a browser (either websocket protocol), or None if unreadable."""
    parts = _incoming_parts(message, subprotocol)
    kind = None if parts is None else parts[0].get("msg_type")
    return kind if isinstance(kind, str) else None


def patient_message_allowed(message, subprotocol: str | None) -> bool:
    """Whether a patient's check-in page may send this kernel message: widget traffic only (:data:`PATIENT_MESSAGES`),
    and a new comm only to the widget manager's control channel (:data:`PATIENT_COMM_TARGETS`), so the page
    cannot create widgets or reach any other comm target in the kernel.

    Parameters
    ----------
    message : str or bytes
        The websocket message as received (text JSON, or the binary framing of either kernel websocket protocol).
    subprotocol : str or None
        The websocket's subprotocol (``"v1.kernel.websocket.jupyter.org"`` or None for the legacy one).

    Returns
    -------
    bool
        True for an allowed message; False for any other, and for one that cannot be read.
    """
    parts = _incoming_parts(message, subprotocol)
    if parts is None or parts[0].get("msg_type") not in PATIENT_MESSAGES:
        return False
    header, content = parts
    return header["msg_type"] != "comm_open" or content.get("target_name") in PATIENT_COMM_TARGETS


@dataclass(frozen=True)
class Gate:
    """Who may talk to the server: the allowed Host names, the same origin, the token.

    Parameters
    ----------
    token : str
        The access token (random at start unless ``IOPKIT_TOKEN`` is set).
    port : int
        The port the server listens on; loopback Host headers must name it.
    extra_hosts : tuple of str
        More accepted names (a clinic's host name behind its proxy). ``name`` accepts ``name`` and
        ``name:PORT``; ``name:port`` accepts exactly that.
    secure_cookies : bool
        Mark every cookie ``Secure`` even when the request came over plain HTTP (behind a TLS-terminating proxy:
        ``IOPKIT_SECURE_COOKIES``).

    Raises
    ------
    ServingConfigError
        ``token`` is shorter than 16 characters (also a ``ValueError``).
    """

    token: str
    port: int
    extra_hosts: tuple[str, ...] = ()
    secure_cookies: bool = False

    def __post_init__(self) -> None:
        if len(self.token) < 16:
            raise ServingConfigError(
                f"{ENV_TOKEN} must be at least 16 characters long; got {len(self.token)} characters",
                item=ENV_TOKEN,
                value=len(self.token),
                allowed="a token of at least 16 characters",
            )

    @property
    def hosts(self) -> frozenset[str]:
        names = {f"{name}:{self.port}" for name in LOOPBACK_NAMES}
        for name in (n.strip().lower() for n in self.extra_hosts):
            if not name:
                continue
            names.add(name)
            if not re.search(r":\d+$", name):
                names.add(f"{name}:{self.port}")
        return frozenset(names)

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request's Host header names this server (:attr:`hosts`, case ignored).

        Parameters
        ----------
        host : str or None
            The Host header, with its port.

        Returns
        -------
        bool
            False for a missing or foreign Host.
        """
        if not host:
            return False
        return host.lower() in self.hosts

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """An absent Origin is allowed (same-origin GETs, scripts); otherwise it must be this server.

        Parameters
        ----------
        origin : str or None
            The Origin header.
        host : str or None
            The Host header of the same request.

        Returns
        -------
        bool
            True when there is no Origin, or it names an allowed host and the same one as ``host``.
        """
        if origin is None:
            return True
        netloc = urlsplit(origin.strip().lower()).netloc
        return bool(netloc) and self.host_allowed(netloc) and netloc == (host or "").lower()

    def token_matches(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is the access token (compared in constant time).

        Parameters
        ----------
        candidate : str or None
            The token a request carries.

        Returns
        -------
        bool
            False for a missing or wrong token.
        """
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode(), self.token.encode())

    def session_cookie(self) -> str:
        """The cookie value proving the token was shown once (derived, so the token is never stored).

        Returns
        -------
        str
            An HMAC-SHA-256 of the token, in hexadecimal.
        """
        return hmac.new(self.token.encode(), b"iopkit-session", hashlib.sha256).hexdigest()

    def session_matches(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is this server's session cookie (:meth:`session_cookie`; constant time).

        Parameters
        ----------
        candidate : str or None
            The session cookie a request carries.

        Returns
        -------
        bool
            False for a missing or wrong cookie.
        """
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode(), self.session_cookie().encode())

    @property
    def cookie_name(self) -> str:
        # Cookies ignore the port: name it by port so two local servers do not overwrite each other's.
        return f"iopkit-session-{self.port}"


def gate_from_environment(port: int, environ: Mapping[str, str] | None = None) -> tuple[Gate, bool]:
    """The gate for ``port`` from ``IOPKIT_TOKEN`` / ``IOPKIT_ALLOWED_HOSTS`` / ``IOPKIT_SECURE_COOKIES``; True if
    the token is new.

    Parameters
    ----------
    port : int
        The port the server listens on.
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    tuple of (Gate, bool)
        The gate, and True when ``IOPKIT_TOKEN`` was unset or blank and a random token was generated.

    Raises
    ------
    ServingConfigError
        ``IOPKIT_TOKEN`` is set but shorter than 16 characters, or ``IOPKIT_SECURE_COOKIES`` is neither yes nor no
        (also a ``ValueError``).
    """
    environ = os.environ if environ is None else environ
    token = environ.get(ENV_TOKEN, "").strip()
    generated = not token
    gate = Gate(
        token=token or secrets.token_urlsafe(32),
        port=port,
        extra_hosts=allowed_hosts(environ),
        secure_cookies=secure_cookies_from_environment(environ),
    )
    return gate, generated


def secure_cookies_from_environment(environ: Mapping[str, str] | None = None) -> bool:
    """Whether every cookie is ``Secure`` even over plain HTTP: ``IOPKIT_SECURE_COOKIES`` (default no).

    Set it (``1``) when a reverse proxy ends TLS in front of the server: the browser speaks HTTPS, the server sees
    HTTP, and without it the staff's session and a patient's check-in cookie would be sent again over plain HTTP
    if a link or a downgraded connection ever led there. An explicit setting, not ``X-Forwarded-Proto``: trusting
    that header (Tornado's ``xheaders``) would also trust ``X-Forwarded-For``, so any client could choose the
    address the check-in throttle counts; and a proxy that forgot the header would silently get plain cookies.

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    bool
        True for ``1``, ``true``, ``yes`` or ``on``; False when unset, empty, ``0``, ``false``, ``no`` or ``off``
        (any case).

    Raises
    ------
    ServingConfigError
        Any other value (also a ``ValueError``).

    Examples
    --------
    >>> secure_cookies_from_environment({}), secure_cookies_from_environment({"IOPKIT_SECURE_COOKIES": "1"})
    (False, True)
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_SECURE_COOKIES, "").strip()
    if raw.lower() in _YES + _NO:
        return raw.lower() in _YES
    raise ServingConfigError(
        f"{ENV_SECURE_COOKIES} must be 1 (behind a TLS proxy: every cookie Secure) or 0; got {raw!r}",
        item=ENV_SECURE_COOKIES,
        value=raw,
        allowed="1, true, yes, on, or 0, false, no, off (or unset)",
    )


def allowed_hosts(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The extra Host names from ``IOPKIT_ALLOWED_HOSTS`` (comma-separated; empty by default).

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    tuple of str
        The names, spaces around each removed, empty entries dropped.
    """
    environ = os.environ if environ is None else environ
    return tuple(h.strip() for h in environ.get(ENV_HOSTS, "").split(",") if h.strip())


def freed_within(idle_timeout: int, interval: int, shutdown_wait: float = 5.0) -> str:
    """How long a kernel with no page connected may stay, in words: its idle time, one cull check and its shutdown.

    A culled kernel keeps its place until it has ended: Jupyter asks it to shut down and waits up to
    ``KernelManager.shutdown_wait_time`` (5 s) before killing it, and on a busy computer it takes some of that
    time (a CI run measured 13.2 s against the 11 s that idle time and check alone had promised).

    Parameters
    ----------
    idle_timeout : int
        ``MappingKernelManager.cull_idle_timeout`` in seconds (0 or less: no culling).
    interval : int
        ``MappingKernelManager.cull_interval`` in seconds (how often kernels are checked).
    shutdown_wait : float, default 5.0
        ``KernelManager.shutdown_wait_time`` in seconds (how long a kernel asked to end is given before it is
        killed).

    Returns
    -------
    str
        ``"within N seconds"`` up to 90 seconds, else ``"within N minutes"`` (rounded up); without culling
        ``"only when the server is restarted"``.

    Examples
    --------
    >>> freed_within(90, 25), freed_within(3, 1), freed_within(600, 60), freed_within(0, 30)
    ('within 2 minutes', 'within 9 seconds', 'within 12 minutes', 'only when the server is restarted')
    """
    if idle_timeout <= 0:
        return "only when the server is restarted"
    seconds = idle_timeout + max(interval, 0) + math.ceil(max(shutdown_wait, 0))
    if seconds <= 90:
        return f"within {seconds} seconds"
    return f"within {-(-seconds // 60)} minutes"


def too_many_dashboards(cap: int, idle_timeout: int, interval: int, shutdown_wait: float = 5.0) -> str:
    """The page refusing one more dashboard at the kernel cap (:data:`TOO_MANY`), with the true wait.

    Parameters
    ----------
    cap : int
        The server's kernel cap.
    idle_timeout, interval : int
        The culling settings in force (:func:`freed_within`).
    shutdown_wait : float, default 5.0
        The kernels' ``shutdown_wait_time`` in seconds (:func:`freed_within`).

    Returns
    -------
    str
        The refusal: close tabs (freed within seconds), or wait for a place left by a browser that ended.

    Examples
    --------
    >>> print(too_many_dashboards(12, 90, 25).splitlines()[-1])
    A dashboard whose browser ended without closing its tab (a crash, a computer switched off) frees its place by \
itself within 2 minutes.
    """
    return TOO_MANY.format(n=cap, wait=freed_within(idle_timeout, interval, shutdown_wait))


def _shutdown_wait(kernel_manager) -> float:
    """The running kernels' ``shutdown_wait_time`` in seconds (Jupyter's 5 s when none is running)."""
    running = kernel_manager.list_kernel_ids()
    return float(kernel_manager.get_kernel(running[0]).shutdown_wait_time) if running else 5.0


def checkin_kernel_share(cap: int) -> int:
    """How many of the ``cap`` kernels patients' check-in pages may run at once: half, rounded down.

    The other half is kept for the staff's dashboards, so that codes handed out (a waiting-room tablet, a phone
    reloading, a script) can never take the caseload away from the clinicians. A clinic whose groups check in
    more patients at once raises ``IOPKIT_MAX_KERNELS`` (each kernel takes about 70 MB). With a cap of 1 there
    is no room for check-ins.

    Parameters
    ----------
    cap : int
        The server's kernel cap (``IOPKIT_MAX_KERNELS``).

    Returns
    -------
    int
        The most check-in kernels at once.

    Examples
    --------
    >>> checkin_kernel_share(12), checkin_kernel_share(3), checkin_kernel_share(1)
    (6, 1, 0)
    """
    return cap // 2


def max_kernels_from_environment(environ: Mapping[str, str] | None = None) -> int:
    """How many dashboards may run at once: ``IOPKIT_MAX_KERNELS``, else the default (12).

    Parameters
    ----------
    environ : mapping of str to str, optional
        The environment to read; None (the default) reads this process's environment.

    Returns
    -------
    int
        The cap, at least 1.

    Raises
    ------
    ServingConfigError
        ``IOPKIT_MAX_KERNELS`` is set but not a whole number of at least 1 (also a ``ValueError``).
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_MAX_KERNELS, "").strip()
    if not raw:
        return DEFAULT_MAX_KERNELS
    if not raw.isdigit() or int(raw) < 1:
        raise ServingConfigError(
            f"{ENV_MAX_KERNELS} must be a whole number of at least 1; got {raw!r}",
            item=ENV_MAX_KERNELS,
            value=raw,
            allowed="a whole number of at least 1",
        )
    return int(raw)


def platform_settings(os_name: str | None = None) -> dict[str, dict[str, object]]:
    """The serving settings that depend on the operating system (applied in code, not in ``voila.json``).

    Parameters
    ----------
    os_name : str, optional
        ``os.name`` of the machine serving (default: this one).

    Returns
    -------
    dict
        Configuration sections and their values: on POSIX (Linux, macOS) the kernels use the ``ipc``
        transport (Unix sockets in the private runtime folder); on Windows, which has no ``ipc``
        transport in ``jupyter_client``, nothing (Jupyter's TCP on 127.0.0.1).

    Examples
    --------
    >>> platform_settings("posix")
    {'KernelManager': {'transport': 'ipc'}}
    >>> platform_settings("nt")
    {}
    """
    os_name = os.name if os_name is None else os_name
    return {"KernelManager": {"transport": "ipc"}} if os_name == "posix" else {}


def apply_platform_settings(config, os_name: str | None = None) -> None:
    """Add :func:`platform_settings` to a traitlets ``config``, leaving any value set there already.

    Parameters
    ----------
    config : traitlets.config.Config
        The application's configuration, after its files and command line are loaded.
    os_name : str, optional
        ``os.name`` of the machine serving (default: this one).

    Examples
    --------
    >>> from traitlets.config import Config
    >>> config = Config(); apply_platform_settings(config, "posix"); config.KernelManager.transport
    'ipc'
    >>> config = Config(); apply_platform_settings(config, "nt"); "transport" in config.KernelManager
    False
    >>> config = Config({"KernelManager": {"transport": "tcp"}}); apply_platform_settings(config, "posix")
    >>> config.KernelManager.transport
    'tcp'
    """
    for section, values in platform_settings(os_name).items():
        for name, value in values.items():
            if name not in config[section]:
                config[section][name] = value


if TYPE_CHECKING:  # the mixin is only ever placed in front of a tornado RequestHandler
    from tornado.web import RequestHandler as _HandlerBase
else:
    _HandlerBase = object


class _Guard(_HandlerBase):
    """Mixed in front of every Voila handler class: host, origin and token checks before anything else."""

    iopkit_gate: Gate
    iopkit_desk: CheckinDesk | None = None
    iopkit_open = False  # True only for the check-in page, reached without the token
    _iopkit_patient = False  # this request was let in by a patient's check-in session, not the token
    _iopkit_session = ""  # and that session's key (CheckinDesk.session_key)

    def _iopkit_patient_allowed(self) -> bool:
        """A patient's check-in session may load its own check-in page, the static files and its own kernel."""
        desk = self.iopkit_desk
        secret = self.get_cookie(desk.cookie_name) if desk is not None else None
        if desk is None or not secret:
            return False
        try:
            checkin = desk.session_of(secret)
        except Exception:  # noqa: BLE001  (an unreadable book opens nothing)
            log.exception("iopkit: the check-in book could not be read")
            return False
        if checkin is None:
            return False
        path, key = self.request.path, desk.session_key(secret)
        if path == f"/voila/render/{CHECKIN_PAGE}":
            if self.request.method != "GET" or self.get_query_argument("checkin", None) != str(checkin.id):
                return False
            _PATIENT_SESSION.set((key, checkin.id))  # the kernel this request starts belongs to this session
            return True
        if path.startswith(PATIENT_STATIC):
            return self.request.method in ("GET", "HEAD")
        kernel = _KERNEL_PATH.match(path)
        self._iopkit_session = key
        return kernel is not None and kernel.group(1) == desk.kernels.get(key)

    def _iopkit_check_in_ended(self) -> bool:
        """A patient's browser asking for the check-in page after its check-in ended (done, expired, withdrawn)."""
        desk = self.iopkit_desk
        secret = self.get_cookie(desk.cookie_name) if desk is not None else None
        if (
            desk is None
            or not secret
            or self.request.method != "GET"
            or self.request.path != f"/voila/render/{CHECKIN_PAGE}"
        ):
            return False
        try:
            return desk.session_of(secret) is None
        except Exception:  # noqa: BLE001  (an unreadable book: the plain refusal)
            return False

    def set_cookie(self, name, value, *args, **kwargs) -> None:
        # Every cookie set on this server's routes (the session, a check-in, tornado's _xsrf) passes here: Secure
        # over HTTPS, and always behind a TLS proxy (IOPKIT_SECURE_COOKIES); its other attributes are left as asked.
        if self.iopkit_gate.secure_cookies or self.request.protocol == "https":
            kwargs["secure"] = True
        super().set_cookie(name, value, *args, **kwargs)

    def _iopkit_refuse(self, status: int, text: str) -> None:
        self.clear()
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(text)

    def _iopkit_token_shown(self) -> bool:
        gate = self.iopkit_gate
        auth = self.request.headers.get("Authorization", "")
        if auth.lower().startswith("token ") and gate.token_matches(auth[6:].strip()):
            return True
        if gate.session_matches(self.get_cookie(gate.cookie_name)):
            return True
        if gate.token_matches(self.get_query_argument("token", None)):
            # Lax, not Strict: a link clicked in a mail or chat is a cross-site navigation, and a Strict
            # cookie would be withheld from the redirect that follows. Lax still withholds it from other
            # sites' scripts, frames and POSTs, and the Origin check refuses their websockets.
            self.set_cookie(gate.cookie_name, gate.session_cookie(), httponly=True, samesite="Lax", path="/")
            return True
        return False

    def prepare(self):
        gate = self.iopkit_gate
        host = self.request.headers.get("Host")
        if not gate.host_allowed(host):
            log.warning("iopkit: refused a request for Host %r to %s", host, self.request.path)
            return self._iopkit_refuse(403, WRONG_HOST)
        origin = self.request.headers.get("Origin")
        if not gate.origin_allowed(origin, host):
            log.warning("iopkit: refused a request from Origin %r to %s", origin, self.request.path)
            return self._iopkit_refuse(403, WRONG_ORIGIN)
        if not self.iopkit_open and not self._iopkit_token_shown():
            if not self._iopkit_patient_allowed():
                if self._iopkit_check_in_ended():
                    # A patient's page reloaded after the check-in ended: the check-in page, not the staff's note.
                    return self.redirect("/checkin", status=303)
                return self._iopkit_refuse(403, NEED_TOKEN)
            self._iopkit_patient = True
        token_in_url = "token" in self.request.query_arguments
        if token_in_url and self.request.method == "GET" and "Upgrade" not in self.request.headers:
            # Drop the token from the address bar (history, bookmarks, screenshots); the cookie is set.
            query = {k: v for k, v in self.request.query_arguments.items() if k != "token"}
            path = "/" + self.request.path.lstrip("/")  # never "//host/...": that would leave this server
            target = path + ("?" + urlencode(query, doseq=True) if query else "")
            return self.redirect(target)
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        return super().prepare()

    def write_error(self, status_code: int, **kwargs) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        text = getattr(error, "iopkit_text", None) or f"{status_code} {self._reason}\n"
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(text)


class _PageGuard(_Guard):
    """Pages also receive the ``_xsrf`` cookie that Voila's close-tab shutdown request sends back."""

    async def prepare(self):
        result = super().prepare()
        if result is not None:
            await result
        if not self._finished:  # after Jupyter's prepare: the xsrf cookie depends on the user it sets
            self.xsrf_token  # noqa: B018  (reading it sets the cookie)

    def write(self, chunk):
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        if isinstance(chunk, bytes) and b"<link" in chunk:
            chunk = _EXTERNAL_LINK.sub(b"", chunk)
        return super().write(chunk)


class _SocketGuard(_Guard):
    """A patient's kernel websocket carries widget messages only (:func:`patient_message_allowed`): no code is run;
    and only while its check-in is open (the desk closes it, and shuts its kernel, when the check-in ends)."""

    async def open(self, *args, **kwargs):
        if self._iopkit_patient and self.iopkit_desk is not None:
            self.iopkit_desk.sockets.setdefault(self._iopkit_session, set()).add(self)
        opened = super().open(*args, **kwargs)
        if inspect.isawaitable(opened):
            await opened

    def on_close(self):
        if self._iopkit_patient and self.iopkit_desk is not None:
            self.iopkit_desk.sockets.get(self._iopkit_session, set()).discard(self)
        return super().on_close()

    def on_message(self, message):
        if self._iopkit_patient:
            desk = self.iopkit_desk
            try:
                over = desk is None or desk.ended(self._iopkit_session)
            except Exception:  # noqa: BLE001  (an unreadable book: the message waits for nothing, it is dropped)
                log.exception("iopkit: the check-in book could not be read")
                return None
            if over:
                log.warning("iopkit: a message came after its check-in was over: closed the page's kernel")
                if desk is not None:
                    asyncio.ensure_future(
                        desk.close_session(self._iopkit_session, self.settings["kernel_manager"], ended=True)
                    )
                self.close()
                return None
            protocol = getattr(self, "selected_subprotocol", None)
            if not patient_message_allowed(message, protocol):
                log.warning(
                    "iopkit: dropped a %r message from a patient's check-in page", _incoming_msg_type(message, protocol)
                )
                return None
        return super().on_message(message)


def _checkin_handler_class():
    import tornado.web

    class CheckinHandler(tornado.web.RequestHandler):
        """``/checkin``: the patient types the one-time code; a right one opens their check-in (see the module doc)."""

        def _page(self, status: int, message: str = "", code: str = "") -> None:
            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            # Chromium sends "Origin: null" with a form posted from a no-referrer page; same-origin keeps it real.
            self.set_header("Referrer-Policy", "same-origin")
            self.finish(checkin_form_html(message, code, self.xsrf_form_html(), "refused" if status >= 400 else ""))

        def _open(self, checkin_id: int) -> None:
            self.redirect(f"/voila/render/{CHECKIN_PAGE}?checkin={checkin_id}", status=303)

        def _unavailable(self, error: Exception) -> None:
            # The operator's words (what is wrong with the book, what to do) go to the server log; the patient is
            # asked to see staff, never shown them.
            log.error("iopkit: the check-in book was refused: %s", error)
            return self._page(503, CHECKIN_UNAVAILABLE)

        def get(self):
            from .errors import StoreError

            desk = self.iopkit_desk
            try:
                resumed = desk.session_of(self.get_cookie(desk.cookie_name))
            except StoreError as error:
                return self._unavailable(error)
            if resumed is not None:  # an interrupted check-in comes back where it was
                return self._open(resumed.id)
            return self._page(200, code=self.get_query_argument("code", "")[:20])

        def post(self):
            from .checkin import CheckinRefused, client_key
            from .errors import StoreError

            desk, client, now = self.iopkit_desk, client_key(self.request.remote_ip), time.monotonic()
            wait = desk.throttle.wait(client, now)
            if wait > 0:
                self.set_header("Retry-After", str(int(wait) + 1))
                log.warning("iopkit: check-in code refused unread from %s (slowed for %.0f s)", client, wait)
                return self._page(429, SLOW_DOWN.format(s=int(wait) + 1))
            try:
                session = desk.book.redeem(self.get_body_argument("code", ""))
            except CheckinRefused:
                desk.throttle.failed(client, now)
                log.warning("iopkit: a wrong check-in code from %s", client)
                return self._page(403, WRONG_CODE)
            except StoreError as error:
                return self._unavailable(error)
            desk.throttle.succeeded(client)
            # Secure behind a TLS proxy (and over HTTPS): set by the guard every served route has (_Guard.set_cookie),
            # as for every other cookie the server sets; the secret never travels in clear.
            self.set_cookie(
                desk.cookie_name,
                session.secret,
                httponly=True,
                samesite="Strict",
                path="/",
                expires=session.checkin.expires_at,
            )
            return self._open(session.checkin.id)

    return CheckinHandler


def _error_content() -> dict[str, object]:
    return {"ename": "Error", "evalue": GENERIC_ERROR, "traceback": [GENERIC_ERROR]}


def _quiet_connection_class():
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    class QuietKernelConnection(ZMQChannelsWebsocketConnection):
        """Kernel websocket that sends no traceback, exception text or stderr to the browser."""

        def handle_outgoing_message(self, stream, outgoing_msg):
            idents, parts = self.session.feed_identities(outgoing_msg)
            try:
                msg_type = self.session.unpack(parts[1]).get("msg_type")  # [signature, header, ...]
            except Exception:  # noqa: BLE001  (any unreadable message: do not forward it)
                log.warning("iopkit: dropped an unreadable kernel message")
                return None
            if msg_type in ("error", "stream"):
                msg = self.session.deserialize(parts)
                content = msg["content"]
                if msg_type == "stream" and content.get("name") != "stderr":
                    return super().handle_outgoing_message(stream, outgoing_msg)
                text = "\n".join(content.get("traceback", [])) or content.get("text", "")
                self.log.error(
                    "iopkit: kernel %s %s (not sent to the browser): %s", self.kernel_id, msg_type, _ANSI.sub("", text)
                )
                if msg_type == "stream":
                    return None
                msg["content"] = _error_content()
                outgoing_msg = idents + self.session.serialize(msg)
            return super().handle_outgoing_message(stream, outgoing_msg)

    return QuietKernelConnection


def _voila_app_class():
    import tornado.ioloop
    import tornado.web
    import tornado.websocket
    from jupyter_core.paths import jupyter_config_path
    from jupyter_core.utils import ensure_async
    from jupyter_server.utils import url_path_join
    from traitlets import Bool, Int, List, Unicode, default
    from voila.app import Voila
    from voila.exporter import VoilaExporter
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    share_compiled_templates(VoilaExporter)

    class KernelCountHandler(tornado.web.RequestHandler):
        """``GET /iopkit/api/status``: kernels, cap and settings in force (a health check that starts nothing)."""

        def get(self):
            km, app = self.settings["kernel_manager"], self.settings["voila"]
            settings = {
                "ip": app.ip,
                "port_retries": app.port_retries,
                "cull_idle_timeout": km.cull_idle_timeout,
                "cull_interval": km.cull_interval,
                "cull_connected": km.cull_connected,
                "execution_timeout": app.config.VoilaExecutor.get("timeout"),
                "show_tracebacks": app.voila_configuration.show_tracebacks,
                "kernel_transport": app.config.KernelManager.get("transport", "tcp"),
                "secure_cookies": app.secure_cookies,
            }
            self.set_header("Content-Type", "application/json")
            self.finish(
                json.dumps(
                    {
                        "kernels": len(km.list_kernel_ids()),
                        "max_kernels": self.settings["iopkit_max_kernels"],
                        "settings": settings,
                    }
                )
            )

    class IopkitVoila(Voila):
        """Voila behind iopkit's guards (see the module docstring)."""

        max_kernels = Int(help="Most dashboards (kernels) running at once.").tag(config=True)
        allowed_hosts = List(Unicode(), help="More accepted Host names (behind a proxy).").tag(config=True)
        secure_cookies = Bool(help="Every cookie Secure (behind a TLS-terminating proxy).").tag(config=True)

        @default("max_kernels")
        def _max_kernels(self):
            return max_kernels_from_environment()

        @default("allowed_hosts")
        def _allowed_hosts(self):
            return list(allowed_hosts())

        @default("secure_cookies")
        def _secure_cookies(self):
            return secure_cookies_from_environment()

        @default("config_file_paths")
        def _config_file_paths(self):
            # The shipped settings first (highest priority) wherever the server starts; then the user's Jupyter
            # configuration folders. Not the working folder: a stray voila.json/voila.py there must not apply.
            return [str(SETTINGS_DIR), *jupyter_config_path()]

        def initialize(self, argv=None):
            from .errors import StoreError

            super().initialize(argv)  # loads the shipped voila.json, the user's configuration, the command line
            apply_platform_settings(self.config)  # before init_settings makes the kernel manager
            redact_request_logs()
            try:
                self._desk().open_existing_book()
            except StoreError as error:  # a refused start, said in the operator's words (no traceback)
                self.log.critical("iopkit: the server was not started: %s", error)
                self.exit(1)

        def listen(self):
            # Voila calls app.listen(port, ip) with tornado's defaults (100 MB bodies, read before any handler runs).
            app_listen = self.app.listen

            def listen(port, address="", **kwargs):
                kwargs.setdefault("max_body_size", MAX_BODY_BYTES)
                kwargs.setdefault("max_buffer_size", MAX_BUFFER_BYTES)
                return app_listen(port, address, **kwargs)

            self.app.listen = listen
            super().listen()

        def _gate(self) -> Gate:
            # Made once, for the configured port (the shipped voila.json sets port_retries=0: the port never moves).
            if getattr(self, "_iopkit_gate", None) is None:
                gate, self._iopkit_token_generated = gate_from_environment(self.port)
                self._iopkit_gate = Gate(gate.token, self.port, tuple(self.allowed_hosts), self.secure_cookies)
            return self._iopkit_gate

        @property
        def display_url(self):
            """The address printed at start: a link to click, carrying a generated token; never a chosen one.

            A token generated at start exists nowhere else, so the link carries it (as Jupyter prints its own): it
            is printed once, to the terminal of whoever started the server, and lives as long as the server.
            A token set in ``IOPKIT_TOKEN`` was chosen by the operator, who has it already (a service file, a
            secret store, a password manager), and it outlives the server: printing it would copy a lasting secret
            into terminal scrollback, screen recordings and service logs (journald, a container's log) readable by
            more people than the secret itself. So, as Jupyter masks a configured token, the line gives the bare
            address and says how to make the link from it; the no-token page says the same (:data:`NEED_TOKEN`).
            """
            url = self._url(self.ip or "localhost")
            if self._iopkit_token_generated:
                return f"{url}?token={self._gate().token}"
            return (
                f"{url}\n(add ?token= and the token set in {ENV_TOKEN} to make the link: e.g. {url}?token=...; "
                f"a token chosen in {ENV_TOKEN} is not printed, so that it stays out of terminal and service logs)"
            )

        def init_settings(self):
            settings = super().init_settings()
            gate = self._gate()
            self._cap_kernels(settings["kernel_manager"])
            settings.update(
                # jupyter_server's own Host check agrees with ours on loopback; it cannot express
                # "this name on that port" (nor accept a configured IP), so with extra names ours alone decides.
                allow_remote_access=bool(gate.extra_hosts),
                kernel_websocket_connection_class=_quiet_connection_class(),
                xsrf_cookie_kwargs={"samesite": "Strict"},
                iopkit_max_kernels=self.max_kernels,
                default_handler_class=self._guarded(tornado.web.ErrorHandler),
                default_handler_args={"status_code": 404},
            )
            self.log.info(
                "iopkit: at most %d dashboards at once; accepted hosts: %s; cookies %s",
                self.max_kernels,
                ", ".join(sorted(gate.hosts)),
                "always Secure" if gate.secure_cookies else "Secure over HTTPS only",
            )
            return settings

        def _cap_kernels(self, km) -> None:
            start, cap, desk = km.start_kernel, self.max_kernels, self._desk()
            share = checkin_kernel_share(cap)
            starting = {"all": 0, "patients": 0}

            def refuse(text: str):
                error = tornado.web.HTTPError(503, reason="Too many open dashboards")
                error.iopkit_text = text  # type: ignore[attr-defined]
                return error

            async def start_kernel(*args, **kwargs):
                patient = _PATIENT_SESSION.get()
                if patient is not None:  # a check-in page: one kernel per session, patients within their share
                    key, checkin_id = patient
                    if key in desk.kernels:  # the page loaded again: its kernel is replaced, never a second one
                        await desk.close_session(key, km, ended=False)
                    running = set(km.list_kernel_ids())
                    if (
                        len(running) + starting["all"] >= cap
                        or desk.patient_kernels(running) + starting["patients"] >= share
                    ):
                        self.log.warning("iopkit: check-in kernels at their share (%d of %d); refused one", share, cap)
                        raise refuse(CHECKIN_BUSY)
                elif len(km.list_kernel_ids()) + starting["all"] >= cap:
                    self.log.warning("iopkit: kernel cap (%d) reached; refused a new dashboard", cap)
                    raise refuse(too_many_dashboards(cap, km.cull_idle_timeout, km.cull_interval, _shutdown_wait(km)))
                starting["all"] += 1
                starting["patients"] += patient is not None
                try:
                    kernel_id = await ensure_async(start(*args, **kwargs))
                finally:
                    starting["all"] -= 1
                    starting["patients"] -= patient is not None
                if patient is not None:  # that session's kernel only; one started meanwhile for it is shut
                    self._start_checkin_sweep(km)
                    if key in desk.kernels:
                        await desk.close_session(key, km, ended=False)
                    desk.kernels[key], desk.checkins[key] = kernel_id, checkin_id
                return kernel_id

            km.start_kernel = start_kernel

        def _start_checkin_sweep(self, km) -> None:
            # Started with the first check-in kernel, inside the running loop (as jupyter_server starts its culler).
            if getattr(self, "_iopkit_sweep", None) is None:
                self._iopkit_sweep = tornado.ioloop.PeriodicCallback(
                    lambda: self._desk().sweep(km), CHECKIN_SWEEP_S * 1000
                )
                self._iopkit_sweep.start()

        def _desk(self) -> CheckinDesk:
            if getattr(self, "_iopkit_desk", None) is None:
                self._iopkit_desk = CheckinDesk(self.port)
            return self._iopkit_desk

        def _guarded(self, handler, guard=_Guard, **extra):
            return type(
                f"Guarded{handler.__name__}",
                (guard, handler),
                {"iopkit_gate": self._gate(), "iopkit_desk": self._desk(), **extra},
            )

        def init_handlers(self):
            checkin = _checkin_handler_class()
            handlers = [(r"/checkin", checkin), *super().init_handlers(), (r"/iopkit/api/status", KernelCountHandler)]
            if not self.notebook_path and (Path(self.root_dir) / HOME_PAGE).is_file():
                # "/" (the printed link) opens the caseload, not Voila's list of notebook files (walk review F1); a 302,
                # never tornado's default 301, which browsers keep even after the server serves another folder
                home = url_path_join(self.server_url, f"voila/render/{HOME_PAGE}")
                handlers = [
                    (pattern, tornado.web.RedirectHandler, {"url": home, "permanent": False})
                    if pattern == self.server_url and handler is TornadoVoilaTreeHandler
                    else (pattern, handler, *rest)
                    for pattern, handler, *rest in handlers
                ]
            wrapped = []
            for pattern, handler, *rest in handlers:
                pages = issubclass(handler, (TornadoVoilaHandler, TornadoVoilaTreeHandler))
                socket = issubclass(handler, tornado.websocket.WebSocketHandler)
                guard = _PageGuard if pages else _SocketGuard if socket else _Guard
                wrapped.append((pattern, self._guarded(handler, guard, iopkit_open=handler is checkin), *rest))
            return wrapped

    return IopkitVoila


def main(argv: list[str] | None = None) -> None:
    """Run the guarded Voila (command line as ``voila``'s).

    Parameters
    ----------
    argv : list of str, optional
        The command line without the program name; default ``sys.argv[1:]``.

    Raises
    ------
    ServingConfigError
        ``IOPKIT_TOKEN`` is shorter than 16 characters, ``IOPKIT_MAX_KERNELS`` (read when the configuration
        sets no ``max_kernels``) is not a whole number of at least 1, or ``IOPKIT_SECURE_COOKIES`` is neither yes
        nor no.
    """
    _voila_app_class().launch_instance(argv)


if __name__ == "__main__":
    main()
