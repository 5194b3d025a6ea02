// The problem page: editor, language switch, Run/Submit through the JSON API with
// live results, and the submissions/leaderboard tabs. Without JavaScript the
// page still works as a plain form.
(function () {
  "use strict";
  const R = window.TDResult;
  const data = JSON.parse(document.getElementById("editor-data").textContent);
  const form = document.getElementById("solve-form");
  const textarea = document.getElementById("code");
  const languageSelect = document.getElementById("language");
  const panel = document.getElementById("result");
  const csrfInput = form.querySelector("input[name=csrf_token]");
  const codes = Object.assign({}, data.saved);
  let language = data.language;
  let busy = false;

  // --- math ---------------------------------------------------------------
  for (const id of ["tab-description", "tab-editorial"]) {
    const element = document.getElementById(id);
    if (window.renderMathInElement && element) {
      window.renderMathInElement(element, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "$", right: "$", display: false },
        ],
        throwOnError: false,
      });
    }
  }

  // --- drafts (in a round: code survives moving between its problems) ----
  function draftOf(lang) {
    if (!data.draftKey) return null;
    try { return window.sessionStorage.getItem(data.draftKey + lang); } catch (e) { return null; }
  }
  function keepDraft(lang, code) {
    if (!data.draftKey) return;
    try { window.sessionStorage.setItem(data.draftKey + lang, code); } catch (e) { /* storage full or off */ }
  }
  const firstDraft = draftOf(language);
  if (firstDraft !== null) textarea.value = firstDraft;

  // --- editor -------------------------------------------------------------
  let editor;
  if (window.TensorDojoEditor) {
    const holder = document.getElementById("editor");
    const mount = document.createElement("div");
    mount.className = "cm-holder";
    holder.append(mount);
    textarea.hidden = true;
    editor = window.TensorDojoEditor.create(mount, textarea.value, {
      onRun: () => send("run"),
      onSubmit: () => send("submit"),
      onChange: (code) => keepDraft(language, code),
    });
  } else {
    editor = {
      getValue: () => textarea.value,
      setValue: (text) => { textarea.value = text; },
      focus: () => textarea.focus(),
    };
    textarea.addEventListener("input", () => keepDraft(language, textarea.value));
    textarea.addEventListener("keydown", (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") {
        ev.preventDefault();
        send(ev.shiftKey ? "submit" : "run");
      }
    });
  }

  languageSelect.addEventListener("change", () => {
    codes[language] = editor.getValue();
    language = languageSelect.value;
    const draft = draftOf(language);
    if (draft !== null) editor.setValue(draft);
    else editor.setValue(codes[language] !== undefined ? codes[language] : (data.starters[language] || ""));
  });

  // --- run / submit -------------------------------------------------------
  function showError(message) {
    panel.hidden = false;
    panel.replaceChildren(R.el("p", "error", message));
    panel.firstChild.setAttribute("role", "alert");
  }

  async function send(mode) {
    if (!data.signedIn) { window.location = "/login?next=" + encodeURIComponent(window.location.pathname); return; }
    if (busy) return;
    busy = true;
    form.classList.add("busy");
    const code = editor.getValue();
    codes[language] = code;
    panel.hidden = false;
    panel.replaceChildren(R.el("p", "muted", mode === "run" ? "Sending to Run…" : "Sending to Submit…"));
    const request = { problem: data.slug, language: language, mode: mode, code: code };
    if (data.round) request.round_attempt = data.round;
    try {
      const resp = await fetch("/api/submissions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfInput ? csrfInput.value : "" },
        body: JSON.stringify(request),
      });
      let body = {};
      try { body = await resp.json(); } catch (e) { body = {}; }
      if (!resp.ok) {
        showError(body.detail || ("request failed (" + resp.status + ")"));
        if (data.round && resp.status === 409) document.dispatchEvent(new CustomEvent("td-round-over"));
        return;
      }
      await R.follow(panel, body.id);
      const submissionsTab = document.getElementById("tab-submissions");
      if (submissionsTab && !submissionsTab.hidden) loadTab("submissions");
    } catch (err) {
      showError(err.message);
    } finally {
      busy = false;
      form.classList.remove("busy");
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const mode = ev.submitter && ev.submitter.value === "run" ? "run" : "submit";
    send(mode);
  });

  // --- tabs ---------------------------------------------------------------
  function table(headers, rows) {
    const t = R.el("table");
    const tr = R.el("tr");
    for (const h of headers) tr.append(R.el("th", null, h));
    const thead = R.el("thead");
    thead.append(tr);
    t.append(thead);
    const body = R.el("tbody");
    for (const row of rows) body.append(row);
    t.append(body);
    return t;
  }

  async function loadTab(name) {
    const box = document.getElementById("tab-" + name);
    let url;
    if (name === "submissions") {
      if (!data.signedIn) { box.replaceChildren(R.el("p", "muted", "Log in to see your submissions.")); return; }
      url = "/api/submissions?problem=" + encodeURIComponent(data.slug);
    } else {
      url = "/api/problems/" + encodeURIComponent(data.slug) + "/leaderboard";
    }
    const resp = await fetch(url);
    if (!resp.ok) { box.replaceChildren(R.el("p", "error", "could not load (" + resp.status + ")")); return; }
    const items = await resp.json();
    if (!items.length) {
      box.replaceChildren(R.el("p", "muted", name === "submissions" ? "No submissions yet." : "No accepted submission yet. Be the first!"));
      return;
    }
    const rows = items.map((it) => {
      const tr = R.el("tr");
      if (name === "submissions") {
        const a = R.el("a", null, "#" + it.id);
        a.href = "/submissions/" + it.id;
        const td = R.el("td"); td.append(a); tr.append(td);
        tr.append(R.el("td", null, it.mode));
        tr.append(R.el("td", null, it.language));
        const v = R.el("td"); v.append(R.el("span", "verdict-tag " + R.verdictClass(it.status), it.status)); tr.append(v);
        tr.append(R.el("td", null, R.ms(it.user_ms)));
      } else {
        const rank = R.el("td");
        if (data.isAdmin || (data.username && it.username === data.username)) {
          const a = R.el("a", null, it.rank);  // the code opens for its author and admins only
          a.href = "/submissions/" + it.submission_id;
          a.title = "submission #" + it.submission_id;
          rank.append(a);
        } else {
          rank.textContent = String(it.rank);
        }
        tr.append(rank);
        tr.append(R.el("td", "user", it.username));
        tr.append(R.el("td", null, it.language));
        tr.append(R.el("td", null, it.device));
        tr.append(R.el("td", null, R.ms(it.user_ms)));
        tr.append(R.el("td", null, R.ms(it.reference_ms)));
      }
      return tr;
    });
    const headers = name === "submissions" ? ["#", "Mode", "Language", "Verdict", "Time"] : ["#", "User", "Language", "Device", "Time", "Reference"];
    const t = table(headers, rows);
    t.className = name === "submissions" ? "submissions" : "leaderboard";
    box.replaceChildren(t);
    if (name === "leaderboard") {
      const more = R.el("a", "muted", "By language and device…");
      more.href = "/problems/" + encodeURIComponent(data.slug) + "/leaderboard";
      const p = R.el("p");
      p.append(more);
      box.append(p);
    }
  }

  const LOCAL_TABS = ["description", "editorial"];  // rendered with the page

  function openTab(tab) {
    const name = tab.dataset.tab;
    for (const other of document.querySelectorAll(".tabs [data-tab]")) other.classList.toggle("active", other === tab);
    for (const body of document.querySelectorAll(".tab-body")) body.hidden = body.id !== "tab-" + name;
    if (!LOCAL_TABS.includes(name)) loadTab(name).catch((err) => showError(err.message));
  }

  for (const tab of document.querySelectorAll(".tabs [data-tab]")) {
    tab.addEventListener("click", (ev) => {
      ev.preventDefault();
      openTab(tab);
    });
  }
  const linked = window.location.hash === "#editorial" && document.querySelector(".tabs [data-tab=editorial]");
  if (linked) openTab(linked);

  window.tdProblem = { editor: editor, send: send };
})();
