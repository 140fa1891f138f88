// Search on /{lang}/search/: the page around search-core.js (query reading and ranking) and
// Pagefind (the index). Loaded only by the search page; without JavaScript the header box
// goes to the topic index, which says that search needs JavaScript and lists every guide.
//
// The index holds Chinese one character a word (see sitegen/search/index.py), so a Chinese
// word is searched as a quoted phrase of its characters: an exact substring match. Each page's
// record already holds the synonyms of the words it uses, so only the reader's own words are
// searched; a word the index does not have is read again as a same-pinyin slip (Chinese) or
// the closest known word (English), and the page says so.
(function () {
  "use strict";
  var core = window.SearchCore, spell = window.SearchSpelling;
  var box = document.getElementById("search");
  if (!box || !core || !spell) return;
  var t = JSON.parse(document.getElementById("search-data").textContent).strings;
  var status = document.getElementById("search-status");
  var note = document.getElementById("search-note");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var input = document.getElementById("q");
  var form = document.querySelector(".search-form");
  var base = box.getAttribute("data-base");
  var PAGE = 10, FEW = 3;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var active = {};
  var loaded = null, spelling = null, readingFile = null, readingLex = null, shown = [];

  function getJson(name) {
    return fetch(base + name).then(function (r) { if (!r.ok) throw new Error(name); return r.json(); });
  }

  // The catalogue (pages by Pagefind id), the words file and Pagefind, once. metaCacheTag
  // gives Pagefind's entry file a fixed address per build, so the service worker keeps it.
  function load() {
    if (!loaded) {
      loaded = Promise.all([getJson("catalogue.json"), getJson("words.json"), import("/pagefind/pagefind.js")])
        .then(function (parts) {
          var byId = {}, byUrl = {}, english = new Set();
          parts[0].forEach(function (entry) {
            byId[entry.id] = entry;
            byUrl[entry.url] = entry;
            (entry.title + " " + entry.summary + " " + (entry.keywords || []).join(" ")).toLowerCase()
              .split(/[^a-z]+/).forEach(function (w) { if (w.length > 3) english.add(w); });
          });
          var pf = parts[2];
          keepForOffline(parts[1].bundle || []);
          var told = parts[0].map(function (e) { return e.title + e.summary + (e.keywords || []).join(""); });
          var chars = core.characters([JSON.stringify(parts[1])].concat(told));
          // the characters of the site's titles and the editors' words (not the place names)
          var w = parts[1], usual = core.characters(told.concat([JSON.stringify([w.synonyms, w.groups, w.tools, w.guides, w.answers, w.stop])]));
          // init() fetches and starts Pagefind's WebAssembly and the language's metadata now,
          // while the reader types, not when the first query is committed
          return Promise.resolve(pf.options({ metaCacheTag: parts[1].version || "" })).then(function () {
            return pf.init();
          }).then(function () {
            return { cat: { entries: parts[0], byId: byId, byUrl: byUrl }, words: parts[1], lex: core.prepare(parts[1]),
                     pf: pf, english: english, chars: chars, usual: usual };
          });
        });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
  }

  // Ask the service worker to keep this language's search files, so that search works
  // offline once the page was opened online (sw.js; nothing happens without a worker).
  function keepForOffline(urls) {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker && urls.length && navigator.onLine !== false) worker.postMessage({ type: "save", urls: urls });
  }

  function fetchReading() {
    if (!readingFile) {
      readingFile = getJson("reading.json");
      readingFile.catch(function () { readingFile = null; readingLex = null; });
    }
    return readingFile;
  }

  // The loaded search with the reading tables in its words, when the query needs them
  // (pinyin, English, traditional characters); without them if they cannot be fetched.
  function reader(s, query) {
    if (!core.needsReading(query, s.chars)) return s;
    if (!readingLex) readingLex = fetchReading().then(function (extra) { return core.prepare(Object.assign({}, s.words, extra)); });
    return readingLex.then(function (lex) { return Object.assign({}, s, { lex: lex }); }, function () { return s; });
  }

  function loadSpelling() {
    if (!spelling) spelling = getJson("spelling.json").then(spell.prepareSpelling, function () { spelling = null; return null; });
    return spelling;
  }

  function asPhrase(word) {
    if (CJK.test(word)) return '"' + Array.from(word.replace(/\s+/g, "")).join(" ") + '"';
    return word.indexOf(" ") > 0 ? '"' + word + '"' : word;
  }

  // Pagefind's results for one word: {id: score}, and the result objects (for sub-results).
  // An exact (quoted) search scores every page alike, so a Chinese word's pages are those of
  // the exact search, scored by the search of its characters (the same index chunks).
  function hitsOf(pf, word, weight, results) {
    var one = CJK.test(word) && word.length === 1;  // one character: its own phrase, one search
    var exact = pf.search(one ? word : asPhrase(word));
    var loose = CJK.test(word) && !one ? pf.search(Array.from(word.replace(/\s+/g, "")).join(" ")) : exact;
    return Promise.all([exact, loose]).then(function (found) {
      var scores = {}, hits = {};
      found[1].results.forEach(function (r) { scores[r.id] = r.score; });
      found[0].results.forEach(function (r) { hits[r.id] = weight * (scores[r.id] || r.score); results[r.id] = r; });
      return hits;
    });
  }

  // A term's hits; when the index has none, the word read again (养老保显 → 养老保险,
  // pensoin → pension), noted in `respelled`.
  function termHits(s, term, respelled, results) {
    return hitsOf(s.pf, term.word, core.TERM_WEIGHTS.own, results).then(function (hits) {
      if (Object.keys(hits).length) return hits;
      var own = s.cat.byUrl[term.guide || term.tool];  // a glossary term's guide, a tool's page
      if (own) { hits[own.id] = 1; return hits; }
      if (s.lex.vocabulary.has(term.word) || s.lex.answers[term.word]) return hits;  // an editors' word stays
      var other = CJK.test(term.word)
        ? loadSpelling().then(function (sp) { return sp ? { word: spell.respell(term.word, sp), words: sp.words } : {}; })
        : Promise.resolve({ word: core.closestWord(term.word, s.english), words: new Set() });
      return other.then(function (read) {
        var word = read.word;
        if (!word || word === term.word) return scattered(s.pf, term);
        respelled.push(word);
        term.read = word;
        term.variants = [word].concat(s.lex.synonyms[word] || []);
        // The word read again, cut into the site's words (医疗报销 → 医疗 报销), each searched.
        var known = new Set(Array.from(read.words).concat(Array.from(s.lex.vocabulary)));
        var parts = CJK.test(word) ? core.cutChinese(word, known) : [word];
        return Promise.all(parts.concat(parts.length > 1 ? [word] : []).map(function (p) {
          return hitsOf(s.pf, p, core.TERM_WEIGHTS.respelled, results);
        })).then(function (each) {
          var merged = {};
          each.forEach(function (h) { Object.keys(h).forEach(function (id) { merged[id] = (merged[id] || 0) + h[id]; }); });
          return merged;
        });
      });
    });
  }

  // A Chinese word of two to four characters that no page has, read neither as another: the
  // pages with its characters apart, weighing less (电动车子 finds the pages on 电动车), said
  // on the page as a partial match. A longer unknown run (乌兰巴托天气) is left unmatched.
  var SCATTERED_MAX = 4;
  function scattered(pf, term) {
    var word = term.word;
    if (!CJK.test(word) || word.length < 2 || word.length > SCATTERED_MAX) return Promise.resolve({});
    return pf.search(Array.from(word).join(" ")).then(function (found) {
      var hits = {};
      found.results.forEach(function (r) { hits[r.id] = core.TERM_WEIGHTS.scattered * r.score; });
      term.scattered = found.results.length > 0;
      return hits;
    });
  }

  // Two characters typed side by side as words of one character each, which no page has
  // together, or a character that no title, summary or word of the site has (需要浇吗): read
  // as the site's word with their sound, when there is one (社保段缴了 → 断缴, 医保报效 →
  // 报销, 需要浇吗 → 需要交吗), only those characters changed. The query with them read so,
  // and the words read.
  function respellPairs(s, query) {
    var text = core.normalise(query, s.lex), singles = core.analyse(query, s.lex).terms.filter(function (t) {
      return t.kind === "word" && CJK.test(t.word) && t.word.length === 1;
    });
    var pairs = singles.slice(1).map(function (t, i) { return singles[i].word + t.word; }).filter(function (pair) {
      return text.indexOf(pair) >= 0 && !s.lex.vocabulary.has(pair);
    });
    var odd = singles.map(function (t) { return t.word; }).filter(function (c) { return !s.usual.has(c); });
    var unchanged = { query: query, respelled: [] };
    return Promise.all(pairs.map(function (pair) { return s.pf.search(asPhrase(pair)); })).then(function (found) {
      var missing = pairs.filter(function (pair, i) { return !found[i].results.length; });
      return missing.length || odd.length ? loadSpelling().then(function (sp) {
        if (!sp) return unchanged;
        var respelled = [];
        var runs = missing.concat((text.match(/[\u3400-\u4dbf\u4e00-\u9fff]+/g) || []).filter(function (run) {
          return odd.some(function (c) { return run.indexOf(c) >= 0; });
        }));
        runs.forEach(function (run) {
          var word = spell.respell(run, sp);
          var only = Array.from(run).every(function (c, i) { return c === word[i] || missing.indexOf(run) >= 0 || odd.indexOf(c) >= 0; });
          if (word !== run && only && (missing.indexOf(run) < 0 || sp.words.has(word)) && text.indexOf(run) >= 0) {
            text = text.split(run).join(word);
            respelled.push(word);
          }
        });
        return respelled.length ? { query: text, respelled: respelled } : unchanged;
      }) : unchanged;
    });
  }

  // Everything the page shows for a query: ranked pages, notices, what was read differently.
  function find(typedQuery) {
    if (/[A-Za-z]/.test(typedQuery)) fetchReading();  // along with the rest, not after it
    return load().then(function (ready) { return reader(ready, typedQuery); }).then(function (s) {
      return respellPairs(s, typedQuery).then(function (read) { return findRead(s, read); });
    });
  }

  // The search of a query as read by respellPairs: pages, notices, what was read differently.
  function findRead(s, read) {
    var query = read.query;
    var found = core.analyse(query, s.lex), respelled = Array.from(new Set(read.respelled.concat(found.respelled))), results = {};
    var searched = found.terms.filter(function (term) { return term.kind !== "place"; });
    var words = searched.map(function (term) { return term.word; });
    var join = function (list) { return list.every(function (w) { return CJK.test(w); }) ? list.join("") : list.join(" "); };
    // The reader's words as one phrase (their characters' index chunks are loaded anyway);
    // the query as typed, with its filler words, is matched against titles and keywords in
    // the catalogue instead (search-core's echo), which downloads nothing.
    var typed = core.normalise(query, s.lex);
    var phrases = words.length > 1 ? [join(words)] : [];
    var phrase = Promise.all(phrases.map(function (p) { return hitsOf(s.pf, p, 1, results); })).then(function (each) {
      var ids = {};
      each.forEach(function (h) { Object.keys(h).forEach(function (id) { ids[id] = 1; }); });
      return ids;
    });
    return Promise.all(searched.map(function (term) { return termHits(s, term, respelled, results); }).concat([phrase]))
      .then(function (all) {
        // A word read again is read with the rest of the query once more, so that what it
        // names counts (歪卖员 → 外卖员, a group; 公积锦 → 公积金, not covered here).
        var reread = searched.filter(function (t) { return t.read && typed.indexOf(t.word) >= 0; });
        if (reread.length && !read.again) {
          var text = " " + typed + " ";
          reread.forEach(function (t) {
            var word = CJK.test(t.word) ? t.word : " " + t.word + " ";
            text = text.split(word).join(CJK.test(t.word) ? t.read : " " + t.read + " ");
          });
          text = text.trim();
          return findRead(s, { query: text, respelled: respelled, again: true });
        }
        var ranked = core.rank(found, all.slice(0, searched.length), new Set(Object.keys(all[searched.length])), s.cat, typed)
          .filter(function (p) { return matchesFilters(p.entry); });
        var covered = ranked.reduce(function (most, p) { return Math.max(most, p.covered); }, 0);
        var pages = ranked.map(function (p) { return p.entry; });
        // A word on one or two pages: the guides closest to the query follow them.
        if (pages.length && pages.length < FEW) {
          core.closest(typed, s.cat, FEW).forEach(function (e) { if (pages.indexOf(e) < 0 && pages.length < FEW) pages.push(e); });
        }
        window.sitegenLastRanking = ranked.slice(0, 6).map(function (p) { return [p.entry.url, +p.score.toFixed(2), p.covered]; });
        return { found: found, pages: pages, covered: covered, searched: searched, respelled: respelled,
                 results: results, closest: pages.length ? [] : core.closest(typed, s.cat, 3) };
      });
  }

  function matchesFilters(entry) {
    return Object.keys(active).every(function (facet) { return (entry[facet] || []).indexOf(active[facet]) >= 0; });
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Text with the reader's words (and their synonyms) marked.
  function marked(target, text, terms) {
    var words = [];
    terms.forEach(function (term) { words = words.concat(term.variants || []); });
    words = words.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var parts = words.length ? text.split(new RegExp("(" + words.map(escapeRegExp).join("|") + ")", "i")) : [text];
    parts.forEach(function (part, i) {
      if (!part) return;
      var node = i % 2 ? document.createElement("mark") : document.createTextNode(part);
      if (i % 2) node.textContent = part;
      target.appendChild(node);
    });
  }

  function item(entry, terms) {
    var li = document.createElement("li"), h = document.createElement("h3"), a = document.createElement("a");
    a.href = entry.url;
    a.textContent = entry.title;
    h.appendChild(a);
    li.appendChild(h);
    var where = [(entry.province || [])[0], entry.reviewed && t.reviewed + " " + entry.reviewed].filter(Boolean).join(" · ");
    if (where) { var meta = document.createElement("p"); meta.className = "result-meta"; meta.textContent = where; li.appendChild(meta); }
    var p = document.createElement("p");
    marked(p, entry.summary, terms);
    li.appendChild(p);
    return li;
  }

  // The spaces the index put between Chinese characters (sitegen/search/index.py space_cjk),
  // not those between English words (The rule, not Therule).
  // (no look-behind: Safari before 16.4, and so WeChat on older iPhones, cannot read one)
  var SPACED_CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e])\s+(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e])/g;

  // The first result's part that holds the reader's words (a step, a section, a province's
  // flyers), as a link under it.
  function subResult(li, entry, view) {
    var anchors = entry.anchors || [];
    var code = view.found.provinces[0], group = view.found.groups[0];
    var own = anchors.filter(function (a) { return a[0] === "province-" + code || a[0] === "tools-" + group; })[0];
    var link = function (href, text) {
      var p = document.createElement("p"), a = document.createElement("a");
      p.className = "result-step";
      a.href = href;
      a.textContent = text;
      p.append(t.step + " ", a);
      li.appendChild(p);
    };
    if (own) return link(entry.url + "#" + own[0], own[1]);
    var result = view.results[entry.id];
    if (!result || !view.searched.length) return;
    result.data().then(function (data) {
      var sub = (data.sub_results || []).filter(function (s) { return s.anchor && s.url.indexOf("#") > 0; })[0];
      if (sub && li.isConnected) link(sub.url.replace(/^(.*?)(#.*)$/, entry.url + "$2"), sub.title.replace(SPACED_CJK, "$1"));
    }).catch(function () {});
  }

  function showMore() {
    var from = list.children.length;
    shown.pages.slice(from, from + PAGE).forEach(function (entry) { list.appendChild(item(entry, shown.found.terms)); });
    var left = shown.pages.length - list.children.length;
    more.hidden = left <= 0;
    more.textContent = t.more.replace("{n}", left);
  }

  function render(view) {
    shown = view;
    list.textContent = "";
    var lines = view.found.notices.slice();
    view.found.elsewhere.forEach(function (province) { lines.push(t.elsewhere.replace("{province}", province)); });
    if (view.respelled.length) lines.push(t.respelled.replace("{words}", view.respelled.join(" ")));
    var partly = view.searched.some(function (term) { return term.scattered; });
    if (view.pages.length && view.covered && (view.covered < view.searched.length || partly)) lines.push(t.relaxed);
    if (!view.pages.length) lines.push(t.closest);
    note.textContent = lines.join(" ");
    status.textContent = view.pages.length ? t.count.replace("{n}", view.pages.length) : t.none;
    var pages = view.pages.length ? view.pages : view.closest;
    shown = { pages: pages, found: view.found };
    showMore();
    if (view.pages.length && list.firstChild) subResult(list.firstChild, view.pages[0], view);
  }

  function listFiltered() {
    return load().then(function (s) {
      return { found: { terms: [], provinces: [], groups: [], elsewhere: [], notices: [] }, searched: [],
               respelled: [], results: {}, closest: [], covered: 0, pages: s.cat.entries.filter(matchesFilters) };
    });
  }

  // The other language's link carries the query, so that its search page runs it.
  function keepQueryInLanguageLinks(query) {
    Array.prototype.forEach.call(document.querySelectorAll(".languages a[hreflang]"), function (a) {
      var url = new URL(a.href, location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      a.href = url.pathname + url.search;
    });
  }

  var pending = 0;
  function run() {
    var query = input.value.trim(), ticket = ++pending;
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    keepQueryInLanguageLinks(query);
    if (!query && !Object.keys(active).length) { list.textContent = ""; status.textContent = ""; note.textContent = ""; more.hidden = true; return; }
    (query ? find(query) : listFiltered()).then(function (view) { if (ticket === pending) render(view); })
      .catch(function () { if (ticket === pending) status.textContent = t.error; });
  }

  // Typing waits for a pause; an input method's commit (拼音 → 汉字) is searched at once.
  var timer = null, composing = false;
  function schedule(delay) {
    if (composing) return;
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  }

  if (form) form.addEventListener("submit", function (event) { event.preventDefault(); event.stopImmediatePropagation(); run(); }, true);
  if (input) {
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(0); });
    input.addEventListener("input", function (event) { if (!event.isComposing) schedule(200); });
    input.addEventListener("focus", function () { load(); }, { once: true });
  }
  more.addEventListener("click", showMore);
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

  // For the search-quality benchmark and tests: the ranking the page shows, and its notices.
  window.sitegenSearch = function (query) {
    return find(query).then(function (view) {
      var notices = [];
      if (view.found.notices.length) notices.push("uncovered");
      if (view.found.elsewhere.length) notices.push("elsewhere");
      if (!view.pages.length) notices.push("closest");
      return { urls: view.pages.map(function (e) { return e.url; }), notices: notices, respelled: view.respelled };
    });
  };

  if (input) input.value = new URLSearchParams(location.search).get("q") || "";
  if (input && input.value) run();
})();
