"""Rendering simple HTML (converted Markdown, a clipboard fragment) to the plain text a reader sees."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Blocks separated from their neighbours by a blank line.
_PARAGRAPH_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "dl",
    "div",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}
# Blocks that start a new line.
_LINE_BLOCKS = {"br", "dd", "dt", "figcaption", "li", "tr", "caption"}
# Content no reader sees.
_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "select"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_CELL_GAP = re.compile(r" *\t *")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class RenderedHtml:
    text: str
    title: str = ""  # the <title> element, if any
    first_heading: str = ""


def html_to_text(html: str) -> RenderedHtml:
    """Render HTML as text: one line per heading, paragraph and list item; scripts and styles dropped."""
    parser = _Renderer()
    parser.feed(html)
    parser.close()
    return parser.result()


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._pending_break = 0  # newlines owed before the next text
        self._hidden_depth = 0
        self._hidden_stack: list[str] = []
        self._pre_depth = 0
        self._lists: list[list[int] | None] = []  # a counter per <ol>, None per <ul>
        self._in_title = False
        self._title: list[str] = []
        self._heading: list[str] | None = None
        self._first_heading = ""
        self._cell_count: list[int] = []
        self._fresh_item = False  # inside an <li> that has no text yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        hidden = (
            tag in _INVISIBLE
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "footnote-backref" in (attributes.get("class") or "")
        )
        if self._hidden_depth or (hidden and tag not in _VOID):
            if tag not in _VOID:
                self._hidden_depth += 1
                self._hidden_stack.append(tag)
            return
        if tag in _PARAGRAPH_BLOCKS:
            self._break(2)
        elif tag in _LINE_BLOCKS:
            self._break(1)
        if tag == "ol":
            start = attributes.get("start") or "1"
            self._lists.append([int(start) if start.isdigit() else 1])
        elif tag == "ul":
            self._lists.append(None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            counter = self._lists[-1]
            self._text(f"{counter[0]}. ")
            counter[0] += 1
        if tag == "li":
            self._fresh_item = True
        elif tag == "pre":
            self._pre_depth += 1
        elif tag in _HEADINGS and self._heading is None and not self._first_heading:
            self._heading = []
        elif tag == "tr":
            self._cell_count.append(0)
        elif tag in ("td", "th") and self._cell_count:
            if self._cell_count[-1]:
                self._text("\t")
            self._cell_count[-1] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._hidden_depth:
            if tag in self._hidden_stack:
                while self._hidden_stack:
                    self._hidden_depth -= 1
                    if self._hidden_stack.pop() == tag:
                        break
            return
        if tag == "li":
            self._fresh_item = False
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        elif tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        elif tag in _HEADINGS and self._heading is not None:
            self._first_heading = " ".join("".join(self._heading).split())
            self._heading = None
        elif tag == "tr" and self._cell_count:
            self._cell_count.pop()
        if tag in _PARAGRAPH_BLOCKS:
            self._break(2)
        elif tag in _LINE_BLOCKS:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if self._hidden_depth:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._pre_depth:
            self._text(data, keep_space=True)
        else:
            self._text(_SPACE.sub(" ", data))

    def _break(self, newlines: int) -> None:
        if self._out and not self._fresh_item:
            self._pending_break = max(self._pending_break, newlines)

    def _text(self, text: str, *, keep_space: bool = False) -> None:
        if self._fresh_item and not keep_space and not text.strip():
            return
        if self._pending_break:
            if not keep_space:
                text = text.lstrip(" ")
            if not text:
                return
            if self._out:
                self._out[-1] = self._out[-1].rstrip(" ")
            self._out.append("\n" * self._pending_break)
            self._pending_break = 0
        elif not self._out and not keep_space:
            text = text.lstrip(" ")
        if text:
            self._out.append(text)
            if text.strip():
                self._fresh_item = False

    def result(self) -> RenderedHtml:
        text = "".join(self._out)
        text = "\n".join(_CELL_GAP.sub("\t", line.rstrip()) for line in text.split("\n"))
        text = _BLANK_RUNS.sub("\n\n", text)
        title = " ".join("".join(self._title).split())
        return RenderedHtml(text.strip("\n"), title, self._first_heading)
