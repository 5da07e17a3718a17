// Reordering the rows of an admin inline: up and down buttons beside each "position"
// input for the keyboard, and a handle to drag the row with the mouse (HTML5 drag and
// drop). Every move renumbers the rows of its group in the order shown, so the numbers
// are still sent as an ordinary form field, and is announced to screen readers.
// The texts come in the curator's language on the inputs' data attributes
// (exhibitions.admin.OrderedInlineMixin).
"use strict";
{
  const ROW = "tr.form-row, div.inline-related";
  const POSITION = 'input[name$="-position"]';
  let dragged = null;

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

  function announce(row) {
    const group = row.closest(".inline-group");
    const list = rows(group);
    const text = row.querySelector(POSITION).dataset.moved || "Moved to position {position} of {count}.";
    group.querySelector(".ordering-status").textContent = text
      .replace("{position}", list.indexOf(row) + 1)
      .replace("{count}", list.length);
  }

  function place(row, target, after) {
    if (after) target.after(row);
    else target.before(row);
    renumber(row.closest(".inline-group"));
    announce(row);
  }

  function move(button, step) {
    const row = button.closest(ROW);
    const list = rows(row.closest(".inline-group"));
    const other = list[list.indexOf(row) + step];
    if (other) place(row, other, step > 0);
    // Moving the row took the focus from its button; the next press moves it again.
    button.focus();
  }

  function addControls(input) {
    if (input.dataset.ordering === "ready" || input.closest(".empty-form")) return;
    input.dataset.ordering = "ready";
    input.size = 3;
    const group = input.closest(".inline-group");
    if (!group.querySelector(".ordering-status")) {
      const status = document.createElement("p");
      status.className = "ordering-status";
      status.setAttribute("aria-live", "polite");
      group.append(status);
    }
    const controls = document.createElement("span");
    controls.className = "ordering-controls";
    input.before(controls);
    controls.append(input);
    const buttons = [
      ["↑", input.dataset.moveUp || "Move up", -1],
      ["↓", input.dataset.moveDown || "Move down", 1],
    ];
    for (const [text, label, step] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ordering-button";
      button.textContent = text;
      button.title = label;
      button.setAttribute("aria-label", label);
      button.addEventListener("click", () => move(button, step));
      controls.append(button);
    }
    const handle = document.createElement("span");
    handle.className = "ordering-handle";
    handle.draggable = true;
    handle.title = input.dataset.drag || "Drag to move";
    // Keyboard and screen reader users have the buttons; the handle is for the mouse.
    handle.setAttribute("aria-hidden", "true");
    handle.textContent = "⠿";
    handle.addEventListener("dragstart", (event) => {
      dragged = input.closest(ROW);
      dragged.classList.add("ordering-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
      event.dataTransfer.setDragImage(dragged, 16, 16);
    });
    handle.addEventListener("dragend", endDrag);
    controls.append(handle);
  }

  // Where the dragged row would land: before or after the row under the pointer, in the
  // same group; none for anything else.
  function dropPlace(event) {
    const target = dragged && event.target.closest && event.target.closest(ROW);
    if (!target || target === dragged || target.closest(".empty-form")) return null;
    if (target.closest(".inline-group") !== dragged.closest(".inline-group")) return null;
    if (!target.querySelector(POSITION)) return null;
    const box = target.getBoundingClientRect();
    return { target, after: event.clientY > box.top + box.height / 2 };
  }

  function clearMarks() {
    document
      .querySelectorAll(".ordering-drop-before, .ordering-drop-after")
      .forEach((row) => row.classList.remove("ordering-drop-before", "ordering-drop-after"));
  }

  function endDrag() {
    clearMarks();
    if (dragged) dragged.classList.remove("ordering-dragged");
    dragged = null;
  }

  document.addEventListener("dragover", (event) => {
    const drop = dropPlace(event);
    if (!drop) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    drop.target.classList.add(drop.after ? "ordering-drop-after" : "ordering-drop-before");
  });

  document.addEventListener("drop", (event) => {
    const drop = dropPlace(event);
    if (!drop) return;
    event.preventDefault();
    const row = dragged;
    endDrag();
    place(row, drop.target, drop.after);
  });

  function init(root) {
    root.querySelectorAll(`.inline-group ${POSITION}`).forEach(addControls);
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("formset:added", (event) => {
    init(event.target);
    renumber(event.target.closest(".inline-group"));
  });
}
