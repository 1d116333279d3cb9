// The import job page: asks for the job's progress every second and moves the bar; when
// the job's step ends, reloads the page to show its result. Without this script the page
// refreshes itself every few seconds (a <noscript> refresh), so it works either way.
(function () {
  "use strict";
  var block = document.getElementById("import-progress-block");
  if (!block) return;
  var url = block.getAttribute("data-progress-url");
  var bar = document.getElementById("import-progress");
  var phase = document.getElementById("import-phase");
  var count = document.getElementById("import-count");
  var percent = document.getElementById("import-percent");

  function show(data) {
    if (!data.in_progress) {
      window.location.reload();
      return false;
    }
    if (data.phase) phase.textContent = data.phase;
    count.textContent = data.done + "/" + data.total;
    percent.textContent = data.percent;
    bar.value = data.percent;
    bar.textContent = data.percent + "%";
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (show(data)) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // A lost connection or a restart: try again a little later.
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
