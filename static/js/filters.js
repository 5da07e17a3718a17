// The browse filters fold away behind their "Filters (n)" summary on narrow screens,
// where they would otherwise push the results below the fold. Without this script they
// stay open everywhere.
for (const details of document.querySelectorAll("details[data-fold-below]")) {
  if (window.matchMedia(`(max-width: ${details.dataset.foldBelow})`).matches) {
    details.open = false;
  }
}
