"""The rich-text editor's widget, robust to whatever is posted.

Draftail posts its content as JSON (a ContentState), and Wagtail's widget turns it into HTML
with json.loads: raw HTML posted into a rich-text field (by a script, a browser without
JavaScript, or an old form) raised a JSONDecodeError and the admin answered 500. Here a value
that is not a usable ContentState is read as HTML instead, and goes through the same
conversion the editor uses when it opens stored HTML: only the field's features survive
(<script>, attributes and unknown tags are dropped), exactly as if it had been typed.
"""

from wagtail.admin.rich_text import DraftailRichTextArea


class LenientDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        posted = data.get(name)
        if posted is None:
            return None
        try:
            return self.converter.to_database_format(posted)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            # Not a ContentState (json.JSONDecodeError is a ValueError): read it as HTML.
            contentstate = self.converter.from_database_format(posted)
            return self.converter.to_database_format(contentstate)
