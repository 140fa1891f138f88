// The service worker: keeps the site's shell and every page the reader opens, so that a page
// seen once opens again without a connection. Hand-written, no library.
// The build puts `var SITE = {version, prefixes, offline, shell}` above this file (sitegen/offline.py).
//
// Pages (and handouts) are network-first: online, the reader always gets the current text and
// the copy kept is replaced. Static files are cache-first: their names carry a content hash.
// Each language has its own page cache, and the offline page is the one of the URL's language.
// Search files: the search page asks the worker to keep its language's Pagefind bundle, the
// catalogue and the words files, so that the reader can search offline; Pagefind's hashed
// files (and its entry file, asked for with a fixed metaCacheTag) are cache-first, the
// others network-first.
"use strict";

var NAME = "sitegen-" + SITE.version;
var STATIC = NAME + "-static";
var SEARCH = NAME + "-search";
var HASHED_SEARCH_FILE = /\.(pf_index|pf_meta|pf_fragment|pf_filter|pagefind)$|pagefind-entry\.json$/;
var TIMEOUT = 6000; // on a connection that hangs, a kept copy after this many milliseconds

function languageOf(path) {
  var first = path.split("/")[1];
  return SITE.prefixes.indexOf(first) >= 0 ? first : SITE.prefixes[0];
}

function pageCache(path) {
  return NAME + "-pages-" + languageOf(path);
}

self.addEventListener("install", function (event) {
  var offline = SITE.prefixes.map(function (prefix) {
    return caches.open(NAME + "-pages-" + prefix).then(function (cache) {
      return cache.add(SITE.offline[prefix]);
    });
  });
  var shell = caches.open(STATIC).then(function (cache) { return cache.addAll(SITE.shell); });
  event.waitUntil(Promise.all(offline.concat([shell])).then(function () {
    return self.skipWaiting();
  }));
});

// A new version: fetch again the pages the reader kept (the new text, not the old one), then
// drop every cache of the old version.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (name) {
      return name.indexOf("sitegen-") === 0 && name.indexOf(NAME + "-") !== 0;
    });
    return Promise.all(old.map(carryOver)).then(function () {
      return Promise.all(old.map(function (name) { return caches.delete(name); }));
    });
  }).then(function () { return self.clients.claim(); }));
});

function carryOver(name) {
  if (name.indexOf("-pages-") < 0) return Promise.resolve();
  return caches.open(name).then(function (cache) { return cache.keys(); }).then(function (requests) {
    return Promise.all(requests.map(function (request) {
      return keep(new URL(request.url).pathname);
    }));
  });
}

function isSearchFile(url) {
  return url.pathname.indexOf("/pagefind/") === 0 || /^\/[^/]+\/search\/[a-z]+\.json$/.test(url.pathname);
}

// Fetch `path` and keep it (a page in its language's cache); true when it was kept.
function keep(path) {
  var url = new URL(path, self.location.origin);
  return fetch(path, { cache: "no-cache" }).then(function (response) {
    if (!response.ok || response.redirected) return false;
    if (isSearchFile(url)) {
      return caches.open(SEARCH).then(function (cache) { return cache.put(path, response); })
        .then(function () { return true; });
    }
    var name = path.indexOf("/static/") === 0 ? STATIC : pageCache(path);
    return caches.open(name).then(function (cache) {
      return cache.put(path, response);
    }).then(function () { return true; });
  }).catch(function () { return false; });
}

// "Save this province", and the first page a reader opens before the worker runs (site.js).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "save" || !Array.isArray(data.urls)) return;
  var paths = data.urls.filter(function (url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  });
  var port = event.ports && event.ports[0];
  event.waitUntil(Promise.all(paths.map(keep)).then(function (results) {
    var saved = results.filter(Boolean).length;
    if (port) port.postMessage({ saved: saved, total: paths.length });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (isSearchFile(url)) {
    event.respondWith(HASHED_SEARCH_FILE.test(url.pathname) ? cacheFirst(request, SEARCH)
      : networkFirstFile(request, SEARCH));
  } else if (request.mode === "navigate" || /\.pdf$/.test(url.pathname)) {
    event.respondWith(networkFirst(event, url.pathname));
  }
  // Anything else (the sitemap, the preview's reload) goes to the network untouched.
});

function cacheFirst(request, name) {
  return caches.open(name || STATIC).then(function (cache) {
    return cache.match(request).then(function (cached) {
      return cached || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

// A file whose name does not change with its content: the network, else the kept copy.
function networkFirstFile(request, name) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(name).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.open(name).then(function (cache) { return cache.match(request); })
      .then(function (kept) { return kept || Response.error(); });
  });
}

function networkFirst(event, path) {
  var name = pageCache(path);
  var network = fetch(event.request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(name).then(function (cache) { return cache.put(path, copy); }));
    }
    return response;
  });
  var kept = caches.open(name).then(function (cache) { return cache.match(path); });
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      kept.then(function (copy) { if (copy) resolve(copy); });
    }, TIMEOUT);
    network.then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function () {
      clearTimeout(timer);
      kept.then(function (copy) {
        if (copy) return copy;
        if (event.request.mode !== "navigate") return Response.error();
        return caches.open(name).then(function (cache) {
          return cache.match(SITE.offline[languageOf(path)]);
        }).then(function (page) { return page || Response.error(); });
      }).then(resolve, reject);
    });
  });
}
