"""What every command shares: the encoder and cache options, opening the cache, embedding a run's texts."""

from __future__ import annotations

import argparse
import inspect
import json
from collections.abc import Callable, Sequence

import numpy as np

from matching.cache import SQLiteEmbeddingCache, embed
from matching.encoders import available_encoders, get_encoder
from matching.encoders.base import Encoder
from matching.errors import InputError


def doc(function: Callable) -> str:
    """A command function's docstring, for its `--help` description (empty when docstrings are stripped)."""
    return inspect.getdoc(function) or ""


def add_encoder_options(parser: argparse.ArgumentParser, multiple: bool = False) -> None:
    names = ", ".join(available_encoders())
    help_text = (
        f"encoder name ({names}) or spec with settings, e.g. minilm:pooling=first or "
        "minilm:model=/path/to/sentence-transformers-model"
    )
    if multiple:
        parser.add_argument(
            "--encoder", nargs="+", default=["default"], metavar="NAME", help=help_text + "; several allowed"
        )
    else:
        parser.add_argument("--encoder", default="default", metavar="NAME", help=help_text)
    parser.add_argument(
        "--cache",
        metavar="PATH",
        help="SQLite embedding cache file (created if missing): reruns embed nothing",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on stderr (default: when stderr is a terminal)",
    )


def open_cache(path: str | None) -> SQLiteEmbeddingCache | None:
    if not path:
        return None
    import sqlite3

    try:
        return SQLiteEmbeddingCache(path)
    except (sqlite3.Error, OSError) as exc:  # a directory, a non-database file, no permission
        raise InputError(f"cannot open cache {path}: {exc}") from None


def make_encoder(spec: str, cache: SQLiteEmbeddingCache | None) -> Encoder:
    encoder = get_encoder(spec)
    if hasattr(encoder, "cache"):
        encoder.cache = cache  # the hybrid reuses the vectors of its parts
    return encoder


def corpus_vectors(
    encoder: Encoder,
    texts: Sequence[str],
    titles: Sequence[str] | None,
    cache: SQLiteEmbeddingCache | None,
    progress: bool | None,
) -> np.ndarray:
    """Vectors for a run's texts; a corpus-fitted encoder (TF-IDF) is fitted on them (and the titles) first."""
    fit = getattr(encoder, "fit", None)
    if not encoder.cacheable and fit is not None:
        fit(list(texts) + list(titles or []))
    return embed(texts, encoder, cache, titles=titles, progress=progress)


class Embedder:
    """The chosen encoder behind the embedding cache, as the optimisers' commands use it."""

    def __init__(self, args: argparse.Namespace):
        self.cache = open_cache(getattr(args, "cache", None))
        self.encoder = make_encoder(args.encoder, self.cache)
        self.progress = getattr(args, "progress", None)

    def corpus(self, texts: list[str]) -> np.ndarray:
        """Vectors for the run's texts (fits a corpus-fitted encoder such as TF-IDF on them first)."""
        return corpus_vectors(self.encoder, list(texts), None, self.cache, self.progress)

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Vectors for more texts (explanations' sentences), without refitting."""
        return embed(list(texts), self.encoder, self.cache)


def write_json(path: str, data: dict) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
