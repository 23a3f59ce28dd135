"""Load YAML while remembering the line of every key, so errors can name it.

PyYAML's ``safe_load`` forgets where things came from and silently keeps the
last of two duplicate keys; guide authors need both told to them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # PyYAML loads when a file is parsed: guides read from the cache never need it
    from yaml.constructor import SafeConstructor
    from yaml.nodes import Node

Path = tuple[str | int, ...]  # ("review", "rules", 3, "severity")


@dataclass
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(file)'}: {self.message}"


@dataclass
class Sourced:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest part of ``path`` that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# What usually causes YAML's commonest complaints, in a guide author's words.
_HINTS = {
    "expected <block end>": ": usually a value that starts with a quote and goes on after the closing quote, or a "
                            "line indented differently from the ones around it; put the whole value in quotes",
    "mapping values are not allowed here": ": usually a colon followed by a space inside a value; put the whole "
                                           "value in quotes",
    "found character '\\t' that cannot start any token": ": a tab; indent with spaces",
}


def load(text: str, file: str) -> Sourced:
    import yaml
    from yaml.constructor import SafeConstructor
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        hint = _HINTS.get(problem.split(",")[0], "") if isinstance(problem, str) else ""
        return Sourced(None, problems=[Problem(file, line, "", f"this is not valid YAML ({problem}){hint}")])
    out = Sourced(None)
    if root is None:
        out.problems.append(Problem(file, 1, "", "the file is empty"))
        return out
    out.data = _build(root, (), out, file, SafeConstructor())
    return out


def _build(node: Node, path: Path, out: Sourced, file: str, ctor: SafeConstructor) -> object:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result: dict[str | int, object] = {}
        for key_node, value_node in node.value:
            key = ctor.construct_object(key_node) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, (str, int)):
                out.problems.append(Problem(file, key_node.start_mark.line + 1, dotted(path),
                                            "keys must be plain words"))
                continue
            if key in result:
                out.problems.append(Problem(file, key_node.start_mark.line + 1,
                                            dotted(path + (key,)), "this key appears twice"))
            result[key] = _build(value_node, path + (key,), out, file, ctor)
            out.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, SequenceNode):
        return [_build(item, path + (i,), out, file, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node)
