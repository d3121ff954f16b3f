"""axe-core, the accessibility rules engine, run inside a page."""

import json

from .conftest import HERE, skip_or_fail

AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# What keeps someone from using the page; "moderate" and "minor" findings are
# worth fixing but do not stop anyone.
BLOCKING = {"serious", "critical"}


def axe_script():
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed: {AXE.relative_to(HERE.parents[1])} is "
                     "missing (make test installs it with npm)")
    return AXE


def blocking_violations(page):
    """The serious and critical WCAG 2.x A/AA violations on the page as shown."""
    # Evaluated, not added as an inline <script>, which the Content-Security-Policy refuses.
    page.evaluate(axe_script().read_text() + "\n;true")
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                             'wcag22aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
            "html": [node["html"][:200] for node in violation["nodes"]][:3],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


def describe(violations):
    return json.dumps(violations, indent=2, ensure_ascii=False)
