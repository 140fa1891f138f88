// Same-pinyin slips, read as the site's words: the pure functions behind spelling.json (built
// by sitegen/search/words.py). search.js loads that file only for a Chinese word the index
// does not have; Node's tests (tests/js/search-core.test.js) load this file directly.
(function (exports) {
  "use strict";

  // A changed character costs this much; a character left outside the site's words, more.
  var SUBSTITUTION_COST = 0.5, SINGLE_COST = 2, MAX_WORD = 6;

  // Same-pinyin slips (养老保显 → 养老保险): the reading of the run that the site's words
  // cover best, at the cost of each changed character. `spelling` is from prepareSpelling.
  function respell(run, spelling) {
    var n = run.length, best = [{ cost: 0, text: "" }];
    for (var i = 1; i <= n; i++) {
      var single = best[i - 1].cost + (spelling.chars.has(run[i - 1]) ? SINGLE_COST : SINGLE_COST + 1);
      var choice = { cost: single, text: best[i - 1].text + siteChar(run[i - 1], spelling) };
      for (var len = 2; len <= Math.min(MAX_WORD, i); len++) {
        var piece = run.slice(i - len, i), word = lookUpWord(piece, spelling);
        if (!word) continue;
        var changed = 0;
        for (var k = 0; k < len; k++) if (word[k] !== piece[k]) changed++;
        if (2 * changed > len) continue;  // a slip changes a character, not the word (六十 is not 卢氏)
        var cost = best[i - len].cost + 1 + SUBSTITUTION_COST * changed;
        if (cost < choice.cost) choice = { cost: cost, text: best[i - len].text + word };
      }
      best.push(choice);
    }
    // A reading is kept only when more of the run becomes the site's words (乌兰巴托 stays).
    return covered(best[n].text, spelling) > covered(run, spelling) ? best[n].text : run;
  }

  function covered(text, spelling) {
    return cut(text, spelling.words).filter(function (w) { return w.length > 1 && spelling.words.has(w); })
      .reduce(function (sum, w) { return sum + w.length; }, 0);
  }

  // A character the site does not use, read as the site's most frequent one with its sound.
  function siteChar(char, spelling) {
    if (spelling.chars.has(char)) return char;
    var readings = spelling.readingsOf[char] || [];
    for (var i = 0; i < readings.length; i++) {
      var first = Array.from(spelling.bySound[readings[i]] || "")[0];
      if (first) return first;
    }
    return char;
  }

  function lookUpWord(piece, spelling) {
    if (spelling.words.has(piece)) return piece;
    var keys = [""];
    Array.from(piece).forEach(function (c) {
      var next = [];
      (spelling.readingsOf[c] || []).forEach(function (r) { keys.forEach(function (k) { next.push(k + " " + r); }); });
      keys = next.slice(0, 16);
    });
    for (var i = 0; i < keys.length; i++) if (spelling.bySoundWord[keys[i]]) return spelling.bySoundWord[keys[i]];
    return "";
  }

  // spelling.json as look-up tables: readings per character, its main reading first (the
  // site's characters come before the first | of a sound, the other characters whose main
  // reading it is before the second), the site's words per reading (as `sounds` gives it, or
  // its characters' main readings), the first word of a reading kept.
  function prepareSpelling(table) {
    var s = { bySound: {}, readingsOf: {}, chars: new Set(), words: new Set(), bySoundWord: {} };
    var sounds = Object.keys(table.readings), parts = {};
    sounds.forEach(function (sound) {
      parts[sound] = table.readings[sound].split("|");
      s.bySound[sound] = parts[sound][0];
      Array.from(parts[sound][0]).forEach(function (c) { s.chars.add(c); });
    });
    [0, 1, 2].forEach(function (part) {
      sounds.forEach(function (sound) {
        Array.from(parts[sound][part] || "").forEach(function (c) { (s.readingsOf[c] = s.readingsOf[c] || []).push(sound); });
      });
    });
    table.words.split("|").forEach(function (word) {
      s.words.add(word);
      var key = (table.sounds || {})[word] ||
        Array.from(word).map(function (c) { return (s.readingsOf[c] || ["?"])[0]; }).join(" ");
      if (!s.bySoundWord[" " + key]) s.bySoundWord[" " + key] = word;
    });
    return s;
  }

  // Longest-first cut into the site's words (as search-core's cutChinese, on this table).
  function cut(text, words) {
    var out = [], i = 0;
    while (i < text.length) {
      var n = Math.min(MAX_WORD, text.length - i);
      while (n > 1 && !words.has(text.substr(i, n))) n--;
      out.push(text.substr(i, n));
      i += n;
    }
    return out;
  }

  exports.SUBSTITUTION_COST = SUBSTITUTION_COST;
  exports.respell = respell;
  exports.prepareSpelling = prepareSpelling;
})(typeof module !== "undefined" && module.exports ? module.exports : (window.SearchSpelling = {}));
