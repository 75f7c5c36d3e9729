"""``python -m iopkit``: the ``iopkit`` command (see :mod:`iopkit.cli`)."""

import sys

from .cli import main

sys.exit(main())
