// The submission page: keeps polling while the verdict is pending.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("submission-data").textContent);
  if (data.verdict) return;
  const panel = document.getElementById("result");
  window.TDResult.poll(data.id, (sub) => window.TDResult.render(panel, sub)).catch((err) => {
    panel.append(window.TDResult.el("p", "error", err.message));
  });
})();
