// An import's or an export's page follows its background job: the status is polled once
// a second and the page reloads when the job stops running (checked, done or failed).
(function () {
  "use strict";
  var section = document.getElementById("import-status");
  if (!section || !section.dataset.statusUrl) {
    return;
  }
  var url = section.dataset.statusUrl;
  function text(id, value) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = value;
    }
  }
  function show(status) {
    text("import-state", status.label);
    text("import-step", status.step);
    text("import-numbers", status.total ? status.done + " / " + status.total : "");
    var bar = document.getElementById("import-progress");
    if (bar) {
      bar.max = status.total || 1;
      bar.value = status.done;
      bar.textContent = status.done + " / " + status.total;
    }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status && !status.running) {
          window.location.reload();
          return;
        }
        if (status) {
          show(status);
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
