"""Helpers for the browser tests: where Chromium and axe-core are, screenshots, axe runs."""

import re
from pathlib import Path

from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 667}

# WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def screenshot(page, name):
    """Saves a full-page PNG as var/screenshots/<name>.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page):
    """Runs axe-core on the page (WCAG 2.0/2.1 A and AA rules); returns all violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(" "), html: n.html, summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )
    return result


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)
