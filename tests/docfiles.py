"""Real documents built with the libraries, from a letter's text: the way a member's file is made.

Each blank-line-separated block of the text becomes one paragraph of the document; the lines inside a
block (an address, a sign-off and the name under it) are line breaks within that paragraph.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape


def blocks(text: str) -> list[str]:
    return [b for b in text.strip("\n").split("\n\n")]


def pdf(text: str, *, header: str | None = None, page_numbers: bool = False, font_size: float = 11,
        pages_of_filler: int = 0, encrypt: str | None = None, letterhead: tuple[str, str, str] | None = None,
        line_spacing: float = 1.3) -> bytes:
    """A PDF set by reportlab: wrapped paragraphs with space after each, as a word processor prints them.
    ``letterhead``: (name, address, date) set above the letter, the name centred, the rest to the right.
    ``line_spacing``: the lines' distance as a multiple of the font size (word processors' "1.5 lines" is
    about 1.7 of it, "double" about 2.3)."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfdoc import PDFInfo  # noqa: F401  (reportlab's document model)
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = ParagraphStyle("letter", fontName="Helvetica", fontSize=font_size, leading=font_size * line_spacing,
                           spaceAfter=font_size)

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        if header:
            canvas.drawString(72, A4[1] - 40, header)
        if page_numbers:
            canvas.drawCentredString(A4[0] / 2, 30, f"Page {doc.page}")
        canvas.restoreState()

    options = {}
    if encrypt is not None:
        from reportlab.lib import pdfencrypt
        options["encrypt"] = pdfencrypt.StandardEncryption(encrypt, canPrint=0)
    doc = SimpleDocTemplate(buffer, pagesize=A4, **options)
    flow = [Paragraph(escape(block).replace("\n", "<br/>"), style) for block in blocks(text)]
    if letterhead:
        name, address, date = letterhead
        right = ParagraphStyle("right", parent=style, alignment=TA_RIGHT)
        centred = ParagraphStyle("centred", parent=style, alignment=TA_CENTER, fontSize=16, leading=20)
        flow = [Paragraph(escape(name), centred), Paragraph(escape(address).replace("\n", "<br/>"), right),
                Paragraph(escape(date), right)] + flow
    for _ in range(pages_of_filler):
        flow += [PageBreak(), Paragraph("More.", style)]
    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def pdf_in_columns(text: str, sidebar: str, *, side: str = "left", banner: str | None = None,
                   footer: str | None = None, sidebar_drop: float = 0) -> bytes:
    """A PDF laid out as CV builders export a letter: ``sidebar`` (contact details, skills; one line
    each, blank lines between blocks) in a narrow column on ``side``, the letter in a wide one beside
    it, ``banner`` (a name) above both at the left margin and ``footer`` centred below both. The sidebar
    starts ``sidebar_drop`` points lower than the letter: part of a line's height puts its lines between the
    letter's."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    width, height = A4
    narrow = Frame(40 if side == "left" else width - 190, 60, 150, height - 140 - sidebar_drop, id="sidebar")
    wide = Frame(210 if side == "left" else 40, 60, width - 250, height - 140, id="letter")

    def across(canvas, doc):
        canvas.saveState()
        if banner:
            canvas.setFont("Helvetica-Bold", 16)
            canvas.drawString(40, height - 55, banner)
        if footer:
            canvas.setFont("Helvetica", 9)
            canvas.drawCentredString(width / 2, 35, footer)
        canvas.restoreState()

    style = ParagraphStyle("letter", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=10)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=A4)
    doc.addPageTemplates([PageTemplate(id="columns", frames=[narrow, wide], onPage=across)])
    flow = [Paragraph(escape(block).replace("\n", "<br/>"), style) for block in blocks(sidebar)]
    flow.append(FrameBreak())
    flow += [Paragraph(escape(block).replace("\n", "<br/>"), style) for block in blocks(text)]
    doc.build(flow)
    return buffer.getvalue()


def docx(text: str) -> bytes:
    import docx as python_docx
    document = python_docx.Document()
    for block in blocks(text):
        paragraph = document.add_paragraph()
        for n, line in enumerate(block.split("\n")):
            run = paragraph.add_run(line)
            if n < block.count("\n"):
                run.add_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(text: str) -> bytes:
    from odf import teletype
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    document = OpenDocumentText()
    for block in blocks(text):
        paragraph = P()
        teletype.addTextToElement(paragraph, block)
        document.text.addElement(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with no text, only shapes: what a scanner makes of a page."""
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for y in range(100, 700, 14):  # grey bars where a scanner would have made a picture of lines
        page.rect(72, y, 450, 8, fill=1)
    page.save()
    return buffer.getvalue()


def ole(stream_name: str) -> bytes:
    """Enough of an OLE compound file for its directory to name a stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream_name.encode("utf-16-le") + b"\x00" * 512


# A labelled letter, as the documents tests make files of it (bench/ reads this module too: no pytest here).
LETTER = (Path(__file__).parent / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")
CV = ("Priya Raman\n\nProfile\nML engineer with six years in fintech.\n\nExperience\nLumen Bank, 2020 to now: "
      "built and shipped the affordability model for 1.8 million applicants a year, with monitoring, "
      "retraining and rollback.\n\nEducation\nMSc Statistics, University of Leeds\n\nSkills\nPython, SQL, MLflow\n")
