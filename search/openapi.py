"""The OpenAPI 3 description of the search API, built from the same constants the parser uses."""

from .facets import FACETS
from .query import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SORTS

FACET_DESCRIPTIONS = {
    "ministry": ("Kementerian/lembaga (slug).", {"type": "string", "example": "kementerian-kesehatan"}),
    "province": ("Provinsi, kode Kemendagri 2 angka.", {"type": "string", "pattern": r"^\d{2}$", "example": "32"}),
    "regency": ("Kabupaten/kota, kode Kemendagri.", {"type": "string", "pattern": r"^\d{2}\.\d{2}$", "example": "32.11"}),
    "sector": ("Kunci sektor utama.", {"type": "string", "example": "kesehatan"}),
    "channel": ("Kanal layanan; cocok bila termasuk salah satu kanal inovasi.", {"type": "string", "enum": ["tatap-muka", "bergerak", "mandiri", "elektronik"]}),
    "level": ("Tingkat pemerintahan.", {"type": "string", "enum": ["kementerian", "lembaga", "provinsi", "kabupaten", "kota"]}),
    "stage": ("Tahapan.", {"type": "string", "example": "penerapan"}),
    "status": ("Status.", {"type": "string", "example": "berjalan"}),
    "sdg": ("Tujuan TPB/SDG 1-17; cocok bila termasuk salah satu TPB inovasi.", {"type": "integer", "minimum": 1, "maximum": 17}),
    "year": ("Tahun diluncurkan (nilai tunggal).", {"type": "integer", "minimum": 1900, "maximum": 2100}),
    "hub": ("Simpul JIPP (slug).", {"type": "string"}),
    "tag": ("Tag (slug).", {"type": "string"}),
    "award": ("Nama penghargaan, mis. Top 45 KIPP 2023.", {"type": "string"}),
}  # fmt: skip


def _facet_parameters():
    params = []
    for facet in FACETS:
        description, schema = FACET_DESCRIPTIONS[facet.name]
        params.append(
            {
                "name": facet.name,
                "in": "query",
                "required": False,
                "description": description + " Dapat diulang; beberapa nilai digabung dengan OR.",
                "schema": {"type": "array", "items": schema},
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
            "dan hitungan tiap faset menerapkan pilihan faset lain tetapi bukan pilihannya sendiri.",
        },
        "servers": [{"url": server_url or "/"}],
        "paths": {
            "/api/v1/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Cari inovasi",
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
                            "schema": {
                                "type": "string",
                                "enum": list(SORTS),
                                "default": "relevance",
                            },
                        },
                        {
                            "name": "year_from",
                            "in": "query",
                            "description": "Tahun diluncurkan, inklusif.",
                            "schema": {"type": "integer", "minimum": 1900, "maximum": 2100},
                        },
                        {
                            "name": "year_to",
                            "in": "query",
                            "description": "Tahun diluncurkan, inklusif.",
                            "schema": {"type": "integer", "minimum": 1900, "maximum": 2100},
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
                            "description": "Parameter tidak sah",
                            "content": {"application/json": {"schema": error}},
                        },
                        "405": {"description": "Hanya GET"},
                    },  # fmt: skip
                }
            }
        },
    }
