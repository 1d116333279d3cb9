"""A tile-grid map of Indonesia's 38 provinces: one square per province, placed by hand on a
16 x 8 grid so that west is left, north is up and neighbours stay neighbours.

Why tiles and not boundaries: no boundary data for all 38 provinces (with the 2022 Papua
splits) under a licence the project can ship was at hand. Tiles also give every province the
same weight, so DKI Jakarta and DI Yogyakarta stay visible next to Papua's provinces.

Each entry: Kemendagri code -> (ISO 3166-2:ID short code, column, row).
"""

TILES = {
    # Sumatra, north-west to south-east
    "11": ("AC", 0, 0),  # Aceh
    "12": ("SU", 1, 1),  # Sumatera Utara
    "13": ("SB", 1, 2),  # Sumatera Barat
    "14": ("RI", 2, 2),  # Riau
    "21": ("KR", 3, 2),  # Kepulauan Riau
    "17": ("BE", 1, 3),  # Bengkulu
    "15": ("JA", 2, 3),  # Jambi
    "19": ("BB", 4, 3),  # Kepulauan Bangka Belitung
    "16": ("SS", 2, 4),  # Sumatera Selatan
    "18": ("LA", 2, 5),  # Lampung
    # Java, Bali and Nusa Tenggara
    "31": ("JK", 4, 5),  # DKI Jakarta
    "36": ("BT", 3, 6),  # Banten
    "32": ("JB", 4, 6),  # Jawa Barat
    "33": ("JT", 5, 6),  # Jawa Tengah
    "34": ("YO", 5, 7),  # DI Yogyakarta
    "35": ("JI", 6, 6),  # Jawa Timur
    "51": ("BA", 7, 6),  # Bali
    "52": ("NB", 8, 6),  # Nusa Tenggara Barat
    "53": ("NT", 9, 6),  # Nusa Tenggara Timur
    # Kalimantan
    "65": ("KU", 7, 1),  # Kalimantan Utara
    "61": ("KB", 6, 2),  # Kalimantan Barat
    "64": ("KI", 7, 2),  # Kalimantan Timur
    "62": ("KT", 6, 3),  # Kalimantan Tengah
    "63": ("KS", 7, 3),  # Kalimantan Selatan
    # Sulawesi
    "75": ("GO", 9, 1),  # Gorontalo
    "71": ("SA", 10, 1),  # Sulawesi Utara
    "72": ("ST", 9, 2),  # Sulawesi Tengah
    "76": ("SR", 8, 3),  # Sulawesi Barat
    "73": ("SN", 8, 4),  # Sulawesi Selatan
    "74": ("SG", 9, 4),  # Sulawesi Tenggara
    # Maluku
    "82": ("MU", 11, 1),  # Maluku Utara
    "81": ("MA", 11, 3),  # Maluku
    # Papua (the six provinces since 2022)
    "96": ("PD", 12, 2),  # Papua Barat Daya
    "92": ("PB", 13, 2),  # Papua Barat
    "91": ("PA", 15, 2),  # Papua
    "94": ("PT", 14, 3),  # Papua Tengah
    "95": ("PE", 15, 3),  # Papua Pegunungan
    "93": ("PS", 15, 4),  # Papua Selatan
}

COLUMNS = 16
ROWS = 8
