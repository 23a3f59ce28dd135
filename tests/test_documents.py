"""Letters as files: real PDF, Word and OpenDocument files built from the labelled letters, read by
the core exactly as a paste is, and every file we can't read answered kindly with nothing stored."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from bot.core import Shortlist
from bot.documents import MAX_BYTES, UnreadableDocument, Upload, read_document
from bot.request import Context
from bot.review.engine import review
from storage import Store

from . import docfiles
from .conftest import LABELS

# Helvetica, the font the test PDFs are set in, has no glyphs for 28's emoji, Arabic and invisible
# marks: a limit of how the test builds its PDF, not of reading one (Word and ODT cover that letter).
PDF_CANNOT_DRAW = {"28-unicode-strong"}
# 12's paragraphs are separated by a single line break, with no space between them. Set at 11 pt, one
# paragraph's last line fills the measure exactly, so the break after it can't be told from a wrap (on
# paper, by a person, either) and the two paragraphs read as one. At 10 pt the lines fall otherwise.
PDF_FONT_SIZE = {"12-single-newlines": 10}


def _builds():
    for name in sorted(LABELS):
        for kind in ("docx", "odt", "pdf"):
            if kind == "pdf" and name in PDF_CANNOT_DRAW:
                continue
            yield pytest.param(name, kind, id=f"{name}.{kind}")


@pytest.mark.parametrize("name, kind", list(_builds()))
def test_the_same_letter_as_a_document_reads_and_reviews_the_same(library, name, kind):
    label = LABELS[name]
    text = label["path"].read_text(encoding="utf-8")
    build = getattr(docfiles, kind)
    document = read_document(build(text, font_size=PDF_FONT_SIZE.get(name, 11)) if kind == "pdf" else build(text))
    assert document.kind == kind
    assert document.pages == (1 if kind == "pdf" else None)
    assert document.text == text.strip("\n")
    guide = library.guides[label["guide"]]
    rules = library.rules_for(guide)
    pasted, read = review(text, guide.id, rules), review(document.text, guide.id, rules)
    assert read.score == pasted.score
    assert [(f.rule, f.kind, f.severity) for f in read.findings] == \
           [(f.rule, f.kind, f.severity) for f in pasted.findings]
    for finding in read.to_dict()["findings"]:
        for span in finding["evidence"]:
            assert document.text[span["start"]:span["end"]] == span["text"]


LONG = LABELS["10-over-length"]["path"].read_text(encoding="utf-8")


def test_a_two_page_pdf_loses_its_header_footer_and_page_numbers_and_keeps_the_letter():
    data = docfiles.pdf(LONG, header="Hannah Ward - application for Senior ML Engineer", page_numbers=True,
                        font_size=15)
    document = read_document(data)
    assert document.pages == 2
    assert document.text == LONG.strip("\n")  # wrapped lines joined, across the page break too


@pytest.mark.parametrize("spacing", [1.75, 2.3])  # a word processor's "1.5 lines" and "double"
def test_a_pdf_set_at_wide_line_spacing_keeps_its_paragraphs(spacing):
    """Trial 11 F32: at 1.5-line spacing every wrapped line came back as its own paragraph ("I count 19
    paragraphs"), and sentences were quoted cut off at a line's end."""
    document = read_document(docfiles.pdf(LONG, header="Hannah Ward - cover letter", page_numbers=True,
                                          font_size=14, line_spacing=spacing))
    assert document.text == LONG.strip("\n")


def test_a_letter_of_one_line_paragraphs_keeps_them_apart():
    short = "Dear Ms Lee,\n\nI would like the analyst post.\n\nI built our rota tool.\n\nYours sincerely,\nAmy Fox\n"
    assert docfiles.blocks(read_document(docfiles.pdf(short)).text) == docfiles.blocks(short)


def test_a_right_set_address_and_a_centred_name_keep_their_lines():
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8")
    address = "12 Elm Road\nLeeds LS1 4AB\npriya.raman@example.com"
    data = docfiles.pdf(text, letterhead=("Priya Raman", address, "3 March 2026"))
    assert read_document(data).text == f"Priya Raman\n\n{address}\n\n3 March 2026\n\n" + text.strip("\n")


SIDEBAR = ("Priya Raman\n12 Elm Road\nLeeds LS1 4AB\n\npriya.raman@example.com\n07700 900123\n\n"
           "Skills\nPython\nSQL\nAirflow")


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_sidebar_beside_the_letter_is_read_before_it_and_never_spliced_into_its_sentences(library, side):
    """CV builders set contact details and skills in a narrow column beside the letter; read line by
    line across the page, the sidebar's words would land inside the letter's sentences."""
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").strip("\n")
    document = read_document(docfiles.pdf_in_columns(text, SIDEBAR, side=side))
    assert document.text == SIDEBAR + "\n\n" + text
    guide = library.guides[LABELS["01-strong-fintech"]["guide"]]
    rules = library.rules_for(guide)
    assert review(document.text, guide.id, rules).score == review(SIDEBAR + "\n\n" + text, guide.id, rules).score


def test_the_salutation_below_a_long_sidebar_read_first_is_still_found(library):
    """A sidebar read first can run to 15 lines or more before "Dear ...": the sign-off pairing and the
    opening are judged from the salutation, so it must still be found there."""
    from bot.review.text import Letter
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").strip("\n")
    sidebar = SIDEBAR + "\nDocker\nPandas\n\nLanguages\nEnglish\nHindi"
    letter = Letter(sidebar + "\n\n" + text)
    assert letter.norm[:letter.salutation.start].count("\n") >= 15
    assert letter.norm[letter.salutation.start:letter.salutation.end] == Letter(text).norm[
        Letter(text).salutation.start:Letter(text).salutation.end]


def test_a_name_above_and_a_footer_below_two_columns_stay_at_the_ends_of_the_letter():
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").strip("\n")
    sidebar = SIDEBAR.split("\n", 1)[1]
    document = read_document(docfiles.pdf_in_columns(text, sidebar, banner="PRIYA RAMAN",
                                                     footer="Priya Raman - cover letter"))
    assert document.text == f"PRIYA RAMAN\n\n{sidebar}\n\n{text}\n\nPriya Raman - cover letter"


def test_page_numbers_are_dropped_from_a_one_page_letter_too():
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8")
    assert read_document(docfiles.pdf(text, page_numbers=True)).text == text.strip("\n")


def test_a_one_page_letters_running_header_ending_in_its_page_number_is_dropped():
    """Trial 9: a one-page PDF's "Name - Cover letter - Page 1" can't be seen to repeat, and was counted as six
    words of the letter. A line that only mentions a page ("see page 2") is the letter's own."""
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").strip("\n")
    for header in ("Priya Raman - Cover letter - Page 1", "Priya Raman | Page 1 of 1"):
        assert read_document(docfiles.pdf(text, header=header)).text == text
    assert read_document(docfiles.pdf(text, header="My portfolio is on page 2")).text.startswith("My portfolio")


def test_word_paragraphs_typed_as_lines_keep_the_address_and_sign_off_together():
    import docx
    document = docx.Document()
    for line in ["Priya Raman", "12 Elm Road", "Leeds LS1 4AB", "", "Dear Mr Osei,", "",
                 "I am writing about the ML engineer role. " * 3, "Second paragraph here, a full sentence.",
                 "", "Yours sincerely,", "Priya Raman"]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document(buffer.getvalue()).text
    assert text.startswith("Priya Raman\n12 Elm Road\nLeeds LS1 4AB\n\nDear Mr Osei,\n\nI am writing")
    assert "\n\nSecond paragraph here" in text
    assert text.endswith("\n\nYours sincerely,\nPriya Raman")


def _letter_in_tables() -> bytes:
    """A Word letter laid out as templates lay it out: a contact table (label | value rows), then a table whose
    first row is the name and e-mail and whose second row is one merged cell holding the whole letter."""
    import docx
    document = docx.Document()
    contact = document.add_table(rows=4, cols=2)
    rows = [("Name", "Amira Haddad"), ("Address", "14 Corporation Street"), ("Email", "amira@example.com"),
            ("Phone", "07700 900123")]
    for row, (label, value) in zip(contact.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    layout = document.add_table(rows=2, cols=2)
    layout.rows[0].cells[0].text, layout.rows[0].cells[1].text = "Amira Haddad", "amira@example.com"
    body = layout.rows[1].cells[0].merge(layout.rows[1].cells[1])
    body.text = "Dear Ms Lee,"
    for paragraph in LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").split("\n\n")[1:]:
        body.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_letter_laid_out_in_tables_is_read_whole_and_the_same_every_time():
    """Every cell is read once, a merged one too (trial 9: cells were told apart by the id of a proxy object
    that lxml frees and reuses, so a different cell each run was taken for one already read)."""
    data = _letter_in_tables()
    texts = {read_document(data).text for _ in range(5)}
    assert len(texts) == 1
    [text] = texts
    for words in ("Name", "Amira Haddad", "Address", "14 Corporation Street", "Email", "amira@example.com", "Phone",
                  "07700 900123", "Dear Ms Lee,"):
        assert words in text
    letter = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").split("\n\n")
    assert all(paragraph.strip() in text for paragraph in letter[1:])
    assert text.count("Dear Ms Lee,") == 1  # the merged cell, read once
    # The contact table's rows stay together as lines; the letter's body starts a block of its own.
    assert text.startswith("Name\nAmira Haddad\nAddress\n14 Corporation Street\nEmail\namira@example.com\nPhone\n"
                           "07700 900123\n\nAmira Haddad\namira@example.com\n\nDear Ms Lee,\n\n")


def _letter_in_text_boxes(sidebar_only: bool = False) -> bytes:
    """A name line, then the letter in a text box as Word saves one: its drawing (wps) with a VML copy for old
    readers beside it (mc:Fallback), or, with ``sidebar_only``, the letter in the body and a skills box."""
    from xml.sax.saxutils import escape

    import docx
    from docx.oxml import parse_xml
    letter = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").split("\n\n")
    box_text = ["Key skills", "Python", "SQL"] if sidebar_only else letter
    paragraphs = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p.strip())}</w:t></w:r></w:p>'
                         for p in box_text)
    box = (f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
           f'<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></w:pict>'
           '</mc:Fallback></mc:AlternateContent></w:r>')
    document = docx.Document()
    document.add_paragraph("AMIRA HADDAD")
    document.add_paragraph()._p.append(parse_xml(box))
    for paragraph in letter if sidebar_only else ():
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_letter_in_a_word_text_box_is_read_once_and_a_sidebar_box_is_left_out(library):
    """Trial 13 F12: a template's letter in a text box was read as the two words of the name above it."""
    letter = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8")
    text = read_document(_letter_in_text_boxes()).text
    assert text.startswith("AMIRA HADDAD\n\n")
    assert all(text.count(paragraph.strip()) == 1 for paragraph in letter.split("\n\n"))  # the VML copy skipped
    guide = library.guides["ml-engineer"]
    rules = library.rules_for(guide)
    assert review(text, guide.id, rules).score == review(letter, guide.id, rules).score
    beside = read_document(_letter_in_text_boxes(sidebar_only=True)).text
    assert "Key skills" not in beside and all(p.strip() in beside for p in letter.split("\n\n"))


ADVERT_TYPED = ("Junior Software Engineer\nBrindle Health - Birmingham\n\nWhat you'll do\n"
                "- Write automated tests and take part in code reviews\n- Help improve accessibility of the app\n\n"
                "Requirements\n- Experience with Python and SQL\n- Good written and verbal communication skills\n\n"
                "How to apply\nSend your CV and a cover letter to careers@example.com by 15 January.")


def _advert_with_styles(kind: str) -> bytes:
    """ADVERT_TYPED as a word processor holds it: headings, and list paragraphs with no "- " typed."""
    blocks = [("Junior Software Engineer", "heading"), ("Brindle Health - Birmingham", "text")]
    for block in ADVERT_TYPED.split("\n\n")[1:]:
        heading, *lines = block.split("\n")
        blocks += [(heading, "heading")] + [(line.removeprefix("- "), "item" if line.startswith("- ") else "text")
                                            for line in lines]
    buffer = io.BytesIO()
    if kind == "docx":
        import docx
        document = docx.Document()
        for text, role in blocks:
            if role == "heading":
                document.add_heading(text, level=2)
            else:
                document.add_paragraph(text, style="List Bullet" if role == "item" else None)
        document.save(buffer)
    else:
        from odf.opendocument import OpenDocumentText
        from odf.text import H, List, ListItem, P
        odt = OpenDocumentText()
        current = None
        for text, role in blocks:
            if role == "item":
                if current is None:
                    current = List()
                    odt.text.addElement(current)
                item = ListItem()
                item.addElement(P(text=text))
                current.addElement(item)
                continue
            current = None
            odt.text.addElement(H(outlinelevel=2, text=text) if role == "heading" else P(text=text))
        odt.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_word_advert_reads_as_its_text_file_does_headings_and_bullets_kept(kind):
    """Trial 9: a Word advert's "List Bullet" paragraphs came out as bare lines and its headings glued onto the
    bullet before them, so the advert reader found 7 requirements where the same advert as text gives 15."""
    assert read_document(_advert_with_styles(kind)).text == ADVERT_TYPED


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_word_or_opendocument_file_read_leaves_nothing_for_the_garbage_collector(kind):
    """python-docx's and odfpy's objects refer to each other in cycles: left to the collector, the documents read
    since its last pass were freed together, a pause that set the tail of a Word letter's review (bench)."""
    import gc
    data = getattr(docfiles, kind)(LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8"))
    read_document(data)  # the libraries' imports and caches, once
    gc.collect()
    gc.disable()  # this test's own count: no automatic pass may free the document first
    try:
        read_document(data)
        assert gc.collect() == 0
    finally:
        gc.enable()


@pytest.mark.parametrize("data, expected", [
    ("Dear Ms Lee,\r\n\r\nThe £40k role \u2019fits\u2019.".encode("utf-8-sig"),
     "Dear Ms Lee,\r\n\r\nThe £40k role \u2019fits\u2019."),
    ("Dear Ms Lee, £ \u2019ok\u2019".encode("utf-16"), "Dear Ms Lee, £ \u2019ok\u2019"),
    (b"\xfe\xff" + "Dear Ms Lee, \u00e9".encode("utf-16-be"), "Dear Ms Lee, \u00e9"),
    ("Dear Ms Lee, £40k \u2019ok\u2019 \u2013 yes".encode("cp1252"), "Dear Ms Lee, £40k \u2019ok\u2019 \u2013 yes"),
])
def test_text_files_in_each_encoding(data, expected):
    document = read_document(data)
    assert (document.kind, document.text) == ("text", expected)


def test_markdown_is_read_as_the_text_it_shows():
    source = ("# Cover letter\n\nDear Mr Osei,\n\nAt **Lumen Bank** I shipped a [model](https://example.com) "
              "to _1.8 million_ applicants.\n\n- first point\n- second point\n\nYours sincerely,  \nPriya Raman\n")
    document = read_document(source.encode())
    assert document.kind == "markdown"
    assert document.text == ("Cover letter\n\nDear Mr Osei,\n\nAt Lumen Bank I shipped a model to 1.8 million "
                             "applicants.\n\n- first point\n- second point\n\nYours sincerely,\nPriya Raman")


# -- bad input: each refused kindly, nothing stored --------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    change(members)
    return _zip(members)


def _pdf_with_page_description(content: bytes) -> bytes:
    """A one-page PDF written by hand around a compressed page description (content stream)."""
    import zlib
    packed = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += (b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
            + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


LETTER = docfiles.LETTER
CV = docfiles.CV


def _bad_files():
    docx = docfiles.docx(LETTER)
    return [
        ("scanned", docfiles.scanned_pdf(), "no text I can read"),
        ("encrypted-pdf", docfiles.pdf(LETTER, encrypt="secret"), "password-protected"),
        ("encrypted-word", docfiles.ole("EncryptedPackage"), "password-protected"),
        ("truncated-pdf", docfiles.pdf(LETTER)[:1500], "damaged or cut short"),
        ("truncated-docx", docx[:len(docx) // 2], "damaged or cut short"),
        ("corrupt-docx-xml", _rezip(docx, lambda m: m.update({"word/document.xml": b"<w:document"})),
         "damaged or cut short"),
        ("over-2-mb", b"%PDF-1.4\n" + b"0" * MAX_BYTES, "2 MB"),
        ("over-20-pages", docfiles.pdf(LETTER, pages_of_filler=20), "21 pages"),
        ("over-20-pages-word", _rezip(docx, lambda m: m.update({"docProps/app.xml": m["docProps/app.xml"].replace(
            b"<Pages>1</Pages>", b"<Pages>25</Pages>")})), "25 pages"),
        ("over-20-pages-odt", _rezip(docfiles.odt(LETTER), lambda m: m.update({"meta.xml": m["meta.xml"].replace(
            b"</office:meta>", b'<meta:document-statistic meta:page-count="22"/></office:meta>')})), "22 pages"),
        ("zip-bomb", _rezip(docx, lambda m: m.update({"word/bomb.xml": b"<a>" + b" " * (11 * 1024 * 1024)})),
         "over 10 MB"),
        # A few kilobytes that inflate to megabytes of page description: stopped, not read for minutes.
        ("pdf-bomb", _pdf_with_page_description(b"BT /F1 11 Tf 72 700 Td (Hello world again) Tj ET\n" * 40_000),
         "far more than a letter would"),
        ("pdf-much-text", _pdf_with_page_description(b"BT /F1 11 Tf 72 700 Td (Hello world again) Tj ET\n" * 4_000),
         "far more than a letter would"),
        ("word-much-text", docfiles.docx("A very long document indeed. " * 80_000),
         "far more than a letter would"),
        ("doc", docfiles.ole("WordDocument"), "older Word file (.doc)"),
        ("docm", _rezip(docx, lambda m: m.update({"[Content_Types].xml": m["[Content_Types].xml"].replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")})), "macro-enabled"),
        ("pages", _zip({"Index/Document.iwa": b"\x00" * 64, "QuickLook/Thumbnail.jpg": b"\xff\xd8\xff"}),
         "Apple Pages"),
        ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "an image"),
        ("jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "an image"),
        ("spreadsheet", _zip({"[Content_Types].xml": b"spreadsheetml.sheet.main+xml"}), "spreadsheet"),
        ("empty", b"  \n", "empty"),
        ("binary", bytes(range(256)) * 4, "can't tell what kind of file"),
    ]


@pytest.mark.parametrize("name, data, message", [pytest.param(*case, id=case[0]) for case in _bad_files()])
def test_unreadable_files_say_why(name, data, message):
    with pytest.raises(UnreadableDocument) as caught:
        read_document(data)
    assert message in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_pdf_locked_only_against_editing_is_read():
    from reportlab.lib import pdfencrypt  # noqa: F401
    data = docfiles.pdf(LETTER, encrypt="")
    assert read_document(data).text == LETTER.strip("\n")


@pytest.fixture
async def stored(library, tmp_path):
    store = await Store.open(tmp_path / "documents.db")
    yield Shortlist(library, store), store, tmp_path / "documents.db"
    await store.close()


async def _review(core, upload: Upload, role: str = "ml-engineer"):
    request = core.parse(f"/review {role}", Context(user_id="ana", community_id="c1"))
    return await core.handle(replace(request, upload=upload))


@pytest.mark.parametrize("name, data, message", [pytest.param(*case, id=case[0]) for case in _bad_files()] + [
    pytest.param("cv", docfiles.docx(CV), "looks like a CV", id="cv"),
    pytest.param("download-failed", None, "couldn't download", id="download-failed"),
])
async def test_each_bad_file_is_answered_kindly_and_nothing_is_stored(stored, name, data, message):
    from bot.documents import DOWNLOAD_FAILED
    core, store, path = stored
    upload = Upload(data) if data is not None else Upload(problem=DOWNLOAD_FAILED)
    reply = await _review(core, replace(upload, name="my-letter-secret-name.pdf"))
    assert reply.kind == "error" and reply.private
    assert message in reply.fallback_text()
    assert await store.recent_reviews("c1", "ana") == []
    await store.close()
    assert b"my-letter-secret-name" not in path.read_bytes()


async def test_a_document_review_is_private_says_its_source_and_stores_only_the_fingerprint(stored):
    core, store, path = stored
    reply = await _review(core, Upload(docfiles.pdf(LETTER), name="priya-cover-letter.pdf", shared=3))
    assert reply.kind == "review" and reply.private
    assert reply.data["source"] == {"kind": "pdf", "pages": 1}
    assert "You shared 3 files; I reviewed the first document, priya-cover-letter.pdf" in reply.fallback_text()
    [saved] = await store.recent_reviews("c1", "ana")
    assert saved.score == reply.data["score"]
    await store.close()
    raw = path.read_bytes()
    assert b"priya-cover-letter" not in raw and b"Lumen Bank" not in raw


async def test_a_paste_says_it_was_a_paste(core):
    request = replace(core.parse("/review"), text=LETTER)
    reply = await core.handle(request)
    assert reply.data["source"] == {"kind": "paste", "pages": None}


@pytest.mark.parametrize("drop", [3, 6, 10])
async def test_a_sidebar_whose_lines_fall_between_the_letters_keeps_its_paragraphs_whole(core, drop):
    """Trial 12 F42: beside a sidebar whose lines fall between the letter's, layout mode set lines of both
    columns on one row, so the letter's line gaps came out wider or narrower than they were and paragraphs broke
    mid-sentence (82 -> 47, "no result of your own"); and the sidebar's Skills and Education headings, read
    before the letter, were taken for a CV after it."""
    text = LABELS["01-strong-fintech"]["path"].read_text(encoding="utf-8").strip("\n")
    sidebar = SIDEBAR + "\nCase management\n\nEducation\nBSc Mathematics\nUniversity of Leeds"
    data = docfiles.pdf_in_columns(text, sidebar, sidebar_drop=drop)
    assert read_document(data).text == sidebar + "\n\n" + text
    reply = await _review(core, Upload(data, name="letter.pdf"), role="general")
    assert reply.kind == "review" and "CV seems to follow" not in reply.fallback_text()
