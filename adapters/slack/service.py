"""Running the Slack app (Socket Mode or HTTP) and printing its manifest."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import yaml
from aiohttp import web
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ..config import setting
from .app import DEFAULT_COMMANDS, SHORTCUT, build_app
from .bridge import CLAIM_WAIT
from .verify import http_app

log = logging.getLogger("shortlist.slack")
DEFAULT_API = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
DESCRIPTIONS = {
    "guide": ("Role guides: signals, example letter, mistakes, FAQ", "[role] [section]"),
    "mistakes": ("Common cover-letter mistakes for a role", "[role]"),
    "faq": ("Answers to common questions, in your own words", "[question] [role]"),
    "review": ("A private review of your cover letter", "[role]"),
    "shortlist": ("Help, your history, forget me", "help | history | forget"),
}


def slack_commands(config: dict) -> dict[str, str]:
    """Command names, which a workspace can change (config `slack_commands: {guide: /cv-guide}`)."""
    names = {**DEFAULT_COMMANDS, **(config.get("slack_commands") or {})}
    return {k: v if v.startswith("/") else f"/{v}" for k, v in names.items()}


def web_client(config: dict) -> AsyncWebClient:
    token = setting("slack_bot_token", None, "SLACK_BOT_TOKEN", None, config)
    api = setting("slack_api", None, "SHORTLIST_SLACK_API", DEFAULT_API, config)
    return AsyncWebClient(token=token, base_url=api if api.endswith("/") else api + "/")


def missing_settings(config: dict) -> str | None:
    """What keeps the Slack app from starting, said before anything starts; None when nothing does."""
    if not setting("slack_bot_token", None, "SLACK_BOT_TOKEN", None, config):
        return "set SLACK_BOT_TOKEN (environment or config file) to run on Slack."
    if not setting("slack_app_token", None, "SLACK_APP_TOKEN", None, config) and \
            not setting("slack_signing_secret", None, "SLACK_SIGNING_SECRET", None, config):
        return "HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)."
    return None


def claim_wait(config: dict) -> float:
    """Seconds the retry check may take before a request is answered without it (a rare double answer)."""
    value = setting("slack_claim_wait", None, "SHORTLIST_SLACK_CLAIM_WAIT", CLAIM_WAIT, config)
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        log.warning("SHORTLIST_SLACK_CLAIM_WAIT must be a number of seconds, not %r; using %g", value, CLAIM_WAIT)
        return CLAIM_WAIT


async def serve(core, config: dict, port: int | None = None) -> None:
    problem = missing_settings(config)
    if problem:  # `shortlist run` says so before starting anything; this guards other callers
        raise ValueError(problem)
    token = setting("slack_bot_token", None, "SLACK_BOT_TOKEN", None, config)
    app_token = setting("slack_app_token", None, "SLACK_APP_TOKEN", None, config)
    secret = setting("slack_signing_secret", None, "SLACK_SIGNING_SECRET", None, config)
    # No secret for bolt: in HTTP mode http_app's gate checks every signature before bolt sees the request
    # (checking it twice cost each request a second HMAC and body parse); Socket Mode needs none.
    app = build_app(core, token=token, signing_secret=None, client=web_client(config),
                    commands=slack_commands(config), claim_wait=claim_wait(config))
    try:
        await _check_token(app.client)
        if app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
            log.info("Slack: Socket Mode")
            socket_log = logging.getLogger("shortlist.slack.socket")
            socket_log.addFilter(_one_line)
            await AsyncSocketModeHandler(app, app_token, logger=socket_log).start_async()
            return
        port = port or int(setting("slack_port", None, "SHORTLIST_SLACK_PORT", 3000, config))
        runner = web.AppRunner(http_app(app, secret, EVENTS_PATH), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", port).start()
        log.info("Slack: HTTP mode on port %d at %s", port, EVENTS_PATH)
        await asyncio.Event().wait()
    finally:
        await app.bridge.close()  # the answers' HTTP session


async def _check_token(client: AsyncWebClient) -> None:
    """Slack reached and the bot token taken (auth.test) before anything listens: otherwise one line that says
    what to check, as for Discord, rather than a traceback for every retry."""
    try:
        await client.auth_test()
    except SlackApiError as exc:
        raise RuntimeError(f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error')}): copy the Bot User OAuth "
                           "Token (xoxb-...) from your app's OAuth & Permissions page at https://api.slack.com/apps."
                           ) from None
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise RuntimeError(f"couldn't reach Slack at {client.base_url} ({exc or type(exc).__name__}): check this "
                           "machine's network connection, and SHORTLIST_SLACK_API if you set it.") from None


def _one_line(record: logging.LogRecord) -> bool:
    """slack_sdk logs each failed Socket Mode (re)connection with its whole traceback: the message says enough."""
    if record.exc_info and record.getMessage().startswith("Failed to connect"):
        record.exc_info = record.exc_text = None
    return True


def manifest(config: dict, request_url: str | None = None) -> str:
    """An app manifest to paste into api.slack.com/apps (Create app > From a manifest)."""
    socket = request_url is None
    commands = []
    for name, slash in slack_commands(config).items():
        description, hint = DESCRIPTIONS[name]
        entry = {"command": slash, "description": description, "usage_hint": hint, "should_escape": False}
        if not socket:
            entry["url"] = request_url
        commands.append(entry)
    settings: dict[str, Any] = {"event_subscriptions": {"bot_events": ["app_home_opened", "message.im"]},
                "interactivity": {"is_enabled": True}, "org_deploy_enabled": False,
                "socket_mode_enabled": socket, "token_rotation_enabled": False}
    if not socket:
        settings["event_subscriptions"]["request_url"] = request_url
        settings["interactivity"]["request_url"] = request_url
    data = {
        "display_information": {"name": "Shortlist", "description": "Cover-letter guides and private reviews",
                                "background_color": "#2d9c6a"},
        "features": {
            # Members may write in the messages tab: a letter shared there as a file is reviewed there.
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "Shortlist", "always_online": True},
            "shortcuts": [{"name": "Review cover letter", "type": "message", "callback_id": SHORTCUT,
                           "description": "A private review of this message's letter (its file, or its text)"}],
            "slash_commands": commands,
        },
        # files:read downloads a shared letter; im:history delivers files shared with the app directly.
        "oauth_config": {"scopes": {"bot": ["commands", "chat:write", "users:read", "files:read", "im:history"]}},
        "settings": settings,
    }
    return yaml.safe_dump(data, sort_keys=False, width=100)
