"""Text files: UTF-8, UTF-16 with its byte-order mark, or Windows-1252; Markdown read as the text it shows."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import messages
from .layout import tidy
from .reader import Document, UnreadableDocument

if TYPE_CHECKING:
    from markdown_it.token import Token

# Markup a plain letter doesn't have: a heading, bold or italics in asterisks, a link, a code fence.
_MARKDOWN = re.compile(r"^#{1,6} \S|\*\*\S[^*\n]*\*\*|__\S[^_\n]*__|\[[^\]\n]+\]\([^)\s]+\)|^```", re.M)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableDocument(messages.CORRUPT) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Not UTF-8: Windows-1252 is what Notepad and older Word "plain text" saves in Western Europe.
        return data.decode("cp1252", errors="replace")


def read(data: bytes) -> Document:
    text = decode(data)
    if _BINARY.search(text[:4096]):
        raise UnreadableDocument(messages.BINARY)
    if _MARKDOWN.search(text):
        return Document(markdown_text(text), "markdown")
    return Document(text, "text")


def markdown_text(source: str) -> str:
    """What a reader sees of a Markdown letter: the words, paragraphs and line breaks, no markup."""
    from markdown_it import MarkdownIt

    out: list[str] = []
    prefix = ""
    for token in MarkdownIt("commonmark").parse(source):
        if token.type in ("paragraph_open", "heading_open"):
            out.append(("\n" if token.hidden else "\n\n") + prefix)  # hidden: an item of a tight list
            prefix = ""
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            out.append("\n\n")
        elif token.type == "list_item_open":
            prefix = "- "
        elif token.type in ("fence", "code_block"):
            out.append("\n\n" + token.content.rstrip("\n"))
        elif token.type == "inline":
            out.append(_inline(token.children or []))
    return tidy("".join(out).strip())


def _inline(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")  # the letter's own line breaks (an address, a sign-off) are kept
        elif child.type == "image":
            parts.append(child.content)  # its alt text
    return "".join(parts)
