"""PDFs made of parts: each part is laid out and drawn once, and the combined report is put
together from the parts' pages instead of laying the same sections out a second time.

A part is rendered by WeasyPrint without page numbers (`render_part`); its page numbers are
stamped on afterwards (`number_pages`), so the same pages can read "Page 3 of 12" in a section's
own PDF and "Page 27 of 79" in the combined report. `assemble` concatenates parts with pikepdf,
keeps every internal link working (each part's link targets are renamed into one namespace),
and joins the parts' bookmarks into one outline.
"""
from __future__ import annotations

import io
import logging
import os
import warnings
from dataclasses import dataclass

from helpers.core.paths import TEMPLATES_DIR

# Parts are drawn without the page counter; `number_pages` stamps it in the same margin box, using
# the same stylesheet, on otherwise transparent pages. (Stylesheets given to WeasyPrint are user
# stylesheets, which override the document's own only with !important.)
_NO_NUMBERS = "@page { @bottom-right { content: none !important; } }"
_NUMBERS_ONLY = """
@page { @top-left { content: none !important; } @bottom-left { content: none !important; } }
div.blank { break-after: page; }
"""


# Link targets shared by every part (a source's row in the Sources appendix): never renamed per part.
# A part that links to one without holding it renders an empty placeholder with that id; the part
# that really holds it (the appendices, always last) comes later and wins.
SHARED_ANCHOR = "source-"


@dataclass
class Part:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # link target (element id) -> index of the page it is on

    def meta(self) -> dict:
        return {"pages": self.pages, "anchors": self.anchors}


def _quiet() -> None:
    """Before WeasyPrint draws: no log chatter, and font subsets stamped with a fixed date (fontTools
    writes the time of day into each subset's `head` table unless SOURCE_DATE_EPOCH is set, so two
    renders a second apart differed in bytes)."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


def render_part(html: str) -> Part:
    """Lay out and draw one HTML page as PDF pages without page numbers."""
    from weasyprint import CSS, HTML

    _quiet()
    document = HTML(string=html, base_url=str(TEMPLATES_DIR)).render(stylesheets=[CSS(string=_NO_NUMBERS)])
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return Part(document.write_pdf(uncompressed_pdf=False), len(document.pages), anchors)


def _numbers(total: int):
    """A PDF of `total` blank pages carrying only "Page k of total", to lay over other pages."""
    import pikepdf
    from weasyprint import CSS, HTML

    _quiet()
    from helpers.core.html import fragment

    pdf = HTML(string=fragment("blank_pages", total=total), base_url=str(TEMPLATES_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(TEMPLATES_DIR / "page.css")), CSS(string=_NUMBERS_ONLY)])
    return pikepdf.open(io.BytesIO(pdf))


def _retag_fonts(pdf) -> None:
    """Name each embedded font subset after its own glyphs. WeasyPrint tags a subset by the font it
    comes from, so two parts (or a part and its page numbers) can carry different subsets under one
    name, which a viewer that goes by the name may draw with the wrong glyphs."""
    import hashlib

    import pikepdf

    for font in pdf.objects:
        if not (isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/Font"
                and font.get("/Subtype") == "/Type0" and "/DescendantFonts" in font):
            continue
        descendant = font.DescendantFonts[0]
        descriptor = descendant.get("/FontDescriptor")
        program = None if descriptor is None else next(
            (descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None)
        name = str(font.BaseFont)
        if program is None or len(name) < 8 or name[7] != "+":
            continue
        digest = hashlib.sha256(program.read_raw_bytes()).digest()
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        renamed = pikepdf.Name(f"/{tag}+{name[8:]}")
        font.BaseFont = descendant.BaseFont = descriptor.FontName = renamed


def _save(pdf) -> bytes:
    import pikepdf

    _retag_fonts(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _stamp(pdf) -> None:
    """Lay "Page k of n" over every page, as a form named /PageNumber<k> (pages drawn by WeasyPrint
    share one resource dictionary, so each needs its own name; pikepdf's add_overlay would pick
    random names, and two identical builds would differ)."""
    import pikepdf

    numbers = _numbers(len(pdf.pages))
    for k, (page, number) in enumerate(zip(pdf.pages, numbers.pages), start=1):
        form = pdf.copy_foreign(numbers.make_indirect(number.as_form_xobject()))
        page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/PageNumber{k}"))
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(f"\nQ q /PageNumber{k} Do Q\n".encode()))


def number_pages(part_pdf: bytes) -> bytes:
    """The part as a document of its own: "Page k of n" on every page."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(part_pdf))
    _stamp(pdf)
    return _save(pdf)


def assemble(parts: list[tuple[str | None, bytes]]) -> bytes:
    """One PDF from parts, in order, numbered "Page k of N" throughout.

    `parts` are (prefix, pdf) pairs. Link targets of a part with a prefix are renamed
    "<prefix>--<name>", plus "<prefix>" for its first page, so that identical ids in two sections
    do not collide and a table of contents can point into any part. A link whose target is not in
    its own part (the contents pointing into later parts) is kept by rendering an empty element
    with that id; the part that really holds the target comes later and wins."""
    import pikepdf

    out = pikepdf.new()
    names: dict[str, pikepdf.Array] = {}
    outline: list = []
    title = None
    opened = []  # copied pages read their streams from the part until the result is saved
    for prefix, data in parts:
        part = pikepdf.open(io.BytesIO(data))
        opened.append(part)
        title = title or part.docinfo.get("/Title")
        offset = len(out.pages)
        with warnings.catch_warnings():  # link targets are carried over below, under names that cannot collide
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(part.pages)
        relocate = _relocator(out, part, offset)
        dests = part.Root.get("/Names", {}).get("/Dests")
        if dests is not None:
            for name, dest in pikepdf.NameTree(dests).items():
                shared = name.startswith(SHARED_ANCHOR)
                names[f"{prefix}--{name}" if prefix and not shared else name] = relocate(dest)
        if prefix:
            first = out.pages[offset]
            names[prefix] = pikepdf.Array([first.obj, pikepdf.Name.XYZ, 0, float(first.mediabox[3]), 0])
            for page in out.pages[offset:]:
                for annot in page.get("/Annots", []):
                    dest = annot.get("/Dest")
                    if isinstance(dest, pikepdf.String) and not str(dest).startswith(SHARED_ANCHOR):
                        annot.Dest = pikepdf.String(f"{prefix}--{dest}")
        with part.open_outline() as part_outline:
            outline.extend(_copy_item(item, relocate) for item in part_outline.root)

    tree = pikepdf.NameTree.new(out)
    for name in sorted(names):
        tree[name] = names[name]
    out.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
    with out.open_outline() as merged:
        merged.root.extend(outline)
    if title is not None:
        out.docinfo["/Title"] = title
    from weasyprint import __version__ as weasyprint_version

    out.docinfo["/Producer"] = pikepdf.String(f"WeasyPrint {weasyprint_version}, joined with pikepdf {pikepdf.__version__}")
    _stamp(out)
    return _save(out)


def _relocator(out, part, offset: int):
    """Maps a destination on a page of `part` to the same spot on its copy in `out`."""
    import pikepdf

    index = {page.obj.objgen: i for i, page in enumerate(part.pages)}

    def relocate(dest):
        items = list(dest)
        return pikepdf.Array([out.pages[offset + index[items[0].objgen]].obj, *items[1:]])

    return relocate


def _copy_item(item, relocate):
    import pikepdf

    copy = pikepdf.OutlineItem(str(item.title), destination=relocate(item.destination))
    copy.children.extend(_copy_item(child, relocate) for child in item.children)
    return copy
