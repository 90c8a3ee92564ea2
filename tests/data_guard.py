"""Tests stay off the data sets beside the checkout unless they are marked `needs_data` (tests/conftest.py).

A module of its own, so that the hook is installed once and its switch is one object, though
pytest imports conftest.py both as `conftest` and, from the tests, as `tests.conftest`.
"""

from __future__ import annotations

import os
import sys

from models.data_root import BESIDE_CHECKOUT, default_data_root

DATA = default_data_root()  # $NARRATIVES_DATA, else ../shared/data/nli
_OUTSIDE = tuple(sorted({f"{os.path.realpath(folder)}{os.sep}" for folder in (DATA, BESIDE_CHECKOUT.parents[1])}))
reading_allowed = False  # True while a test marked needs_data runs


def _refuse_data_outside_the_checkout(event: str, args: tuple) -> None:
    if event == "open" and not reading_allowed and isinstance(args[0], (str, bytes, os.PathLike)):
        if f"{os.path.realpath(os.fsdecode(args[0]))}{os.sep}".startswith(_OUTSIDE):
            raise PermissionError(f"{os.fsdecode(args[0])}: a fresh clone has no data beside it; ship what the test "
                                  "needs under tests/data/ or mark the test needs_data")


sys.addaudithook(_refuse_data_outside_the_checkout)
