// A round in progress: the countdown, kept in step with the server's clock (which is the
// one that counts: once it says time is up, the page goes to the report), questions asked
// without leaving the page, and a confirmation before ending the round early.
(function () {
  "use strict";
  const SYNC_MS = 5000;
  const bar = document.getElementById("round-bar");
  const display = document.getElementById("countdown");
  const attempt = bar.dataset.attempt;
  const report = "/rounds/attempts/" + encodeURIComponent(attempt) + "/report";
  const csrfInput = document.querySelector("#finish-form input[name=csrf_token]");
  let deadline = performance.now() + parseFloat(bar.dataset.remaining) * 1000;
  let leaving = false;

  function leave() {
    if (leaving) return;
    leaving = true;
    window.location.assign(report);
  }

  function show() {
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = left % 60;
    display.textContent = minutes + ":" + String(seconds).padStart(2, "0");
    display.classList.toggle("low", left <= 300);
    display.setAttribute("aria-label", "Time left: " + minutes + " min " + seconds + " s");
    return left;
  }

  async function sync() {
    try {
      const resp = await fetch("/api/rounds/attempts/" + encodeURIComponent(attempt), { cache: "no-store" });
      if (!resp.ok) return;
      const state = await resp.json();
      if (!state.open) { leave(); return; }
      deadline = performance.now() + state.remaining_s * 1000;
      show();
    } catch (err) { /* offline for a moment: the next sync catches up */ }
  }

  let lastSync = performance.now();
  window.setInterval(() => {
    const left = show();
    if (left === 0 || performance.now() - lastSync >= SYNC_MS) {
      lastSync = performance.now();
      sync();
    }
  }, 1000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) sync(); });
  document.addEventListener("td-round-over", leave);  // the server refused a submission: time is up
  show();

  // --- clarifying questions -------------------------------------------------
  for (const form of document.querySelectorAll("form.ask-form")) {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const button = form.querySelector("button");
      button.disabled = true;
      try {
        const resp = await fetch("/api/rounds/attempts/" + encodeURIComponent(attempt) + "/questions", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfInput.value },
          body: JSON.stringify({
            problem_index: parseInt(form.dataset.problem, 10),
            question_index: parseInt(form.dataset.question, 10),
          }),
        });
        if (resp.status === 409) { leave(); return; }
        const body = await resp.json();
        if (!resp.ok) throw new Error(body.detail || "could not ask (" + resp.status + ")");
        const answer = document.createElement("div");
        answer.className = "answer math";
        // The server's own rendering of the round's YAML (Markdown, escaped there).
        const holder = document.createElement("template");
        holder.innerHTML = body.answer_html;
        answer.append(holder.content);
        form.closest("li").classList.add("asked");
        form.replaceWith(answer);
        if (window.TDMath) window.TDMath.render(answer);
      } catch (err) {
        button.disabled = false;
        const note = document.createElement("span");
        note.className = "error";
        note.textContent = err.message;
        form.append(note);
      }
    });
  }

  // --- ending early -----------------------------------------------------------
  document.getElementById("finish-form").addEventListener("submit", (ev) => {
    if (!window.confirm("End the round now? Your report is made from what you submitted so far.")) ev.preventDefault();
  });
})();
