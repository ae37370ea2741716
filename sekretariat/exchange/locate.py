"""Line numbers for the rows of an exchange file, for the messages that name them.

The TOML parser gives no positions, so the table headers are found in the text. The text is
read only when there is a problem to report (a good file never needs it), and only after
the parser accepted it: the reading follows TOML's own rules (headers only where a
statement starts, not inside strings, comments or arrays that run over several lines) and
visits each character a bounded number of times, so a hostile line costs no more than its
length. Lines are counted as TOML and its parser count them: at ``\\n`` only, never at the
other characters ``str.splitlines`` breaks at (U+2028, U+0085 ...), which a string may hold.
"""

from __future__ import annotations

import re

from sekretariat.exchange.spec import MAX_DEPTH

#: Where a row is in the parsed document: ``("meeting", 2, "item", 0)``.
KeyPath = tuple[str | int, ...]

_SPECIAL = re.compile(r"[\[\]{}\"'#]")
_BASIC_REST = re.compile(r'(?:[^"\\]|\\.)*"')  # after the opening quote, to the closing one
_ML_BASIC_BODY = re.compile(r'(?:[^"\\]|\\.|"(?!""))*')  # a multi-line basic string's line
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BLANK = re.compile(r"[ \t]*")


def _skip_blank(line: str, pos: int) -> int:
    found = _BLANK.match(line, pos)
    return found.end() if found else pos


def _close_multiline(line: str, pos: int, quote: str) -> int:
    """Where the text after a multi-line string ending on this line goes on; -1 if it does
    not end here. Up to two more quotes right after the closing three belong to the string."""
    if quote == '"""':
        end = _ML_BASIC_BODY.match(line, pos)
        at = end.end() if end else pos
        if not line.startswith('"""', at):
            return -1  # the line ends inside the string (or with a line-ending backslash)
    else:
        at = line.find("'''", pos)
        if at < 0:
            return -1
    at += 3
    for _ in range(2):
        if line.startswith(quote[0], at):
            at += 1
    return at


def _header(line: str, pos: int) -> tuple[bool, list[str]] | None:
    """(array of tables?, key parts) of the header starting at ``line[pos] == "["``."""
    double = line.startswith("[[", pos)
    at = pos + (2 if double else 1)
    parts: list[str] = []
    while True:
        at = _skip_blank(line, at)
        if line.startswith('"', at):
            end = _BASIC_REST.match(line, at + 1)
            if end is None:
                return None
            parts.append(line[at + 1 : end.end() - 1])
            at = end.end()
        elif line.startswith("'", at):
            close = line.find("'", at + 1)
            if close < 0:
                return None
            parts.append(line[at + 1 : close])
            at = close + 1
        else:
            bare = _BARE_KEY.match(line, at)
            if bare is None:
                return None
            parts.append(bare.group())
            at = bare.end()
        at = _skip_blank(line, at)
        if not line.startswith(".", at):
            break
        at += 1
    return double, parts[:MAX_DEPTH]  # no row of the format is deeper


class Locator:
    """Finds the line where a table or an array-of-tables entry starts.

    A path like ``("meeting", 2, "item", 0)`` names the first item of the third meeting;
    a path the text has no header for is answered with its nearest ancestor's line.
    """

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self.lines: dict[KeyPath, int] = {}

    def line(self, path: KeyPath) -> int | None:
        if self._text is not None:
            text, self._text = self._text, None
            self._read(text)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def _read(self, text: str) -> None:
        multiline: str | None = None  # the quotes of a multi-line string still open
        depth = 0  # arrays and inline tables open at the start of a line
        entries = _Entries(self.lines)
        for number, line in enumerate(text.split("\n"), start=1):
            pos = 0
            if multiline is not None:
                pos = _close_multiline(line, 0, multiline)
                if pos < 0:
                    continue
                multiline = None
            elif depth == 0:
                pos = _skip_blank(line, 0)
                if line.startswith("[", pos):
                    found = _header(line, pos)
                    if found is not None:
                        entries.add(found[0], found[1], number)
                    continue
                if "[" not in line and '"""' not in line and "'''" not in line:
                    continue  # a plain key = value: opens nothing that runs on
            elif not any(mark in line for mark in ("[", "]", '"""', "'''")):
                continue  # a plain element of an open array
            depth, multiline = _scan(line, pos, depth)


def _scan(line: str, pos: int, depth: int) -> tuple[int, str | None]:
    """Read the rest of a line: (arrays and inline tables open after it, an open string)."""
    while True:
        found = _SPECIAL.search(line, pos)
        if found is None:
            return depth, None
        char, at = found.group(), found.start()
        if char == "#":
            return depth, None
        if char in "[{":
            depth, pos = depth + 1, at + 1
        elif char in "]}":
            depth, pos = max(depth - 1, 0), at + 1
        elif line.startswith(char * 3, at):
            pos = _close_multiline(line, at + 3, char * 3)
            if pos < 0:
                return depth, char * 3
        elif char == '"':
            end = _BASIC_REST.match(line, at + 1)
            pos = end.end() if end else len(line)
        else:
            close = line.find("'", at + 1)
            pos = close + 1 if close >= 0 else len(line)


class _Entries:
    """The paths of the headers read so far.

    ``[[meeting.item]]`` is an item of the newest ``[[meeting]]``: ``current`` holds the
    newest entry of each array of tables by its dotted name, and a new entry forgets the
    entries of the arrays below it (``below``), each forgotten once.
    """

    def __init__(self, lines: dict[KeyPath, int]) -> None:
        self.lines = lines
        self.counters: dict[KeyPath, int] = {}
        self.current: dict[str, KeyPath] = {}
        self.below: dict[str, list[str]] = {}

    def add(self, double: bool, parts: list[str], number: int) -> None:
        parent: KeyPath = ()
        prefix = ""
        prefixes = []
        for part in parts[:-1]:
            prefix = f"{prefix}.{part}" if prefix else part
            prefixes.append(prefix)
            parent = self.current.get(prefix, (*parent, part))
        path: KeyPath = (*parent, parts[-1])
        if double:
            name = f"{prefix}.{parts[-1]}" if prefix else parts[-1]
            index = self.counters.get(path, 0)
            self.counters[path] = index + 1
            for other in self.below.pop(name, []):
                self.current.pop(other, None)
            for above in prefixes:
                self.below.setdefault(above, []).append(name)
            path = (*path, index)
            self.current[name] = path
        self.lines.setdefault(path, number)
