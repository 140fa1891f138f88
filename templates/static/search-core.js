// The search's pure logic: reading a query and ranking pages. No page, no network: search.js
// feeds it the words file (/{lang}/search/words.json), the catalogue and Pagefind's hits, and
// Node's tests (tests/js/search-core.test.js) feed it small made-up ones.
(function (exports) {
  "use strict";

  // How much a page gains when a term is in one of its fields (the catalogue has these).
  var FIELD_WEIGHTS = { title: 0.6, keywords: 0.4, summary: 0.2 };
  // A term's score on a page: a floor for containing it, plus Pagefind's score scaled to the
  // best page (title and keywords weigh most in the index, body text least).
  var HIT_FLOOR = 0.35, HIT_SCALE = 0.65;
  // What a reader's word counts for against the words put in its place.
  var TERM_WEIGHTS = { own: 1, respelled: 0.9, corrected: 0.85, scattered: 0.5 };
  var BOOSTS = {
    phrase: 1.5,      // the page has the reader's words as one phrase in its title, keywords or summary
    bodyPhrase: 0.8,  // … only in its body text
    together: 1,      // the reader's words together in its title or one keyword (by rarity)
    termGuide: 1,     // the guide that explains a glossary term the query uses (社保 → why-social-insurance)
    answer: 1.75,     // the guide that answers the query's words (search.yaml `answers`: 自己交社保 → the
                      // flexible workers' guide): a question in the reader's words says more than a term
    national: 1,      // no place named: the national guides first
    group: 0.4,       // a guide written for the worker group the query names (美团 → riders)
    groupPage: 4,     // that group's own page (/groups/{id}/: its guides)
    groupFirst: 0.4,  // the guides that group needs first (groups.yaml `guides`), the first most
    topic: 0.5,       // a page filed under a topic the query names (pension → Pension), shared
                      // among the page's topics (a page on six topics is less about each)
    place: 0.5,       // a page of the province the query names
    placeTopic: 3.5,  // … whose title or summary also has the reader's words (its procedure)
    tool: 3,          // the handouts page, the calculator, the check, asked for by name
    echo: 0.5         // per character past ECHO_MIN that the query shares with a title or keyword
  };
  var ECHO_MIN = { cjk: 3, latin: Infinity }, ECHO_MAX = 3;  // English: shared words are the terms already
  // A kind of page that answers few queries on its own: its matches weigh less (the boosts
  // above, when a query asks for it, are not lessened).
  var KIND_WEIGHTS = { guide: 1, procedure: 1, province: 0.9, calculator: 0.8, scenarios: 0.8,
                       check: 0.7, group: 0.5, handouts: 0.5 };
  // A guide written first for outreach staff (its first audience), not for the workers and
  // families who search: all it scores weighs this much (the survey's figures answer few of
  // a worker's questions; families' guides weigh as workers' do).
  var HELPERS = { outreach: 0.6 };
  // No place named: a province's procedure is its national guide for readers elsewhere too,
  // and eight of them would crowd out the guides; its matches weigh this much.
  var UNPLACED_PROCEDURE = 0.75;
  // A group named: a guide written for a few other kinds of workers only (the drivers' safety
  // guide, for a rider) weighs this much.
  var OTHER_WORKERS = 0.5;
  // No group named: a guide written for a few kinds of workers only (the riders' safety
  // checklist) weighs this much against one written for all of them.
  var FEW_WORKERS = 0.85;
  // A platform or job (美团, 出租车) says who asks; with other words, those say what is asked
  // (the boosts above still lift the group's own pages): the group word's matches weigh this much.
  var WHO_ASKS = 0.4;
  // A word none of the editors' lists has (最便宜, enough, now) is rare on the site by chance,
  // not because it names what is asked: beside one that a list has, its matches weigh this much.
  var PLAIN_WORD = 0.5;
  // A one-character Chinese term (交, 查) is on most pages and says little on its own.
  var SINGLE_CHARACTER = 0.3;
  // 秀山土家族苗族自治县 is one word; yi ge yue duo shao qian is one word (一个月多少钱)
  var MAX_WORD = 12, MAX_PINYIN_WORDS = 8;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var LATIN = /[A-Za-z\uff21-\uff3a\uff41-\uff5a]/;
  var CJK_RUN = /([\u3400-\u4dbf\u4e00-\u9fff]+)/;

  function unique(words) {
    var seen = new Set();
    return words.filter(function (w) { var k = w.toLowerCase(); return !seen.has(k) && seen.add(k); });
  }

  // The words file as look-up tables.
  function prepare(words) {
    var lex = { synonyms: {}, stop: new Set(), places: {}, elsewhere: {}, groups: {},
                uncovered: {}, pinyin: {}, traditional: words.traditional || {},
                vocabulary: new Set(), groupPages: words.group_pages || {}, groupGuides: words.group_guides || {},
                workers: words.workers || null, between: words.between || "",
                tools: {}, guides: {}, answers: {}, known: new Set(words.known || []),
                provinces: words.provinces || {}, placesOf: words.places_of || {} };
    // words are looked up as a query is read (ele.me as "ele me", workers' as "workers")
    var read = function (w) { return normalise(w, lex); };
    (words.synonyms || []).forEach(function (group) {
      group.forEach(function (w) {
        var k = read(w);
        lex.synonyms[k] = unique((lex.synonyms[k] || []).concat(group));
      });
    });
    [["tools", lex.tools], ["guides", lex.guides]].forEach(function (pair) {
      var given = words[pair[0]] || {};
      Object.keys(given).forEach(function (w) { pair[1][read(w)] = given[w]; });
    });
    var pinyin = words.pinyin || {};  // what a pinyin word is read as is looked up in turn
    Object.keys(pinyin).forEach(function (key) { lex.pinyin[key] = read(pinyin[key]); });
    (words.stop || []).forEach(function (w) { lex.stop.add(read(w)); });
    Object.keys(words.answers || {}).forEach(function (phrase) {
      var key = read(phrase);
      lex.answers[key] = unique((lex.answers[key] || []).concat(words.answers[phrase]));
    });
    Object.keys(words.places || {}).forEach(function (code) {
      words.places[code].split("|").forEach(function (name) {
        (lex.places[name] = lex.places[name] || []).push(code);
      });
    });
    Object.keys(words.elsewhere || {}).forEach(function (province) {
      words.elsewhere[province].split("|").forEach(function (n) { lex.elsewhere[n] = province; });
    });
    Object.keys(words.groups || {}).forEach(function (w) { lex.groups[read(w)] = words.groups[w]; });
    (words.uncovered || []).forEach(function (topic) {
      topic.words.forEach(function (w) { lex.uncovered[read(w)] = topic.say; });
    });
    [lex.synonyms, lex.places, lex.elsewhere, lex.groups, lex.uncovered, lex.pinyin, lex.tools, lex.guides].forEach(function (m) {
      Object.keys(m).forEach(function (w) { lex.vocabulary.add(w); });
    });
    lex.stop.forEach(function (w) { lex.vocabulary.add(w); });
    // The English words a misspelt one may be read as, each word of a phrase too: the editors'
    // first (roder: rider, not order), then the pages' and pinyin's, then places (hukou, not gulou).
    lex.spellable = new Map();
    var spellable = function (words, rank) {
      words.forEach(function (w) {
        w.split(/\s+/).forEach(function (part) {
          if (/^[a-z]+$/.test(part) && !(lex.spellable.get(part) <= rank)) lex.spellable.set(part, rank);
        });
      });
    };
    spellable([lex.synonyms, lex.groups, lex.uncovered, lex.tools, lex.guides, lex.answers].reduce(function (all, m) {
      return all.concat(Object.keys(m));
    }, []), 0);
    spellable(Array.from(lex.known).concat(Object.keys(lex.pinyin), Array.from(lex.stop)), 1);
    spellable(Object.keys(lex.places).concat(Object.keys(lex.elsewhere)), 2);
    return lex;
  }

  // Whether a query needs the reading tables (reading.json: pinyin, the English words a
  // misspelt one is read as, traditional characters): it has Latin letters, or a Chinese
  // character that `chars` (those of the site's titles and words, see `characters`) lacks.
  function needsReading(query, chars) {
    if (LATIN.test(query)) return true;
    return Array.from(query).some(function (c) { return CJK.test(c) && !chars.has(c); });
  }

  // The Chinese characters of some texts, as a set.
  function characters(texts) {
    var chars = new Set();
    texts.forEach(function (text) { Array.from(text).forEach(function (c) { if (CJK.test(c)) chars.add(c); }); });
    return chars;
  }

  // Lower case, full-width to half-width, traditional to simplified, punctuation to spaces.
  function normalise(query, lex) {
    var text = query.normalize("NFKC").toLowerCase();
    var table = (lex && lex.traditional) || {};
    text = Array.from(text).map(function (c) { return table[c] || c; }).join("");
    // English contractions, typed with either apostrophe: don't → do not, I'm → I
    text = text.replace(/\bcan['’]t\b/g, "can not").replace(/\bwon['’]t\b/g, "will not")
      .replace(/n['’]t\b/g, " not").replace(/([a-z])['’](?:m|re|ve|ll|d|s)\b/g, "$1");
    return text.replace(/[\p{P}\p{S}]+/gu, " ").replace(/\s+/g, " ").trim();
  }

  // Cut a run of Chinese characters into known words, longest first; unknown runs stay whole.
  function cutChinese(run, known) {
    var words = [], unknown = "", i = 0;
    while (i < run.length) {
      var found = "";
      for (var n = Math.min(MAX_WORD, run.length - i); n > 0 && !found; n--) {
        if (known.has(run.substr(i, n))) found = run.substr(i, n);
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

  // Join Latin words into known phrases ("social insurance"), and pinyin into the Chinese
  // word it spells ("yanglao baoxian", "yanglaobaoxian" → 养老保险), longest first.
  function joinLatin(words, lex) {
    // a place's pinyin, typed in syllables, is not words of English ("run a" is not Runan)
    var english = function (w) { return lex.known.has(w) || lex.stop.has(w); };
    var out = [], i = 0;
    while (i < words.length) {
      var n = Math.min(MAX_PINYIN_WORDS, words.length - i), done = false;
      for (; n > 0 && !done; n--) {
        var part = words.slice(i, i + n), spaced = part.join(" "), joined = part.join("");
        var chinese = lex.pinyin[spaced] || lex.pinyin[joined];
        if (chinese) { out.push(chinese); done = true; }
        else if (n > 1 && lex.vocabulary.has(spaced)) { out.push(spaced); done = true; }
        else if (n > 1 && (lex.places[joined] || lex.elsewhere[joined]) && !part.every(english)) { out.push(joined); done = true; }
        if (done) i += n;
      }
      if (!done) { out.push(pinyinPrefix(words[i], lex) || words[i]); i += 1; }
    }
    return out;
  }

  // Pinyin of the start of a known word ("yanglao" → 养老金): the shortest word whose joined
  // pinyin begins with it, for a word of at least MIN_PINYIN_PREFIX letters the site does not use.
  var MIN_PINYIN_PREFIX = 5;
  function pinyinPrefix(word, lex) {
    if (word.length < MIN_PINYIN_PREFIX || !/^[a-z]+$/.test(word) || lex.known.has(word) || lex.vocabulary.has(word)) return "";
    var best = "";
    Object.keys(lex.pinyin).forEach(function (key) {
      if (key.indexOf(" ") < 0 && key.length > word.length && key.indexOf(word) === 0 && (!best || key.length < best.length)) best = key;
    });
    return best ? lex.pinyin[best] : "";
  }

  function tokens(query, lex) {
    var out = [], latin = [];
    normalise(query, lex).split(" ").forEach(function (chunk) {
      chunk.split(CJK_RUN).forEach(function (part) {
        if (!part) return;
        if (CJK.test(part)) {
          out = out.concat(joinLatin(latin, lex), cutChinese(part, lex.vocabulary).map(function (w) { return lex.pinyin[w] || w; }));
          latin = [];
        } else {
          latin.push(part);
        }
      });
    });
    out = out.concat(joinLatin(latin, lex));
    // 南山 区 → 南山区: a place's suffix typed after it stays with it.
    return out.filter(function (word, i) {
      return !(i > 0 && /^(省|市|区|县|新区)$/.test(word) && placeOf(out[i - 1], lex));
    });
  }

  // The reader's query as terms. A place is not searched: it names a province (or one the
  // site does not cover); a platform or job names a worker group and is searched too; a
  // topic the site does not cover brings its sentence.
  // A place as the words file has it: without 省, 市, 区, 县 … when two characters are left.
  var PLACE_SUFFIX = /(?:特别行政区|自治区|自治州|自治县|新区|地区|省|市|区|县|旗|盟)$/;
  function placeOf(word, lex) {
    var short = word.replace(PLACE_SUFFIX, "");
    var key = lex.places[word] || lex.elsewhere[word] || short.length < 2 ? word : short;
    if (lex.places[key]) return { provinces: lex.places[key] };
    if (lex.elsewhere[key]) return { elsewhere: lex.elsewhere[key] };
    return null;
  }

  // An English plural or past form the words file does not have, as the word it has (riders →
  // rider, moved → move, stopped → stop).
  function baseForm(word, lex) {
    if (lex.vocabulary.has(word) || !/^[a-z ]*[a-z]$/.test(word)) return word;
    var forms = [word.replace(/s$/, ""), word.replace(/d$/, ""), word.replace(/ed$/, ""),
                 word.replace(/([a-z])\1ed$/, "$1")];
    return forms.filter(function (f) { return f !== word && lex.vocabulary.has(f); })[0] || word;
  }

  // The guides that answer what the query asks in so many words (search.yaml `answers`):
  // phrases found anywhere in its words (pinyin already read as Chinese), Chinese ones across
  // spaces, English ones as whole words, longest first and of two as long the one typed
  // first, each taking its letters (没给我交社保: 没给我交, not 交社保 as well; 不给交社保: 不给交,
  // then 社保). A guide two phrases ask for is there twice. `phrases` gets the phrases found.
  function answersOf(words, lex, phrases) {
    var text = " " + words.join(" ") + " ", urls = [];
    var joined = text.replace(/([\u3400-\u9fff])\s+/g, "$1").replace(/\s+(?=[\u3400-\u9fff])/g, "");
    var spelled = function (phrase) { return CJK.test(phrase) ? phrase : " " + phrase + " "; };
    Object.keys(lex.answers || {}).filter(function (phrase) { return joined.indexOf(spelled(phrase)) >= 0; }).sort(function (a, b) {
      return b.length - a.length || joined.indexOf(spelled(a)) - joined.indexOf(spelled(b));
    }).forEach(function (phrase) {
      var wanted = spelled(phrase);
      if (joined.indexOf(wanted) < 0) return;
      joined = joined.split(wanted).join(" | ");
      urls = urls.concat(lex.answers[phrase]);
      phrases.push(wanted);
    });
    return urls;
  }

  // The query's words, an English word the site does not have read as the closest one it has
  // (pensoin → pension), and then read again, so that it joins a phrase (express delvery →
  // express delivery, a group's words). `respelled` gets the words read so.
  function spelledTokens(query, lex, respelled) {
    var words = tokens(query, lex);
    if (!lex.known.size) return words;
    var fixed = words.map(function (w) {
      return /^[a-z]{4,}$/.test(w) && !lex.spellable.has(w) && !lex.stop.has(w) ? closestWord(w, lex.spellable) || w : w;
    });
    fixed.forEach(function (w, i) { if (w !== words[i]) respelled.push(w); });
    return respelled.length ? tokens(fixed.join(" "), lex) : words;
  }

  function analyse(query, lex) {
    var phrases = [], respelled = [];
    var words = spelledTokens(query, lex, respelled);
    var found = { terms: [], provinces: [], elsewhere: [], groups: [], notices: [], respelled: unique(respelled),
                  answers: answersOf(words, lex, phrases) };
    // a word inside a longer phrase that asked for a guide does not ask for its own as well
    // (社保 in 没交社保: why insure and how to join, not the glossary's guide once more)
    var answered = function (w) {
      var own = CJK.test(w) ? w : " " + w + " ";
      return phrases.some(function (p) { return p.length > own.length && p.indexOf(own) >= 0; });
    };
    unique(words).filter(function (w) { return !lex.stop.has(w); }).forEach(function (word) {
      var place = placeOf(word, lex);
      if (place && place.provinces) {
        found.provinces = unique(found.provinces.concat(place.provinces));
        found.terms.push({ word: word, kind: "place", provinces: place.provinces, variants: [] });
        return;
      }
      if (place) {
        found.elsewhere = unique(found.elsewhere.concat([place.elsewhere]));
        return;
      }
      var key = baseForm(word, lex);
      if (lex.uncovered[key]) found.notices = unique(found.notices.concat([lex.uncovered[key]]));
      var variants = unique([word].concat(lex.synonyms[key] || []));
      var group = lex.groups[key] || groupIn(key, lex);
      if (group) found.groups = unique(found.groups.concat([group]));
      // a group's word brings its page and first guides, not its glossary entry's guide; a
      // term with a group's word inside it keeps its own guide ("rider injury insurance")
      var who = group && (lex.groups[key] || !lex.guides[key]);
      found.terms.push({ word: word, kind: who ? "group" : "word", group: group, tool: lex.tools[key],
                         guide: who || answered(key) ? undefined : lex.guides[key], variants: variants,
                         known: editorsWord(key, lex) });
    });
    // two places in two provinces named: moving from one to the other (words.json `between`);
    // not one name that two provinces have (Wuxi: 无锡 and 巫溪)
    var placed = found.terms.filter(function (t) { return t.kind === "place"; });
    if (placed.length > 1 && found.provinces.length > 1 && lex.between) found.answers = unique(found.answers.concat([lex.between]));
    found.first = firstGuides(found.groups, lex);
    found.workers = lex.workers;
    return found;
  }

  // Whether the editors' lists have the word: as one of their words, or (English) each of its
  // words in one of their phrases ("years", as in "how many years").
  function editorsWord(key, lex) {
    return lex.vocabulary.has(key) || !!lex.answers[key] || !!lex.guides[key]
      || (!CJK.test(key) && key.split(" ").every(function (w) { return lex.spellable.get(w) === 0; }));
  }

  // The group a longer term names with a group's word inside it: 众包骑手 names the riders as
  // 骑手 does, "didi driver" the drivers as "didi" does (an English word whole).
  function groupIn(key, lex) {
    var inside = Object.keys(lex.groups).filter(function (w) {
      return w.length > 1 && w.length < key.length
        && (CJK.test(w) ? key.indexOf(w) >= 0 : (" " + key + " ").indexOf(" " + w + " ") >= 0);
    }).sort(function (a, b) { return b.length - a.length; });
    return inside.length ? lex.groups[inside[0]] : undefined;
  }

  // An English word the site does not use, read as the closest one it does (pensoin →
  // pension): one slip for words of four to seven letters, two for longer ones.
  function closestWord(word, known) {
    if (word.length < 4 || known.has(word) || /[^a-z]/.test(word)) return "";
    var limit = word.length >= 8 ? 2 : 1, best = "", bestDistance = limit + 1, bestRank = Infinity;
    Array.from(known.keys()).forEach(function (candidate) {
      if (Math.abs(candidate.length - word.length) > limit) return;
      var d = distance(word, candidate, limit), rank = known.get ? known.get(candidate) : 0;
      if (d < bestDistance || (d === bestDistance && (rank < bestRank || (rank === bestRank && candidate < best)))) {
        best = candidate; bestDistance = d; bestRank = rank;
      }
    });
    return bestDistance <= limit ? best : "";
  }

  // Optimal string alignment distance (a swap of two letters is one slip), stopped past `limit`.
  function distance(a, b, limit) {
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i].push(d);
      }
      if (Math.min.apply(null, rows[i]) > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  // Whether `text` has the term or one of its synonyms (社保 in 社保卡 counts: a word inside a
  // longer one is often its topic, 养老 in 养老保险).
  function mentions(text, term) {
    var lower = (text || "").toLowerCase();
    return term.variants.some(function (v) { return lower.indexOf(v.toLowerCase()) >= 0; });
  }

  // How prominent a term is on a page: in its title, its keywords, its summary.
  function prominence(entry, term) {
    return (mentions(entry.title, term) ? FIELD_WEIGHTS.title : 0)
      + (mentions((entry.keywords || []).join(" "), term) ? FIELD_WEIGHTS.keywords : 0)
      + (mentions(entry.summary, term) ? FIELD_WEIGHTS.summary : 0);
  }

  // Rank the catalogue's pages for the analysed query. `hits[i]` maps page ids to Pagefind's
  // score for term i (its best variant, already weighted by TERM_WEIGHTS); `phrase` holds the
  // ids of pages with the whole query as a phrase. Each term weighs by how rare it is (a word
  // on every page, like 社保, says little). A named place keeps its province's pages and the
  // national ones; a named group lifts its page and the guides written for it.
  function rank(found, hits, phrase, cat, typed) {
    typed = (typed || "").replace(CJK.test(typed || "") ? /\s+/g : /^$/, "");
    var pages = {}, total = cat.entries.length;
    var searched = found.terms.filter(function (t) { return t.kind !== "place"; });
    var words = searched.map(function (t) { return t.word; });
    var joined = words.join(words.every(function (w) { return CJK.test(w); }) ? "" : " ");
    var question = searched.filter(function (t) { return t.kind !== "group"; });
    var asks = question.length > 0;
    // a word that names a topic (养老, of 养老保险) is the editors' word as a list's word is
    searched.forEach(function (t) { t.known = t.known || namedTopics([t], cat).length > 0; });
    var anyKnown = searched.some(function (t) { return t.known; });
    searched.forEach(function (term, i) {
      var best = hits[i] || {};
      var ids = Object.keys(best).filter(function (id) { return cat.byId[id]; });
      var max = ids.reduce(function (m, id) { return Math.max(m, best[id]); }, 0);
      var rarity = term.rarity = Math.log(1 + total / Math.max(1, ids.length))
        * (CJK.test(term.word) && term.word.length === 1 ? SINGLE_CHARACTER : 1);
      var weight = (term.kind === "group" && asks ? WHO_ASKS : 1) * (term.known || !anyKnown ? 1 : PLAIN_WORD);
      ids.forEach(function (id) {
        var page = pages[id] || (pages[id] = { entry: cat.byId[id], covered: 0, score: 0 });
        page.covered += 1;
        page.score += weight * rarity * (HIT_FLOOR + HIT_SCALE * (max ? best[id] / max : 0) + prominence(page.entry, term));
      });
    });
    var tools = searched.map(function (term) { return term.tool; }).filter(Boolean);
    var workers = found.workers ? new Set(found.workers) : workerGroups(cat);
    // a term naming a group whose glossary guide is that group's own (ride-hailing driver: the
    // drivers' safety checklist) says who asks when other words say what: its guide is not asked
    var explains = searched.filter(function (term) {
      var others = term.group && searched.some(function (t) { return t !== term && t.kind !== "group"; });
      var own = others && cat.entries.filter(function (e) { return e.url === term.guide; })[0];
      return term.guide && !(own && ownGuide(own, workers));
    }).map(function (term) { return term.guide; });
    var guides = explains.concat(found.answers);
    var topics = namedTopics(searched, cat), first = found.first || {};
    var standIn = found.provinces.length > 0 && guides.length > 0
      && !guides.some(function (url) { return provinceHas(cat, found.provinces, url); });
    if (found.provinces.length || found.groups.length || found.answers.length) {
      cat.entries.forEach(function (entry) {
        var mine = found.provinces.indexOf(entry.code) >= 0
          || (entry.kind === "group" && found.groups.indexOf((entry.groups || [])[0]) >= 0)
          || found.answers.indexOf(entry.url) >= 0;  // the guide a phrase asks for, in any words
        // a named province's procedures come with the query's words, or as the guide it names
        var asked = !searched.length || entry.kind !== "procedure" || guides.indexOf(entry.guide) >= 0;
        if (mine && !pages[entry.id] && asked) {
          pages[entry.id] = { entry: entry, covered: 0, score: 0 };
        }
      });
    }
    var ranked = Object.keys(pages).map(function (id) {
      var page = pages[id], entry = page.entry, placed = found.provinces.indexOf(entry.code) >= 0;
      page.score *= (KIND_WEIGHTS[entry.kind] || 1)
        * (entry.kind === "procedure" && !found.provinces.length ? UNPLACED_PROCEDURE : 1);
      if (phrase.has(id)) page.score += shows(entry, joined) ? BOOSTS.phrase : BOOSTS.bodyPhrase;
      if (typed && page.covered) page.score += BOOSTS.echo * echo(entry, typed);
      if (searched.length > 1) page.score += BOOSTS.together * together(entry, searched);
      if (!found.provinces.length && entry.kind === "guide") page.score += BOOSTS.national;
      if (found.provinces.indexOf(entry.code) >= 0) {
        page.score += !searched.length ? BOOSTS.place * (entry.kind === "province" ? 3 : 1)
          : BOOSTS.place + (entry.kind === "procedure" ? BOOSTS.placeTopic * topicalShare(entry, asks ? question : searched) : 0);
      }
      // the guides the query's words name, when the named province has no procedure on the
      // main topic of any of them, are that province's answer (稻城社保卡: the card guide, not
      // a procedure that mentions the card)
      if (standIn && entry.kind === "guide" && guides.indexOf(entry.url) >= 0) {
        page.score += BOOSTS.place + BOOSTS.placeTopic * topicalShare(entry, asks ? question : searched);
      }
      if (entry.code && found.provinces.length && found.provinces.indexOf(entry.code) < 0) page.score = -1;
      var groups = entry.groups || [];
      if (found.groups.some(function (g) { return groups.indexOf(g) >= 0; })) {
        page.score += entry.kind === "group" ? BOOSTS.groupPage : BOOSTS.group / Math.max(1, groups.length / 3);
      }
      if (tools.indexOf(entry.url) >= 0) page.score += BOOSTS.tool;
      page.score += BOOSTS.groupFirst * (first[entry.url] || 0);
      page.score += BOOSTS.topic * topicShare(entry, topics);
      // … and a named province's procedure, which is that guide for the province
      var own = placed ? entry.guide : entry.url;
      var named = function (list) { return list.filter(function (url) { return url === own; }).length; };
      page.score += BOOSTS.termGuide * named(explains) + BOOSTS.answer * named(found.answers);
      // written for others than the reader: everything it matched weighs less, boosts too
      if (page.score > 0) {
        page.score *= (entry.helpers ? HELPERS[entry.helpers] || 1 : 1)
          * (forOthers(entry, found.groups, workers) ? OTHER_WORKERS : 1)
          * (forFew(entry, found.groups, workers) ? FEW_WORKERS : 1);
      }
      return page;
    });
    if (found.provinces.length) likeTheirGuides(ranked);
    ranked = ranked.filter(function (page) { return page.score >= 0; }).sort(function (a, b) {
      return b.score - a.score || (a.entry.url < b.entry.url ? -1 : 1);
    });
    return searched.length ? provinceSecond(ranked, found.provinces) : ranked;
  }

  // Whether one of the named provinces has a procedure on the main topic (its first) of the
  // guide at `url`: for the card guide, none has.
  function provinceHas(cat, provinces, url) {
    var guide = cat.entries.find(function (e) { return e.url === url; });
    var main = guide && (guide.topic || [])[0];
    return !main || cat.entries.some(function (e) {
      return e.kind === "procedure" && provinces.indexOf(e.code) >= 0 && (e.topic || []).indexOf(main) >= 0;
    });
  }

  // The worker groups (words.json `workers`: the kinds of work the guided check asks about),
  // or, without that list, those with a page of their own.
  function workerGroups(cat) {
    var groups = new Set();
    cat.entries.forEach(function (e) { if (e.kind === "group") (e.groups || []).forEach(function (g) { groups.add(g); }); });
    return groups;
  }

  // The worker groups a guide is written for.
  function workersOf(entry, workers) {
    return entry.kind === "guide" ? (entry.groups || []).filter(function (g) { return workers.has(g); }) : [];
  }

  // Whether a guide is written for a few kinds of workers, none of them the groups the query
  // names (a guide for most workers is for all of them: the injury guide, for a shop owner).
  function forOthers(entry, named, workers) {
    var mine = workersOf(entry, workers);
    return named.length > 0 && ownGuide(entry, workers) && !mine.some(function (g) { return named.indexOf(g) >= 0; });
  }

  // Whether a guide is written for fewer than half the worker groups.
  function ownGuide(entry, workers) {
    var mine = workersOf(entry, workers);
    return mine.length > 0 && mine.length < workers.size / 2;
  }

  // Whether a guide is written for few kinds of workers, and the query names none.
  function forFew(entry, named, workers) {
    return !named.length && ownGuide(entry, workers);
  }

  // The guides the named groups need first, each with its share of the boost: the first 1,
  // the last a half.
  function firstGuides(groups, lex) {
    var shares = {};
    groups.forEach(function (group) {
      var urls = (lex && lex.groupGuides[group]) || [];
      urls.forEach(function (url, i) {
        shares[url] = Math.max(shares[url] || 0, 1 - i / (2 * urls.length));
      });
    });
    return shares;
  }

  // The share of a page's topics that the query names.
  function topicShare(entry, topics) {
    var mine = entry.topic || [];
    return mine.length ? mine.filter(function (t) { return topics.indexOf(t) >= 0; }).length / mine.length : 0;
  }

  // The topics (filter values, 养老保险, Pension) a term names: one of its words is the topic's
  // name, or a word of two or more letters the name contains (工伤 in 工伤和职业伤害).
  function namedTopics(searched, cat) {
    var names = {};
    cat.entries.forEach(function (e) { (e.topic || []).forEach(function (t) { names[t] = true; }); });
    return Object.keys(names).filter(function (name) {
      var lower = name.toLowerCase();
      return searched.some(function (term) {
        return term.variants.some(function (v) {
          v = v.toLowerCase();
          return v === lower || (v.length >= (CJK.test(v) ? 2 : 4) && lower.indexOf(v) >= 0);
        });
      });
    });
  }

  // A procedure is its national guide for one province: how well the guide answers the query
  // says how well the procedure does (重庆养老保险: enrolling, more than moving a pension).
  function likeTheirGuides(pages) {
    var byUrl = {};
    pages.forEach(function (p) { byUrl[p.entry.url] = p; });
    pages.forEach(function (p) {
      var guide = p.score >= 0 && p.entry.guide && byUrl[p.entry.guide];
      if (guide && guide.score + BOOSTS.place > p.score) p.score = guide.score + BOOSTS.place;
    });
  }

  // A place named with a topic: its province's page (where to go, whom to call) comes right
  // after the best answer, above the other procedures and the national guides.
  function provinceSecond(ranked, provinces) {
    var at = ranked.findIndex(function (p) { return p.entry.kind === "province" && provinces.indexOf(p.entry.code) >= 0; });
    if (provinces.length !== 1 || at <= 1) return ranked;
    var page = ranked.splice(at, 1)[0];
    ranked.splice(1, 0, page);
    return ranked;
  }

  // The largest share of the query (its terms weighed by rarity) that the page's title or
  // one of its keywords has, when that is two terms or more: 骑手 and 社保 both in 骑手怎么交社保.
  function together(entry, searched) {
    var all = 0, best = 0;
    searched.forEach(function (term) { all += term.rarity || 0; });
    [entry.title].concat(entry.keywords || []).forEach(function (text) {
      var mine = 0, count = 0;
      searched.forEach(function (term) {
        if (mentions(text, term)) { mine += term.rarity || 0; count++; }
      });
      if (count > 1) best = Math.max(best, mine);
    });
    return all ? best / all : 0;
  }

  // Whether the page's title, keywords or summary has `text`.
  function shows(entry, text) {
    return [entry.title, entry.summary].concat(entry.keywords || []).some(function (field) {
      return (field || "").toLowerCase().indexOf(text) >= 0;
    });
  }

  // How much of the query (its terms weighed by rarity) a page's title or summary has.
  function topicalShare(entry, searched) {
    var all = 0, mine = 0;
    searched.forEach(function (term) {
      all += term.rarity || 0;
      if (prominence(entry, term) >= FIELD_WEIGHTS.summary) mine += term.rarity || 0;
    });
    return all ? mine / all : 0;
  }

  // The longest run of characters the typed query shares with the page's title or one of its
  // keywords ("要不要交社保" in 骑手要不要交社保): spoken questions echo how a page is asked for.
  function echo(entry, typed) {
    var texts = [entry.title].concat(entry.keywords || []), best = 0;
    texts.forEach(function (text) {
      text = text.toLowerCase();
      for (var i = 0; i < typed.length; i++) {
        for (var n = best + 1; i + n <= typed.length && text.indexOf(typed.substr(i, n)) >= 0; n++) best = n;
      }
    });
    var min = CJK.test(typed) ? ECHO_MIN.cjk : ECHO_MIN.latin;
    return Math.min(ECHO_MAX, Math.max(0, best - min + 1));
  }

  // When nothing matches: the guides whose title, summary or keywords share most characters
  // or words with the query, so that the page is never blank.
  function closest(query, cat, count) {
    var parts = Array.from(new Set(query.split(/\s+|(?=[\u3400-\u9fff])/).filter(function (p) { return p.length > (CJK.test(p) ? 0 : 2); })));
    return cat.entries.filter(function (e) { return e.kind === "guide"; }).map(function (entry) {
      var text = (entry.title + " " + entry.summary + " " + (entry.keywords || []).join(" ")).toLowerCase();
      return { entry: entry, score: parts.filter(function (p) { return text.indexOf(p) >= 0; }).length };
    }).sort(function (a, b) { return b.score - a.score || (a.entry.url < b.entry.url ? -1 : 1); })
      .slice(0, count).map(function (p) { return p.entry; });
  }

  exports.FIELD_WEIGHTS = FIELD_WEIGHTS;
  exports.TERM_WEIGHTS = TERM_WEIGHTS;
  exports.BOOSTS = BOOSTS;
  exports.echo = echo;
  exports.KIND_WEIGHTS = KIND_WEIGHTS;
  exports.WHO_ASKS = WHO_ASKS;
  exports.PLAIN_WORD = PLAIN_WORD;
  exports.prepare = prepare;
  exports.needsReading = needsReading;
  exports.characters = characters;
  exports.normalise = normalise;
  exports.cutChinese = cutChinese;
  exports.tokens = tokens;
  exports.analyse = analyse;
  exports.closestWord = closestWord;
  exports.distance = distance;
  exports.rank = rank;
  exports.closest = closest;
})(typeof module !== "undefined" && module.exports ? module.exports : (window.SearchCore = {}));
