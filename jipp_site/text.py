"""Characters that text must not carry, and cleaning them out.

XML 1.0 cannot hold most C0 control characters nor U+FFFE/U+FFFF, so one of them in a title
made every Atom feed answer 500; in HTML they are parse errors. They arrive pasted from word
processors (Word's line break is U+000B) or from damaged files. Text is cleaned where it comes
in (CleanTextMixin, the forms, the importer) and made safe again where it goes out (the feeds,
JSON-LD, HTML), so that a row cleaned by nothing still cannot break a page.
"""

import re

from django.db import models

# What XML 1.0 forbids: C0 controls other than tab, line feed and carriage return, lone
# surrogates, and the two noncharacters U+FFFE and U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Cleaned from incoming text: the above, DEL and the C1 controls (legal XML, but never text).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\t\n\r]")


def xml_safe(text):
    """`text` with what XML 1.0 cannot carry replaced by spaces."""
    if not isinstance(text, str):
        return text
    return XML_FORBIDDEN.sub(" ", text)


def clean_text(text, multiline=True):
    """`text` without control characters: each becomes a space. A single-line value (a
    title) also loses line breaks, and then its runs of spaces and the ends are tidied."""
    if not isinstance(text, str):
        return text
    cleaned = CONTROL_CHARACTERS.sub(" ", text)
    if not multiline:
        cleaned = LINE_BREAKS.sub(" ", cleaned)
        if cleaned != text:
            cleaned = " ".join(cleaned.split())
    return cleaned


class CleanTextMixin:
    """A model whose editable text fields are cleaned before validation, so whatever saves
    it through a form (Wagtail's page, snippet and inline forms all call full_clean) stores
    text without control characters. Text areas and rich text keep their line breaks."""

    def clean_text_fields(self):
        for field in self._meta.concrete_fields:
            if not field.editable or not isinstance(field, models.CharField | models.TextField):
                continue
            value = getattr(self, field.attname)
            multiline = isinstance(field, models.TextField)
            setattr(self, field.attname, clean_text(value, multiline=multiline))

    def full_clean(self, *args, **kwargs):
        self.clean_text_fields()
        super().full_clean(*args, **kwargs)
