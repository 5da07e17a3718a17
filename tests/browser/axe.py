"""The axe-core rules the browser tests hold pages to."""

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The public pages: WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks, heading
# order, one h1).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG, "best-practice"]},
    "resultTypes": ["violations"],
}
# The admin: WCAG 2.0-2.2 A and AA, as the public pages (Django's own pages do not follow
# every best practice, and are not ours to rewrite).
ADMIN_AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
# The curators' window the admin's forms are made to fit.
WINDOW = {"width": 1366, "height": 900}
