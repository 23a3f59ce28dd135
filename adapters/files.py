"""Downloading a file a member shared, for both chat platforms: the first document, within the size
limit, into memory only. What the file holds is the core's business (bot.documents)."""
from __future__ import annotations

import logging

import aiohttp

from bot.documents import (
    DOWNLOAD_FAILED,
    DOWNLOAD_TIMED_OUT,
    MAX_BYTES,
    Attachment,
    Upload,
    choose,
    refused_before_download,
    too_big,
)

log = logging.getLogger("shortlist.files")
TIMEOUT = 20.0  # seconds for the whole download; a one-page letter takes well under one
CHUNK = 64 * 1024


async def fetch(shared: list[tuple[Attachment, str]], headers: dict[str, str] | None = None) -> Upload | None:
    """The upload to review from ``shared`` (each file and its download URL); None when nothing was shared.

    Too big by the platform's own account: refused without downloading. A download is cut off past
    the limit whatever the platform said, and one that fails or takes too long is said so.
    """
    chosen = choose([attachment for attachment, _ in shared])
    if chosen is None:
        return None
    count = len(shared)
    refused = refused_before_download(chosen, count)
    if refused is not None:
        return refused
    url = next(u for a, u in shared if a is chosen)
    upload = Upload(name=chosen.name, shared=count)
    try:
        async with (aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session,
                    session.get(url, headers=headers or {}) as response):
            if response.status != 200 or _login_page(response, chosen):
                log.warning("file download answered %s %s", response.status, response.content_type)
                return _with(upload, problem=DOWNLOAD_FAILED)
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > MAX_BYTES:
                    return _with(upload, problem=too_big(len(data)))
    except TimeoutError:
        return _with(upload, problem=DOWNLOAD_TIMED_OUT)
    except aiohttp.ClientError as exc:
        log.warning("file download failed: %s", type(exc).__name__)
        return _with(upload, problem=DOWNLOAD_FAILED)
    return _with(upload, data=bytes(data))


def _login_page(response: aiohttp.ClientResponse, attachment: Attachment) -> bool:
    """Slack answers a download it won't authorise with its sign-in page, status 200."""
    return response.content_type == "text/html" and not attachment.name.lower().endswith((".html", ".htm"))


def _with(upload: Upload, **changes) -> Upload:
    from dataclasses import replace
    return replace(upload, **changes)
