"""YAML loading that remembers line numbers, so that every problem in a course file is reported as `path:line`.

PyYAML's composer gives every node a start mark; this loader turns mappings and sequences into dict and list
subclasses that keep the (1-based) line of the mapping itself, of each key and of each item. Duplicate keys, which
PyYAML silently lets the last one win, are recorded so the validator can report them.
"""

from __future__ import annotations

import yaml


class LineDict(dict):
    """A mapping with `line` (where it starts), `key_lines` and `duplicates` [(key, line)]."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}
        self.duplicates: list[tuple[object, int]] = []

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence with `line` and `item_lines`."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) with line-keeping mappings and sequences."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlProblem(Exception):
    """A file that is not valid YAML; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


def load(text: str):
    """Parse one YAML document with line numbers. Raises YamlProblem on a syntax error or a second document."""
    loader = None
    try:
        loader = _LineLoader(text)
        if not loader.check_node():
            return None
        node = loader.get_node()
        if loader.check_node():
            extra = loader.get_node()
            raise YamlProblem("only one YAML document is allowed per file", extra.start_mark.line + 1)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ": ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
        raise YamlProblem(f"YAML syntax error: {problem}", mark.line + 1 if mark else 0) from None
    except yaml.reader.ReaderError as exc:  # a control character: a position in the text, not a mark
        line = text.count("\n", 0, max(0, exc.position)) + 1
        raise YamlProblem(f"control character U+{exc.character:04X} is not allowed", line) from None
    finally:
        if loader is not None:
            loader.dispose()
