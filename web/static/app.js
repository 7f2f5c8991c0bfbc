// jixiao serve: editing a form in place. The page works without this file
// (reading, downloads, uploads); with it the pale yellow cells can be
// edited: every change is checked and scored by the server at once, and
// "保存修改" writes the changes into the data file.
"use strict";

(function () {
  const app = document.getElementById("app");
  if (!app) return;
  const sheet = document.getElementById("sheet");
  const saveBtn = document.getElementById("save");
  const discardBtn = document.getElementById("discard");
  const status = document.getElementById("status");
  let etag = app.dataset.etag;
  let pending = {};   // field → the value typed
  let original = {};  // field → the value the file holds
  let inflight = Promise.resolve(); // the check running, if any

  function remember() {
    original = {};
    sheet.querySelectorAll("td.ed[data-field]").forEach(function (td) {
      original[td.dataset.field] = td.dataset.value;
    });
  }
  remember();

  function say(text, kind) {
    status.textContent = "";
    status.className = "status" + (kind ? " " + kind : "");
    if (text) status.append(text);
  }

  function body() {
    const p = new URLSearchParams();
    p.set("etag", etag);
    for (const f of Object.keys(pending)) p.set("f." + f, pending[f]);
    return p;
  }

  function markChanged() {
    sheet.querySelectorAll("td.ed[data-field]").forEach(function (td) {
      td.classList.toggle("changed", Object.prototype.hasOwnProperty.call(pending, td.dataset.field));
    });
    const n = Object.keys(pending).length;
    saveBtn.disabled = n === 0;
    discardBtn.disabled = n === 0;
  }

  function showChanges(list, saved) {
    const ul = document.getElementById("changes");
    ul.textContent = "";
    if (!list || list.length === 0) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = saved ? "已保存。" : "没有修改。";
      ul.append(li);
      return;
    }
    for (const c of list) {
      const li = document.createElement("li");
      li.textContent = c;
      ul.append(li);
    }
  }

  // show puts the server's answer on the page: the sheet drawn again, the
  // diagnostics, 总分 and 等级. Both HTML parts are made and escaped by the
  // server (render/html, html/template).
  function show(a) {
    if (a.sheet) sheet.innerHTML = a.sheet;
    if (a.diags !== undefined) document.getElementById("diags").innerHTML = a.diags;
    document.getElementById("total").textContent = a.total || "";
    document.getElementById("grade").textContent = a.grade || "";
    document.getElementById("counts").textContent = a.errors + " 个错误，" + a.warnings + " 个警告";
  }

  async function send(url) {
    const res = await fetch(url, {
      method: "POST",
      body: body(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    });
    let a;
    try { a = await res.json(); } catch (e) { a = { ok: false, message: "服务器没有回答（" + res.status + "）" }; }
    return a;
  }

  function stale(a) {
    say("", "error");
    status.append(a.message + " ");
    const link = document.createElement("a");
    link.href = location.pathname;
    link.textContent = "重新载入";
    link.id = "reload";
    status.append(link);
    saveBtn.disabled = true;
  }

  function preview() {
    inflight = inflight.then(check);
    return inflight;
  }

  async function check() {
    say("正在检查…");
    try {
      const a = await send(app.dataset.preview);
      if (a.stale) return stale(a);
      if (!a.ok) {
        say(a.message, "error");
        return;
      }
      show(a);
      markChanged();
      showChanges(a.changes, false);
      say(Object.keys(pending).length ? "已重新计分；修改还没有保存。" : "");
    } catch (e) {
      say("无法连接 jixiao serve：" + e, "error");
    }
  }

  async function save() {
    saveBtn.disabled = true;
    await inflight; // a change made just before is checked first
    if (!Object.keys(pending).length) return;
    say("正在保存…");
    try {
      const a = await send(app.dataset.save);
      if (a.stale) return stale(a);
      if (!a.ok) {
        say(a.message, "error");
        saveBtn.disabled = false;
        return;
      }
      etag = a.etag;
      app.dataset.etag = etag;
      document.querySelectorAll("input[name=etag]").forEach(function (i) { i.value = etag; });
      pending = {};
      show(a);
      remember();
      markChanged();
      showChanges(a.changes, true);
      say(a.saved ? "已保存到 " + app.dataset.rel + "（" + a.changes.length + " 处修改）。" : "没有需要保存的修改。", "saved");
    } catch (e) {
      say("无法连接 jixiao serve：" + e, "error");
      saveBtn.disabled = false;
    }
  }

  function edit(td) {
    if (td.querySelector("textarea")) return;
    const field = td.dataset.field;
    const before = Object.prototype.hasOwnProperty.call(pending, field) ? pending[field] : td.dataset.value;
    const saved = td.innerHTML; // the server's own markup, put back on cancel
    const box = document.createElement("textarea");
    box.value = before;
    box.setAttribute("aria-label", field);
    box.rows = Math.max(1, Math.min(12, before.split("\n").length));
    td.textContent = "";
    td.append(box);
    box.focus();
    box.select();
    let done = false;
    function finish(keep) {
      if (done) return;
      done = true;
      const v = box.value;
      td.innerHTML = saved;
      if (!keep || v === before) return;
      if (v === original[field]) delete pending[field];
      else pending[field] = v;
      markChanged();
      preview();
    }
    box.addEventListener("blur", function () { finish(true); });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); finish(false); td.focus(); }
      const multi = td.dataset.kind !== "number" && (ev.ctrlKey || ev.metaKey);
      if (ev.key === "Enter" && (td.dataset.kind === "number" || multi)) { ev.preventDefault(); finish(true); }
    });
  }

  sheet.addEventListener("click", function (ev) {
    const td = ev.target.closest("td.ed");
    if (td && sheet.contains(td)) edit(td);
  });
  sheet.addEventListener("keydown", function (ev) {
    const td = ev.target.closest ? ev.target.closest("td.ed") : null;
    if (td && ev.target === td && (ev.key === "Enter" || ev.key === "F2")) { ev.preventDefault(); edit(td); }
  });
  saveBtn.addEventListener("click", save);
  discardBtn.addEventListener("click", function () {
    pending = {};
    markChanged();
    preview();
  });

  // Choosing a diagnostic marks its cell (also without this script, by the
  // link's #A1 and CSS :target).
  document.getElementById("diags").addEventListener("click", function (ev) {
    const a = ev.target.closest("a[data-cell]");
    if (!a) return;
    sheet.querySelectorAll("td.picked").forEach(function (td) { td.classList.remove("picked"); });
    const td = document.getElementById(a.dataset.cell);
    if (td) td.classList.add("picked");
  });

  window.addEventListener("beforeunload", function (ev) {
    if (Object.keys(pending).length) { ev.preventDefault(); ev.returnValue = ""; }
  });
})();
