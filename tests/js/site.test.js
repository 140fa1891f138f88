// templates/static/site.js: stored display choices, the header search, stacked tables and
// offline saving, as plain values.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const site = require("../../templates/static/site.js");

test("each display choice is kept under its own key", () => {
  assert.equal(site.storageKey("text"), "sitegen-text");
  assert.equal(site.storageKey("contrast"), "sitegen-contrast");
  assert.deepEqual(site.CHOICES, {text: "large", contrast: "high"});
});

test("only a choice's own value switches it on", () => {
  assert.equal(site.isOn("text", "large"), true);
  assert.equal(site.isOn("contrast", "high"), true);
  assert.equal(site.isOn("text", "high"), false);
  assert.equal(site.isOn("contrast", "large"), false);
  assert.equal(site.isOn("text", "Large"), false);
  assert.equal(site.isOn("text", null), false);  // nothing stored, or storage off
  assert.equal(site.isOn("text", ""), false);
});

test("a change in another tab names the choice and whether it is now on", () => {
  assert.deepEqual(site.changedChoice("sitegen-contrast", "high"), {name: "contrast", on: true});
  assert.deepEqual(site.changedChoice("sitegen-contrast", null), {name: "contrast", on: false});
  assert.deepEqual(site.changedChoice("sitegen-text", "large"), {name: "text", on: true});
  assert.deepEqual(site.changedChoice("sitegen-text", "high"), {name: "text", on: false});
  assert.equal(site.changedChoice("other-key", "large"), null);
  assert.equal(site.changedChoice(null, null), null);  // localStorage.clear() in another tab
});

test("the header search goes to the search page with the trimmed query encoded", () => {
  assert.equal(site.searchUrl("/en/search/", "  pension & injury "),
               "/en/search/?q=pension%20%26%20injury");
  assert.equal(site.searchUrl("/zh/search/", "骑手 社保"),
               "/zh/search/?q=%E9%AA%91%E6%89%8B%20%E7%A4%BE%E4%BF%9D");
  assert.equal(site.searchUrl("/zh/search/", "   "), "/zh/search/?q=");
});

test("tables with two or more columns become cards, unless they scroll in their own box", () => {
  assert.equal(site.stacks(2, false), true);
  assert.equal(site.stacks(5, false), true);
  assert.equal(site.stacks(1, false), false);
  assert.equal(site.stacks(0, false), false);
  assert.equal(site.stacks(5, true), false);  // the calculator's table
});

test("cells get their role, and data cells their column heading as label", () => {
  const headings = ["Option", "\n  Cost  ", "Who pays", ""];
  assert.deepEqual(site.cellRole(true, 0, headings), {role: "columnheader", label: null});
  assert.deepEqual(site.cellRole(true, 1, headings), {role: "columnheader", label: null});
  assert.deepEqual(site.cellRole(false, 0, headings), {role: "rowheader", label: null});
  assert.deepEqual(site.cellRole(false, 1, headings), {role: "cell", label: "Cost"});
  assert.deepEqual(site.cellRole(false, 2, headings), {role: "cell", label: "Who pays"});
  assert.deepEqual(site.cellRole(false, 3, headings), {role: "cell", label: null});  // empty
  assert.deepEqual(site.cellRole(false, 4, headings), {role: "cell", label: null});  // no head
});

test("a page kept offline takes its own path and only the site's static files", () => {
  assert.deepEqual(
    site.offlineFiles("/en/guides/pension-flexible-workers/", [
      "/static/site.4f9d853044.js", "/static/site.976a97032d.css", "/static/favicon.svg",
      "https://example.org/static/x.js", "/sw.js", "static/relative.js"]),
    ["/en/guides/pension-flexible-workers/", "/static/site.4f9d853044.js",
     "/static/site.976a97032d.css", "/static/favicon.svg"]);
  assert.deepEqual(site.offlineFiles("/zh/", []), ["/zh/"]);
});

test("the save button reports how many pages were kept, or that none were", () => {
  const saved = "Saved {saved} of {total} pages on this device. They open without a connection.";
  const failed = "Could not save the pages. Try again when the connection is better.";
  assert.equal(site.saveStatus({saved: 12, total: 14}, saved, failed),
               "Saved 12 of 14 pages on this device. They open without a connection.");
  assert.equal(site.saveStatus({saved: 0, total: 14}, saved, failed), failed);
  assert.equal(site.saveStatus({saved: 0, total: 0}, saved, failed), failed);
});
