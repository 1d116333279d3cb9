"""How much one innovation (and one image) may hold: the same figures for the admin's forms
and the importer, each stated to the person entering the data.

Plain named constants only, so the admin side and the import side can both import them and
a merge of two versions of this module stays trivial.
"""

MAX_SECTION_CHARACTERS = 20_000
"""Characters of text in one section (ringkasan, latar belakang, ...), markup not counted.
The demo's longest section has about 600; 20,000 is roughly eight printed pages."""

MAX_SECTION_HTML_CHARACTERS = 60_000
"""Characters of one section as stored (HTML, with its markup): a ceiling for markup that
adds no text (links with very long addresses, empty formatting)."""

MAX_TAGS = 30
"""Tags on one innovation (the demo has at most 6). Each tag is on every API answer that
lists the innovation's facets."""

MAX_TAG_LENGTH = 100
"""Characters in one tag (django-taggit's own column size)."""

MAX_AWARDS = 20
"""Awards on one innovation."""

MAX_METRICS = 20
"""Metrics (before/after figures) on one innovation."""

MAX_IMAGE_PIXELS = 30_000_000
"""Pixels in one uploaded image (width x height x frames), e.g. 6,000 x 5,000. Decoding an
image takes about 4-5 bytes per pixel: a 121-megapixel PNG of 375 KB took 664 MB."""

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""Bytes in one uploaded image file (10 MB)."""

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Bytes in one uploaded document (20 MB)."""

MAX_KIT_DOCUMENTS = 20
"""Documents in one innovation's replication kit."""

MAX_LEGAL_BASIS_CHARACTERS = 2_000
"""Characters in an innovation's legal basis (dasar hukum): a list of regulations."""

MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024
"""Bytes in one spreadsheet uploaded for import (10 MB): about 5,000 full case studies."""

MAX_IMPORT_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""Bytes an XLSX file may unpack to (50 MB), checked before the spreadsheet is opened: an
XLSX is a zip archive, and a few kilobytes can unpack to gigabytes (a "zip bomb")."""

MAX_IMPORT_ROWS = 5_000
"""Rows of innovations in one spreadsheet import (the largest hub holds about 400)."""

MAX_IMPORT_CELL_CHARACTERS = 32_767
"""Characters in one spreadsheet cell: Excel's own limit. Sections have their own, lower
limit (MAX_SECTION_CHARACTERS), reported per cell."""

MAX_IMPORT_PROBLEMS_SHOWN = 500
"""Problems listed for one import; the rest are counted."""
