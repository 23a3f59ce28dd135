"""What a review's reply says around the review itself (which guide and conventions it followed, a CV pasted after
the letter, the files shared, a reviewer to ask), written where the review ran: in a bot, its worker process, so
that the reply comes back finished and a platform can have it drawn there too (``ReviewJob.draw``), off the event
loop that acknowledges every member. ``/review`` decides what to say before the review (``Frame``); what depends on
the letter and its review is read here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .reply import Button, Paragraph, UserText, rich

if TYPE_CHECKING:
    from .reply import Reply
    from .review.engine import ReviewResult

UK_CONVENTIONS = frozenset({"uk.signoff", "length.words"})  # points whose advice differs for a US employer


@dataclass(frozen=True)
class Frame:
    """What /review knows before the review that its reply should say."""
    source: dict[str, Any]  # where the letter came from (a paste, a file's kind and pages), for scripts
    conventions: str | None = None  # the regional guide it follows instead of its own ("US"): said in the title
    offer_us: str | None = None  # a UK-convention review: the role as typed, to say how to ask for US conventions
    by_default: bool = False  # the community's default role chose the guide, not the member: say so
    unguided: str | None = None  # the role asked for, which no guide is near
    shared: tuple[int, str] | None = None  # more than one file shared: how many, and the one reviewed
    ask_reviewer: bool = False  # the community has reviewers: offer to send them the letter


def frame(reply: Reply, result: ReviewResult, guide: str, text: str, framed: Frame, advert_note: str | None) -> Reply:
    """``reply`` (the review's) with what ``framed`` says around it; ``guide``: the title of the guide it followed,
    ``text``: the letter as reviewed."""
    from .editions import looks_american
    if framed.conventions is not None:
        reply.title += f", with {framed.conventions} conventions"
    elif framed.offer_us is not None:
        # A US applicant told "UK readers expect under 400" (trial 9), or reviewed against "Any role (UK conventions)"
        # with a US address in the letter (trial 10), should learn at once how to ask for US conventions.
        ask_us = (f"review it again with US conventions: `/review {framed.offer_us} us` (or `--region us` with "
                  f"`shortlist review`).")
        if looks_american(text):
            reply.blocks.insert(0, Paragraph(rich(
                "_Your letter gives a US address or phone number, and this review follows UK conventions (length, "
                f"sign-off, personal details). For a US employer, {ask_us}_")))
        elif {f.rule for f in result.issues} & UK_CONVENTIONS:
            reply.para(f"_Points on length and sign-off follow UK conventions. Applying to a US employer? "
                       f"{ask_us[0].upper()}{ask_us[1:]}_")
    reply.data = {**(reply.data or {}), "source": framed.source}
    if advert_note:  # an advert was given and not used: a script sees it too (a trial's typo'd --advert exited 0)
        reply.data["advert_unused"] = advert_note
    if framed.by_default:
        # The community's default role chose this guide, not the member (trial 13 F17: a chef staying a chef
        # was told to explain her career change, with no word that a default had been applied).
        reply.blocks.insert(0, Paragraph(rich(
            f"_This community reviews letters against the {guide} guide unless you name a role. For "
            "another kind of letter, name its role (`/review general` covers what every letter needs)._")))
    if framed.unguided:
        reply.data["unknown_role"] = framed.unguided
        reply.blocks.insert(0, Paragraph(rich(
            "I don't have a guide for \u201c", UserText(framed.unguided), f"\u201d, so this review uses the {guide} "
            "guide, which covers what every letter needs (`/guide` lists the roles I know).")))
        # (no "Writing to a US employer?" here: it headed every such review of a plainly UK letter, trial 15 F22; a
        # letter with a US address or phone number is told how to ask for US conventions above)
    from .review.intake import cv_sections
    sections = cv_sections(text)
    if len(sections) >= 2:  # a CV pasted after the letter is reviewed as part of it: say so (trial 9)
        reply.blocks.insert(0, Paragraph(rich(
            f"Your CV seems to follow the letter (I can see {sections[0]} and {sections[1]} sections), and I've "
            "reviewed all of it as the letter, so the length and some points may be about the CV. For a review "
            "of the letter alone, send just the letter.")))
    if framed.shared is not None:
        count, name = framed.shared
        reply.blocks.insert(0, Paragraph(rich(
            f"You shared {count} files; I reviewed the first document, ", UserText(name),
            ". To have another reviewed, share it on its own.")))
    if framed.ask_reviewer:
        reply.buttons.insert(0, Button("Ask a reviewer", "/ask-reviewer"))
    return reply
