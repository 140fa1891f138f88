// Search on /{lang}/search/: query understanding on top of Pagefind's JavaScript API.
// Loaded only by the search page; without JavaScript the header box goes to the topic index.
//
// The index holds Chinese one character a word (see sitegen/search.py), so a Chinese word is
// searched as a quoted phrase of its characters: an exact substring match. Before that, the
// query loses its filler words (怎么, 吗, how, do …), is cut into known words (glossary terms,
// synonyms, place names) and each word is widened to its synonyms. Pages are ranked by how
// many of the reader's words they contain, then by Pagefind's own score.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var status = document.getElementById("search-status");
  var note = document.getElementById("search-note");
  var list = document.getElementById("search-results");
  var input = document.getElementById("q");
  var form = document.querySelector(".search-form");
  var t = data.strings;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var MAX_WORD = 8;
  var active = {};
  var catalogue = null;
  var pagefind = null;

  var synonyms = {};
  data.synonyms.forEach(function (group) {
    group.forEach(function (word) {
      var key = word.toLowerCase();
      synonyms[key] = (synonyms[key] || []).concat(group);
    });
  });
  var stop = new Set(data.stop.map(function (w) { return w.toLowerCase(); }));
  var vocabulary = new Set(Object.keys(synonyms).concat(Array.from(stop), Object.keys(data.places)));

  function unique(words) {
    var seen = new Set();
    return words.filter(function (w) { var k = w.toLowerCase(); return !seen.has(k) && seen.add(k); });
  }

  function normalise(query) {
    return query.normalize("NFKC").toLowerCase()
      .replace(/[\p{P}\p{S}]+/gu, " ").replace(/\s+/g, " ").trim();
  }

  // Cut a run of Chinese characters into known words, longest first; unknown runs stay whole.
  function cutChinese(run) {
    var words = [], unknown = "", i = 0;
    while (i < run.length) {
      var found = "";
      for (var n = Math.min(MAX_WORD, run.length - i); n > 0 && !found; n--) {
        if (vocabulary.has(run.substr(i, n))) found = run.substr(i, n);
      }
      if (found) {
        if (unknown) { words.push(unknown); unknown = ""; }
        words.push(found);
        i += found.length;
      } else {
        unknown += run[i];
        i += 1;
      }
    }
    if (unknown) words.push(unknown);
    return words;
  }

  // Join Latin words into known phrases ("social insurance"), longest first.
  function joinLatin(words) {
    var out = [], i = 0;
    while (i < words.length) {
      var n = Math.min(4, words.length - i);
      while (n > 1 && !vocabulary.has(words.slice(i, i + n).join(" "))) n--;
      out.push(words.slice(i, i + n).join(" "));
      i += n;
    }
    return out;
  }

  function tokens(query) {
    var out = [], latin = [];
    normalise(query).split(" ").forEach(function (chunk) {
      chunk.split(/([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)/).forEach(function (part) {
        if (!part) return;
        if (CJK.test(part)) {
          out = out.concat(joinLatin(latin), cutChinese(part));
          latin = [];
        } else {
          latin.push(part);
        }
      });
    });
    return out.concat(joinLatin(latin));
  }

  // The reader's query as terms, each with the words that may stand for it.
  function analyse(query) {
    return unique(tokens(query)).filter(function (w) { return !stop.has(w); })
      .map(function (word) {
        var province = data.places[word];
        if (province) return { word: word, province: province, variants: [] };
        return { word: word, variants: unique([word].concat(synonyms[word] || [])) };
      });
  }

  function asPhrase(word) {
    if (CJK.test(word)) return '"' + Array.from(word.replace(/\s+/g, "")).join(" ") + '"';
    return word.indexOf(" ") > 0 ? '"' + word + '"' : word;
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import("/pagefind/pagefind.js");
    }
    return pagefind;
  }

  // Scores of every page that contains one of the term's variants, best variant counting.
  // Each variant's scores are scaled to its best page, so a long synonym cannot outweigh
  // the reader's own word by matching more characters. A place counts for its province's pages.
  function scoreTerm(pf, term, cat, count) {
    if (term.province) {
      // A place alone asks for the province page; with other words, for its procedures.
      var best = {};
      cat.entries.forEach(function (entry) {
        if (entry.code === term.province) best[entry.id] = entry.kind === "province" || count > 1 ? 1 : 0.8;
      });
      return Promise.resolve(best);
    }
    return Promise.all(term.variants.map(function (variant, i) {
      var weight = i === 0 ? 1 : 0.8;
      var exact = pf.search(asPhrase(variant));
      var loose = CJK.test(variant) ? pf.search(Array.from(variant).join(" ")) : exact;
      return Promise.all([exact, loose]).then(function (found) {
        var scores = {}, max = 0, hits = {};
        found[1].results.forEach(function (r) { scores[r.id] = r.score; max = Math.max(max, r.score); });
        found[0].results.forEach(function (r) {
          hits[r.id] = weight * (max ? (scores[r.id] || r.score) / max : 1);
        });
        return hits;
      });
    })).then(function (perVariant) {
      var best = {};
      perVariant.forEach(function (hits) {
        Object.keys(hits).forEach(function (id) { best[id] = Math.max(best[id] || 0, hits[id]); });
      });
      return best;
    });
  }

  // Rank by the reader's terms a page contains, each weighted by how rare it is (a word on
  // every page, like 社保, says little), plus how well the page matches it; a page that has
  // the whole query as a phrase gains most. A query that names no place is about the
  // national rule, so guides come before provincial procedures.
  function rank(terms, perTerm, phrase, cat, national) {
    var pages = {}, total = cat.entries.length;
    perTerm.forEach(function (best, i) {
      var ids = Object.keys(best).filter(function (id) { return cat.byId[id]; });
      var max = 0;
      ids.forEach(function (id) { max = Math.max(max, best[id]); });
      var rarity = Math.log(1 + total / Math.max(1, ids.length));
      ids.forEach(function (id) {
        var page = pages[id] || (pages[id] = { entry: cat.byId[id], covered: 0, score: 0 });
        page.covered += 1;
        page.score += rarity * (0.5 + 0.5 * (max ? best[id] / max : 0) + prominence(page.entry, terms[i]));
      });
    });
    return Object.keys(pages).map(function (id) {
      var page = pages[id];
      if (phrase.has(id)) page.score += 1.5;
      if (national && page.entry.kind === "guide") page.score += 1;
      return page;
    }).sort(function (a, b) {
      return b.score - a.score || (a.entry.url < b.entry.url ? -1 : 1);
    });
  }

  // How prominent a term is on a page: in its title, in the words people type for it, in its
  // summary. The catalogue has these, so this costs nothing to download.
  function prominence(entry, term) {
    if (term.province) return 0;
    var has = function (text) {
      var lower = (text || "").toLowerCase();
      return term.variants.some(function (v) { return lower.indexOf(v.toLowerCase()) >= 0; });
    };
    return (has(entry.title) ? 0.6 : 0) + (has((entry.keywords || []).join(" ")) ? 0.4 : 0)
      + (has(entry.summary) ? 0.2 : 0);
  }

  // Pages that contain the reader's words as one phrase: as typed, or without filler words.
  function phraseHits(pf, query, terms) {
    var words = terms.filter(function (t) { return !t.province; }).map(function (t) { return t.word; });
    if (words.length < 2) return Promise.resolve(new Set());
    var join = function (list) { return list.every(function (w) { return CJK.test(w); }) ? list.join("") : list.join(" "); };
    var phrases = unique([join(normalise(query).split(" ")), join(words)]);
    return Promise.all(phrases.map(function (p) { return pf.search(asPhrase(p)); })).then(function (found) {
      var ids = new Set();
      found.forEach(function (f) { f.results.forEach(function (r) { ids.add(r.id); }); });
      return ids;
    });
  }

  // The ranked pages (catalogue entries), `limit` of them, filters applied.
  function find(query, limit) {
    var terms = analyse(query);
    if (!terms.length) return Promise.resolve({ terms: terms, covered: 0, pages: [] });
    var national = terms.every(function (term) { return !term.province; });
    return Promise.all([loadPagefind(), loadCatalogue()]).then(function (loaded) {
      var pf = loaded[0], cat = loaded[1];
      var work = terms.map(function (term) { return scoreTerm(pf, term, cat, terms.length); });
      return Promise.all(work.concat([phraseHits(pf, query, terms)])).then(function (found) {
        var ranked = rank(terms, found.slice(0, terms.length), found[terms.length], cat, national)
          .filter(function (p) { return matchesFilters(p.entry); });
        var covered = ranked.reduce(function (most, p) { return Math.max(most, p.covered); }, 0);
        return { terms: terms, covered: covered,
                 pages: ranked.slice(0, limit).map(function (p) { return p.entry; }) };
      });
    });
  }

  // Every searchable page with its title, summary and filter values, by Pagefind result id:
  // results are shown from here, so a query downloads no page fragments.
  function loadCatalogue() {
    if (!catalogue) {
      catalogue = fetch(box.getAttribute("data-catalogue")).then(function (r) { return r.json(); })
        .then(function (entries) {
          var byId = {};
          entries.forEach(function (entry) { byId[entry.id] = entry; });
          return { entries: entries, byId: byId };
        });
    }
    return catalogue;
  }

  function matchesFilters(entry) {
    return Object.keys(active).every(function (facet) {
      return (entry[facet] || []).indexOf(active[facet]) >= 0;
    });
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // The summary with the reader's words (and their synonyms) marked.
  function showSummary(target, text, terms) {
    var words = [];
    terms.forEach(function (term) { words = words.concat(term.variants); });
    words = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var parts = words.length ? text.split(new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "i")) : [text];
    parts.forEach(function (part, i) {
      if (!part) return;
      if (i % 2) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(part));
      }
    });
  }

  function render(found, query) {
    list.textContent = "";
    found.pages.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      var heading = document.createElement("h3");
      heading.appendChild(link);
      item.appendChild(heading);
      var where = document.createElement("p");
      where.className = "result-meta";
      where.textContent = [(entry.province || [])[0], entry.reviewed && t.reviewed + " " + entry.reviewed]
        .filter(Boolean).join(" · ");
      if (where.textContent) item.appendChild(where);
      var summary = document.createElement("p");
      showSummary(summary, entry.summary, found.terms);
      item.appendChild(summary);
      list.appendChild(item);
    });
    var words = found.terms.map(function (term) { return term.word; }).join(" ");
    status.textContent = found.pages.length
      ? t.count.replace("{n}", found.pages.length) : t.none;
    note.textContent = words && normalise(query) !== words ? t.searched.replace("{words}", words) : "";
    if (found.covered && found.covered < found.terms.length) note.textContent += " " + t.relaxed;
  }

  function listFiltered() {
    return loadCatalogue().then(function (cat) {
      return { terms: [], covered: 0, pages: cat.entries.filter(matchesFilters) };
    });
  }

  var pending = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++pending;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query && !Object.keys(active).length) { list.textContent = ""; status.textContent = ""; note.textContent = ""; return; }
    var work = query ? find(query, 10) : listFiltered();
    work.then(function (found) { if (ticket === pending) render(found, query); })
      .catch(function () { if (ticket === pending) status.textContent = t.error; });
  }

  var timer = null;
  var composing = false;
  function schedule() {
    if (composing) return; // wait for the input method to finish the word (拼音)
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); event.stopImmediatePropagation(); run(); }, true);
  }
  if (input) {
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("input", function (event) { if (!event.isComposing) schedule(); });
  }
  Array.prototype.forEach.call(box.querySelectorAll("[data-facet]"), function (chip) {
    chip.addEventListener("click", function () {
      var facet = chip.getAttribute("data-facet"), value = chip.getAttribute("data-value");
      var on = active[facet] !== value;
      if (on) active[facet] = value; else delete active[facet];
      Array.prototype.forEach.call(box.querySelectorAll('[data-facet="' + facet + '"]'), function (other) {
        other.setAttribute("aria-pressed", String(on && other === chip));
      });
      run();
    });
  });
  box.querySelector(".filters").hidden = false;

  // For the search-quality benchmark and tests: the same ranking the page shows.
  window.sitegenSearch = function (query) {
    return find(query, 10).then(function (found) { return found.pages.map(function (e) { return e.url; }); });
  };

  if (input) input.value = new URLSearchParams(location.search).get("q") || "";
  if (input && input.value) run();
})();
