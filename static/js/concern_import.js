// The concern import's progress bar: polls the job's status and reloads when done.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  if (!bar || !bar.dataset.statusUrl) {
    return;
  }
  var url = bar.dataset.statusUrl;
  var delay = 1000;

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.processed;
    if (text) {
      text.textContent = status.text;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.checking) {
          window.setTimeout(poll, delay);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
