// templates/static/listen.js: which voice reads a page, what is read, and the play button.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const listen = require("../../templates/static/listen.js");

test("a zh-CN page needs a zh-CN voice; Cantonese and Taiwanese voices do not fit", () => {
  assert.equal(listen.fits("zh-CN", "zh-CN"), true);
  assert.equal(listen.fits("zh_CN", "zh-CN"), true);  // Android writes an underscore
  assert.equal(listen.fits("ZH-cn", "zh-CN"), true);
  assert.equal(listen.fits("zh-HK", "zh-CN"), false);
  assert.equal(listen.fits("zh-TW", "zh-CN"), false);
  assert.equal(listen.fits("zh", "zh-CN"), false);
});

test("an en page takes any English voice", () => {
  assert.equal(listen.fits("en-GB", "en"), true);
  assert.equal(listen.fits("en-US", "en"), true);
  assert.equal(listen.fits("en", "en"), true);
  assert.equal(listen.fits("fr-FR", "en"), false);
  assert.equal(listen.fits("eng", "en"), false);
  assert.equal(listen.fits("", "en"), false);
  assert.equal(listen.fits(undefined, "en"), false);
});

test("the first fitting voice in the browser's order is chosen, or none", () => {
  const voices = [{lang: "zh-TW", name: "Mei-Jia"}, {lang: "en-GB", name: "Daniel"},
                  {lang: "en-US", name: "Samantha"}, {lang: "zh_CN", name: "Tingting"}];
  assert.equal(listen.chooseVoice(voices, "en").name, "Daniel");
  assert.equal(listen.chooseVoice(voices, "zh-CN").name, "Tingting");
  assert.equal(listen.chooseVoice(voices.slice(0, 3), "zh-CN"), null);
  assert.equal(listen.chooseVoice([], "en"), null);
});

test("text is read with its white space collapsed", () => {
  assert.equal(listen.spokenText("\n  Step 1:\n\t  bring your\u00a0ID card  \n"),
               "Step 1: bring your ID card");
  assert.equal(listen.spokenText(" \n "), "");
});

test("the parts read keep the page order and leave out skipped and empty nodes", () => {
  const candidates = [
    {text: "  Enrol in the pension\n", skip: false},  // h1
    {text: "Listen Stop", skip: true},  // inside the [data-listen] box
    {text: "\n   \n", skip: false},  // an empty section heading
    {text: "What you need", skip: false},
    {text: "Ask 12333", skip: true},  // the .ask box
    {text: "Go to the\n  service centre.", skip: false},
  ];
  assert.deepEqual(listen.chooseParts(candidates), [
    {index: 0, text: "Enrol in the pension"},
    {index: 3, text: "What you need"},
    {index: 5, text: "Go to the service centre."},
  ]);
  assert.deepEqual(listen.chooseParts([]), []);
});

test("the play button starts, pauses and resumes, with the label of each state", () => {
  assert.deepEqual(listen.press("idle"), {action: "start", next: "speaking"});
  assert.deepEqual(listen.press("speaking"), {action: "pause", next: "paused"});
  assert.deepEqual(listen.press("paused"), {action: "resume", next: "speaking"});
  let state = "idle";
  const labels = [];
  for (let i = 0; i < 4; i++) {
    state = listen.press(state).next;
    labels.push(listen.LABELS[state]);
  }
  assert.deepEqual(labels, ["pause", "resume", "pause", "resume"]);
  assert.equal(listen.LABELS.idle, "play");
});
