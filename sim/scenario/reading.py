"""Read YAML from users with bounded work: size, nesting and alias expansion are capped.

Every YAML document the program accepts from a user (scenario files, ``--set`` values,
strategy and team files, sweep grids) goes through :func:`parse_yaml` or :func:`parse_value`.
A hostile document can make a YAML reader do far more work than its size suggests: aliases
that refer to lists of aliases ("billion laughs") expand exponentially once the document is
copied or validated, and deep nesting exhausts Python's recursion limit. So before anything
walks the document:

* the text is at most :data:`MAX_BYTES` (the largest library scenario is about 13 kB);
* nesting is at most :data:`MAX_DEPTH` levels of mappings and lists;
* the document, with every alias expanded, has at most :data:`MAX_NODES` values;
* a document that contains itself (``&a [*a]``) is refused.

Parsing uses ruamel.yaml's round-trip loader, which builds only plain mappings, sequences and
scalars (never Python objects) and remembers the line of each key. Any failure of the parser
becomes a :class:`ScenarioError` naming the file and, when the parser knows it, the line.
"""

from __future__ import annotations

import datetime
import re
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import (
    MantissaNoDotYAML1_1Warning,
    MarkedYAMLError,
    ReusedAnchorWarning,
    YAMLError,
    YAMLFutureWarning,
    YAMLWarning,
)

MAX_BYTES = 128 * 1024
"""Largest document read, in bytes (ten times the largest library scenario)."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (a scenario needs about 8)."""
MAX_NODES = 50_000
"""Most values a document may hold with its aliases expanded (a library scenario has < 1,000)."""


class ScenarioError(ValueError):
    """A problem with the user's input, worded for the user (one line per problem)."""


def read_bytes(path: Path) -> bytes:
    """The bytes of a user's file: UTF-8 text of at most :data:`MAX_BYTES`."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path}: is a folder, expected a .yaml file") from None
    except OSError as e:
        raise ScenarioError(f"{path}: cannot read ({e.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(f"{path}: larger than {MAX_BYTES // 1024} KiB; expected a YAML file")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {e.start})") from None
    return raw


def parse_yaml(text: str, where: str, what: str = "a scenario") -> Any:
    """The mapping a document holds, with line numbers (ruamel containers)."""
    doc = _load(text, where)
    if not isinstance(doc, dict):
        raise ScenarioError(f"{where}: expected a mapping (the keys of {what})")
    return doc


def parse_value(text: str, where: str) -> Any:
    """One YAML value (a ``--set`` value), with the same bounds as a document; its errors name
    ``where`` without a line (the value is one line)."""
    return _load(text, where, lines=False)


def _load(text: str, where: str, lines: bool = True) -> Any:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ScenarioError(f"{where}: larger than {MAX_BYTES // 1024} KiB ({size:,} bytes)")
    if _bracket_depth(text) > 2 * MAX_DEPTH:
        # the parser recurses once per bracket, and takes seconds to fail on thousands of them
        raise ScenarioError(f"{where}: YAML nested too deeply (at most {MAX_DEPTH} levels)")
    yaml = YAML(typ="rt")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark is not None and lines else ""
        problem = e.problem or e.context or "invalid YAML"
        raise ScenarioError(f"{where}{line}: YAML syntax error: {problem}") from None
    except YAMLError as e:  # e.g. duplicate keys reported without a mark
        raise ScenarioError(f"{where}: YAML error: {_first_line(e)}") from None
    except RecursionError:
        raise ScenarioError(
            f"{where}: YAML nested too deeply (at most {MAX_DEPTH} levels)"
        ) from None
    except (ValueError, TypeError, AssertionError, OverflowError) as e:
        # the parser's own checks on odd input (a %YAML 1.3 directive, an integer of
        # thousands of digits, a malformed !!binary or timestamp): the text is not usable YAML
        raise ScenarioError(f"{where}: cannot read YAML: {_first_line(e)}") from None
    _refuse_parser_warnings(caught, where, lines)
    _check_shape(doc, where)
    return doc


def _refuse_parser_warnings(
    caught: list[warnings.WarningMessage], where: str, lines: bool = True
) -> None:
    """A document the parser warns about is refused, in one line with its line number: a
    reused anchor (``*a`` would mean the later ``&a``, most likely a copy-paste slip) or a
    YAML 1.1 float without a dot. Other warnings are shown as they were."""
    for w in caught:
        if not issubclass(w.category, YAMLWarning | YAMLFutureWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        text = str(w.message)
        if issubclass(w.category, ReusedAnchorWarning):
            name = re.search(r"duplicate anchor '(.*)'", text)
            found = re.findall(r"line (\d+), column", text) if lines else []
            at = f":{found[-1]}" if found else ""
            first = f" (first at line {found[0]})" if len(found) > 1 else ""
            anchor = f"&{name.group(1)}" if name else "an anchor"
            raise ScenarioError(
                f"{where}{at}: YAML anchor {anchor} is defined again{first}; give each anchor "
                "its own name"
            )
        if issubclass(w.category, MantissaNoDotYAML1_1Warning):
            message = w.message
            line = f":{message.node.start_mark.line + 1}" if lines else ""  # type: ignore[attr-defined]
            raise ScenarioError(
                f"{where}{line}: a YAML 1.1 float needs a dot: {message.flt!r} "  # type: ignore[attr-defined]
                "(write 1.0e6, or remove the %YAML 1.1 line)"
            )
        raise ScenarioError(f"{where}: YAML warning: {_first_line(w.message)}")


def _bracket_depth(text: str) -> int:
    """Deepest nesting of flow brackets, counted over the raw text (brackets inside quoted
    text count too, so the bound checked against is twice MAX_DEPTH)."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}" and depth:
            depth -= 1
    return deepest


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:200] if text else type(e).__name__


def _check_shape(doc: Any, where: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, more than MAX_NODES values once aliases are
    expanded, self-reference and scalars that are not plain data.

    Each container is visited once (an alias is a second reference to the same object), so
    this costs time linear in the text even for an alias bomb; ``sizes`` memoises the
    expanded size of each container."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, dict | list):
            _check_scalar(node, where)
            return 1
        if depth > MAX_DEPTH:
            raise ScenarioError(f"{where}: YAML nested too deeply (at most {MAX_DEPTH} levels)")
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ScenarioError(f"{where}: an alias refers to a value that contains it")
        open_.add(key)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise ScenarioError(
                    f"{where}: more than {MAX_NODES:,} values once aliases are expanded "
                    "(an alias bomb?)"
                )
        open_.discard(key)
        sizes[key] = total
        return total

    size(doc, 0)


_PLAIN = (str, int, float, type(None), datetime.date)


def _check_scalar(value: Any, where: str) -> None:
    """Only text, numbers, booleans, dates and null: no ``!!binary`` bytes, no sets."""
    if not isinstance(value, _PLAIN):
        raise ScenarioError(
            f"{where}: unsupported YAML value of type {type(value).__name__} "
            f"(expected text, a number, true/false or null)"
        )
