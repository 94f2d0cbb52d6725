"""Generated blocks inside a hand-written Markdown file: the lines between a pair of HTML
comment markers are replaced, the rest is left as written."""


def between_markers(text: str, start: str, end: str, lines: list[str]) -> str:
    """`text` with the block between `start` and `end` replaced by `lines`; `text` unchanged
    when it holds neither marker (the block was moved elsewhere). One marker alone is an error."""
    if start not in text and end not in text:
        return text
    if start not in text or end not in text:
        raise SystemExit(f"a generated block needs both markers {start} and {end}")
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    return head + "\n".join([start, "", *lines, "", end]) + tail
