// The import page follows its background job: the status is polled once a second and
// the page reloads when the job stops running (checked, done or failed).
(function () {
  "use strict";
  var section = document.getElementById("import-status");
  if (!section || !section.dataset.statusUrl) {
    return;
  }
  var url = section.dataset.statusUrl;
  function show(status) {
    document.getElementById("import-state").textContent = status.label;
    document.getElementById("import-step").textContent = status.step;
    var bar = document.getElementById("import-progress");
    bar.max = status.total || 1;
    bar.value = status.done;
    bar.textContent = status.done + " / " + status.total;
    document.getElementById("import-numbers").textContent =
      status.total ? status.done + " / " + status.total : "";
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
