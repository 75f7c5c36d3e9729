"""A user's server under the clinic's hub: ``jupyterhub-singleuser``, without one import that costs seconds.

Started by the hub's spawner (``deploy/hub/jupyterhub_config.py``, ``c.Spawner.cmd``) with the hub's own Python.
Identical to the ``jupyterhub-singleuser`` command except for one thing: ``jsonschema``, imported by Jupyter
Server's event log (``jupyter_events``), checks the ``iri`` string format with ``rfc3987_syntax`` when that package
is installed, and importing it builds a full RFC 3987 grammar (Lark, Earley): 2.6 s of the 4.0 s it takes to import
``jupyterhub.singleuser`` on the 2-core development machine (``python -X importtime``). No event schema of Jupyter
Server, JupyterLab or Voila uses that format; without the package ``jsonschema`` simply does not check it, as
with a plain ``pip install jupyter_server``. Everything else (the hub's login check, the extensions, the
configuration) is the stock command's.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` raises ImportError: the format goes unchecked

from jupyterhub.singleuser import main  # noqa: E402 (after the line above, on purpose)

if __name__ == "__main__":
    sys.exit(main())
