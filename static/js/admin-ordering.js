// Up and down buttons beside the "position" input of each admin inline row. Moving a row
// renumbers every row of its group in the order shown, so curators reorder sections and
// objects without retyping numbers. The numbers are still sent as an ordinary form field.
"use strict";
{
  const ROW = "tr.form-row, div.inline-related";
  const POSITION = 'input[name$="-position"]';

  function rows(group) {
    return [...group.querySelectorAll(POSITION)]
      .filter((input) => !input.closest(".empty-form"))
      .map((input) => input.closest(ROW));
  }

  function renumber(group) {
    rows(group).forEach((row, index) => {
      row.querySelector(POSITION).value = index + 1;
    });
  }

  function move(row, step) {
    const group = row.closest(".inline-group");
    const list = rows(group);
    const other = list[list.indexOf(row) + step];
    if (!other) return;
    if (step < 0) other.before(row);
    else other.after(row);
    renumber(group);
    row.querySelector(POSITION).focus();
  }

  function addButtons(input) {
    if (input.dataset.ordering || input.closest(".empty-form")) return;
    input.dataset.ordering = "ready";
    input.size = 3;
    for (const [text, label, step] of [["↓", "Move down", 1], ["↑", "Move up", -1]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.title = label;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", () => move(input.closest(ROW), step));
      input.after(button);
    }
  }

  function init(root) {
    root.querySelectorAll(`.inline-group ${POSITION}`).forEach(addButtons);
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("formset:added", (event) => {
    init(event.target);
    renumber(event.target.closest(".inline-group"));
  });
}
