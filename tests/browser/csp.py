"""Content-Security-Policy violations as Chromium reports them, for the browser tests."""

# Added before any page script runs; Playwright's init scripts are not subject to the
# page's policy, so the listener is there even where the policy blocks everything else.
_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || document.location.pathname}:${event.lineNumber})`
  );
});
"""


class PolicyWatch:
    """Every violation on ``page`` from now on: the securitypolicyviolation events of each
    document, and the console's "Refused to ..." reports."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(_LISTENER)
        page.on("console", self.on_console)

    def on_console(self, message):
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def violations(self):
        """This document's violations and the console's so far."""
        events = self.page.evaluate("window.__cspViolations || []")
        return [f"{self.page.url}: {event}" for event in events] + self.console
