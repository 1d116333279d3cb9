"""The OpenAPI 3 description of the search API, built from the same constants the parser uses."""

from django.conf import settings

from . import nearness
from .facets import FACETS
from .query import (
    DEFAULT_PAGE_SIZE,
    LANGUAGE_PARAM,
    LEVELS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_QUERY_STRING_LENGTH,
    MAX_SELECTED_VALUES,
    MAX_VALUES_PER_FACET,
    PROVINCE_PATTERN,
    REGENCY_PATTERN,
    REPLICATION_VALUES,
    SDG_RANGE,
    SLUG_PATTERN,
    SORTS,
    TEXT_PATTERN,
    YEAR_RANGE,
    api_languages,
)

SLUG = {"type": "string", "pattern": SLUG_PATTERN}
FACET_DESCRIPTIONS = {
    "ministry": ("Kementerian/lembaga (slug).", {**SLUG, "example": "kementerian-kesehatan"}),
    "province": ("Provinsi, kode Kemendagri 2 angka.", {"type": "string", "pattern": PROVINCE_PATTERN, "example": "32"}),
    "regency": ("Kabupaten/kota, kode Kemendagri.", {"type": "string", "pattern": REGENCY_PATTERN, "example": "32.11"}),
    "sector": ("Kunci sektor utama.", {**SLUG, "example": "kesehatan"}),
    "channel": ("Kanal layanan (tatap-muka, bergerak, mandiri, elektronik); cocok bila termasuk salah satu kanal inovasi.", {**SLUG, "example": "elektronik"}),
    "level": ("Tingkat pemerintahan.", {"type": "string", "enum": list(LEVELS)}),
    "stage": ("Tahapan.", {**SLUG, "example": "penerapan"}),
    "status": ("Status.", {**SLUG, "example": "berjalan"}),
    "sdg": ("Tujuan TPB/SDG 1-17; cocok bila termasuk salah satu TPB inovasi.", {"type": "integer", "minimum": SDG_RANGE[0], "maximum": SDG_RANGE[1]}),
    "year": ("Tahun diluncurkan.", {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]}),
    "hub": ("Simpul JIPP (slug).", SLUG),
    "tag": ("Tag (slug).", SLUG),
    "replication": ("Replikasi: replicated (sudah direplikasi daerah lain), replica (mereplikasi inovasi lain).", {"type": "string", "enum": list(REPLICATION_VALUES)}),
    "award": ("Nama penghargaan, mis. Top 45 KIPP 2023 (tanpa karakter kendali).", {"type": "string", "pattern": TEXT_PATTERN, "example": "Top 45 KIPP 2023"}),
}  # fmt: skip

LIMITS = (
    f"Batas per permintaan: paling banyak {MAX_VALUES_PER_FACET} nilai per faset, "
    f"{MAX_SELECTED_VALUES} nilai faset sekaligus (semua faset), dan {MAX_QUERY_STRING_LENGTH} "
    "karakter query string (setelah tanda ?, sesudah URL-encoding); year_from tidak boleh lebih "
    "besar dari year_to. Melanggar salah satunya: 400 yang menyebut parameternya. Parameter yang "
    "tidak dikenal, muncul dua kali (selain faset) atau kosong (selain q) juga 400. HEAD dijawab "
    "seperti GET, tanpa isi; metode lain 405."
)


def _facet_parameters():
    params = []
    for facet in FACETS:
        description, schema = FACET_DESCRIPTIONS[facet.name]
        params.append(
            {
                "name": facet.name,
                "in": "query",
                "required": False,
                "description": description
                + f" Dapat diulang (paling banyak {MAX_VALUES_PER_FACET} nilai); beberapa nilai "
                "digabung dengan OR.",
                "schema": {"type": "array", "items": schema, "maxItems": MAX_VALUES_PER_FACET},
                "style": "form",
                "explode": True,
            }
        )
    return params


def openapi_document(server_url=""):
    facet_value = {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
            "province": {"type": "string", "description": "Untuk kabupaten/kota: provinsinya."},
        },
    }
    closeness = {
        "type": ["object", "null"],
        "description": "Hanya bila near diberikan, dengan urutan apa pun: mengapa daerah inovasi "
        "ini serupa dengan kabupaten/kota near, menurut aturan yang sama dengan kartu hasil di "
        "halaman pencarian (jenis daerah 3 poin; jumlah penduduk dalam faktor 2, 3 poin; "
        "kepadatan dalam faktor 2, 2 poin; kelompok pulau yang sama 2; provinsi yang sama 2, atau "
        "provinsi bertetangga 1; skor dari 12, dalam persen). Hanya data rujukan wilayah, tidak "
        "ada data pribadi.",
        "required": ["region", "score", "layer", "level", "traits", "reasons", "label"],
        "properties": {
            "region": {
                "type": ["object", "null"],
                "description": "Daerah inovasi: kabupaten/kotanya, atau provinsinya untuk inovasi "
                "tingkat provinsi; null untuk kementerian/lembaga.",
                "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "score": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100,
                "description": "Kedekatan, 0-100 (70+: sangat serupa, 40+: serupa).",
            },
            "layer": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "Kelompok kedekatan dalam urutan sort=similar: 1 = kabupaten/kota "
                "near itu sendiri, 2 = daerah yang paling serupa berikutnya, dan seterusnya (daerah "
                "dengan skor sama berbagi kelompok); null: tidak serupa sama sekali atau tanpa "
                "daerah, sesudah semua kelompok.",
            },
            "level": {
                "type": "string",
                "enum": ["very_similar", "similar", "less_similar", "not_similar"],
            },
            "traits": {
                "type": "array",
                "description": "Ciri yang sama, urut seperti reasons: kind (jenis daerah), "
                "population (jumlah penduduk dalam faktor 2), density (kepadatan dalam faktor 2), "
                "island_group (kelompok pulau), same_province atau neighbouring_province "
                "(provinsi bertetangga, berbatasan darat).",
                "items": {
                    "type": "string",
                    **({"enum": list(nearness.traits())} if nearness.traits() else {}),
                },
            },
            "reasons": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Ciri yang sama seperti dibaca orang, dalam bahasa lang "
                '(mis. "kabupaten", "1,1 juta penduduk", "936 jiwa/km²", "Jawa", "provinsi '
                'bertetangga").',
            },
            "label": {
                "type": "string",
                "description": "Kalimat yang ditampilkan kartu hasil, dalam bahasa lang, mis. "
                '"Dibanding Kabupaten Sumedang: sangat serupa — kabupaten, 1,1 juta penduduk, '
                '936 jiwa/km², Jawa, provinsi bertetangga".',
            },
        },
    }
    result = {
        "type": "object",
        "required": ["slug", "title", "url", "tagline", "snippet", "year_launched", "score"],
        "properties": {
            "slug": {"type": "string", "description": "Id catatan impor, juga slug halaman."},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "tagline": {"type": "string"},
            "snippet": {"type": "string", "description": "HTML; kata yang cocok diberi <mark>."},
            "province": {"type": ["string", "null"]},
            "province_name": {"type": ["string", "null"]},
            "sector": {"type": ["string", "null"]},
            "sector_name": {"type": ["string", "null"]},
            "year_launched": {"type": ["integer", "null"]},
            "score": {"type": ["number", "null"]},
            "closeness": closeness,
        },
    }
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "parameter", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "parameter": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "JIPP Knowledge Hub search API",
            "version": "1.0.0",
            "description": "Pencarian teks penuh dan faset atas studi kasus inovasi pelayanan publik "
            "yang terbit. Faset bersifat disjungtif: nilai dalam satu faset digabung OR, antarfaset AND, "
            "dan hitungan tiap faset menerapkan pilihan faset lain tetapi bukan pilihannya sendiri. "
            + LIMITS,
        },
        "servers": [{"url": server_url or "/"}],
        "paths": {
            "/api/v1/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Cari inovasi",
                    "description": LIMITS,
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "description": "Kata kunci (teks biasa; sintaks mesin tidak ditafsirkan).",
                            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE,
                                "default": 1,
                            },
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE_SIZE,
                                "default": DEFAULT_PAGE_SIZE,
                            },
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "description": "relevance, newest, replicated (paling banyak direplikasi) atau similar (daerah serupa: daerah inovasi yang paling serupa dengan near dahulu menurut jenis daerah, jumlah penduduk, kepadatan, kelompok pulau dan provinsi; bila sama, menurut relevansi). similar memerlukan near.",
                            "schema": {
                                "type": "string",
                                "enum": list(SORTS),
                                "default": "relevance",
                            },
                        },
                        {
                            "name": "near",
                            "in": "query",
                            "description": "Kode Kemendagri kabupaten/kota pembaca untuk sort=similar, mis. 32.11 (Kabupaten Sumedang); kode yang tidak ada ditolak (400). Dengan near, setiap hasil membawa closeness (urutan apa pun).",
                            "schema": {"type": "string", "pattern": REGENCY_PATTERN},
                        },
                        {
                            "name": LANGUAGE_PARAM,
                            "in": "query",
                            "description": "Bahasa jawaban: pesan galat, label faset dan closeness (id bawaan, en: bahasa Inggris). Judul dan isi inovasi tetap dalam bahasanya sendiri.",
                            "schema": {
                                "type": "string",
                                "enum": api_languages(),
                                "default": settings.LANGUAGE_CODE,
                            },
                        },
                        {
                            "name": "year_from",
                            "in": "query",
                            "description": "Tahun diluncurkan, inklusif; tidak lebih besar dari year_to.",
                            "schema": {
                                "type": "integer",
                                "minimum": YEAR_RANGE[0],
                                "maximum": YEAR_RANGE[1],
                            },
                        },
                        {
                            "name": "year_to",
                            "in": "query",
                            "description": "Tahun diluncurkan, inklusif.",
                            "schema": {
                                "type": "integer",
                                "minimum": YEAR_RANGE[0],
                                "maximum": YEAR_RANGE[1],
                            },
                        },
                        {
                            "name": "interpret",
                            "in": "query",
                            "description": '1 (bawaan): baca tempat ("di Jateng", "di Kalimantan"), tingkat pemerintahan ("inovasi kementerian") dan maksud replikasi dari kata-kata kueri, lihat interpretation pada jawaban; 0: cari kata-kata persis seperti diketik.',
                            "schema": {"type": "string", "enum": ["0", "1", "true", "false"]},
                        },
                        *_facet_parameters(),
                    ],  # fmt: skip
                    "responses": {
                        "200": {
                            "description": "Hasil pencarian",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": [
                                            "total",
                                            "page",
                                            "page_size",
                                            "results",
                                            "facets",
                                            "suggestion",
                                            "took_ms",
                                        ],
                                        "properties": {
                                            "total": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "sort": {"type": "string"},
                                            "results": {"type": "array", "items": result},
                                            "facets": {
                                                "type": "object",
                                                "additionalProperties": {
                                                    "type": "array",
                                                    "items": facet_value,
                                                },
                                            },
                                            "suggestion": {
                                                "type": ["string", "null"],
                                                "description": "Saran ejaan (did you mean).",
                                            },
                                            "corrected": {
                                                "type": "boolean",
                                                "description": "Hasil untuk saran, karena kueri asli tidak menemukan apa pun.",
                                            },
                                            "ignored": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                                "description": "Kata kueri yang tidak ada di koleksi mana pun dan diabaikan oleh pencarian kata (kata yang sah tetapi tidak dipakai dokumen, atau salah ketik tanpa koreksi).",
                                            },
                                            "interpretation": {
                                                "type": ["object", "null"],
                                                "description": "Bagaimana kueri dibaca (null: dicari seperti diketik). places: tempat atau tingkat yang menjadi filter; place_fallback: tidak ada hasil di sana, jawaban dari semua tempat; replication: original, replicas atau replicated; practice: inovasi yang disebut kueri; as_typed: parameter untuk mencari seperti diketik.",
                                                "required": [
                                                    "places",
                                                    "place_fallback",
                                                    "replication",
                                                    "practice",
                                                    "as_typed",
                                                ],
                                                "properties": {
                                                    "places": {
                                                        "type": "array",
                                                        "items": {
                                                            "type": "object",
                                                            "required": [
                                                                "text",
                                                                "label",
                                                                "facet",
                                                                "values",
                                                            ],
                                                            "properties": {
                                                                "text": {"type": "string"},
                                                                "label": {"type": "string"},
                                                                "facet": {
                                                                    "type": "string",
                                                                    "enum": [
                                                                        "province",
                                                                        "regency",
                                                                        "level",
                                                                    ],
                                                                },
                                                                "values": {
                                                                    "type": "array",
                                                                    "items": {"type": "string"},
                                                                },
                                                            },
                                                        },
                                                    },
                                                    "place_fallback": {"type": "boolean"},
                                                    "replication": {
                                                        "type": ["string", "null"],
                                                        "enum": [
                                                            "original",
                                                            "replicas",
                                                            "replicated",
                                                            None,
                                                        ],
                                                    },
                                                    "practice": {
                                                        "type": ["object", "null"],
                                                        "properties": {
                                                            "page_id": {"type": "integer"},
                                                            "title": {"type": "string"},
                                                            "url": {"type": "string"},
                                                        },
                                                    },
                                                    "as_typed": {"type": "object"},
                                                },
                                            },
                                            "backend": {
                                                "type": "string",
                                                "description": "Mesin yang menjawab: sqlite, postgres atau elasticsearch.",
                                            },
                                            "notice": {"type": ["string", "null"]},
                                            "took_ms": {"type": "number"},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "Parameter tidak sah: tidak dikenal, kosong, berulang, di luar skemanya, "
                            "year_from > year_to, atau di luar batas permintaan (lihat deskripsi). "
                            "error.parameter menyebut parameternya.",
                            "content": {"application/json": {"schema": error}},
                        },
                        "405": {
                            "description": "Metode selain GET dan HEAD; header Allow menyebut yang diterima."
                        },
                        "414": {
                            "description": "URI terlalu panjang: ditolak server web sebelum sampai ke API "
                            "(jauh di atas batas query string API)."
                        },
                        "503": {
                            "description": "Mesin pencari tidak dapat menjawab saat ini; header Retry-After "
                            "menyebut berapa detik sebaiknya menunggu.",
                            "headers": {
                                "Retry-After": {"schema": {"type": "integer", "minimum": 1}}
                            },
                            "content": {"application/json": {"schema": error}},
                        },
                    },  # fmt: skip
                }
            }
        },
    }
