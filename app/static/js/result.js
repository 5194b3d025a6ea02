// Renders a submission (the /api/submissions/{id} JSON) into a result panel.
// Every piece of text goes through textContent: judge messages and user output
// are never interpreted as HTML.
(function () {
  "use strict";

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
    if (status === "ACCEPTED") return "ok";
    if (status === "QUEUED" || status === "RUNNING") return "pending";
    return "bad";
  }

  function render(panel, sub) {
    panel.hidden = false;
    panel.replaceChildren();
    const head = el("div", "result-head");
    const verdict = el("p", "verdict " + verdictClass(sub.status), sub.status);
    verdict.id = "verdict";
    head.append(verdict);
    head.append(el("span", "muted", (sub.mode === "run" ? "Run" : "Submit") + " #" + sub.id));
    const link = el("a", "muted", "details");
    link.href = "/submissions/" + sub.id;
    head.append(link);
    panel.append(head);
    if (sub.status === "QUEUED" || sub.status === "RUNNING") {
      panel.append(el("p", "muted", sub.status === "QUEUED" ? "Waiting for a judge…" : "Judging…"));
      return;
    }
    if (sub.message) panel.append(el("pre", "message", sub.message));
    const result = sub.result || {};
    const timing = result.timing || {};
    if (timing.user_ms !== null && timing.user_ms !== undefined) {
      let text = "Your time " + ms(timing.user_ms) + " · reference " + ms(timing.reference_ms);
      if (timing.ratio) text += " · ratio " + timing.ratio.toFixed(2) + "×";
      if (timing.threshold) text += " (limit " + timing.threshold + "×)";
      if (result.device) text += " · " + result.device;
      const t = el("p", "timing", text);
      t.id = "timing";
      panel.append(t);
    }
    if (result.functions && result.functions.length) {
      const list = el("ul", "functions");
      for (const f of result.functions) {
        list.append(el("li", verdictClass(f.verdict), f.name + ": " + f.verdict + " (" + f.passed + "/" + f.total + ")" + (f.message ? " - " + f.message : "")));
      }
      panel.append(list);
    }
    const tests = result.tests || [];
    if (tests.length) {
      const table = el("table", "tests");
      const thead = el("thead");
      const hr = el("tr");
      for (const h of ["Test", "Result", "Time", "Details"]) hr.append(el("th", null, h));
      thead.append(hr);
      table.append(thead);
      const body = el("tbody");
      for (const test of tests) {
        const tr = el("tr", test.passed ? "ok" : "bad");
        tr.append(el("td", null, (test.function ? test.function + ": " : "") + test.name));
        tr.append(el("td", null, test.passed ? "passed" : "failed"));
        tr.append(el("td", null, ms(test.time_ms)));
        const details = el("td");
        if (test.message) details.append(el("pre", null, test.message));
        if (test.inputs || test.expected || test.got) {
          const d = el("details");
          d.open = !test.passed;
          d.append(el("summary", null, "inputs / expected / got"));
          d.append(el("pre", null, "inputs: " + (test.inputs || "") + "\nexpected: " + (test.expected || "") + "\ngot: " + (test.got || "")));
          details.append(d);
        }
        tr.append(details);
        body.append(tr);
      }
      table.append(body);
      panel.append(table);
    }
    if (result.stdout) {
      panel.append(el("h3", null, "Your output"));
      panel.append(el("pre", "stdout", result.stdout));
    }
  }

  async function poll(id, onUpdate) {
    let delay = 300;
    for (;;) {
      const resp = await fetch("/api/submissions/" + id, { headers: { Accept: "application/json" } });
      if (!resp.ok) throw new Error("could not load submission " + id + " (" + resp.status + ")");
      const sub = await resp.json();
      onUpdate(sub);
      if (sub.verdict) return sub;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(1000, delay + 100);
    }
  }

  window.TDResult = { render: render, poll: poll, el: el, ms: ms, verdictClass: verdictClass };
})();
