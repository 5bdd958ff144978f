"""Untrusted text stays text: the one escape for Markdown and the one for HTML.

Anything that comes from a URL, a form, an upload or a document (and every value read from the
warehouse, which holds what documents said) goes through `md()` before it reaches st.markdown,
st.caption, st.info and the other Markdown elements, and through `html()` before it reaches
st.html or an unsafe_allow_html string. Neither can then open a link, load an image, or add markup.
"""

from __future__ import annotations

import html as _html
import re

# CommonMark's ASCII punctuation that starts or ends syntax: emphasis, links and images ([ ] ( ) !),
# code, headings, lists, tables, HTML (< >), maths ($), and ':' '.' '/' '@' so that GFM's autolink
# literals (http://…, www.…, a@b.c) cannot form.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@/=&\"'])")


def md(text) -> str:
    """`text` as literal Markdown text: every special character escaped, line breaks kept as spaces."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def html(text) -> str:
    """`text` as literal HTML text (quotes too, so it is safe inside an attribute)."""
    if text is None:
        return ""
    return _html.escape(str(text), quote=True)
