"""The texts a new site starts with, in Indonesian and English (editors change them later in
the admin). The About text carries no figures: the page shows the live counts beside it."""

HOME_INTRO = (
    "<p>Jaringan Inovasi Pelayanan Publik (JIPP) menghimpun inovasi pelayanan publik dari "
    "kementerian, lembaga dan pemerintah daerah agar dapat direplikasi di daerah lain.</p>"
)
HOME_INTRO_EN = (
    "<p>The Public Service Innovation Network (Jaringan Inovasi Pelayanan Publik, JIPP) "
    "brings together public-service innovations from Indonesia's ministries, agencies and "
    "regional governments so that other regions can replicate them.</p>"
)

ABOUT_TITLE_EN = "About JIPP"
ABOUT_BODY = (
    "<p>JIPP adalah jaringan simpul pengetahuan inovasi pelayanan publik milik pemerintah "
    "daerah serta kementerian dan lembaga. Setiap simpul mengumpulkan dan menerbitkan studi "
    "kasus inovasi di wilayah atau sektornya, sehingga daerah lain dapat mempelajari dan "
    "mereplikasinya (replikasi inovasi).</p>"
)
ABOUT_BODY_EN = (
    "<p>JIPP is a network of knowledge hubs on public-service innovation run by regional "
    "governments and by ministries and agencies. Each hub collects and publishes case studies "
    "of innovations in its region or sector, so that other regions can learn from them and "
    "replicate them (replikasi inovasi).</p>"
)
# What site setup wrote before: the figures in it had gone stale ("54 hubs" where the home
# page counted 65). A page still holding exactly this text gets the text above.
OLD_ABOUT_BODY = (
    "<p>JIPP adalah jaringan simpul pengetahuan inovasi pelayanan publik: 36 simpul pemerintah "
    "daerah dan 18 simpul kementerian/lembaga (akhir 2024). Setiap simpul mengumpulkan dan "
    "menerbitkan studi kasus inovasi di wilayah atau sektornya, sehingga daerah lain dapat "
    "mempelajari dan mereplikasinya (replikasi inovasi).</p>"
)
