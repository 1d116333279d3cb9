"""Reading rendered pages in tests: fetch, take one element, get its text."""

import html
import re


def get_html(client, url, status=200, **params):
    response = client.get(url, params or None)
    assert response.status_code == status, (url, params, response.status_code)
    return response.content.decode()


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def element(page_html, pattern):
    """The first element whose opening tag matches `pattern`, up to its closing tag."""
    match = re.search(rf"<(\w+)[^>]*{pattern}[^>]*>", page_html)
    assert match, f"no element matching {pattern!r}"
    tag = match.group(1)
    depth, pos = 1, match.end()
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", page_html[pos:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return page_html[match.start() : pos + m.end()]
    raise AssertionError(f"unclosed <{tag}> for {pattern!r}")


def table_rows(page_html, table_id):
    """The body rows of the table with this id, each as a list of its cells' text."""
    table = element(page_html, f'id="{table_id}"')
    tbody = re.search(r"<tbody[^>]*>(.*?)</tbody>", table, re.S).group(1)
    return [
        [text_of(cell) for cell in re.findall(r"<td[^>]*>.*?</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>.*?</tr>", tbody, re.S)
    ]
