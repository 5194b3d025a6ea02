// The submission page: keeps the result current while the verdict is pending.
(function () {
  "use strict";
  const panel = document.getElementById("result");
  const body = panel.querySelector("[data-status]");
  if (!window.TDResult.isPending(body.dataset.status)) return;
  window.TDResult.follow(panel, body.dataset.submission, { detailsLink: false }).catch((err) => {
    panel.append(window.TDResult.el("p", "error", err.message));
  });
})();
