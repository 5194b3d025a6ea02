"""Statement Markdown to HTML: code highlighted by Pygments on the server, math
left verbatim (HTML-escaped) for KaTeX to render in the browser."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# Fenced code blocks and inline code spans, where a dollar sign is just a dollar.
_CODE = re.compile(r"(^```.*?^```[ \t]*$|^~~~.*?^~~~[ \t]*$|`+[^`\n]*?`+)", re.DOTALL | re.MULTILINE)
# Display math first, then inline math that does not start or end with a space.
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$", re.DOTALL)
_PLACEHOLDER = "TDMATHX{}X"
_PLACEHOLDER_RE = re.compile(r"TDMATHX(\d+)X")
_FORMATTER = HtmlFormatter(nowrap=True, style="github-dark")


def _highlight(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        return ""  # markdown-it escapes the code itself
    return (
        f'<pre class="highlight"><code class="language-{html.escape(lang)}">'
        + highlight(code, lexer, _FORMATTER)
        + "</code></pre>"
    )


_MD = MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")


def render_markdown(source: str) -> str:
    """HTML for a statement; raw HTML in the source is escaped, never passed through."""
    math: list[str] = []

    def stash(match: re.Match[str]) -> str:
        math.append(match.group(0))
        return _PLACEHOLDER.format(len(math) - 1)

    pieces = []
    last = 0
    for code in _CODE.finditer(source):
        pieces.append(_MATH.sub(stash, source[last : code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_MATH.sub(stash, source[last:]))
    rendered = _MD.render("".join(pieces))
    return _PLACEHOLDER_RE.sub(lambda m: html.escape(math[int(m.group(1))], quote=False), rendered)


def pygments_css() -> str:
    """The stylesheet for highlighted code (served at /css/pygments.css)."""
    return _FORMATTER.get_style_defs(".highlight")
