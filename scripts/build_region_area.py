"""Build innovations/data/area.json: the area (luas, km²) of every province and kabupaten/kota.

A one-off script: the site reads only the JSON it writes (the reference data loads it, and
density is population / area, computed from the two official figures, never estimated).

Source: `db/wilayah_luas.sql` of https://github.com/cahyadsn/wilayah (MIT), commit
0bbaa305a016050bfb550fba4f25acbd89d233ce, the same public dataset the region codes and the
population figures come from. Its header says the codes are those of Kepmendagri No.
300.2.2-2138 Tahun 2025 and the areas come from Badan Informasi Geospasial: letter of the
Deputi Bidang Informasi Geospasial Dasar No. B-16.10/DIGD-BIG/IGD.04.04/12/2024 of
16 December 2024, "Penghitungan Luas Wilayah di Seluruh Indonesia".

    curl -LO https://raw.githubusercontent.com/cahyadsn/wilayah/0bbaa305a016050bfb550fba4f25acbd89d233ce/db/wilayah_luas.sql
    python3 scripts/build_region_area.py wilayah_luas.sql

The dump writes some codes as if they were numbers: "11.1" is 11.10, "12.2" is 12.20 and
"31.0" is the province 31 (DKI Jakarta). Each row's name is checked against
innovations/data/regions.json so that a code read wrongly cannot slip through, and every one
of the 38 provinces and 514 kabupaten/kota must have a figure.

Checks (printed, and recorded in the JSON): each province equals the sum of its
kabupaten/kota to the square metre (the dump gives three decimals of km²); the script fails
otherwise. Two oddities of the source are kept as they are, not corrected by guesswork:
Kabupaten Padang Lawas Utara and Kabupaten Padang Lawas have the same figure (3,914.413 km²),
and Kota Banda Aceh's 56.835 km² is a thousandth of Aceh's 56,835.019 km².
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "innovations" / "data" / "regions.json"
OUTPUT = ROOT / "innovations" / "data" / "area.json"
COMMIT = "0bbaa305a016050bfb550fba4f25acbd89d233ce"
TOLERANCE = 0.0015  # km²: three rounded decimals per region

ROW = re.compile(r"\('([\d.]+)','([^']*)',([\d.]+)\)")


def normalise_code(raw):
    """'11.1' -> '11.10', '31.0' -> '31', '11.01' -> '11.01', '11' -> '11'."""
    if "." not in raw:
        return raw
    province, regency = raw.split(".")
    if regency == "0":
        return province
    return f"{province}.{regency.ljust(2, '0')}"


def comparable(name):
    """'Kab Timor Tengah Selatan' and 'Kabupaten Timor Tengah Selatan' compare equal; so do
    'Kota Administrasi Jakarta Pusat' and 'Kota Adm. Jakarta Pusat'."""
    name = name.lower().replace("kab ", "kabupaten ").replace("kep. ", "kepulauan ")
    name = re.sub(r"\b(administrasi|adm\.)\s*", "", name)
    return re.sub(r"[^a-z]", "", name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sql", type=Path, help="db/wilayah_luas.sql of cahyadsn/wilayah")
    args = parser.parse_args()

    regions = json.loads(REGIONS.read_text(encoding="utf-8"))
    names = {}
    for province in regions["provinces"]:
        names[province["code"]] = province["name"]
        for regency in province["regencies"]:
            names[regency["code"]] = regency["name"]

    area, problems = {}, []
    for raw, name, luas in ROW.findall(args.sql.read_text(encoding="utf-8")):
        code = normalise_code(raw)
        if code not in names:
            problems.append(f"{raw} {name}: no such code in regions.json")
            continue
        ours = names[code]
        if "." in code and comparable(ours) != comparable(name):
            problems.append(f"{raw} {name}: regions.json names {code} {ours}")
        if code in area:
            problems.append(f"{raw} {name}: {code} twice")
        area[code] = float(luas)
    missing = sorted(set(names) - set(area))
    if missing:
        problems.append(f"no area for {', '.join(missing)}")

    checks = []
    for province in regions["provinces"]:
        code = province["code"]
        total = sum(area.get(r["code"], 0) for r in province["regencies"])
        difference = total - area.get(code, 0)
        checks.append((code, province["name"], area.get(code), round(total, 3), difference))
        if abs(difference) > TOLERANCE:
            problems.append(f"{code} {province['name']}: regions sum to {total:.3f} km², "
                            f"the province is {area.get(code)} km²")  # fmt: skip
    for code, name, luas, total, difference in checks:
        print(f"{code} {name:28} {luas:>12,.3f} {total:>12,.3f} {difference:+.4f}")
    national = sum(area[p["code"]] for p in regions["provinces"])
    print(f"Indonesia {national:,.3f} km²")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    output = {
        "source": "Badan Informasi Geospasial, Surat Deputi Bidang Informasi Geospasial Dasar "
        "No. B-16.10/DIGD-BIG/IGD.04.04/12/2024 tentang Penghitungan Luas Wilayah di Seluruh "
        "Indonesia; kode wilayah menurut Kepmendagri No. 300.2.2-2138 Tahun 2025",
        "source_date": "2024-12-16",
        "retrieved_from": "https://github.com/cahyadsn/wilayah db/wilayah_luas.sql (commit "
        f"{COMMIT}; made by scripts/build_region_area.py)",
        "unit": "km2",
        "checked": (
            "Every province and kabupaten/kota of regions.json has a figure, matched by code "
            "and name. Each province equals the sum of its kabupaten/kota (to 0.001 km²); "
            f"the 38 provinces add up to {national:,.3f} km². Kept as the source has them: "
            "Padang Lawas Utara and Padang Lawas share one figure (3,914.413 km²)."
        ),
        "area": {code: area[code] for code in sorted(area)},
    }
    OUTPUT.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(area)} regions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
