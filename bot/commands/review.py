"""/review: a private, explained review of a pasted letter against a role's guide."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import logs, moderation
from ..editions import REGION_GUIDES, regional_parent
from ..errors import ServiceUnavailable
from ..records import utcnow
from ..reply import Reply
from ..review_frame import Frame
from ..review_worker import Reported
from .registry import Param, Words, bind_positional, command, role_param

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core import Shortlist
    from ..documents import Document, Upload
    from ..guides import Guide, GuideLibrary
    from ..request import Request
    from .registry import Command

log = logs.get(__name__)


ADVERT_WORD = "advert"


def bind_review(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """``/review ml-engineer advert``: a last word ``advert`` asks for the job advert after the letter."""
    if words and words[-1].lower() == ADVERT_WORD:
        args = bind_positional(cmd, Words(words.rest_from(0)[:-len(ADVERT_WORD)]), core)
        return {**args, ADVERT_WORD: "yes"}
    return bind_positional(cmd, words, core)


LETTER_WORDS = 25  # a "role" this long is the letter itself, typed on the command's line
_GREETING = re.compile(r"(dear|hello|hi|hey|greetings)\b,?$", re.I)


def region_asked(request: Request) -> tuple[Request, str | None]:
    """``/review data-analyst us``: a role followed by ``uk`` or ``us`` asks for that region's conventions
    (sign-off, length, contact details) over the community's; the request without the word, and the word.
    Read from the role's text, so it works wherever a role can be typed (a Discord option, a Slack form)."""
    role, region = split_region(request.arg("role") or "")
    if region is None:
        return request, None
    return replace(request, args={**request.args, "role": role}), region


def split_region(role: str) -> tuple[str, str | None]:
    """"data-analyst us" -> ("data-analyst", "us"); a role alone, or a region's word alone (a guide's alias:
    `us` is general-us), comes back as it was, with None."""
    words = role.split()
    if len(words) < 2 or words[-1].lower() not in REGION_GUIDES:
        return role, None
    return " ".join(words[:-1]), words[-1].lower()


def letter_on_the_line(core: Shortlist, args: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """``/review swe Dear Hiring Manager, ...`` (the letter typed after the command, as chat apps invite): the
    role and the letter; as they were, and None, for a role of a few words. The role is what comes before
    the letter's greeting ("chef Dear ...", "data-analyst us Dear ...": an unknown role is said so, a region
    word kept, trial 13 F24/F33), or else a first word that names a guide, with a region word after it."""
    typed = (args.get("role") or "").strip()
    words = typed.split()
    if len(words) == 1 and _LINK.match(typed):  # a link typed for the letter: the review says it can't open it
        return {k: v for k, v in args.items() if k != "role"}, typed
    # (or shorter, when its first or second word opens a letter: "swe Dear Hiring Manager, ..." is a short letter,
    # which the review says is too short, not a guide called "swe Dear Hiring Manager", trial 12 F23)
    if len(words) < LETTER_WORDS and not (len(words) > 2 and any(_GREETING.match(w) for w in words[:2])):
        return args, None
    greeting = next((i for i, w in enumerate(words[:3]) if _GREETING.match(w)), None)
    if greeting is not None:
        taken = greeting
    else:
        taken = 1 if core.library.find(words[0]).guide is not None else 0
        taken += bool(taken and len(words) > 1 and words[1].lower() in REGION_GUIDES)
    letter = typed.split(None, taken)[taken] if taken else typed  # the rest as typed, its line breaks too
    rest = {k: v for k, v in args.items() if k != "role"}
    return {**rest, **({"role": " ".join(words[:taken])} if taken else {})}, letter


_LINK = re.compile(r"(https?://|www\.)\S+$", re.I)


@command("review", "A private review of your pasted cover letter against a role's guide (and the job advert, "
         "if you give it).", "/review ml-engineer advert",
         params=(role_param("Role to review against (default: the general guide); add us or uk for that country's "
                            "conventions", rest=True),
                 # typed last, after the role: the advert is asked for after the letter (a button elsewhere)
                 Param(ADVERT_WORD, "The word `advert` last, to paste the job advert after the letter and have "
                                    "the letter reviewed against it too", option=False)),
         private=True, takes_text=True, bind=bind_review)
async def review_command(core: Shortlist, request: Request) -> Reply:
    from ..documents import Document, UnreadableDocument  # with the first review, not every command (/help)
    document = Document(request.text or "", "paste")
    if request.upload is not None:
        try:
            document = await _read(request.upload, core.reviews.inline)
        except UnreadableDocument as exc:
            return Reply("I couldn't read that file", kind="error", private=True, reason="unreadable-file").para(
                str(exc))
        request = replace(request, text=document.text)
    request, region_word = region_asked(request)
    guide, unguided = await _guide_for(core, request)
    settings = await core.settings(request.community_id)
    if not isinstance(guide, Reply) and guide.id in REGION_GUIDES.values():
        guide = _general_for_region(core.library.guides, guide, region_word, settings.region)
    # Is it a letter at all? A bot's review workers ask with the review, off the event loop; here first
    # where the answer can't wait: an unknown role is said after it, and a refused letter takes no cooldown slot.
    screened = not core.reviews.in_process and not isinstance(guide, Reply) and not settings.cooldown
    if not screened:
        # imported here: its code-detection patterns compile on the first review, not at every start (/help)
        from ..review import intake
        refused = intake.refusal(request.text)
        if refused:
            return _refused(refused)
    if isinstance(guide, Reply):
        return guide
    advert, advert_note = await _advert(request, core.reviews.inline)
    alone = advert is None and advert_note is None and bool(request.text)  # screened with the review, as above
    if alone and not screened:
        from ..advert.intake import ADVERT_AS_LETTER, reads_as_advert
        if reads_as_advert(request.text or ""):  # the advert given alone, as the letter: nothing reviewed
            return _refused(("advert-as-letter", ADVERT_AS_LETTER))
    if advert is None and advert_note is not None:
        from ..advert.intake import SWAPPED  # loaded already: an advert was given
        if advert_note == SWAPPED:  # nothing reviewed, no cooldown slot taken
            return Reply("Your letter and advert look swapped", kind="error", private=True,
                         reason="swapped").para(SWAPPED)
    if settings.cooldown and core.store is not None:
        now = utcnow()
        until = await core.store.take_review_slot(request.community_id, request.user_id, *settings.cooldown, now=now)
        if until is not None:
            return moderation.cooldown_refusal(until, settings.cooldown, now, request, settings)
    # A review is pure CPU work (milliseconds for a long letter): it runs in a worker (a process for a
    # bot, a thread at the terminal), so the event loop stays free to acknowledge other members. The
    # worker also writes the review's reply (``report``) with what it says around the review (``Frame``), and
    # draws it for the member's platform when that platform asks (``core.drawers``): the loop's work otherwise.
    region = _region(core, guide, REGION_GUIDES[region_word] if region_word else await core.region_guide_id(request))
    framed = Frame(
        document.source, conventions=region.region.split()[0] if region is not None else None,
        offer_us=(request.arg("role") or "general") if region is None and region_word is None and
        REGION_GUIDES["us"] in core.library.guides and guide.region.split()[0] == "UK" else None,
        by_default=not (request.arg("role") or "").strip() and guide.id not in REGION_GUIDES.values(),
        unguided=unguided,
        shared=(request.upload.shared, request.upload.name or "the first file")
        if request.upload is not None and request.upload.shared > 1 else None,
        ask_reviewer=core.store is not None and settings.has_reviewers)
    reported = await core.reviews.review(document.text, guide, core.library, advert, screen=screened,
                                         region=region.id if region is not None else None, alone=alone, report=True,
                                         note=advert_note, frame=framed, draw=core.drawers.get(request.platform))
    if isinstance(reported, tuple):
        return _refused(reported)
    assert isinstance(reported, Reported)
    reply = reported.reply
    if framed.ask_reviewer:
        # Held in memory only, so "Ask a reviewer" can send this letter without asking for it again.
        core.recent_letters.keep(request.community_id, request.user_id, document.text, guide.id, reported.score,
                                 reported.top_fixes)
    if core.store is not None:
        try:
            core.store.queue(reported.record.asked_by(request))  # written in the background
        except ServiceUnavailable as exc:
            log.warning("review not recorded: %s", exc)
            reply.para("_This review couldn't be added to your /history just now; the review itself is complete._")
    return reply


async def _guide_for(core: Shortlist, request: Request) -> tuple[Guide | Reply, str | None]:
    """The guide the member asked for, or why there is none. A role no guide is near (`--role nurse`), given
    with the letter itself, gets the community's default guide instead, and its name back to say so: the
    letter is there, and what every letter needs still applies. A near miss (`ml-enginer`), or a role that
    shares a word with a guide (`data-wizard`), asks which was meant."""
    role = (request.arg("role") or "").strip()
    if role and request.text and no_guide_near(core.library, role):
        return core.resolve_guide(await core.default_guide_id(request), "review"), role
    return core.resolve_guide(role or await core.default_guide_id(request), "review"), None


def no_guide_near(library: GuideLibrary, role: str) -> bool:
    """No guide is named, nearly named (a slip of typing), or shares a word with the role asked for."""
    from ..role_names import sharing_a_word
    found = library.find(role)
    if len(role) > 40 or found.guide or found.suggestions:
        return False
    return not sharing_a_word(library, role)


def _refused(refusal: tuple[str, str]) -> Reply:
    reason, problem = refusal
    title = "That looks like the job advert" if reason == "advert-as-letter" else "I couldn't review that yet"
    return Reply(title, kind="error", private=True, reason=reason).para(problem)


async def _read(upload: Upload, inline: bool = False) -> Document:
    """The shared file's letter. Reading a PDF is CPU work: a worker thread keeps the loop free (``inline``:
    there is no loop to keep free, a one-off command at the terminal)."""
    from ..documents import UnreadableDocument, read_document
    if upload.problem:
        raise UnreadableDocument(upload.problem)
    if inline:
        return read_document(upload.data or b"")
    import asyncio
    return await asyncio.to_thread(read_document, upload.data or b"")


async def _advert(request: Request, inline: bool = False) -> tuple[str | None, str | None]:
    """The advert's text to read with the review, or why there is none (the letter is reviewed all the
    same). A file is read by the same document reader as a letter's."""
    if request.advert is None and request.advert_upload is None and not request.arg(ADVERT_WORD):
        return None, None  # no advert: nothing of the advert reader is loaded
    from ..advert import intake as advert_intake
    from ..documents import UnreadableDocument
    text = request.advert
    if request.advert_upload is not None:
        try:
            text = (await _read(request.advert_upload, inline)).text
        except UnreadableDocument as exc:
            # The document reader's words are about a letter; here the file was the advert.
            return None, f"{str(exc).replace('letter', 'advert')} {advert_intake.NO_ADVERT}"
    if text is None:
        if request.arg(ADVERT_WORD):
            return None, "No advert came with the letter. " + advert_intake.NO_ADVERT
        return None, None
    problem = advert_intake.problem_with(text, request.text)
    if problem and request.text and advert_intake.swapped(text, request.text):
        return None, advert_intake.SWAPPED
    if problem:
        return None, problem
    return text, None


def _general_for_region(guides: Mapping[str, Guide], guide: Guide, region_word: str | None,
                        community_region: str | None) -> Guide:
    """The general guide a review of ``guide`` (one of REGION_GUIDES') follows. `/review general us` is general-us.
    `/review general` in a community set to US conventions is general-us too, as /guide promises there ("whichever
    guide you pick"): it had been told to close "Dear Sir or Madam" the UK way (trial 15 F10). The community's
    region only ever swaps a guide for its own edition, never back: `/review general-us` in a community set to UK
    conventions is the US guide the member named, as `/review data-analyst us` would be."""
    if region_word:
        return guides.get(REGION_GUIDES[region_word], guide)
    edition = guides.get(REGION_GUIDES.get(community_region or "", ""))
    return edition if edition is not None and edition.review.inherit == guide.id else guide


def _region(core: Shortlist, guide: Guide, default: str) -> Guide | None:
    """The community's regional general guide (`/mod region us`) when ``guide`` inherits another edition of
    it and so follows it instead (a role guide in a US community); None when the guide is as written."""
    parent = regional_parent(core.library.guides, guide, default)
    return parent if parent is not None and parent.id != guide.review.inherit else None


