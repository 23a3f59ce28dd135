"""One moderator or member saying one line on one platform: the terminal (the real `shortlist` process),
Discord and Slack (through their harnesses). The scenario tables run through every driver."""
from __future__ import annotations

import asyncio
import getpass
import os
import sys

from bot.request import Privilege

from . import ROOT, discord_api, slack_api
from .discord_harness import MANAGE_GUILD, Harness, text_of


class TerminalDriver:
    """The real `shortlist` command, one process a step, on one database file."""
    name = "terminal"

    def __init__(self, database):
        self.db = database
        self.channels = {"c1": "general", "c2": "careers"}
        self.community = "bootcamp"

    async def say(self, who, channel, line, text=None):
        user = getpass.getuser() if who == "moderator" else "ana"
        base = [sys.executable, "-m", "adapters.cli", "--db", str(self.db), "--community", self.community,
                "--channel", self.channels[channel], "--user", user]
        args = base + (["review", "-"] if line.startswith("/review") else ["ask", line])
        proc = await asyncio.create_subprocess_exec(*args, cwd=ROOT, stdin=asyncio.subprocess.PIPE,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                    env={**os.environ, "COLUMNS": "200"})
        out, err = await proc.communicate((text or "").encode())
        return out.decode() + err.decode()

    async def close(self):
        pass


class DiscordDriver:
    name = "discord"

    def __init__(self, harness: Harness):
        self.h = harness
        self.channels = {"c1": 810000000000000001, "c2": 810000000000000002}

    async def say(self, who, channel, line, text=None):
        perms = MANAGE_GUILD if who == "moderator" else 0
        if line.startswith("/review"):
            payload = discord_api.interaction(2, discord_api.message_command(
                "Review cover letter", discord_api.user_message(text)), permissions=perms,
                channel=self.channels[channel])
        else:
            name, _, rest = line.lstrip("/").partition(" ")
            options = {}
            if name == "mod":
                action, _, value = rest.partition(" ")
                options = {"action": action, **({"value": value} if value else {})}
            elif name == "faq":
                options = {"question": rest}
            elif rest:
                options = {"role": rest}
            payload = discord_api.interaction(2, discord_api.slash(name, **options), permissions=perms,
                                              channel=self.channels[channel])
        cmd = line.lstrip("/").split()[0]
        deferred = cmd in ("review", "mod", "history", "forget")  # private commands defer first
        answers = await self.h.send(payload, responses=2 if deferred else 1)
        return "\n".join(text_of(a) for a in answers)


class SlackDriver:
    name = "slack"

    def __init__(self, harness):
        self.h = harness
        self.channels = {"c1": "C0GENERAL", "c2": "C0CAREERS"}

    async def say(self, who, channel, line, text=None):
        user = slack_api.ADMIN if who == "moderator" else slack_api.USER
        url = self.h.fake.response_url()  # one per step, so concurrent steps don't mix
        if line.startswith("/review"):
            await self.h.deliver("interactive", slack_api.message_shortcut(text, url, user=user,
                                                                            channel=self.channels[channel]))
        else:
            name, _, rest = line.lstrip("/").partition(" ")
            slash, text_arg = ((f"/{name}", rest) if name in ("guide", "mistakes", "faq")
                               else ("/shortlist", line.lstrip("/")))
            await self.h.deliver("command", slack_api.command(slash, text_arg, url, user=user,
                                                              channel=self.channels[channel]))
        path = url.split(str(self.h.fake.port))[1]
        for _ in range(500):
            mine = [a for a in self.h.fake.answers if a.path == path]
            if mine:
                break
            await asyncio.sleep(0.01)
        return "\n".join(a.text for a in mine)


def as_mod(**extra):
    return {"community_id": "bootcamp", "user_id": "mo", "privilege": Privilege.MODERATOR, **extra}


def as_member(**extra):
    return {"community_id": "bootcamp", "user_id": "ana", **extra}
