"""The slack-bolt app: every handler acknowledges first, then asks the core, then answers (through the
``SlackBridge``)."""
from __future__ import annotations

import json
import re
from dataclasses import replace

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.reply import Reply
from bot.request import Request

from .bridge import ACK_BUDGET, CLAIM_WAIT, DEFAULT_COMMANDS, SlackBridge
from .direct import Direct
from .queue import ASK_VIEW, TEXT_VIEW, ask_modal, ask_values, text_modal, text_value
from .render import RUN_ACTION, advert_from, home_view, letter_from, letter_modal, render, result_view

__all__ = ["DEFAULT_COMMANDS", "SHORTCUT", "ShortlistApp", "build_app"]
SHORTCUT = "review_message"
MODAL = "review_letter"


class ShortlistApp(AsyncApp):
    """Bolt's app, with the bridge its handlers answer through, and the handlers HTTP mode calls directly."""
    bridge: SlackBridge
    direct: Direct


def build_app(core, *, token: str, signing_secret: str | None, client: AsyncWebClient | None = None,
              commands: dict[str, str] | None = None, ack_budget: float = ACK_BUDGET,
              claim_wait: float = CLAIM_WAIT) -> ShortlistApp:
    client = client or AsyncWebClient(token=token)
    # process_before_response: bolt sends the ack when a handler returns (each hands its later work to
    # the bridge), instead of polling every 10 ms for ack() to have been called.
    app = ShortlistApp(signing_secret=signing_secret, client=client, process_before_response=True,
                       request_verification_enabled=signing_secret is not None)
    bridge = SlackBridge(core, client, commands, ack_budget, claim_wait)
    app.bridge = bridge
    # One listener for every slash command: bolt tries each listener in turn, building a handler's arguments
    # for each it tries, so five listeners cost a form submission five of those builds before its own.
    names = {slash: name for name, slash in {**DEFAULT_COMMANDS, **(commands or {})}.items()}
    slash = _slash_handler(bridge, names)
    app.command(re.compile(f"^(?:{'|'.join(map(re.escape, names))})$"))(slash)

    async def letter_submitted(ack, body, view):
        meta = json.loads(view.get("private_metadata") or "{}")
        _, user, _ = bridge.where(body)

        async def review():
            return (await bridge.context(body)).request("review", {"role": meta.get("role") or ""},
                                                        text=letter_from(view), advert=advert_from(view))

        async def deliver(reply):
            await bridge.send(reply, response_url=meta.get("response_url"), channel=meta.get("channel"), user=user)
        # The review replaces the form it was pasted into; too long for a form, it closes and follows.
        await bridge.answer_in_ack(f"view:{view['id']}", {**body, "response_url": meta.get("response_url")}, ack,
                                   review, _modal_update, deliver, review=True)

    async def ask_submitted(ack, body, view):
        await _queue_form(bridge, ack, body, view, "/ask-reviewer", ask_values(view))

    async def text_submitted(ack, body, view):
        meta = json.loads(view.get("private_metadata") or "{}")
        await _queue_form(bridge, ack, body, view, meta.get("line") or "/help", None, text_value(view))

    views = {MODAL: letter_submitted, ASK_VIEW: ask_submitted, TEXT_VIEW: text_submitted}
    for callback_id, submitted in views.items():
        app.view(callback_id)(submitted)
    app.direct = Direct(client, frozenset(names), slash, views)

    @app.shortcut(SHORTCUT)
    async def review_message(ack, body, respond):
        await ack()

        async def work():
            message = body.get("message") or {}
            # A letter shared as a file is reviewed as the file; otherwise the message's text.
            upload = await bridge.shared_file(message)
            text = None if upload is not None else message.get("text") or ""
            request = (await bridge.context(body)).request("review", text=text, upload=upload, private=True)
            await bridge.run(request, respond=respond)
        bridge.after_ack(f"shortcut:{body['trigger_id']}", body, work, respond)

    @app.action(re.compile(f"^{RUN_ACTION}"))
    async def button(ack, body, action, respond, client):
        await ack()
        form = await _form_for(bridge, body, action["value"])
        if form is not None:  # the trigger id for a form expires in 3 seconds: that one doesn't queue
            async def open_form():
                await client.views_open(trigger_id=body["trigger_id"], view=form)
            bridge.after_ack(f"action:{body['trigger_id']}", body, open_form, respond, queue=False)
            return

        async def work():
            request = core.parse(action["value"], await bridge.context(body), private=True)
            _, user, channel = bridge.where(body)
            await bridge.run(request, respond=respond if body.get("response_url") else None, channel=channel, user=user)
        bridge.after_ack(f"action:{body['trigger_id']}", body, work, respond)

    @app.event("message")
    async def direct_message(body, event):
        """A file shared with the app in a direct message is reviewed there; other messages are left be."""
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("files") or \
                event.get("subtype") not in (None, "file_share"):
            return

        async def work():
            upload = await bridge.shared_file(event)
            context = await bridge.context({**body, "user_id": event.get("user"), "channel_id": event.get("channel")})
            request = context.request("review", upload=upload, private=True)
            await bridge.send(await core.handle(request), user=event.get("channel"))
        bridge.after_ack(f"event:{body.get('event_id')}", body, work)

    @app.event("app_home_opened")
    async def home(body, event, client):
        if event.get("tab") != "home":
            return

        async def work():
            team, _, _ = bridge.where(body)  # the workspace's own guides are listed with the shipped ones
            await client.views_publish(user_id=event["user"], view=home_view(await core.library_for(team)))
        bridge.after_ack(f"event:{body.get('event_id')}", body, work)

    return app


def _slash_handler(bridge: SlackBridge, names: dict[str, str]):
    async def slash_command(ack, body, respond, client):
        name = names[body["command"]]
        text = (body.get("text") or "").strip()
        line = f"/{text or 'help'}" if name == "shortlist" else f"/{name} {text}"
        known = bridge.known_context(body)  # then the request is built once, here, not again after the ack
        typed = bridge.core.parse(line) if known is None else bridge.core.parse(line, known)
        key = f"command:{body['trigger_id']}"
        form = text_modal(line, typed.command, {"channel": body.get("channel_id"), "response_url": body.get(
            "response_url")}) if bridge.core.wants_paste(typed) else None
        if form is not None:  # `/shortlist queue reply 3`: the feedback goes in a form
            await ack()

            async def open_form():
                await client.views_open(trigger_id=body["trigger_id"], view=form)
            bridge.after_ack(key, body, open_form, respond, queue=False)
            return
        if typed.command == "review":
            await ack()  # the trigger id for the review box expires in 3 seconds: that one doesn't queue

            async def work():
                await _open_letter_modal(bridge, body, typed, respond, client)
            bridge.after_ack(key, body, work, respond, queue=False)
            return

        async def command():  # parsed once, above: only who asks and where is added, if not known then
            return typed if known is not None else (await bridge.context(body)).request(typed.command, typed.args)

        async def deliver(reply):
            await bridge.send(reply, respond=respond)
        await bridge.answer_in_ack(key, body, ack, command, _message_ack, deliver, respond)
    return slash_command


async def _form_for(bridge: SlackBridge, body: dict, line: str) -> dict | None:
    """The form a button opens before its command runs (a note for a reviewer, feedback), or None."""
    request = bridge.core.parse(line)
    _, _, channel = bridge.where(body)
    metadata = {"channel": channel, "response_url": body.get("response_url")}
    if request.command == "ask-reviewer" and not request.args:
        return ask_modal(metadata)
    return text_modal(line, request.command, metadata) if bridge.core.wants_paste(request) else None


async def _queue_form(bridge: SlackBridge, ack, body: dict, view: dict, line: str, args: dict | None,
                      text: str | None = None) -> None:
    """A queue form submitted: its answer replaces the form, like a review's."""
    meta = json.loads(view.get("private_metadata") or "{}")
    _, user, _ = bridge.where(body)

    async def command():
        request = bridge.core.parse(line, await bridge.context({**body, "channel_id": meta.get("channel")}),
                                    private=True)
        return replace(request, args=args) if args is not None else replace(request, text=text)

    async def deliver(reply):
        await bridge.send(reply, response_url=meta.get("response_url"), channel=meta.get("channel"), user=user)
    await bridge.answer_in_ack(f"view:{view['id']}", {**body, "response_url": meta.get("response_url")}, ack,
                               command, _modal_update, deliver)


def _message_ack(reply: Reply):
    """A slash command's ack carries the reply's first message; any further pages follow it."""
    kind = "ephemeral" if reply.private else "in_channel"
    pages = [{**page, "response_type": kind} for page in render(reply)]
    return pages[0], pages[1:]


def _modal_update(reply: Reply):
    view = result_view(reply)
    return ({"response_action": "update", "view": view}, []) if view else None


async def _open_letter_modal(bridge: SlackBridge, body, request: Request, respond, client) -> None:
    role = request.arg("role")
    problem = await bridge.core.before_paste(role, request.community_id)
    if problem:
        await bridge.send(problem, respond=respond)
        return
    _, _, channel = bridge.where(body)
    await client.views_open(trigger_id=body["trigger_id"],
                            view=letter_modal(role, {"channel": channel, "response_url": body.get("response_url")}))
