"""What every /mod reply shares: the usage on a mistake, "saved" after a change, channel links, and the
text a moderator gave to import."""
from __future__ import annotations

from ... import moderation
from ...reply import ChannelRef, Reply


def usage(*problem) -> Reply:
    """The moderator commands, after what was wrong (text, with what the moderator typed as UserText)."""
    reply = Reply("Moderator commands", kind="error" if problem else "info", private=True)
    if problem:
        reply.para(*problem)
    reply.bullets([
        "`/mod settings`: every command and where it is on or off, and the other settings",
        "`/mod disable <command> [here]` / `/mod enable <command> [here]`: in the whole community, or this channel",
        "`/mod channels add here` / `remove here` / `all`: run only in listed channels, or everywhere",
        "`/mod default-role <role>` (or `none`): the guide used when a member leaves the role out",
        "`/mod region uk` / `us`: UK or US letter conventions for members who leave the role out",
        "`/mod faq add Question? | Answer`, `faq edit <id> Question? | Answer`, `faq remove <id>`",
        "`/mod cooldown 5 per day` (minute, hour, day, week) or `off`: reviews per member",
        "`/mod retention <days>`: how long history is kept (1 to 3650)",
        "`/mod moderators add role <id>` / `add user <id>` / `remove ...`",
        "`/mod stats [days]`, `/mod audit`, `/mod export`, `/mod import <yaml>`",
        "`/mod guide list` / `export <id>` / `import` / `remove <id>`: this community's own guides",
        "`/mod erase` (admins): delete everything Shortlist stores for this community, after confirming",
    ])
    return reply


def done(title: str, *lines) -> Reply:
    reply = Reply(title, kind="info", private=True)
    for line in lines:
        reply.para(*line) if isinstance(line, tuple) else reply.para(line)
    reply.para("_Saved, and in effect now. `/mod audit` shows the change._")
    return reply


def channel_refs(channels):
    return moderation.join([ChannelRef(c) for c in channels])


def done_view(title, text):
    return Reply(title, kind="info", private=True).para(text)


def given_text(request, typed: str) -> tuple[str, str | None]:
    """What a moderator gave to import: pasted text, a shared file (read as text), or what they typed;
    with the reason a shared file couldn't be used."""
    upload = request.upload
    if upload is None:
        return request.text or typed, None
    if upload.problem or upload.data is None:
        return "", upload.problem or "I couldn't download that file."
    try:
        return upload.data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "That file isn't text in UTF-8; a guide or settings file is YAML, saved as plain text."
