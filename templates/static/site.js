// Progressive enhancement only: every page reads fully without this file.
// It is loaded in <head> without `defer` so that the reader's text size and contrast are set on
// <html> before the first paint (no flash of the other theme); the rest waits for the page.
(function () {
  "use strict";
  var root = document.documentElement;
  // Each display choice: the data attribute on <html> and its value when switched on.
  var CHOICES = { text: "large", contrast: "high" };

  function stored(name) {
    try { return localStorage.getItem("sitegen-" + name); } catch (e) { return null; }
  }

  function remember(name, on) {
    try {
      if (on) localStorage.setItem("sitegen-" + name, CHOICES[name]);
      else localStorage.removeItem("sitegen-" + name);
    } catch (e) { /* storage off (private mode, some in-app browsers): the choice lasts one page */ }
  }

  function apply(name, on) {
    if (on) root.setAttribute("data-" + name, CHOICES[name]);
    else root.removeAttribute("data-" + name);
    var buttons = document.querySelectorAll('[data-pref="' + name + '"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", String(on));
  }

  root.className += " js";
  for (var name in CHOICES) {
    if (stored(name) === CHOICES[name]) apply(name, true);
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
    for (var name in CHOICES) apply(name, root.getAttribute("data-" + name) === CHOICES[name]);
    // A choice made in another tab applies here too.
    window.addEventListener("storage", function (event) {
      for (var name in CHOICES) {
        if (event.key === "sitegen-" + name) apply(name, event.newValue === CHOICES[name]);
      }
    });
  }

  function setUpSearch() {
    var form = document.querySelector(".search-form");
    if (!form) return;
    // Without JavaScript the form goes to the topic index; with it, to the search page.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = form.querySelector("input").value.trim();
      location.href = form.getAttribute("data-search-url") + "?q=" + encodeURIComponent(q);
    });
  }

  // Label every cell of a content table with its column heading, so that on a narrow screen
  // the CSS can show each row as a card ("Cost: Higher") instead of squeezed columns.
  function stackTables() {
    var tables = document.querySelectorAll("main table");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var heads = table.querySelectorAll("thead th");
      if (heads.length < 2 || table.closest && table.closest(".table-scroll")) continue;
      table.setAttribute("role", "table");
      var groups = table.querySelectorAll("thead, tbody");
      for (var g = 0; g < groups.length; g++) groups[g].setAttribute("role", "rowgroup");
      var rows = table.querySelectorAll("tr");
      for (var r = 0; r < rows.length; r++) {
        rows[r].setAttribute("role", "row");
        var cells = rows[r].children;
        for (var c = 0; c < cells.length; c++) {
          var cell = cells[c];
          var inHead = cell.parentNode.parentNode.tagName === "THEAD";
          cell.setAttribute("role", inHead ? "columnheader" : c === 0 ? "rowheader" : "cell");
          var label = heads[c] ? heads[c].textContent.trim() : "";
          if (!inHead && c > 0 && label) cell.setAttribute("data-label", label);
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
    var files = [location.pathname];
    var links = document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]");
    for (var i = 0; i < links.length; i++) {
      var path = links[i].getAttribute("src") || links[i].getAttribute("href");
      if (path.indexOf("/static/") === 0) files.push(path);
    }
    return files;
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
        status.textContent = result.saved ? status.getAttribute("data-saved")
          .replace("{saved}", result.saved).replace("{total}", result.total)
          : status.getAttribute("data-failed");
      });
    });
  }

  function ready() {
    setUpChoices();
    setUpSearch();
    stackTables();
    setUpOffline();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
