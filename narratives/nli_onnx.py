"""NLI on ONNX Runtime: an int8 export of the same weights TransformersNLI runs, faster on a CPU.

The first load exports the model's safetensors weights with `torch.onnx.export`, fuses BERT
attention and layer norms (onnxruntime.transformers), and quantises the matrix multiplications
to int8 with dynamic activation scales (`quantize_dynamic`). The file is cached next to a local
model (`<model>/onnx/model.int8.onnx`) when that directory is writable, else under
`~/.cache/narratives/onnx/<sha256 of the weights>/model.int8.onnx`. The file's metadata records
the weights' hash and the export recipe, so a retrained model is exported again, never served
stale.

>>> nli = OnnxNLI("models/nli-minilm-l6").load()
>>> nli.predict_batch([("A dog runs in the park.", "An animal is outside.")]).round(2)  # LABELS order
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from narratives.errors import ModelError
from narratives.nli_base import DEFAULT_NLI_MODEL, LABELS, label_columns, length_order, read_temperature

log = logging.getLogger(__name__)

ONNX_NAME = "model.int8.onnx"
OPSET = 17
# Bump when the export steps change, so files made by an older recipe are exported again.
RECIPE = "narratives-onnx-int8/2"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_FUSABLE = {"bert"}  # model types whose fused graph was checked against torch; others export unfused
_INSTALL_HINT = "the onnx-int8 NLI backend needs onnx and onnxruntime (dependencies of narratives): pip install onnx onnxruntime"


def _require_onnx() -> None:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise ModelError(f"{_INSTALL_HINT} ({exc})") from exc


def weights_sha256(model_dir: str | Path) -> str:
    """sha256 of the model's safetensors file (of each shard's name and hash, for a sharded model)."""
    files = sorted(Path(model_dir).glob("*.safetensors"))
    if not files:
        raise ModelError(f"{model_dir}: no *.safetensors weights; the onnx-int8 backend loads safetensors only "
                         "(convert the checkpoint with `save_pretrained(..., safe_serialization=True)`)")
    digests = []
    for file in files:
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        digests.append((file.name, digest.hexdigest()))
    if len(digests) == 1:
        return digests[0][1]
    return hashlib.sha256("\n".join(f"{name} {hexdigest}" for name, hexdigest in digests).encode()).hexdigest()


def _logits_module(model, names: Sequence[str]):
    """Positional inputs → logits: torch.onnx.export traces positional arguments."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, *inputs):
            return self.model(**dict(zip(names, inputs))).logits

    return Logits().eval()  # a new Module is in training mode, and export restores that mode (dropout on)


@contextmanager
def _quiet_export():
    """Keep the exporter's tracer warnings and the quantiser's root-logger hint out of the user's terminal."""
    root = logging.getLogger()
    sink = logging.NullHandler()  # with no handler, logging.warning() would configure the root logger for good
    added = not root.handlers
    if added:
        root.addHandler(sink)
    quiet = logging.Filter()
    quiet.filter = lambda record: "pre-processing before quantization" not in record.getMessage()  # type: ignore
    root.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.removeFilter(quiet)
        if added:
            root.removeHandler(sink)


def _max_difference(onnx_path: Path, feeds: dict[str, np.ndarray], expected: np.ndarray) -> float:
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = {i.name for i in session.get_inputs()}
    logits = session.run(["logits"], {k: v for k, v in feeds.items() if k in names})[0]
    return float(np.abs(logits - expected).max())


def export_int8(model_dir: str | Path, out_path: str | Path, *, per_channel: bool = True,
                weights_hash: str | None = None) -> Path:
    """Export a local safetensors sequence-classification model to an int8 ONNX file.

    The float graph is checked against torch before quantisation; the file is written atomically.

    >>> export_int8("models/nli-minilm-l6", "/tmp/nli-minilm-l6.int8.onnx")
    PosixPath('/tmp/nli-minilm-l6.int8.onnx')
    """
    _require_onnx()
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model_dir, out_path = Path(model_dir), Path(out_path)
    weights_hash = weights_hash or weights_sha256(model_dir)
    options = dict(trust_remote_code=False, local_files_only=True)
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, **options)
        # Eager attention traces to plain ops that ONNX Runtime's BERT fusion recognises.
        model = AutoModelForSequenceClassification.from_pretrained(
            model_dir, use_safetensors=True, dtype=torch.float32, attn_implementation="eager", **options).eval()
    except Exception as exc:
        raise ModelError(f"cannot load NLI model {str(model_dir)!r} for ONNX export (safetensors weights only): "
                         f"{exc}") from exc
    config = model.config
    names = [name for name in _INPUTS if name in tokenizer.model_input_names]
    # Two pairs of different lengths, so the traced graph sees padding and a real attention mask.
    sample = tokenizer(["A man is playing a guitar on stage.", "Stocks fell."],
                       ["Someone is making music.", "The market rose sharply after the announcement."],
                       padding=True, return_tensors="pt")
    with torch.inference_mode():
        expected = model(**{k: sample[k] for k in names}).logits.numpy()
    feeds = {k: sample[k].numpy().astype(np.int64) for k in names}

    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_path.parent, prefix=".export-") as scratch, _quiet_export():
        float_path = Path(scratch) / "model.fp32.onnx"
        axes = {name: {0: "batch", 1: "sequence"} for name in names} | {"logits": {0: "batch"}}
        torch.onnx.export(_logits_module(model, names), tuple(sample[k] for k in names), str(float_path), dynamo=False,
                          opset_version=OPSET, input_names=names, output_names=["logits"], dynamic_axes=axes,
                          do_constant_folding=True)
        difference = _max_difference(float_path, feeds, expected)
        if difference > 1e-3:
            raise ModelError(f"the ONNX export of {model_dir} disagrees with torch (max logit difference "
                             f"{difference:.4f}); use the torch backend for this model")
        fused = config.model_type in _FUSABLE
        if fused:
            from onnxruntime.transformers.optimizer import optimize_model

            optimized = optimize_model(str(float_path), model_type="bert", num_heads=config.num_attention_heads,
                                       hidden_size=config.hidden_size, opt_level=0, use_gpu=False)
            fused_path = Path(scratch) / "model.fused.onnx"
            optimized.save_model_to_file(str(fused_path))
            difference = _max_difference(fused_path, feeds, expected)
            if difference > 1e-3:
                raise ModelError(f"fusing the ONNX graph of {model_dir} changed its output (max logit difference "
                                 f"{difference:.4f}); use the torch backend for this model")
            float_path = fused_path
        int8_path = Path(scratch) / ONNX_NAME
        quantize_dynamic(str(float_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=per_channel,
                         # 7-bit weights: u8 x s8 pair sums then fit in int16, so CPUs without VNNI (whose
                         # VPMADDUBSW saturates there) compute the same integers as those with it
                         reduce_range=True,
                         # fused ops (Attention, SkipLayerNormalization) have no type in onnx shape inference
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        quantized = onnx.load(str(int8_path))
        metadata = {"narratives.weights_sha256": weights_hash, "narratives.recipe": _recipe(per_channel),
                    "narratives.fused": str(fused).lower(), "narratives.source": str(model_dir),
                    "narratives.id2label": json.dumps({str(k): v for k, v in config.id2label.items()}),
                    "narratives.torch": torch.__version__}
        onnx.helper.set_model_props(quantized, metadata)
        onnx.save(quantized, str(int8_path))
        os.replace(int8_path, out_path)  # readers never see half a file
    log.info("exported %s to %s (int8, fused=%s, per_channel=%s)", model_dir, out_path, fused, per_channel)
    return out_path


def _recipe(per_channel: bool) -> str:
    return f"{RECIPE} opset{OPSET} qint8 per_channel={str(per_channel).lower()}"


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "narratives" / "onnx"


def _writable(directory: Path) -> bool:
    """Whether files can be created in `directory` (tried, not guessed: root ignores permission bits)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            return True
    except OSError:
        return False


def _default_threads() -> int:
    import torch  # respects torch.set_num_threads / OMP_NUM_THREADS, like the torch backend

    return torch.get_num_threads() or os.cpu_count() or 1


class OnnxNLI:
    """TransformersNLI's interface on ONNX Runtime with int8 weights; each pair scored on its own, unpadded."""

    def __init__(self, model: str = DEFAULT_NLI_MODEL, *, batch_size: int = 32, max_length: int = 256,
                 device: str | None = None, revision: str | None = None, cache_dir: str | Path | None = None,
                 threads: int | None = None, per_channel: bool = True):
        self.model_name = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device
        self.revision = revision
        self.cache_dir = cache_dir
        self.threads = threads
        self.per_channel = per_channel
        self.onnx_path: Path | None = None  # the file in use, once loaded
        self.exported = False  # whether loading had to export (no valid cached file)
        self.workers = 0  # pairs scored at once, each on one thread; set when loaded
        self._session = None
        self._pool: ThreadPoolExecutor | None = None
        self._tokenizer = None
        self._inputs: list[str] = []
        self._columns: list[int] = []
        self._outputs = 0
        self._temperature = 1.0

    @property
    def model_id(self) -> str:
        # Differs from the torch backend's id, so scores cached per model id never mix the two.
        if self.model_name == DEFAULT_NLI_MODEL:
            return "narratives/nli-minilm-l6 (bundled, onnx-int8)"
        return self.model_name + (f"@{self.revision}" if self.revision else "") + " (onnx-int8)"

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS

    def load(self) -> OnnxNLI:
        """Load now (exporting on first use): a bad model should fail before any work is done."""
        self._load()
        return self

    def _model_dir(self) -> tuple[Path, bool]:
        """The model's files on disk, and whether the user gave a local path (so it may be written next to)."""
        path = Path(self.model_name)
        if path.exists():
            return path, True
        if self.model_name == DEFAULT_NLI_MODEL:
            raise ModelError(f"the bundled NLI model is missing at {self.model_name}; "
                             "train it with `python -m models.train_nli` or pass --nli-model")
        from huggingface_hub import snapshot_download

        try:
            snapshot = snapshot_download(self.model_name, revision=self.revision,
                                         allow_patterns=["*.json", "*.safetensors", "*.txt", "*.model"])
        except Exception as exc:
            raise ModelError(f"cannot fetch NLI model {self.model_name!r}: {exc}") from exc
        return Path(snapshot), False

    def _load(self) -> None:
        if self._session is not None:
            return
        if self.device not in (None, "cpu"):
            raise ModelError(f"the onnx-int8 NLI backend runs on the CPU only, not {self.device!r}; "
                             "use the torch backend for a GPU")
        _require_onnx()
        from transformers import AutoConfig, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        model_dir, local = self._model_dir()
        options = dict(trust_remote_code=False, local_files_only=True)
        try:
            config = AutoConfig.from_pretrained(model_dir, **options)
            self._tokenizer = AutoTokenizer.from_pretrained(model_dir, **options)
        except Exception as exc:
            raise ModelError(f"cannot load NLI model {self.model_name!r}: {exc}") from exc
        self._columns = label_columns(config.id2label)
        self._outputs = len(config.id2label)  # logits per pair
        # Applied to the logits at run time, like the torch backend: recalibrating needs no new export.
        self._temperature = read_temperature(str(model_dir)) if local else 1.0
        digest = weights_sha256(model_dir)
        places = ([model_dir / "onnx" / ONNX_NAME] if local else []) + [
            Path(self.cache_dir or _user_cache()) / digest / ONNX_NAME]
        for place in places:
            if place.is_file():
                session = self._open(place)
                if self._current(session, digest):
                    self._session, self.onnx_path = session, place
                    break
                log.info("%s was exported from other weights or by an older recipe; exporting again", place)
        else:
            target = next((p for p in places if _writable(p.parent)), None)
            if target is None:
                raise ModelError(f"nowhere to write the ONNX export of {self.model_name}: "
                                 f"{', '.join(str(p.parent) for p in places)} are not writable; pass cache_dir")
            log.info("exporting %s to ONNX int8 at %s (once per model)", self.model_name, target)
            export_int8(model_dir, target, per_channel=self.per_channel, weights_hash=digest)
            self._session, self.onnx_path, self.exported = self._open(target), target, True
        self._inputs = [i.name for i in self._session.get_inputs()]
        if self.workers > 1:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="narratives-onnx")

    def _current(self, session, digest: str) -> bool:
        metadata = session.get_modelmeta().custom_metadata_map
        return (metadata.get("narratives.weights_sha256") == digest
                and metadata.get("narratives.recipe") == _recipe(self.per_channel))

    def _open(self, path: Path):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread per pair and `workers` pairs at a time: a single unpadded pair is too small a
        # job to split across cores (on 2 cores, 10-25% more pairs/s than one 2-thread session).
        options.intra_op_num_threads = 1
        self.workers = self.threads or _default_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        try:
            return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise ModelError(f"cannot open the ONNX model {path}: {exc}; delete it to export it again") from exc

    def predict_batch(self, pairs: Sequence[tuple[str, str]], progress: Callable[[int], None] | None = None) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        order = length_order(pairs)
        logits = np.zeros((len(pairs), self._outputs), dtype=np.float64)
        # One pair per model call. Dynamic quantisation scales each call's activations by that call's
        # own range, so in a padded batch a pair's probabilities moved by up to 0.18 with its batch
        # companions (2.6% argmax flips on MultiNLI dev); alone, a pair always gets the same scores,
        # and there is no padding to compute.
        run = self._session.run
        for start in range(0, len(order), self.batch_size):  # tokenised in batches, run one by one
            batch = order[start : start + self.batch_size]
            encoded = self._tokenizer([pairs[i][0] for i in batch], [pairs[i][1] for i in batch],
                                      truncation="longest_first", max_length=self.max_length)
            feeds = [{name: np.asarray([encoded[name][row]], dtype=np.int64) for name in self._inputs}
                     for row in range(len(batch))]
            rows = (self._pool.map(lambda feed: run(["logits"], feed)[0][0], feeds) if self._pool
                    else (run(["logits"], feed)[0][0] for feed in feeds))
            for index, row in zip(batch, rows):
                logits[index] = row
            if progress:
                progress(len(batch))
        logits = logits / self._temperature
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        columns = np.array(self._columns)
        return np.where(columns >= 0, probabilities[:, np.maximum(columns, 0)], 0.0).astype(np.float32)
