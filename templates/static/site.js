// Progressive enhancement only: every page reads fully without this file.
// It is loaded in <head> without `defer` so that the reader's text size and contrast are set on
// <html> before the first paint (no flash of the other theme); the rest waits for the page.
// A classic script: the pure functions first are also what Node loads for tests/js/.
(function () {
  "use strict";
  // Each display choice: the data attribute on <html> and its value when switched on.
  var CHOICES = { text: "large", contrast: "high" };
  var root = null;  // <html>, once start() runs in a browser

  // ---- pure functions: plain values in, plain values out ----------------------------------

  // The localStorage key that keeps a display choice.
  function storageKey(name) {
    return "sitegen-" + name;
  }

  // Whether a stored (or data-*) value means the choice is on: only its own value does.
  function isOn(name, value) {
    return value === CHOICES[name];
  }

  // The choice a storage event (from another tab) changed, { name, on }, or null for others.
  function changedChoice(key, newValue) {
    for (var name in CHOICES) {
      if (key === storageKey(name)) return { name: name, on: isOn(name, newValue) };
    }
    return null;
  }

  // Where the header's search form goes with JavaScript: the search page, with the query.
  function searchUrl(base, query) {
    return base + "?q=" + encodeURIComponent(query.trim());
  }

  // Whether a content table becomes cards on a narrow screen: it has columns to label, and is
  // not one that scrolls sideways in its own box instead.
  function stacks(headCount, inScrollBox) {
    return headCount >= 2 && !inScrollBox;
  }

  // The role of a cell of a stacked table and its data-label (null: none), from whether it is
  // in <thead>, its column and the column headings' texts.
  function cellRole(inHead, column, headings) {
    var role = inHead ? "columnheader" : column === 0 ? "rowheader" : "cell";
    var label = headings[column] !== undefined ? headings[column].trim() : "";
    return { role: role, label: !inHead && column > 0 && label ? label : null };
  }

  // What a page keeps to read offline: its own path and the site's static files it loads.
  function offlineFiles(pathname, paths) {
    var files = [pathname];
    for (var i = 0; i < paths.length; i++) {
      if (paths[i].indexOf("/static/") === 0) files.push(paths[i]);
    }
    return files;
  }

  // The save button's status after the worker answered: how many were kept, or the failure.
  function saveStatus(result, savedTemplate, failedText) {
    return result.saved ? savedTemplate.replace("{saved}", result.saved)
      .replace("{total}", result.total) : failedText;
  }

  // ---- the page ---------------------------------------------------------------------------

  function stored(name) {
    try { return localStorage.getItem(storageKey(name)); } catch (e) { return null; }
  }

  function remember(name, on) {
    try {
      if (on) localStorage.setItem(storageKey(name), CHOICES[name]);
      else localStorage.removeItem(storageKey(name));
    } catch (e) { /* storage off (private mode, some in-app browsers): the choice lasts one page */ }
  }

  function apply(name, on) {
    if (on) root.setAttribute("data-" + name, CHOICES[name]);
    else root.removeAttribute("data-" + name);
    var buttons = document.querySelectorAll('[data-pref="' + name + '"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", String(on));
  }

  function setUpChoices() {
    var buttons = document.querySelectorAll("[data-pref]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var choice = this.getAttribute("data-pref");
        var on = this.getAttribute("aria-pressed") !== "true";
        apply(choice, on);
        remember(choice, on);
      });
    }
    for (var name in CHOICES) apply(name, isOn(name, root.getAttribute("data-" + name)));
    // A choice made in another tab applies here too.
    window.addEventListener("storage", function (event) {
      var changed = changedChoice(event.key, event.newValue);
      if (changed) apply(changed.name, changed.on);
    });
  }

  function setUpSearch() {
    var form = document.querySelector(".search-form");
    if (!form) return;
    // Without JavaScript the form goes to the topic index; with it, to the search page.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      location.href = searchUrl(form.getAttribute("data-search-url"),
                                form.querySelector("input").value);
    });
  }

  // Label every cell of a content table with its column heading, so that on a narrow screen
  // the CSS can show each row as a card ("Cost: Higher") instead of squeezed columns.
  function stackTables() {
    var tables = document.querySelectorAll("main table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var heads = table.querySelectorAll("thead th");
      if (!stacks(heads.length, !!(table.closest && table.closest(".table-scroll")))) continue;
      var headings = [];
      for (var h = 0; h < heads.length; h++) headings.push(heads[h].textContent);
      table.setAttribute("role", "table");
      var groups = table.querySelectorAll("thead, tbody");
      for (var g = 0; g < groups.length; g++) groups[g].setAttribute("role", "rowgroup");
      var rows = table.querySelectorAll("tr");
      for (var r = 0; r < rows.length; r++) {
        rows[r].setAttribute("role", "row");
        var cells = rows[r].children;
        for (var c = 0; c < cells.length; c++) {
          var cell = cells[c];
          var marks = cellRole(cell.parentNode.parentNode.tagName === "THEAD", c, headings);
          cell.setAttribute("role", marks.role);
          if (marks.label !== null) cell.setAttribute("data-label", marks.label);
        }
      }
      table.className += " stacked";
    }
  }

  // Offline reading (templates/sw.js): only where the browser runs service workers; the
  // "save this province" button stays hidden everywhere else.
  function setUpOffline() {
    var workers = navigator.serviceWorker;
    if (!workers || !window.caches || !window.MessageChannel || !window.Promise) return;
    workers.register("/sw.js").then(function () { return workers.ready; })
      .then(function (registration) {
        // The first page opened came before the worker ran: keep it too, with its files.
        if (!workers.controller) askToSave(registration.active, pageFiles());
        setUpSaveButton(registration.active);
      })
      .catch(function () { /* no worker (private mode, file://): pages still read online */ });
  }

  function pageFiles() {
    var links = document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]");
    var paths = [];
    for (var i = 0; i < links.length; i++) {
      paths.push(links[i].getAttribute("src") || links[i].getAttribute("href"));
    }
    return offlineFiles(location.pathname, paths);
  }

  function askToSave(worker, urls) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage({ type: "save", urls: urls }, [channel.port2]);
    });
  }

  function setUpSaveButton(worker) {
    var box = document.querySelector("[data-save-offline]");
    if (!box || !worker) return;
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    box.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = status.getAttribute("data-saving");
      askToSave(worker, JSON.parse(button.getAttribute("data-urls"))).then(function (result) {
        button.disabled = false;
        status.textContent = saveStatus(result, status.getAttribute("data-saved"),
                                        status.getAttribute("data-failed"));
      });
    });
  }

  function ready() {
    setUpChoices();
    setUpSearch();
    stackTables();
    setUpOffline();
  }

  // Before the first paint: the marker class and the stored choices go on <html> at once.
  function start() {
    root = document.documentElement;
    root.className += " js";
    for (var name in CHOICES) {
      if (isOn(name, stored(name))) apply(name, true);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
    else ready();
  }

  if (typeof document !== "undefined") start();
  if (typeof module === "object" && module.exports) {
    module.exports = { CHOICES: CHOICES, storageKey: storageKey, isOn: isOn,
                       changedChoice: changedChoice, searchUrl: searchUrl, stacks: stacks,
                       cellRole: cellRole, offlineFiles: offlineFiles, saveStatus: saveStatus };
  }
})();
