"""`shortlist` with probes on a Discord interaction's way to its first response, for ``bench.discord_trace``:
`python -m bench.discord_probe run --discord`. Each probe only notes (stage, interaction id, time) and calls
through; the clock is ``time.perf_counter``, the monotonic clock every process on the machine shares, so
the bench's own stamps line up with these. SIGUSR1 writes what was noted since the last signal, as JSON,
to the file named by SHORTLIST_TRACE_OUT, and starts afresh."""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import Any

Noted = list[tuple[str, str, float]]
NOTED: Noted = []


def _note(stage: str, interaction_id: Any) -> None:
    NOTED.append((stage, str(interaction_id), time.perf_counter()))


def install() -> None:
    """Wrap the four places a first response passes through (read in discord.py 2.4 to 2.7 and aiohttp 3.x)."""
    import aiohttp.client_reqrep
    import discord.state
    import discord.webhook.async_

    from adapters.discord.bridge import Bridge

    parse = discord.state.ConnectionState.parse_interaction_create

    def parse_interaction_create(self, data):  # the gateway's frame, parsed: the interaction exists
        _note("read", data["id"])
        return parse(self, data)

    answer, review = Bridge.answer, Bridge.review

    async def answer_(self, interaction, request):  # Shortlist's handler starts on it
        _note("handler", interaction.id)
        return await answer(self, interaction, request)

    async def review_(self, interaction, *args, **kwargs):
        _note("handler", interaction.id)
        return await review(self, interaction, *args, **kwargs)

    respond = discord.webhook.async_.AsyncWebhookAdapter.create_interaction_response

    def create_interaction_response(self, interaction_id, *args, **kwargs):  # handed to discord.py's adapter
        _note("handed", interaction_id)
        return respond(self, interaction_id, *args, **kwargs)

    write_bytes = aiohttp.client_reqrep.ClientRequest.write_bytes

    async def write_bytes_(self, *args, **kwargs):  # aiohttp writes the request's body to the socket
        parts = self.url.path.split("/")
        if self.url.path.endswith("/callback") and len(parts) >= 4:
            _note("written", parts[-3])
        return await write_bytes(self, *args, **kwargs)

    discord.state.ConnectionState.parse_interaction_create = parse_interaction_create  # type: ignore[method-assign]
    Bridge.answer, Bridge.review = answer_, review_  # type: ignore[method-assign]
    discord.webhook.async_.AsyncWebhookAdapter.create_interaction_response = create_interaction_response  # type: ignore[method-assign]
    aiohttp.client_reqrep.ClientRequest.write_bytes = write_bytes_  # type: ignore[method-assign]

    def dump(*_: object) -> None:
        noted = NOTED[:]
        NOTED.clear()
        with open(os.environ["SHORTLIST_TRACE_OUT"], "w", encoding="utf-8") as out:
            json.dump(noted, out)
    signal.signal(signal.SIGUSR1, dump)


if __name__ == "__main__":
    install()
    from adapters.cli import main
    sys.exit(main(sys.argv[1:]))
