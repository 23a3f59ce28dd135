"""A letter's file named at the terminal: read into an upload, or in chat a line that is only the path of a
document, named instead of pasted."""
from __future__ import annotations

import re
import sys
from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.documents import Upload

_DOCUMENT_PATH = re.compile(r"^[^\n]*\.(pdf|docx?|odt|md|txt|rtf)$", re.I)


def _existing(line: str) -> Path | None:
    """The line as it stands, when it names a file: "My Letter.docx" typed without quotes is one path, not
    two words (a trial's letter was reviewed as the 7 words of its path)."""
    try:
        candidate = Path(line.strip()).expanduser()
        return candidate if candidate.is_file() else None
    except (OSError, ValueError):
        return None


def _one_word(line: str) -> str | None:
    """The line as one shell word (quoted, or with its spaces escaped, as a terminal drops a file), if it is one."""
    import shlex  # for chat's pastes alone: a one-shot command doesn't load it
    try:
        words = shlex.split(line)
    except ValueError:
        return None
    return words[0] if len(words) == 1 else None


def path_given(pasted: str) -> Path | None:
    """A paste that is only the path of an existing file (typed, or dropped into the terminal,
    which may quote it or escape its spaces)."""
    lines = [line for line in pasted.splitlines() if line.strip()]
    if len(lines) != 1 or len(lines[0]) > 1024:
        return None
    found = _existing(lines[0])
    word = _one_word(lines[0]) if found is None else None
    if found is not None or word is None:
        return found
    candidate = Path(word).expanduser()
    try:
        if candidate.is_file():
            return candidate
    except OSError:
        return None
    # A document's path that isn't there (a typo, or a bare "letter.docx" in another folder): reading it
    # says the file can't be opened, rather than reviewing its two words as a letter.
    return candidate if _DOCUMENT_PATH.match(word) else None


def dropped_document(line: str) -> Path | None:
    """A line that is only the path of a document (or of anything, in folders), typed or dropped into chat with
    no /review before it: read at once, so one that isn't there is said to be missing. An absolute path starts
    with "/" like a command, but no command has another "/" or a file's extension (trial 14 F19: a mistyped
    "/wrk/letters/nothing.pdf" was "no command called", and stored as one)."""
    if document_path_line(line.strip()):
        return path_given(line) or Path(line.strip()).expanduser()
    word = _one_word(line.strip())
    return Path(word).expanduser() if word and word[:1] in "/~" and "/" in word[1:].rstrip("/") else None


def document_path_line(line: str) -> bool:
    """A line that is a document's path and nothing else: needs no "." line after it."""
    if len(line) <= 1024 and _DOCUMENT_PATH.match(line) and _existing(line):
        return True
    word = _one_word(line)
    return word is not None and bool(_DOCUMENT_PATH.match(word))


# A letter's first line: a salutation ("Dear Ms Okafor,", "Dear Hiring Manager", "To whom it may concern").
_SALUTATION = re.compile(r"^\s*(dear\s+\S|to whom it may concern)", re.I)


def letter_started(chunk: str) -> bool:
    """Chat input that is a letter (or its first line) pasted with no /review before it: a salutation, or a
    paste of several lines and 40 words or more (a terminal's paste can bring the whole letter at once)."""
    if chunk.lstrip().startswith("/"):
        return False
    return bool(_SALUTATION.match(chunk)) or ("\n" in chunk.strip() and len(chunk.split()) >= 40)


# A question typed without a slash (trial 11 F42: "how long should my cover letter be?" was told "There's no
# command called 'how'"): a line of several words that isn't a command and asks something.
_QUESTION_WORDS = frozenset("how what whats what's should can could do does did is are am will would who whom "
                            "which when where why may".split())


def plain_question(line: str, commands: Container[str]) -> bool:
    """Chat input that is a question to answer from the FAQ, typed as it is: not a command's word (``commands``),
    three words or more, ending in "?" or opening with a question word."""
    words = line.strip().lower().split()
    return (len(words) >= 3 and not line.lstrip().startswith("/") and words[0] not in commands
            and (line.rstrip().endswith("?") or words[0] in _QUESTION_WORDS))


def read_upload(path: str) -> Upload:
    """A letter's file (or ``-``: standard input) as an upload, read into memory only; a file that
    is too big is refused before it is read, and one that can't be opened says why."""
    from bot.documents import MAX_BYTES, Upload, too_big  # the document reader: only for a command with a file
    try:
        if path == "-":
            return Upload(sys.stdin.buffer.read(MAX_BYTES + 1))
        file = Path(path).expanduser()
        problem = too_big(file.stat().st_size)
        if problem:
            return Upload(problem=problem)
        return Upload(file.read_bytes())
    except IsADirectoryError:
        return Upload(problem=f"{path} is a folder. Give the path of the letter's file itself.")
    except PermissionError:  # the path is right: "check the path" would send them looking for a typo
        return Upload(problem=f"I'm not allowed to read {path}. Check that your account can open it (or copy "
                              "the letter somewhere it can), then try again.")
    except FileNotFoundError:
        return Upload(problem=f"I can't find that file: {path}. Check the path (its folders and spelling) and "
                              "try again.")
    except OSError as exc:
        return Upload(problem=f"I can't open {path}: {(exc.strerror or str(exc)).lower()}. Check the path "
                              "and try again.")
