"""Collect a document's blocks and render them as the text the parser reads."""
from __future__ import annotations

import re

#: Bullet glyphs a converted document may print at the start of a list item (Symbol-font U+F0B7 included).
BULLET = re.compile(r"^[ \t]*[\u2022\u25aa\u25cf\u25e6\u2023\u2219\u25a0\u25a1\u2043\uf0b7\uf0a7\u00b7*-][ \t]+")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def inline(text: str) -> str:
    """Fold all white space (line breaks and tabs included) to single spaces: one table cell's text."""
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


class TextBuilder:
    """Paragraphs, list items and tables in document order -> one normalised text."""

    def __init__(self) -> None:
        self._blocks: list[tuple[str, list[str]]] = []

    def paragraph(self, text: str) -> None:
        """A paragraph or heading; its own line breaks and TABs are kept, spaces around lines dropped."""
        text = text.replace("\u00ad", "").replace("\r", "\n")
        lines = [line.rstrip(" \t").lstrip(" ") for line in text.split("\n")]
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
        if body.strip():
            self._blocks.append(("paragraph", [body]))

    def list_item(self, text: str) -> None:
        """One list item, prefixed "- "; consecutive items share a block, one item a line."""
        body = inline(BULLET.sub("", text, count=1))
        if not body:
            return
        if self._blocks and self._blocks[-1][0] == "list":
            self._blocks[-1][1].append(f"- {body}")
        else:
            self._blocks.append(("list", [f"- {body}"]))

    def list_item_continues(self, text: str) -> None:
        """The next line of a wrapped list item (a PDF prints one item on several lines)."""
        if self._blocks and self._blocks[-1][0] == "list":
            self._blocks[-1][1][-1] += " " + inline(text)
        else:
            self.paragraph(text)

    def table(self, rows: list[list[str]]) -> None:
        """A table: each row one line, cells joined by TAB; trailing empty cells and empty rows dropped."""
        lines = []
        for row in rows:
            cells = [inline(cell or "") for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append("\t".join(cells))
        if lines:
            self._blocks.append(("table", lines))

    def text(self) -> str:
        """Blocks separated by one blank line, as in the plain-text minutes."""
        if not self._blocks:
            return ""
        return "\n\n".join("\n".join(lines) for _, lines in self._blocks) + "\n"
