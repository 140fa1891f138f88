// Read aloud: the browser's own speech synthesis reads the guide or procedure, one step at a
// time, in the language of the text. Nothing is sent anywhere by this file. The control is
// rendered `hidden` and shown only when the browser has a voice for that language.
(function () {
  "use strict";
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

  // zh-CN needs a zh-CN voice (a zh-HK voice would read Cantonese); "en" takes any English one.
  function fits(candidate) {
    var have = (candidate.lang || "").replace("_", "-").toLowerCase();
    var want = lang.toLowerCase();
    return want.indexOf("-") > 0 ? have === want : have.split("-")[0] === want;
  }

  function findVoice() {
    var voices = speech.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (fits(voices[i])) return voices[i];
    }
    return null;
  }

  // What is read, in order: the title, the summary, then each step or section as one part.
  function parts() {
    var article = document.querySelector("main article");
    if (!article) return [];
    var nodes = article.querySelectorAll(
      "h1, .summary, .you-need, article > p:not(.audiences):not(.kicker), "
      + "li.step, article > section:not(.you-need)");
    var result = [];
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].closest("[data-listen], .ask, nav")) continue;
      // A section of steps is read as its heading; each of its steps follows as a part.
      var node = nodes[i].tagName === "SECTION" && nodes[i].querySelector("li.step")
        ? nodes[i].querySelector("h2") : nodes[i];
      var text = node ? node.textContent.replace(/\s+/g, " ").trim() : "";
      if (text) result.push({ node: nodes[i], text: text });
    }
    return result;
  }

  function mark(node) {
    var current = document.querySelector(".listening");
    if (current) current.classList.remove("listening");
    if (node) node.classList.add("listening");
  }

  function show(next) {
    state = next;
    var label = { idle: "play", speaking: "pause", paused: "resume" }[next];
    play.textContent = play.getAttribute("data-label-" + label);
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
    if (state === "idle") {
      run += 1;
      speech.cancel();
      show("speaking");
      speak(parts(), 0, run);
    } else if (state === "speaking") {
      speech.pause();
      show("paused");
    } else {
      speech.resume();
      show("speaking");
    }
  });
  stop.addEventListener("click", halt);
  window.addEventListener("pagehide", halt);

  function reveal() {
    voice = findVoice();
    box.hidden = !voice;
    if (!voice && state !== "idle") halt();
  }
  reveal();
  // Most browsers list their voices a moment after the page loads.
  if (speech.addEventListener) speech.addEventListener("voiceschanged", reveal);
})();
