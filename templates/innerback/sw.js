// innerback's service worker (served at /sw.js by innerback.home.installable).
// It keeps the app's shell and static files, and the pages a signed-in person opened, so
// today's session opens with no signal. A page is kept only under the key of the person the
// server drew it for (its Innerback-User header) and only ever shown to that person: when
// anyone else signs in on the device, or nobody is signed in, the kept pages are dropped.
// Signing out wipes everything (Clear-Site-Data). Writes always go to the network: sets
// logged offline are queued by the page itself (static/js/offline.js).
"use strict";

const CONFIG = {{ config|safe }};
const SHELL = `innerback-shell-${CONFIG.version}`;
const STATIC = "innerback-static";
const PAGES = "innerback-pages-";
const META = "innerback-meta";
const WHO = "/__innerback/signed-in";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([...CONFIG.shell, CONFIG.offline]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("innerback-shell-") && name !== SHELL)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// --- whose pages are kept ------------------------------------------------------------------

async function signedIn() {
  const kept = await (await caches.open(META)).match(WHO);
  return kept ? kept.text() : "";
}

// The person the latest page was drawn for; the pages kept for anyone else go.
async function nowSignedIn(user) {
  if ((await signedIn()) === user) return;
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(PAGES) && name !== PAGES + user)
      .map((name) => caches.delete(name)),
  );
  await (await caches.open(META)).put(WHO, new Response(user));
}

// Keep a page answered by the network, under the key of the person it was drawn for.
async function keep(url, response) {
  // A redirect says nothing readable about who is signed in.
  if (response.type !== "basic") return;
  const user = response.headers.get("Innerback-User") || "";
  await nowSignedIn(user);
  if (!user || response.status !== 200) return;
  const type = response.headers.get("Content-Type") || "";
  // Only pages, and never one the server said must not be stored (a data download, say).
  if (!type.startsWith("text/html") || /no-store/.test(response.headers.get("Cache-Control") || "")) return;
  await (await caches.open(PAGES + user)).put(url, response);
}

async function keptPage(url) {
  const user = await signedIn();
  if (!user) return undefined;
  return (await caches.open(PAGES + user)).match(url);
}

// --- answering requests --------------------------------------------------------------------

// Pages: the network first, so a page is never older than it has to be; the kept copy
// only when there is no network; else the plain page that says so.
async function page(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keep(event.request.url, response.clone()));
    return response;
  } catch {
    return (await keptPage(event.request.url)) || (await caches.match(CONFIG.offline)) || Response.error();
  }
}

// Static files have hashed names and never change: the kept copy first.
async function staticFile(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(STATIC).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
});

// --- pages a page asks to keep: today's and the next session, and a page again after a
// set is logged on it, so the copy kept for offline use shows that set ----------------------

async function keepPages(urls, fresh) {
  const user = await signedIn();
  const cache = user ? await caches.open(PAGES + user) : null;
  for (const url of urls) {
    if (!fresh && cache && (await cache.match(url))) continue;
    try {
      const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      await keep(new URL(url, self.location.origin).href, response);
    } catch {
      return; // no network: keep what is kept
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep-pages" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    keepPages(data.urls, Boolean(data.fresh)).then(() => {
      if (event.source) event.source.postMessage({ type: "kept" });
    }),
  );
});
