# The single-user server of a clinician or director under the hub: the dashboards through Voila's server
# extension, and nothing else. Loaded by jupyterhub-singleuser (deploy/hub/jupyterhub_config.py passes
# --config=this file); JupyterHub's extension keeps handling the login.
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from voila.exporter import VoilaExporter

from iopkit.serving import CONTENT_SECURITY_POLICY, DASHBOARD_MESSAGES, share_compiled_templates

c = get_config()  # noqa: F821

# No JupyterLab, no classic notebook UI, no terminals: only Voila (and the hub's own extension).
c.ServerApp.jpserver_extensions = {
    "jupyterlab": False,
    "notebook": False,
    "nbclassic": False,
    "notebook_shim": False,
    "jupyter_server_terminals": False,
    "jupyter_lsp": False,
    "voila": True,
}
c.ServerApp.terminals_enabled = False
# Nothing from the internet: Voila's template links Font Awesome and MathJax from public CDNs; the same policy
# as `make serve` (iopkit.serving) keeps every page on this server.
c.ServerApp.tornado_settings = {
    "headers": {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
}
# Voila's dashboards settings as in voila.json for `make serve`: no tracebacks shown to a clinician.
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.allow_template_override = "NO"
c.VoilaConfiguration.allow_theme_override = "NO"
c.VoilaExecutor.timeout = 60
# Every page's templates compiled once per server, not once per page (as `make serve` does).
share_compiled_templates(VoilaExporter)
# Kernels stay on TCP (loopback, each message signed with the kernel's key), not IPC as `make serve`: IPC socket
# paths under a user's home (~/.local/share/jupyter/runtime/kernel-<uuid>-ipc-N) exceed the 107 bytes a Unix
# socket name may have as soon as the home is a few folders deep, and the kernel then never starts.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60


class DashboardKernelsOnly(AsyncMappingKernelManager):
    """Kernels for the dashboards only (security review F11): Voila's render starts them (it passes the page's
    ``VOILA_REQUEST_URL``), ``POST /api/kernels`` and ``/api/sessions`` cannot; and a page's websocket carries widget
    messages only (``allowed_message_types``, as `make serve` has from Voila's own server), never code to run."""

    async def start_kernel(self, *args, **kwargs):
        if "VOILA_REQUEST_URL" not in (kwargs.get("env") or {}):
            raise HTTPError(403, "kernels are started by the dashboards only")
        return await super().start_kernel(*args, **kwargs)


c.ServerApp.kernel_manager_class = DashboardKernelsOnly
c.MappingKernelManager.allowed_message_types = sorted(DASHBOARD_MESSAGES)


class DashboardsOnly(LargeFileManager):
    """The dashboards folder, read-only: notebooks can be rendered, nothing can be saved, renamed or deleted."""

    def save(self, model, path=""):
        raise HTTPError(403, "the dashboards are read-only")

    def delete_file(self, path):
        raise HTTPError(403, "the dashboards are read-only")

    def rename_file(self, old_path, new_path):
        raise HTTPError(403, "the dashboards are read-only")

    def new(self, model=None, path=""):
        raise HTTPError(403, "the dashboards are read-only")

    def new_untitled(self, path="", type="", ext=""):
        raise HTTPError(403, "the dashboards are read-only")


c.ServerApp.contents_manager_class = DashboardsOnly
