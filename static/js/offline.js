// Training with no signal: installs the service worker, says when the device is offline,
// and on the session pages keeps sets logged offline in this device's IndexedDB, under the
// signed-in person's key (body[data-offline-user]), until they can be sent.
//
// A queued set shows in its exercise as "waiting to sync", and the next set's form follows
// the engine's rules: the server put into each set form what it would decide next if form
// holds and if it breaks (data-outcomes); this file only picks one of the two. Back online,
// queued sets are sent in order with their tokens, so a set the server already has is not
// stored twice; one it refuses stays in view, with its values and the server's reason.
// Progressive: without this file every set still logs by posting its form.
"use strict";

(() => {
  const user = document.body ? document.body.dataset.offlineUser : undefined;
  const statusLine = () => document.querySelector("[data-offline-status]");
  const NO_SESSION =
    "This session or exercise is no longer in your plan (it was changed or removed), so this set was not saved.";

  // --- the service worker ------------------------------------------------------------------

  function askWorker(message) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then((registration) => {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(() => {
      // No worker (a private window, say): everything but offline use still works.
    });
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "kept") document.body.dataset.offlineReady = "1";
    });
  }

  let refreshTimer = null;
  // After a set is logged on this page, the copy kept for offline use is drawn again.
  function keepThisPageFresh() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(
      () => askWorker({ type: "keep-pages", urls: [location.pathname + location.search], fresh: true }),
      1500,
    );
  }

  // --- the queue: one IndexedDB database per person ------------------------------------------

  let database = null;
  function openQueue() {
    if (!database) {
      database = new Promise((resolve, reject) => {
        const request = indexedDB.open(`innerback-offline-${user}`, 1);
        request.onupgradeneeded = () => request.result.createObjectStore("sets", { keyPath: "token" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return database;
  }

  async function store(mode, work) {
    const db = await openQueue();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction("sets", mode);
      const request = work(transaction.objectStore("sets"));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
    });
  }

  const bySeq = (a, b) => a.seq - b.seq || (a.token < b.token ? -1 : 1);
  const queued = async () => ((await store("readonly", (sets) => sets.getAll())) || []).sort(bySeq);
  const getEntry = (token) => store("readonly", (sets) => sets.get(token));
  const putEntry = (entry) => store("readwrite", (sets) => sets.put(entry));
  const dropEntry = (token) => store("readwrite", (sets) => sets.delete(token));

  const channel = user && "BroadcastChannel" in window ? new BroadcastChannel(`innerback-offline-${user}`) : null;
  const tell = (message) => channel && channel.postMessage(message);

  // --- what a queued set says --------------------------------------------------------------

  function loadText(load, unit, resistance) {
    if (load === null || load === undefined || load === "") return "";
    if (Number(load) === 0) return resistance ? " at bodyweight" : "";
    return ` at ${load} ${unit}`;
  }

  function describe(entry) {
    const v = entry.values;
    let text = v.hold_s ? `held ${v.hold_s} s` : `${v.reps} rep${String(v.reps) === "1" ? "" : "s"}`;
    text += loadText(v.load, entry.unit, entry.resistance);
    return `${text}, ${entry.failed ? `${entry.failed} form check${entry.failed === 1 ? "" : "s"} missed` : "form clean"}`;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function queuedRow(entry) {
    const row = element("div", `set-row is-queued${entry.failed ? " form-broke" : ""}`);
    row.dataset.token = entry.token;
    const line = element("p", "set-line");
    line.append(element("span", "set-label", `Set ${entry.number}`), ` ${describe(entry)}`);
    row.append(line, element("p", "sync-state", "Waiting to sync"));
    return row;
  }

  function problemNote(entry) {
    const note = element("div", "sync-problem");
    note.setAttribute("role", "alert");
    note.append(
      element(
        "p",
        "",
        `${entry.exercise}, set ${entry.number} logged offline (${describe(entry)}) was not saved: ${entry.message}`,
      ),
    );
    if (entry.values.note) note.append(element("p", "set-note", `Its note: ${entry.values.note}`));
    const dismiss = element("button", "secondary", "Remove this notice");
    dismiss.type = "button";
    dismiss.addEventListener("click", async () => {
      await dropEntry(entry.token);
      tell({ type: "changed" });
      render();
    });
    note.append(dismiss);
    return note;
  }

  // --- drawing an exercise: as the server drew it, plus this device's queued sets ----------

  const drawn = new Map(); // exercise block id → its HTML as the server last sent it
  const synced = new Set(); // tokens sent from this page, marked "synced" in their rows

  function rememberBlocks(root) {
    root.querySelectorAll("section.exercise-block[data-log-url]").forEach((block) => {
      drawn.set(block.id, block.outerHTML);
    });
  }

  function fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.querySelector("section.exercise-block");
  }

  function slotFor(block, number) {
    return block.querySelector(`#${block.id}-set-${number}`);
  }

  // The form moves to the next set, with the load the engine decided for the branch taken.
  function moveForm(block, form, entry, decision) {
    const sets = Number(form.dataset.sets);
    let number = entry.number + 1;
    while (number <= sets && slotFor(block, number) && slotFor(block, number).classList.contains("is-logged")) {
      number += 1;
    }
    const slot = number <= sets ? slotFor(block, number) : null;
    if (!slot) {
      form.remove();
      return;
    }
    const from = entry.number;
    const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
    const pattern = new RegExp(`\\b([Ss]et) ${from}\\b`, "g");
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      node.textContent = node.textContent.replace(pattern, `$1 ${number}`);
    }
    const field = (name) => form.querySelector(`[name="${name}"]`);
    field("set_number").value = String(number);
    field("client_token").value = crypto.randomUUID();
    for (const name of ["reps", "hold_s", "eccentric_s"]) {
      if (field(name) && entry.values[name] !== undefined) field(name).value = entry.values[name];
    }
    if (field("load") && decision && decision.load !== null) field("load").value = decision.load;
    form.querySelectorAll('input[name="checks"]').forEach((box) => {
      box.checked = true;
    });
    for (const name of ["effort_rpe", "note"]) if (field(name)) field(name).value = "";
    form.querySelectorAll(".errors, .held-means, .last-time, [name=confirm_load]").forEach((n) => {
      const wrapper = n.closest(".field-check");
      (wrapper || n).remove();
    });
    form.querySelectorAll("details").forEach((details) => {
      details.open = false;
    });
    form.querySelectorAll(".has-error").forEach((n) => n.classList.remove("has-error"));
    const plan = form.querySelector(".set-plan");
    if (plan) {
      const v = entry.values;
      let text = v.hold_s ? `held ${v.hold_s} s` : `${v.reps} rep${String(v.reps) === "1" ? "" : "s"}`;
      const load = field("load") ? field("load").value : "";
      text += loadText(load, form.dataset.unit, form.dataset.resistance === "yes");
      if (!v.hold_s && v.eccentric_s) text += `, lowering ${v.eccentric_s} s`;
      plan.textContent = `· ${text}`;
    }
    const reason = form.querySelector(".next-load");
    if (reason) {
      reason.replaceChildren();
      if (decision) {
        reason.className = `reason ${decision.change} next-load`;
        if (decision.shown) reason.append(element("strong", "", `Load now: ${decision.shown}.`), " ");
        reason.append(decision.reason);
      } else {
        reason.className = "reason hold next-load";
        reason.append("Offline, this load stays until your sets sync; then the next one is decided as usual.");
      }
    }
    const guide = form.querySelector(".tempo-guide");
    if (guide && entry.values.reps) guide.dataset.reps = entry.values.reps;
    form.dataset.outcomes = JSON.stringify(decision ? decision.next : null);
    // "Last time" for the set it now logs sits in its slot; it moves into the form.
    const lastTime = slot.querySelector(".last-time");
    slot.replaceChildren(form);
    if (lastTime) form.querySelector(".log-button").before(lastTime);
  }

  function applyEntry(block, entry) {
    if (entry.state === "problem") {
      const list = block.querySelector(".set-list");
      (list || block).before(problemNote(entry));
      return;
    }
    const form = block.querySelector("form[data-offline-log]");
    let slot = slotFor(block, entry.number);
    if (!slot || slot.classList.contains("is-logged")) {
      // Beyond the prescription, or a number the page already shows logged: it goes at the
      // end, and the server decides when it syncs.
      slot = element("li", "set-slot");
      const list = block.querySelector(".set-list");
      if (!list) return;
      list.append(slot);
    }
    const formHere = form && Number(form.querySelector('[name="set_number"]').value) === entry.number;
    if (formHere) {
      const outcomes = JSON.parse(form.dataset.outcomes || "null");
      moveForm(block, form, entry, outcomes ? outcomes[entry.failed ? "broke" : "held"] : null);
    }
    slot.replaceChildren(queuedRow(entry));
    slot.classList.add("is-logged", "is-queued");
  }

  function markSynced(block) {
    block.querySelectorAll(".set-row[data-token]").forEach((row) => {
      if (!synced.has(row.dataset.token) || row.querySelector(".sync-state")) return;
      row.classList.add("is-synced");
      row.querySelector(".set-line").after(element("p", "sync-state is-synced", "Synced"));
    });
  }

  let waiting = 0;

  async function render() {
    if (!user) return;
    const entries = await queued();
    waiting = entries.filter((entry) => entry.state === "waiting").length;
    document.querySelectorAll("section.exercise-block[data-log-url]").forEach((shown) => {
      const mine = entries.filter((entry) => entry.url === shown.dataset.logUrl);
      const html = drawn.get(shown.id);
      if (!html || (!mine.length && !shown.dataset.redrawn && !synced.size)) return;
      const block = fromHtml(html);
      block.dataset.redrawn = "1";
      mine.forEach((entry) => applyEntry(block, entry));
      markSynced(block);
      shown.replaceWith(block);
      if (window.htmx) window.htmx.process(block);
      block.dispatchEvent(new CustomEvent("htmx:load", { bubbles: true }));
    });
    // A refused set whose exercise is not on this page (its session is gone, say) is told
    // at the top of the page, so what was typed is never out of sight.
    const shownUrls = new Set(
      [...document.querySelectorAll("section.exercise-block[data-log-url]")].map((b) => b.dataset.logUrl),
    );
    const elsewhere = entries.filter((entry) => entry.state === "problem" && !shownUrls.has(entry.url));
    let notes = document.getElementById("sync-problems");
    if (elsewhere.length && !notes) {
      notes = element("div", "sync-problems");
      notes.id = "sync-problems";
      const main = document.getElementById("main");
      if (main) main.prepend(notes);
    }
    if (notes) notes.replaceChildren(...elsewhere.map(problemNote));
    showStatus();
  }

  // --- the offline line under the header ---------------------------------------------------

  let lastNews = "";
  function showStatus(news) {
    const line = statusLine();
    if (!line) return;
    if (news !== undefined) lastNews = news;
    const sets = `${waiting} set${waiting === 1 ? "" : "s"}`;
    let text = "";
    if (!navigator.onLine) {
      text = "Offline. Sets you log are kept on this device and sent when the connection is back.";
      if (waiting) text += ` ${sets} waiting to sync.`;
    } else if (lastNews) {
      text = lastNews;
    } else if (waiting) {
      text = `${sets} logged offline waiting to sync.`;
    }
    line.textContent = text;
    line.hidden = !text;
    line.classList.toggle("is-offline", !navigator.onLine);
  }

  // --- queueing a set ----------------------------------------------------------------------

  async function queueForm(form, submitter) {
    const data = new FormData(form, submitter);
    const held = data.get("form_held") === "on";
    const boxes = [...form.querySelectorAll('input[name="checks"]')];
    const values = {};
    for (const name of ["reps", "hold_s", "load", "eccentric_s", "note"]) {
      const value = data.get(name);
      if (value !== null && value !== "") values[name] = value;
    }
    const block = form.closest("section.exercise-block");
    const entry = {
      token: String(data.get("client_token")),
      seq: Date.now(),
      url: form.getAttribute("action"),
      exercise: block ? block.querySelector("h2").textContent.trim() : "A set",
      body: new URLSearchParams(data).toString(),
      number: Number(data.get("set_number")),
      failed: held ? 0 : boxes.filter((box) => !box.checked).length,
      values,
      unit: form.dataset.unit,
      resistance: form.dataset.resistance === "yes",
      state: "waiting",
      message: "",
    };
    await putEntry(entry);
    tell({ type: "changed" });
    await render();
    const next = block && document.getElementById(block.id);
    const focus = next && next.querySelector("[data-focus-after-swap]");
    if (focus) focus.focus({ preventScroll: true });
    // As after a set logged online: the rest countdown starts by itself.
    const rest = next && next.querySelector(".rest-timer [data-timer-start]");
    if (rest) rest.click();
    const nextForm = next && next.querySelector("form[data-offline-log]");
    if (nextForm) nextForm.scrollIntoView({ block: "nearest" });
  }

  const submitters = new WeakMap();
  // Capturing, so it runs before htmx: with no connection the set goes to the queue instead.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!user || !form.matches || !form.matches("form[data-offline-log]")) return;
      submitters.set(form, event.submitter);
      if (navigator.onLine) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      queueForm(form, event.submitter);
    },
    true,
  );

  // The browser thought it was online but the request never reached the server.
  document.addEventListener("htmx:sendError", (event) => {
    const source = event.detail && event.detail.elt;
    const form = source && source.closest ? source.closest("form[data-offline-log]") : null;
    if (!user || !form) return;
    queueForm(form, submitters.get(form));
    retrySoon();
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!event.detail.shouldSwap) return;
    if (target && target.matches && target.matches("section.exercise-block[data-log-url]")) {
      drawn.set(target.id, event.detail.serverResponse);
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const config = event.detail.requestConfig;
    if (event.detail.successful && config && config.verb === "post") keepThisPageFresh();
  });

  // --- sending the queue -------------------------------------------------------------------

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch {
      return "";
    }
  }

  function reasonIn(html) {
    const block = fromHtml(html);
    const texts = block ? [...block.querySelectorAll(".errors")].map((n) => n.textContent.trim()) : [];
    return texts.filter(Boolean).join(" ") || "the server did not take it.";
  }

  function exclusively(work) {
    if (navigator.locks) return navigator.locks.request(`innerback-sync-${user}`, work);
    return work();
  }

  let sending = false;
  async function sendQueue() {
    if (!user || !navigator.onLine || sending) return;
    sending = true;
    const sent = [];
    let stopped = "";
    try {
      await exclusively(async () => {
        const csrf = csrfToken();
        for (const entry of await queued()) {
          if (entry.state !== "waiting" || !(await getEntry(entry.token))) continue;
          const body = new URLSearchParams(entry.body);
          body.set("csrfmiddlewaretoken", csrf);
          let response;
          try {
            response = await fetch(entry.url, {
              method: "POST",
              body,
              credentials: "same-origin",
              headers: { "HX-Request": "true", "X-CSRFToken": csrf },
            });
          } catch {
            stopped = "The connection dropped again; the rest will be sent when it is back.";
            break;
          }
          if (response.status === 403) {
            stopped = "Your sign-in has expired: reload the page and sign in to send the sets waiting here.";
            break;
          }
          const outcome = response.headers.get("Innerback-Set-Outcome");
          if (response.status === 404) {
            await putEntry({ ...entry, state: "problem", message: NO_SESSION });
            continue;
          }
          if (!response.ok || !outcome) {
            stopped = "The server could not take the sets just now; they stay here and are sent again soon.";
            break;
          }
          const html = (await response.text()).replace(" data-autostart", "");
          const block = document.querySelector(`section.exercise-block[data-log-url="${entry.url}"]`);
          if (block) drawn.set(block.id, html);
          if (outcome === "stored" || outcome === "already-had") {
            await dropEntry(entry.token);
            sent.push(entry.token);
          } else {
            await putEntry({ ...entry, state: "problem", message: reasonIn(html) });
          }
        }
      });
    } finally {
      sending = false;
    }
    sent.forEach((token) => synced.add(token));
    if (sent.length || stopped) {
      const news = sent.length ? `${sent.length} set${sent.length === 1 ? "" : "s"} logged offline synced.` : "";
      showStatus([news, stopped].filter(Boolean).join(" "));
    }
    if (stopped) retrySoon();
    await render();
    if (sent.length) {
      tell({ type: "synced", tokens: sent });
      document.body.dispatchEvent(new CustomEvent("setLogged", { bubbles: true }));
      keepThisPageFresh();
    }
  }

  let retry = null;
  function retrySoon() {
    window.clearTimeout(retry);
    retry = window.setTimeout(sendQueue, 30000);
  }

  // Another tab sent sets: this page's exercises are drawn again from the server.
  async function redrawFromServer() {
    try {
      const response = await fetch(location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      rememberBlocks(page);
      const status = page.getElementById("session-status");
      const shown = document.getElementById("session-status");
      if (status && shown) {
        shown.replaceWith(status);
        if (window.htmx) window.htmx.process(status);
      }
    } catch {
      // Offline again: what is drawn stays.
    }
    await render();
  }

  if (channel) {
    channel.addEventListener("message", (event) => {
      const message = event.data || {};
      if (message.type === "changed") render();
      if (message.type === "synced") {
        (message.tokens || []).forEach((token) => synced.add(token));
        redrawFromServer();
      }
    });
  }

  // Signing out wipes this device's queue: say so first when sets are still waiting.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!waiting || !form.matches || !form.matches('form[action="/accounts/logout/"]')) return;
    const sets = `${waiting} set${waiting === 1 ? "" : "s"}`;
    // eslint-disable-next-line no-alert
    if (!window.confirm(`${sets} logged offline ${waiting === 1 ? "has" : "have"} not been sent yet. Signing out deletes them from this device. Sign out anyway?`)) {
      event.preventDefault();
    }
  });

  // --- start-up ----------------------------------------------------------------------------

  window.addEventListener("online", () => {
    showStatus("");
    sendQueue();
  });
  window.addEventListener("offline", () => showStatus(""));

  function start() {
    showStatus();
    if (!user) return;
    rememberBlocks(document);
    const pages = document.querySelector("[data-offline-pages]");
    const urls = [location.pathname + location.search];
    if (pages) urls.push(...pages.dataset.offlinePages.split(" ").filter(Boolean));
    askWorker({ type: "keep-pages", urls });
    render().then(() => sendQueue());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
