"""Where the NLI data sets are, for training, calibration, evaluation and the benchmark.

`--data DIR`, else the environment variable NARRATIVES_DATA, else `../shared/data/nli` beside
the checkout. Each folder is made from a public repository at a fixed commit (SOURCES; README
"Data sets" says which files and how). Nothing in the narratives package or in `make test`
needs them: the tests that do are marked `needs_data` and skipped without them.

    >>> parser = argparse.ArgumentParser()
    >>> add_data_argument(parser)
    >>> parser.parse_args([]).data   # $NARRATIVES_DATA, or ../shared/data/nli beside the checkout
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

ENVIRONMENT = "NARRATIVES_DATA"
BESIDE_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli"

# folder under the data root → (public GitHub repository, commit it was taken at)
SOURCES: dict[str, tuple[str, str]] = {
    "lingnli": ("Alicia-Parrish/ling_in_loop", "9def304e19161efa3a3959349021e6a7860b0afe"),
    "new_protocols_bowman2020": ("google-research-datasets/Textual-Entailment-New-Protocols",
                                 "24a5a1d69b24b6fc6f575f7145d3871f1611df2c"),
    "semi_automatic_nli_vania2020": ("nyu-mll/semi-automatic-nli", "853c480133141f1b737744dc7d6e2db2686578bb"),
    "felipessalvatore_nli_datasets": ("felipessalvatore/NLI_datasets", "9551b739a830fafb2ec4b98d49a9ecd4bf3dcbd0"),
    "snli_esnli": ("OanaMariaCamburu/e-SNLI", "7b585a3f077fdea899780eb0473940522ae44a2e"),
    "anli_dev": ("facebookresearch/anli", "b5ce27af54a53bd495af7260fdc485000eed15f8"),
    "cad_snli_counterfactual": ("acmi-lab/counterfactually-augmented-data", "6f232a1d2a11462a30ce08fb4825b734ab30828e"),
    "xnli_en": ("gentaiscool/xnli-dataset", "4c3e4d064da8e17fc20d16920f6b5de237c2cf24"),
    "conjnli_adversarial": ("swarnaHub/ConjNLI", "10e0515c0d1777651b5084d9cca4664ead8162a4"),
    "breaking_nli": ("yakazimir/semantic_fragments", "ee6b8ddfa650c5262101df4b8eb8f3455a8df76a"),
    "syntactic_augmentation_min2020": ("Aatlantise/syntactic-augmentation-nli",
                                       "e3f0a1d354b69deb9902770bcef39b850a90e746"),
    "climate_fever": ("tdiggelm/climate-fever-dataset", "03de61617b10a5c1935f8e08bb0e8ac1ee775356"),
    "semantic_fragments": ("yakazimir/semantic_fragments", "ee6b8ddfa650c5262101df4b8eb8f3455a8df76a"),
    "cannot_negation": ("dmlls/cannot-dataset", "3b94fb51fcf8e642ea28cdc065805d1d3da3247f"),
    "claimdiff": ("kaistAI/ClaimDiff", "19d033c17dec6457fc807f01dfa31f535172f28a"),
    "fnc1": ("FakeNewsChallenge/fnc-1", "29d473af2d15278f0464d5e41e4cbe7eb58231f2"),
}


def default_data_root(environ: Mapping[str, str] | None = None) -> Path:
    """$NARRATIVES_DATA when set, else ../shared/data/nli beside the checkout."""
    value = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip()
    return Path(value).expanduser() if value else BESIDE_CHECKOUT


def _data_folder(value: str) -> Path:
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(
            f"no NLI data at {folder}: pass --data DIR or set {ENVIRONMENT}; README \"Data sets\" says where each "
            "data set comes from")
    return folder


def add_data_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """`--data DIR`, defaulting to default_data_root(); a folder that is not there is a usage error saying so.

    With `required=False` (a command with modes that read no data), `--data` is checked only when given;
    the mode that reads data calls `data_folder(args.data)`.
    """
    help_text = f"root of the NLI data sets (default: ${ENVIRONMENT}, else {BESIDE_CHECKOUT})"
    if not required:
        parser.add_argument("--data", type=_data_folder, default=None, help=help_text)
        return
    # A str default goes through `type` too, so a missing default folder is reported like a wrong --data.
    parser.add_argument("--data", type=_data_folder, default=str(default_data_root()), help=help_text)


def data_folder(given: Path | None) -> Path:
    """`given`, or the default data root; a missing folder raises SystemExit with the usage message's words."""
    if given is not None:
        return given
    try:
        return _data_folder(str(default_data_root()))
    except argparse.ArgumentTypeError as error:
        raise SystemExit(f"error: {error}") from None
