"""What the semantic leg's model reads of a query: the dictionary's short forms written out
(search.synonyms.written_out)."""

from search.synonyms import build_table, written_out

TABLE = build_table(
    [
        ["SPP-IRT", "P-IRT", "sertifikat produksi pangan industri rumah tangga"],
        ["kades", "kepala desa", "village head"],
        ["LAPOR", "SP4N-LAPOR", "sistem pengelolaan pengaduan pelayanan publik nasional"],
    ]
)


def test_an_acronym_is_followed_by_what_it_stands_for():
    assert written_out("urus SPP-IRT, cepat", TABLE) == (
        "urus SPP-IRT (sertifikat produksi pangan industri rumah tangga), cepat"
    )
    assert written_out("kades sering ke kota", TABLE) == "kades (kepala desa) sering ke kota"


def test_the_longest_expression_is_never_written_out_again():
    text = "kepala desa dan sertifikat produksi pangan industri rumah tangga"
    assert written_out(text, TABLE) == text


def test_only_the_form_as_typed_counts_not_a_word_sharing_its_stem():
    # "melaporkan" stems to "lapor" (the lexical leg may match it so), but it is the verb.
    assert written_out("warga melaporkan banjir", TABLE) == "warga melaporkan banjir"


def test_a_query_without_short_forms_is_left_exactly_as_typed():
    # The model reads punctuation too: an unchanged query keeps its vector.
    assert written_out("surat warga, tertunda?", TABLE) == "surat warga, tertunda?"
    assert written_out("anything", build_table([])) == "anything"
