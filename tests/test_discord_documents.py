"""Letters as files on Discord: the real discord.py client, attachments served by the loopback fake."""
from __future__ import annotations

import pytest

from adapters import files
from bot.documents import MAX_BYTES

from . import docfiles
from .fakes.discord_api import GUILD_ID, USER_ID, interaction, message_command, slash_with_file, user_message
from .fakes.discord_harness import text_of
from .test_documents import CV, LETTER, _ole, _scanned_pdf

COMMUNITY, MEMBER = str(GUILD_ID), str(USER_ID)


async def _reviews(discord_bot):
    return await discord_bot.store.recent_reviews(COMMUNITY, MEMBER)


async def test_review_with_a_file_reviews_it_privately(discord_bot):
    attachment = discord_bot.fake.attachment("letter.pdf", docfiles.pdf(LETTER), content_type="application/pdf")
    defer, answer = await discord_bot.send(interaction(2, slash_with_file("review", attachment, role="mle")),
                                           responses=2)
    assert defer.body["type"] == 5 and defer.ephemeral  # acknowledged privately before the download
    assert answer.ephemeral
    assert "Your letter, reviewed against the Machine learning engineer guide" in text_of(answer)
    assert discord_bot.fake.of("GET", attachment["id"])  # fetched from the CDN
    [stored] = await _reviews(discord_bot)
    assert stored.guide == "ml-engineer"


async def test_the_message_menu_reviews_a_messages_attached_document(discord_bot):
    attachment = discord_bot.fake.attachment("letter.docx", docfiles.docx(LETTER))
    message = user_message("here's my letter, thoughts?", attachments=[attachment])
    defer, answer = await discord_bot.send(interaction(2, message_command("Review cover letter", message)),
                                           responses=2)
    assert defer.ephemeral and answer.ephemeral
    assert "Your letter, reviewed" in text_of(answer)
    assert "Dear Mr Osei" in text_of(answer)  # quotes come from the document, not the message's text


async def test_several_attachments_review_the_first_document_and_say_so(discord_bot):
    picture = discord_bot.fake.attachment("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, content_type="image/png")
    letter = discord_bot.fake.attachment("letter.odt", docfiles.odt(LETTER))
    other = discord_bot.fake.attachment("cv.pdf", docfiles.pdf(CV))
    message = user_message("", attachments=[picture, letter, other])
    _, answer = await discord_bot.send(interaction(2, message_command("Review cover letter", message)), responses=2)
    assert "You shared 3 files; I reviewed the first document, letter.odt" in text_of(answer)
    assert "Your letter, reviewed" in text_of(answer)
    assert not discord_bot.fake.of("GET", picture["id"]) and not discord_bot.fake.of("GET", other["id"])


@pytest.mark.parametrize("name, content, size, message", [
    ("scan.pdf", _scanned_pdf(), None, "no text I can read"),
    ("letter.doc", _ole("WordDocument"), None, "older Word file (.doc)"),
    ("cv.docx", docfiles.docx(CV), None, "looks like a CV"),
    ("huge.pdf", b"never fetched", MAX_BYTES + 1, "and I read documents up to 2 MB"),
    ("lies-about-size.pdf", b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 10), 1000, "up to 2 MB"),
    ("gone.pdf", 404, None, "couldn't download that file"),
    ("slow.pdf", None, None, "took too long"),
])
async def test_each_bad_file_is_answered_kindly_and_privately(discord_bot, monkeypatch, name, content, size,
                                                              message):
    monkeypatch.setattr(files, "TIMEOUT", 0.5)
    attachment = discord_bot.fake.attachment(name, content, size=size)
    _, answer = await discord_bot.send(interaction(2, slash_with_file("review", attachment)), responses=2)
    assert answer.ephemeral
    assert message in text_of(answer)
    assert "Traceback" not in text_of(answer)
    assert await _reviews(discord_bot) == []
    if size and size > MAX_BYTES:
        assert not discord_bot.fake.of("GET", attachment["id"])  # refused before downloading
