"""Where the NLI data sets are: the environment variable NARRATIVES_DATA, else `../shared/data/nli` beside the checkout.

Nothing in the narratives package or in `make test` needs them: the tests that do are marked
`needs_data` and skipped without them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENVIRONMENT = "NARRATIVES_DATA"
BESIDE_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli"


def default_data_root(environ: Mapping[str, str] | None = None) -> Path:
    """$NARRATIVES_DATA when set, else ../shared/data/nli beside the checkout."""
    value = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip()
    return Path(value).expanduser() if value else BESIDE_CHECKOUT
