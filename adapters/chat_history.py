"""The chat's line history on disk: the commands typed at the prompt, to recall with the arrow keys, never a letter.

prompt_toolkit keeps every line entered at a prompt. A letter pasted at the prompt with no /review (reviewed as if
after one), typed on /review's own line, or a paragraph of one typed there was kept whole, in plain text in the
member's home folder, recalled by the up arrow and left there by /forget (trial 15 F28)."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from prompt_toolkit.history import FileHistory

from .paths import letter_started

REVIEW_WORDS = 6  # "/review machine-learning-engineer us advert": a /review line longer than this carries a letter
GREETINGS = frozenset(("dear", "hi", "hello", "hey", "to", "greetings"))  # a salutation's first word
# A line typed without a slash and longer than this isn't kept, question or not: stricter than the chat's own
# PARAGRAPH_WORDS (30), which decides what is reviewed as a letter, since here a miss would store a letter's words.
LONG_LINE_WORDS = 20


def private(line: str) -> bool:
    """A line that holds a letter, or part of one."""
    text = line.strip()
    words = text.split()
    if "\n" in text or letter_started(text):
        return True
    if words and words[0].lstrip("/").lower() == "review":
        # "/review swe Dear Ms Patel," is a letter begun on the command's line, however short
        return len(words) > REVIEW_WORDS or any(word.lower().strip(",") in GREETINGS for word in words[1:])
    return not text.startswith("/") and len(words) > LONG_LINE_WORDS


class CommandHistory(FileHistory):
    """A FileHistory that keeps no letter: not on disk, not in the lines the arrow keys recall."""

    def load_history_strings(self) -> Iterable[str]:
        """Newest first, as FileHistory's; a file written before this kept letters, and they go from disk too."""
        strings = list(super().load_history_strings())
        kept = [s for s in strings if not private(s)]
        if len(kept) < len(strings):
            self.erase()
            for string in reversed(kept):
                self.store_string(string)
        return kept

    def append_string(self, string: str) -> None:
        if not private(string):
            super().append_string(string)

    def erase(self) -> None:
        """Everything the history holds, for /forget: erasure covers this machine's copy too."""
        self._loaded_strings = []
        Path(os.fsdecode(self.filename)).unlink(missing_ok=True)
