"""What a member reads when a file can't be reviewed: what happened, and what to do instead."""
from __future__ import annotations

PASTE_INSTEAD = "Or open it, copy the letter's text and paste that into `/review`."


def _mb(size: int) -> str:
    shown = f"{size / (1024 * 1024):.1f} MB"
    return "just over 2 MB" if shown == "2.0 MB" else shown


def too_big(size: int) -> str:
    return (f"That file is {_mb(size)}, and I read documents up to 2 MB. A one-page letter is usually well under "
            "that; saving it again as PDF or Word without embedded images normally fixes it. " + PASTE_INSTEAD)


def too_many_pages(pages: int) -> str:
    return (f"That document has {pages} pages, and I read up to 20. Is it the letter on its own? If your CV or "
            "the advert is in the same file, share just the letter. " + PASTE_INSTEAD)


EMPTY = ("That file is empty, so there's nothing for me to read. Was it saved before it was shared? Share the "
         "saved letter, or paste its text into `/review`.")
NO_TEXT_LAYER = ("That PDF has no text I can read: it looks like a scan or a picture of the letter. I read the "
                 "words in a document, not images of them. Paste the letter's text into `/review`, or save it "
                 "again from Word or Google Docs as a PDF.")
ENCRYPTED = ("That document is password-protected, so I can't open it (and I won't ask for the password). "
             "Save a copy without the password, or paste the letter's text into `/review`.")
CORRUPT = ("I couldn't read that file: it seems damaged or cut short, perhaps by an interrupted download. "
           "Try saving or exporting it again. " + PASTE_INSTEAD)
NOT_A_LETTER = ("That document holds far more than a letter would (or is built in a way that takes very long "
                "to read), so I stopped. If it's your letter, save it again as a fresh file from your word "
                "processor. " + PASTE_INSTEAD)
ZIP_BOMB = ("That Word or OpenDocument file unpacks to far more than a letter would (over 10 MB), so I "
            "stopped reading it. Save the letter again as a fresh document. " + PASTE_INSTEAD)
DOC = ("That's an older Word file (.doc), which I can't read. In Word, choose File → Save As and pick "
       "Word Document (.docx) or PDF, then share that. " + PASTE_INSTEAD)
DOCM = ("That's a macro-enabled Word file (.docm). I don't open files that carry macros. Save it as a "
        "plain Word Document (.docx) or PDF and share that. " + PASTE_INSTEAD)
PAGES = ("That's an Apple Pages file, which I can't read. In Pages, choose File → Export To and pick "
         "PDF or Word, then share that. " + PASTE_INSTEAD)
IMAGE = ("That's an image, and I read the words in documents, not pictures of them. Share the letter as "
         "a PDF, Word (.docx), OpenDocument (.odt) or text file, or paste its text into `/review`.")
RTF = ("That's a Rich Text (.rtf) file, which I can't read. Save it as Word (.docx) or PDF and share "
       "that. " + PASTE_INSTEAD)
OTHER_OFFICE = ("That file isn't a letter document I can read (it looks like a spreadsheet, slides or another "
                "kind of file). I read PDF, Word (.docx), OpenDocument (.odt), Markdown and plain text. " +
                PASTE_INSTEAD)
BINARY = ("I can't tell what kind of file that is. I read PDF, Word (.docx), OpenDocument (.odt), Markdown "
          "and plain text. " + PASTE_INSTEAD)
