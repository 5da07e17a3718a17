// The labels' print page: a Print button (without this script, the browser's own Print
// menu does the same), and a warning on each label whose text does not fit its size,
// which the stylesheet would otherwise cut off without a word.
const printButton = document.querySelector("[data-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}

for (const label of document.querySelectorAll(".label")) {
  const body = label.querySelector(".label__body");
  const warning = label.querySelector("[data-overflow-warning]");
  if (body && warning && body.scrollHeight > body.clientHeight + 1) {
    warning.hidden = false;
  }
}
