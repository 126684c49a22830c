"""One reader per converted format (.docx, .odt, .pdf, .html); each turns a file's bytes into text.

Every reader returns text in the shape of the plain-text minutes the parser was written for:
blocks (paragraphs, headings, a run of list items, a table) separated by one blank line, list items
one a line with a "- " prefix, and each table row one line with its cells joined by a TAB.
Offsets (provenance spans) of a converted document refer to this extracted text, not to the file's
bytes; the SourceText's media_type says which reader produced it."""
from __future__ import annotations

__all__ = ["FormatError"]


class FormatError(Exception):
    """The bytes cannot be read in the expected format; the message is one line naming the problem."""

    def __init__(self, problem: str):
        problem = " ".join(str(problem).split())
        super().__init__(problem)
        self.problem = problem
