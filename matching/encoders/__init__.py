"""Encoders by name: `get_encoder("hybrid")`, `get_encoder("minilm", model="path")`, or a spec string.

A spec string carries settings for the command line: `"minilm:pooling=first"`,
`"hybrid:dense=0.5,multilingual=0.3,lexical=0.2"`. Models load lazily, on the first encode.
"""

from __future__ import annotations

from matching.encoders.base import Encoder
from matching.errors import InputError

# The alias `default` points at the encoder with the best measured quality across the labelled
# sets that also meets the speed targets and reads every language (see matching/README.md).
DEFAULT_ENCODER = "hybrid"


def _factories():
    from matching.encoders.hybrid import HybridEncoder
    from matching.encoders.lexical import HashingEncoder, TfidfEncoder
    from matching.encoders.multilingual import MultilingualEncoder
    from matching.encoders.transformer import SentenceTransformerEncoder

    return {
        "tfidf": TfidfEncoder,
        "hashing": HashingEncoder,
        "minilm": SentenceTransformerEncoder,
        "multilingual": MultilingualEncoder,
        "hybrid": HybridEncoder,
    }


def available_encoders() -> tuple[str, ...]:
    """The encoder names `get_encoder` accepts.

    Returns:
        ("tfidf", "hashing", "minilm", "multilingual", "hybrid", "default"); `default` is an alias of the hybrid.
    """
    return ("tfidf", "hashing", "minilm", "multilingual", "hybrid", "default")


def _coerce(value: str):
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return {"true": True, "false": False, "none": None}.get(value.lower(), value)


def parse_encoder_spec(spec: str) -> tuple[str, dict]:
    """`"name:key=value,key=value"` -> (name, options), values cast to int/float/bool when they look so."""
    name, _, rest = spec.strip().partition(":")
    options = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"bad encoder setting {item!r} in {spec!r} (expected key=value)")
        options[key.strip()] = _coerce(value.strip())
    return name.strip(), options


def get_encoder(name: str = "default", **options) -> Encoder:
    """A new encoder by name or spec string, with settings. Models load lazily, on the first encode.

    Parameters:
        name: an encoder name (`available_encoders()`), or a spec with settings after a colon:
            "minilm:pooling=first,max_tokens=254", "hybrid:glossary=false".
        **options: settings as keyword arguments (they override the spec's), e.g. `model="path/to/model"`.

    Returns:
        the encoder (tfidf, hashing, minilm, multilingual or hybrid).

    Raises:
        InputError: an unknown name or setting, or a bad value.
    """
    if ":" in name:
        name, parsed = parse_encoder_spec(name)
        options = {**parsed, **options}
    if name == "default":
        name = DEFAULT_ENCODER
    factories = _factories()
    if name not in factories:
        raise InputError(f"unknown encoder {name!r} (choose from {', '.join(available_encoders())})")
    try:
        return factories[name](**options)
    except (TypeError, ValueError) as exc:
        raise InputError(f"bad settings for encoder {name!r}: {exc}") from None


__all__ = ["DEFAULT_ENCODER", "Encoder", "available_encoders", "get_encoder", "parse_encoder_spec"]
