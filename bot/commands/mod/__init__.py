"""/mod: moderators run Shortlist for their community. Every change is audited; members are refused.

One module a concern: switches (commands on and off, channels), community (the settings view and each
setting), faq, reports (stats, audit), transfer (export, import), guides (community guides) and erase
(everything stored for the community)."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ...reply import Reply, UserText
from ..registry import Param, command
from .common import usage

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request
    from ..registry import Command, Words
    from .common import ModHandler

ACTIONS = ("settings", "disable", "enable", "channels", "default-role", "region", "faq", "cooldown", "retention",
           "moderators", "reviewers", "stats", "audit", "export", "import", "import-confirm", "guide",
           "guide-confirm", "erase", "help")


def _bind(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    if not words:
        return {}
    action = words[0].lower()
    return {"action": action, "value": words.rest_from(1)} if len(words) > 1 else {"action": action}


@command("mod", "Moderators: switch commands on or off, channels, default role, FAQ, cooldowns, stats, audit.",
         "/mod disable review here",
         params=(Param("action", "What to see or change", choices=ACTIONS),
                 Param("value", "Details, e.g. `review here`, `5 per day`, `add Question? | Answer`", rest=True)),
         private=True, moderator=True, bind=_bind,
         recorded=lambda request: (request.arg("action") or "").lower() != "erase",  # erasing leaves no trace
         pastes_when=lambda request: (request.arg("action") == "import" and not request.arg("value")) or (
             request.arg("action") == "guide" and (request.arg("value") or "").strip().lower() == "import"))
async def mod_command(core: Shortlist, request: Request) -> Reply:
    if core.store is None:
        return Reply("Moderation needs the database", kind="error", private=True).para(
            "This Shortlist runs without a database, so there is nothing to configure.")
    action = (request.arg("action") or "settings").lower()
    handler = handler_for(action)
    if handler is None:
        return usage("There's no moderator command called \u201c", UserText(action[:40]), "\u201d.")
    settings = await core.settings(request.community_id)
    return await handler(core, request, settings, request.arg("value") or "")


# Each action's handler, as (module, name): a module loads with its first use, so a command that isn't /mod
# (`shortlist ask "/help"` lists /mod without running it) doesn't load them all.
HANDLERS: dict[str, tuple[str, str]] = {
    "settings": ("community", "show_settings"), "disable": ("switches", "disable"),
    "enable": ("switches", "enable"), "channels": ("switches", "channels"),
    "default-role": ("community", "default_role"), "region": ("community", "region"), "faq": ("faq", "faq"),
    "cooldown": ("community", "cooldown"), "retention": ("community", "retention"),
    "moderators": ("community", "moderators"), "stats": ("reports", "stats"), "audit": ("reports", "audit"),
    "reviewers": ("reviewers", "reviewers"), "export": ("transfer", "export_settings"),
    "import": ("transfer", "import_settings"), "import-confirm": ("transfer", "confirm_import"),
    "guide": ("guides", "guide_action"), "guide-confirm": ("guides", "guide_confirm"),
    "erase": ("erase", "erase_action"), "help": ("common", "show_usage")}


def handler_for(action: str) -> ModHandler | None:
    where = HANDLERS.get(action)
    if where is None:
        return None
    handler: ModHandler = getattr(import_module(f".{where[0]}", __name__), where[1])
    return handler
