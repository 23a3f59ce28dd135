"""Regional editions: a guide that adapts another for another region (general-us is general with US
conventions). A community's region (`/mod region`) picks the edition its role guides inherit from."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .pointers import is_edition

# A region's word (`/mod region us`, `/review swe us`), and the general guide that holds its conventions.
REGION_GUIDES = {"uk": "general", "us": "general-us"}

# A US address or phone number, as a letter's header gives them: "Austin, TX", "(512) 555-0147", "512-555-0147".
# Three searches, each opening on a character re scans for (a capital, "(", "-") instead of trying every position
# of the letter with all three (1.47 M instructions a 400-word letter, on the bot's event loop, against 0.19 M).
# Whether any matches is what the single pattern said: "New York, NY" is found by its last word ("York, NY"), and
# a phone number's "\b" before its first digit is asked, after its first "-", as no word character before them.
_US_STATES = (r"(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]"
              r"|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b")
_US_CONTACT = (re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+, " + _US_STATES), re.compile(r"\(\d{3}\) ?\d{3}-\d{4}\b"),
               re.compile(r"-(?<=\d{3}-)(?<!\w\d{3}-)\d{3}-\d{4}\b"))

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .guides import Guide


def regional_parent(guides: Mapping[str, Guide], guide: Guide, region: str | None) -> Guide | None:
    """The guide ``guide`` inherits its rules from: ``region`` (a community's general guide, set by
    `/mod region`) in place of the parent it is an edition of, so that a role guide, which inherits the
    UK general guide, follows US conventions (sign-offs, contact details) in a US community."""
    parent = guides.get(guide.review.inherit or "")
    edition = guides.get(region or "")
    if parent is None or edition is None or guide in (edition, parent) or edition is parent:
        return parent
    return edition if is_edition(edition, parent) and edition.review.inherit == parent.id else parent


def looks_american(text: str) -> bool:
    """Whether a letter gives a US address or phone number: written for a US employer, most likely."""
    return any(pattern.search(text) for pattern in _US_CONTACT)
