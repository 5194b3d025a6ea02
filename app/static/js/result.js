// Shows a submission's result in a panel. The server renders the result (the same
// template as the submission page, served alone at /submissions/{id}/result); this
// file fetches it and follows it until the verdict is in. Verdict and state names
// come from /js/vocabulary.js, which the server generates from the judge's enums.
(function () {
  "use strict";
  const V = window.TDVocabulary;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function ms(value) {
    if (value === null || value === undefined) return "-";
    return value < 10 ? value.toFixed(3) + " ms" : value.toFixed(1) + " ms";
  }

  function verdictClass(status) {
    return V.classes[status] || "bad";
  }

  function isPending(status) {
    return V.pending.includes(status);
  }

  // Fetches the rendered result once, puts it in the panel; returns its status.
  async function show(panel, id, withDetailsLink) {
    const url = "/submissions/" + encodeURIComponent(id) + "/result" + (withDetailsLink ? "" : "?details=false");
    const resp = await fetch(url, { headers: { Accept: "text/html" } });
    if (!resp.ok) throw new Error("could not load submission " + id + " (" + resp.status + ")");
    // The fragment is the server's own template output, escaped there; the page's
    // content security policy would refuse any script in it anyway.
    const holder = document.createElement("template");
    holder.innerHTML = await resp.text();
    panel.replaceChildren(holder.content);
    panel.hidden = false;
    const body = panel.querySelector("[data-status]");
    return body ? body.dataset.status : null;
  }

  // Shows the result and keeps it current until the verdict is in; resolves with the verdict.
  async function follow(panel, id, options) {
    const withDetailsLink = !options || options.detailsLink !== false;
    let delay = 300;
    for (;;) {
      const status = await show(panel, id, withDetailsLink);
      if (!isPending(status)) return status;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(1000, delay + 100);
    }
  }

  window.TDResult = { follow: follow, el: el, ms: ms, verdictClass: verdictClass, isPending: isPending };
})();
