"""Build innovations/data/province_neighbours.json: which provinces share a land border.

A one-off script with no dependencies: the site reads only the JSON it writes.

Source: the province outlines of the project's own map, stats/data/provinces.svg.json (see
stats/data/README.md): Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain) for
the 33 provinces of 2012; for the five provinces created since (Kalimantan Utara, Papua
Selatan, Papua Tengah, Papua Pegunungan, Papua Barat Daya) the split lines are estimated from
village points, so only their borders with their former parents and each other rest on that
estimate. The outlines were simplified as one coverage, so neighbours keep exactly the same
vertices along their common border: two provinces are neighbours when their outlines share
at least MIN_SHARED_EDGES edges (a real stretch of border, not one touching corner).

Provinces across a strait (Bali and Jawa Timur, Banten and Lampung) are not neighbours here:
only a land border counts. Seven provinces (Kepulauan Bangka Belitung, Kepulauan Riau, Bali,
Nusa Tenggara Barat, Nusa Tenggara Timur, Maluku, Maluku Utara) have none.

    python3 scripts/build_province_neighbours.py
"""

import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "stats" / "data" / "provinces.svg.json"
REGIONS = ROOT / "innovations" / "data" / "regions.json"
OUTPUT = ROOT / "innovations" / "data" / "province_neighbours.json"
MIN_SHARED_EDGES = 2


def rings(path):
    """The closed outlines of an SVG path made of M, l and z (as the map writes them), with
    coordinates in tenths of a unit as integers, so that shared vertices compare exactly."""
    tokens = re.findall(r"[MlzZ]|-?\d*\.?\d+", path)
    result, ring, command, x, y, i = [], [], None, 0, 0, 0
    while i < len(tokens):
        token = tokens[i]
        if token in "MlzZ":
            command, i = token, i + 1
            if token in "zZ":
                result.append(ring)
                ring = []
            continue
        a, b = round(float(token) * 10), round(float(tokens[i + 1]) * 10)
        i += 2
        if command == "M":
            x, y, ring, command = a, b, [(a, b)], "l"  # later pairs of an M are relative
        elif command == "l":
            x, y = x + a, y + b
            ring.append((x, y))
        else:
            raise ValueError(f"unexpected path command {command!r}")
    if ring:
        result.append(ring)
    return result


def edges(path):
    found = set()
    for ring in rings(path):
        for start, end in zip(ring, ring[1:] + ring[:1], strict=True):
            if start != end:
                found.add(frozenset((start, end)))
    return found


def main():
    outlines = json.loads(MAP.read_text(encoding="utf-8"))["provinces"]
    names = {p["code"]: p["name"] for p in json.loads(REGIONS.read_text("utf-8"))["provinces"]}
    if set(outlines) != set(names):
        print("the map and regions.json disagree on the provinces", file=sys.stderr)
        return 1
    by_code = {code: edges(outline["d"]) for code, outline in outlines.items()}
    neighbours = {code: [] for code in sorted(names)}
    for a, b in itertools.combinations(sorted(by_code), 2):
        if len(by_code[a] & by_code[b]) >= MIN_SHARED_EDGES:
            neighbours[a].append(b)
            neighbours[b].append(a)
    for code, others in neighbours.items():
        print(code, names[code], "-", ", ".join(names[o] for o in others) or "(none)")
    output = {
        "source": "Batas darat antarprovinsi pada peta provinsi proyek ini "
        "(stats/data/provinces.svg.json): Natural Earth 1:10m Admin 1 (domain publik); garis "
        "batas lima provinsi baru diperkirakan (lihat stats/data/README.md)",
        "retrieved_from": "stats/data/provinces.svg.json, made by scripts/build_province_map.py; "
        "neighbours computed by scripts/build_province_neighbours.py",
        "rule": f"two provinces are neighbours when their outlines share at least "
        f"{MIN_SHARED_EDGES} edges of border (land borders only; none across the sea)",
        "neighbours": neighbours,
    }
    OUTPUT.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pairs = sum(len(o) for o in neighbours.values()) // 2
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {pairs} pairs of neighbours")
    return 0


if __name__ == "__main__":
    sys.exit(main())
