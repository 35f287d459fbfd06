"""An HTML page read back as a small tree with the standard library's html.parser, for tests
that check what a report page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# elements without an end tag
VOID = frozenset({"br", "col", "hr", "img", "input", "link", "meta", "wbr"})


@dataclass(slots=True)
class Element:
    """An element: its tag, attributes and children (elements and texts, entities decoded)."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """The text inside, as a reader sees it (without the tags)."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str, css: str | None = None) -> list[Element]:
        """Every element below with this tag (and exactly this class, when given), in order."""
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (css is None or child.attrs.get("class") == css):
                    found.append(child)
                found += child.find_all(tag, css)
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse_html(page: str) -> Element:
    """The page as a tree; every element must be closed where it is opened."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    assert builder.open == [builder.root], "an element is not closed"
    return builder.root
