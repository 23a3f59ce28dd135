"""Duties a letter tells rather than names: a verb and its object that together do a duty the advert names
with a verb of its own ("I trained our new associates" coaches them). Data in the vocabulary's `stories`."""
from __future__ import annotations

from .vocabulary import Story
from .words import Key, Matcher, stem

REACH = 4  # content words from the verb to its object: "trained | every one of our new | associates"


class Stories:
    """The vocabulary's stories, by the stem of their verb: most of a letter's words start none."""

    def __init__(self, stories: list[Story], matcher: Matcher):
        self._by_verb: dict[str, list[tuple[frozenset[str], Key]]] = {}
        for story in stories:
            [duty] = matcher.keys(story.duty)  # the duty as an advert's requirement names it
            objects = frozenset(k.primary for o in story.objects for k in matcher.keys(o, content=True))
            for verb in story.verbs:
                self._by_verb.setdefault(stem(verb), []).append((objects, duty))

    def told(self, keys: list[Key], text: str) -> list[Key]:
        """The duties ``keys`` (a text's content keys, in order) tell, each spanning its verb; in one sentence."""
        out = []
        by_verb = self._by_verb
        for i, k in enumerate(keys):
            if k.primary not in by_verb:  # most words: a membership test, no call
                continue
            for objects, duty in by_verb[k.primary]:
                for later in keys[i + 1:i + 1 + REACH]:
                    if any(c in text[k.end:later.start] for c in ".!?;\n"):
                        break
                    if not later.keys.isdisjoint(objects):
                        out.append(Key(duty.primary, duty.keys, k.start, k.end))
                        break
        return out
