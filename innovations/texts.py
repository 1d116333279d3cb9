"""Texts site setup writes into new pages, in both languages (migrations read them too)."""

HUB_INDEX_TITLE = "Simpul JIPP"
HUB_INDEX_TITLE_EN = "JIPP hubs"
HUB_INDEX_INTRO = "<p>Simpul kementerian, lembaga dan daerah yang menerbitkan inovasi.</p>"
HUB_INDEX_INTRO_EN = "<p>The hubs of ministries, agencies and regions that publish innovations.</p>"
