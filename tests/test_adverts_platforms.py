"""A review with the job advert on Discord and Slack: the real discord.py and slack-bolt code paths
through the loopback fakes. Each shows coverage, a missing must-have and a wrong company name."""
from __future__ import annotations

from . import docfiles
from .conftest import ADVERT
from .conftest import ADVERT_LETTER as LETTER
from .fakes.discord_api import interaction, slash
from .fakes.discord_harness import text_of
from .fakes.slack_api import command, view_submission


def _says_what_the_advert_needs(text: str) -> None:
    assert "covered 8 of 11 requirements" in text  # coverage, beside the score
    assert "Not yet covered:" in text and "\u201cDocker\u201d" in text  # a missing must-have, as the advert words it
    assert "\u201cMonzo\u201d" in text and "Northwind Bank" in text  # the old application's employer, pointed out


async def _advert_rows(store) -> list[tuple]:
    return await store.query("SELECT advert, advert_covered, advert_total FROM reviews")


# -- Discord -------------------------------------------------------------------------------------------

async def test_discord_modal_has_an_optional_advert_box_and_reviews_against_it(discord_bot):
    [opened] = await discord_bot.send(interaction(2, slash("review", role="ml-engineer")))
    modal = opened.body["data"]
    letter_box, advert_box = (row["components"][0] for row in modal["components"])
    assert advert_box["label"] == "The job advert (optional)"
    assert advert_box["max_length"] == 4000 and advert_box["required"] is False and advert_box["style"] == 2
    submit = interaction(5, {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": letter_box["custom_id"], "value": LETTER}]},
        {"type": 1, "components": [{"type": 4, "custom_id": advert_box["custom_id"], "value": ADVERT}]}]})
    defer, review = await discord_bot.send(submit, responses=2)
    assert defer.ephemeral and review.ephemeral
    _says_what_the_advert_needs(text_of(review))
    assert await _advert_rows(discord_bot.store) == [(1, 8, 11)]


async def test_discord_modal_left_without_an_advert_reviews_as_before(discord_bot):
    [opened] = await discord_bot.send(interaction(2, slash("review", role="ml-engineer")))
    modal = opened.body["data"]
    letter_box = modal["components"][0]["components"][0]
    submit = interaction(5, {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": letter_box["custom_id"], "value": LETTER}]},
        {"type": 1, "components": [{"type": 4, "custom_id": "advert", "value": ""}]}]})
    _, review = await discord_bot.send(submit, responses=2)
    assert "Your letter, reviewed" in text_of(review) and "Coverage" not in text_of(review)
    assert await _advert_rows(discord_bot.store) == [(0, None, None)]


def _with_files(data: dict, **attachments) -> dict:
    for name, attachment in attachments.items():
        data["options"].append({"name": name, "type": 11, "value": attachment["id"]})
        data.setdefault("resolved", {}).setdefault("attachments", {})[attachment["id"]] = attachment
    return data


async def test_discord_review_with_letter_and_advert_as_files(discord_bot):
    letter = discord_bot.fake.attachment("letter.docx", docfiles.docx(LETTER))
    advert = discord_bot.fake.attachment("advert.pdf", docfiles.pdf(ADVERT), content_type="application/pdf")
    payload = _with_files(slash("review", role="ml-engineer"), file=letter, advert=advert)
    defer, review = await discord_bot.send(interaction(2, payload), responses=2)
    assert defer.ephemeral and review.ephemeral
    _says_what_the_advert_needs(text_of(review))
    assert discord_bot.fake.of("GET", advert["id"])


async def test_discord_advert_file_waits_for_the_pasted_letter(discord_bot):
    advert = discord_bot.fake.attachment("advert.txt", ADVERT.encode())
    [opened] = await discord_bot.send(interaction(2, _with_files(slash("review", role="ml-engineer"), advert=advert)))
    assert opened.body["type"] == 9  # the letter is still pasted into the modal
    modal = opened.body["data"]
    assert not discord_bot.fake.of("GET", advert["id"])  # nothing downloaded before the member submits
    letter_box = modal["components"][0]["components"][0]
    submit = interaction(5, {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": letter_box["custom_id"], "value": LETTER}]}]})
    _, review = await discord_bot.send(submit, responses=2)
    _says_what_the_advert_needs(text_of(review))
    assert not len(discord_bot.client.bridge.core.pending_adverts)  # nothing kept once used


async def test_discord_advert_file_waiting_for_the_letter_goes_with_forget(discord_bot):
    advert = discord_bot.fake.attachment("advert.txt", ADVERT.encode())
    [opened] = await discord_bot.send(interaction(2, _with_files(slash("review", role="ml-engineer"), advert=advert)))
    pending = discord_bot.client.bridge.core.pending_adverts
    assert len(pending) == 1
    _, ask = await discord_bot.send(interaction(2, slash("forget")), responses=2)
    confirm = interaction(3, {"custom_id": "sl:/forget confirm", "component_type": 2},
                          message={**discord_bot.fake.message(ask.data), "components": ask.data["components"]})
    await discord_bot.send(confirm, responses=2)
    assert not len(pending)
    modal = opened.body["data"]
    letter_box = modal["components"][0]["components"][0]
    submit = interaction(5, {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": letter_box["custom_id"], "value": LETTER}]}]})
    _, review = await discord_bot.send(submit, responses=2)
    assert "Score" in text_of(review) and "requirements" not in text_of(review)  # reviewed without the advert
    assert not discord_bot.fake.of("GET", advert["id"])  # and it was never downloaded


# -- Slack ---------------------------------------------------------------------------------------------

async def test_slack_modal_has_an_advert_box_and_reviews_against_it(slack):
    await slack.deliver("command", command("/review", "ml-engineer", slack.fake.response_url()))
    await slack.settle(1, "views.open")
    [opened] = slack.fake.of("views.open")
    view = opened.body["view"]
    advert_block = next(b for b in view["blocks"] if b["block_id"] == "advert")
    assert advert_block["optional"] is True and advert_block["label"]["text"] == "The job advert (optional)"
    await slack.deliver("interactive", view_submission({**view, "id": "V300"}, {"letter": LETTER, "advert": ADVERT}))
    await slack.settle(answers=1)
    [answer] = slack.fake.answers
    assert answer.body["response_action"] == "update"  # the review replaces the form: only the member sees it
    _says_what_the_advert_needs(answer.text)
    assert await _advert_rows(slack.store) == [(1, 8, 11)]


async def test_slack_advert_that_is_a_cv_is_explained_and_the_letter_still_reviewed(slack):
    await slack.deliver("command", command("/review", "ml-engineer", slack.fake.response_url()))
    await slack.settle(1, "views.open")
    view = slack.fake.of("views.open")[0].body["view"]
    cv = ("Sam Patel\n\nWork experience\nML engineer, Ocado, 2019 - 2024\nI built my fraud models and I ran my "
          "team's launches for five years.\n\nEducation\nMSc Statistics, 2017 - 2018\nI like climbing.")
    await slack.deliver("interactive", view_submission({**view, "id": "V301"}, {"letter": LETTER, "advert": cv}))
    await slack.settle(answers=1)
    [answer] = slack.fake.answers
    assert "looks like a CV rather than a job advert" in answer.text and "Your letter, reviewed" in answer.text
    assert await _advert_rows(slack.store) == [(0, None, None)]
