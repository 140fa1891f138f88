// Read aloud: the browser's own speech synthesis reads the guide or procedure, one step at a
// time, in the language of the text. Nothing is sent anywhere by this file. The control is
// rendered `hidden` and shown only when the browser has a voice for that language.
// A classic script: the pure functions below are also what Node loads for tests/js/.
(function () {
  "use strict";

  // The play button's label (its data-label-* attribute) in each state.
  var LABELS = { idle: "play", speaking: "pause", paused: "resume" };

  // zh-CN needs a zh-CN voice (a zh-HK voice would read Cantonese); "en" takes any English one.
  function fits(voiceLang, pageLang) {
    var have = (voiceLang || "").replace("_", "-").toLowerCase();
    var want = pageLang.toLowerCase();
    return want.indexOf("-") > 0 ? have === want : have.split("-")[0] === want;
  }

  // The first voice, in the browser's order, that reads the page language; null if none.
  function chooseVoice(voices, pageLang) {
    for (var i = 0; i < voices.length; i++) {
      if (fits(voices[i].lang, pageLang)) return voices[i];
    }
    return null;
  }

  // A node's text as it is read: white space collapsed, trimmed.
  function spokenText(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // From the candidates in page order ({ text, skip }), the parts read: their index among the
  // candidates and their spoken text; skipped and empty ones are left out.
  function chooseParts(candidates) {
    var result = [];
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].skip) continue;
      var text = spokenText(candidates[i].text);
      if (text) result.push({ index: i, text: text });
    }
    return result;
  }

  // What a press of the play button does in each state: the call to make and the next state.
  function press(state) {
    if (state === "idle") return { action: "start", next: "speaking" };
    if (state === "speaking") return { action: "pause", next: "paused" };
    return { action: "resume", next: "speaking" };
  }

  function start() {
    var speech = window.speechSynthesis;
    var box = document.querySelector("[data-listen]");
    if (!box || !speech || !window.SpeechSynthesisUtterance) return;
    var play = box.querySelector("[data-listen-play]");
    var stop = box.querySelector("[data-listen-stop]");
    var main = document.querySelector("main");
    // A page shown in the default language for want of a translation says so on <main>.
    var lang = (main && main.getAttribute("lang")) || document.documentElement.lang;
    var state = "idle";  // idle | speaking | paused
    var run = 0;  // which reading is current: an utterance of a stopped one is ignored
    var voice = null;

    // What is read, in order: the title, the summary, then each step or section as one part.
    function parts() {
      var article = document.querySelector("main article");
      if (!article) return [];
      var nodes = article.querySelectorAll(
        "h1, .summary, .you-need, article > p:not(.audiences):not(.kicker), "
        + "li.step, article > section:not(.you-need)");
      var candidates = [];
      for (var i = 0; i < nodes.length; i++) {
        // A section of steps is read as its heading; each of its steps follows as a part.
        var node = nodes[i].tagName === "SECTION" && nodes[i].querySelector("li.step")
          ? nodes[i].querySelector("h2") : nodes[i];
        candidates.push({ skip: !!nodes[i].closest("[data-listen], .ask, nav"),
                          text: node ? node.textContent : "" });
      }
      return chooseParts(candidates).map(function (part) {
        return { node: nodes[part.index], text: part.text };
      });
    }

    function mark(node) {
      var current = document.querySelector(".listening");
      if (current) current.classList.remove("listening");
      if (node) node.classList.add("listening");
    }

    function show(next) {
      state = next;
      play.textContent = play.getAttribute("data-label-" + LABELS[next]);
      play.setAttribute("aria-pressed", String(next !== "idle"));
      stop.hidden = next === "idle";
    }

    function speak(list, index, mine) {
      if (mine !== run) return;
      if (index >= list.length) { mark(null); show("idle"); return; }
      var utterance = new SpeechSynthesisUtterance(list[index].text);
      utterance.lang = lang;
      if (voice) utterance.voice = voice;
      utterance.onend = function () { speak(list, index + 1, mine); };
      utterance.onerror = function () { if (mine === run) { mark(null); show("idle"); } };
      mark(list[index].node);
      speech.speak(utterance);
    }

    function halt() {
      run += 1;
      speech.cancel();
      mark(null);
      show("idle");
    }

    play.addEventListener("click", function () {
      var step = press(state);
      if (step.action === "start") {
        run += 1;
        speech.cancel();
        show(step.next);
        speak(parts(), 0, run);
      } else if (step.action === "pause") {
        speech.pause();
        show(step.next);
      } else {
        speech.resume();
        show(step.next);
      }
    });
    stop.addEventListener("click", halt);
    window.addEventListener("pagehide", halt);

    function reveal() {
      voice = chooseVoice(speech.getVoices() || [], lang);
      box.hidden = !voice;
      if (!voice && state !== "idle") halt();
    }
    reveal();
    // Most browsers list their voices a moment after the page loads.
    if (speech.addEventListener) speech.addEventListener("voiceschanged", reveal);
  }

  if (typeof document !== "undefined") start();
  if (typeof module === "object" && module.exports) {
    module.exports = { fits: fits, chooseVoice: chooseVoice, spokenText: spokenText,
                       chooseParts: chooseParts, press: press, LABELS: LABELS };
  }
})();
