// templates/static/search-core.js and search-spelling.js: reading a query and ranking pages, on small made-up data
// shaped like /{lang}/search/words.json, spelling.json and catalogue.json.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../templates/static/search-core.js");
const spell = require("../../templates/static/search-spelling.js");

const words = {
  stop: ["怎么", "我", "吗", "的", "how", "do", "i"],
  synonyms: [["社保", "社会保险", "五险"], ["医保", "医疗保险"], ["交", "缴费"], ["社保卡", "社会保障卡"],
             ["pension", "retirement"]],
  places: { guangdong: "广东省|广东|广州|佛山|南山区|南山|foshan|nanshan", beijing: "北京|朝阳区|朝阳" },
  elsewhere: { "湖北省": "湖北|武汉|wuhan" },
  groups: { "美团": "food-delivery", "骑手": "food-delivery", "滴滴": "ride-hailing" },
  uncovered: [{ words: ["公积金"], say: "这个网站不讲住房公积金。" }],
  tools: { "传单": "/zh/handouts/" },
  guides: { "五险一金": "/zh/guides/why/" },
  pinyin: { "yi bao": "医保", "yibao": "医保", "she bao ka": "社保卡", "shebaoka": "社保卡",
            "yang lao bao xian": "养老保险", "yanglaobaoxian": "养老保险" },
  traditional: { "醫": "医", "療": "疗", "險": "险", "保": "保" },
  known: ["pension", "transfer", "medical", "insurance", "helmet"],
};
const lex = core.prepare(words);

const catalogue = (() => {
  const entries = [
    { id: "g1", url: "/zh/guides/pension/", kind: "guide", title: "以灵活就业人员身份参加职工养老保险", summary: "自己交养老保险", keywords: ["骑手怎么交社保"], groups: ["food-delivery", "courier"] },
    { id: "g2", url: "/zh/guides/card/", kind: "guide", title: "社保卡：怎么办", summary: "社保卡丢了怎么补", keywords: [] },
    { id: "g3", url: "/zh/guides/medical/", kind: "guide", title: "医保怎么交", summary: "医疗保险", keywords: [] },
    { id: "p1", url: "/zh/provinces/guangdong/", kind: "province", code: "guangdong", title: "广东省", summary: "", keywords: [] },
    { id: "p2", url: "/zh/provinces/guangdong/enroll-medical/", kind: "procedure", code: "guangdong", title: "在广东参加医疗保险", summary: "医保", keywords: [], guide: "/zh/guides/medical/" },
    { id: "p3", url: "/zh/provinces/beijing/enroll-medical/", kind: "procedure", code: "beijing", title: "在北京参加医疗保险", summary: "医保", keywords: [], guide: "/zh/guides/medical/" },
    { id: "s1", url: "/zh/guides/survey/", kind: "guide", title: "调查：骑手的社保", summary: "", keywords: [], helpers: "outreach" },
    { id: "f1", url: "/zh/groups/food-delivery/", kind: "group", title: "外卖骑手看这些", summary: "", groups: ["food-delivery"] },
    { id: "h1", url: "/zh/handouts/", kind: "handouts", title: "可打印的宣传单", summary: "PDF" },
  ];
  const byId = {};
  entries.forEach((e) => { byId[e.id] = e; });
  return { entries, byId };
})();

test("the field and term weights are named constants, title above keywords above summary", () => {
  assert.ok(core.FIELD_WEIGHTS.title > core.FIELD_WEIGHTS.keywords);
  assert.ok(core.FIELD_WEIGHTS.keywords > core.FIELD_WEIGHTS.summary);
  assert.ok(core.TERM_WEIGHTS.own > core.TERM_WEIGHTS.respelled);
  assert.ok(core.KIND_WEIGHTS.guide > core.KIND_WEIGHTS.handouts);
});

test("traditional characters and full-width letters are read as simplified and plain", () => {
  assert.equal(core.normalise("醫療保險", lex), "医疗保险");
  assert.equal(core.normalise("ＳＨＥＢＡＯ！", lex), "shebao");
});

test("Chinese is cut into known words, longest first, and filler words are dropped", () => {
  assert.deepEqual(core.cutChinese("社保卡丢了", lex.vocabulary), ["社保卡", "丢了"]);
  const found = core.analyse("我怎么交社保", lex);
  assert.deepEqual(found.terms.map((t) => t.word), ["交", "社保"]);
  assert.deepEqual(found.terms[1].variants, ["社保", "社会保险", "五险"]);
});

test("pinyin with or without spaces is read as the Chinese word it spells", () => {
  assert.deepEqual(core.tokens("yibao", lex), ["医保"]);
  assert.deepEqual(core.tokens("yi bao", lex), ["医保"]);
  assert.deepEqual(core.tokens("shebaoka", lex), ["社保卡"]);
  assert.deepEqual(core.tokens("yanglao baoxian", lex), ["养老保险"]);
  assert.deepEqual(core.tokens("yanglao", lex), ["养老保险"]);  // the start of a known word
});

test("a place names its province; a place elsewhere is noted, not searched", () => {
  const here = core.analyse("佛山 医保", lex);
  assert.deepEqual(here.provinces, ["guangdong"]);
  assert.deepEqual(here.terms.filter((t) => t.kind !== "place").map((t) => t.word), ["医保"]);
  const away = core.analyse("武汉 医保", lex);
  assert.deepEqual(away.elsewhere, ["湖北省"]);
  assert.deepEqual(away.provinces, []);
});

test("platforms name a worker group, uncovered topics bring their sentence", () => {
  assert.deepEqual(core.analyse("美团 受伤", lex).groups, ["food-delivery"]);
  assert.deepEqual(core.analyse("公积金", lex).notices, ["这个网站不讲住房公积金。"]);
  assert.equal(core.analyse("传单", lex).terms[0].tool, "/zh/handouts/");
  assert.equal(core.analyse("五险一金", lex).terms[0].guide, "/zh/guides/why/");
});

test("English slips are read as the closest word the site uses", () => {
  assert.equal(core.distance("pensoin", "pension", 2), 1);  // two letters swapped
  assert.equal(core.closestWord("pensoin", lex.spellable), "pension");
  assert.equal(core.closestWord("medcial", lex.spellable), "medical");
  assert.equal(core.closestWord("helmet", lex.spellable), "");  // a word the site has
  const found = core.analyse("pensoin transfer", lex);
  assert.deepEqual(found.terms.map((t) => t.word), ["pension", "transfer"]);
  assert.deepEqual(found.respelled, ["pension"]);
});

test("pinyin of up to eight syllables is read as the word it spells", () => {
  const spelled = core.prepare({ tools: { 一个月多少钱: "/zh/calculator/" }, pinyin: { yigeyueduoshaoqian: "一个月多少钱" } });
  const found = core.analyse("yi ge yue duo shao qian", spelled);
  assert.deepEqual(found.terms.map((t) => t.word), ["一个月多少钱"]);
  assert.equal(found.terms[0].tool, "/zh/calculator/");
});

test("a place typed in full is found as it is (马边彝族自治县, which no suffix rule shortens)", () => {
  const places = core.prepare({ places: { sichuan: "马边|马边彝族自治县|mabian" }, synonyms: [["养老保险", "养老"]] });
  assert.deepEqual(core.analyse("马边彝族自治县养老保险", places).provinces, ["sichuan"]);
  assert.deepEqual(core.analyse("马边 养老保险", places).provinces, ["sichuan"]);
});

test("an English slip is read as the editors' word first, and then with the words around it", () => {
  const en = core.prepare({
    stop: ["i", "by"], synonyms: [["on my own", "by myself"]],
    groups: { rider: "food-delivery", "express delivery": "courier" },
    known: ["order", "delivery", "express", "rider"],
  });
  assert.equal(core.closestWord("roder", en.spellable), "rider");  // order is as close, but only the pages' word
  assert.equal(core.closestWord("myaelf", en.spellable), "myself");  // a word of an editors' phrase
  const found = core.analyse("express delvery", en);
  assert.deepEqual(found.terms.map((t) => t.word), ["express delivery"]);
  assert.deepEqual(found.groups, ["courier"]);
  assert.deepEqual(found.respelled, ["delivery"]);
});

test("same-pinyin slips are read as the site's word with that sound", () => {
  const spelling = spell.prepareSpelling({
    readings: { bao: "保报宝|抱", xian: "险显|", xiao: "销小|", yang: "养|", lao: "老|", yi: "医|",
                liao: "疗|", gong: "工公|", shang: "伤商|", ka: "卡|咔", she: "社|" },
    words: "养老保险|医疗|报销|工伤|社保|保险|社保卡",
  });
  assert.equal(spell.respell("养老保显", spelling), "养老保险");
  assert.equal(spell.respell("医疗抱销", spelling), "医疗报销");
  assert.equal(spell.respell("公伤", spelling), "工伤");
  assert.equal(spell.respell("社保咔", spelling), "社保卡");  // 咔 is not in the site's text
  assert.equal(spell.respell("社保", spelling), "社保");
  assert.equal(spell.respell("乌兰", spelling), "乌兰");  // nothing of the site's in it: kept as typed
});

test("a slip is read by its characters' main readings, or a word's own reading", () => {
  // 以 is yi first, si only after; 行 is xing, but 银行 is yin hang; 六 is liu, lu after
  const spelling = spell.prepareSpelling({
    readings: { si: "司|丝|以", yi: "以||", ji: "机及||", yin: "银||", xing: "行||", hang: "航||行",
                liu: "六||", lu: "卢||六", shi: "十氏||" },
    words: "以及|司机|银行|卢氏",
    sounds: { 银行: "yin hang" },
  });
  assert.equal(spell.respell("丝机", spelling), "司机");  // not 以及, whose main reading is yi ji
  assert.equal(spell.respell("银航", spelling), "银行");
  assert.equal(spell.respell("六十", spelling), "六十");  // both characters changed: another word, not a slip
});

test("a rare word outweighs a common one, and the page with the whole phrase comes first", () => {
  const found = core.analyse("骑手怎么交社保", lex);
  const hits = [{ g1: 5, g2: 5, g3: 5 }, { g1: 3, g2: 6, g3: 2 }, { g1: 1, g2: 1, g3: 1 }].slice(0, found.terms.length);
  const ranked = core.rank(found, hits, new Set(["g1"]), catalogue, "骑手怎么交社保");
  assert.equal(ranked[0].entry.url, "/zh/guides/pension/");
});

test("a named platform lifts its worker group's page", () => {
  const found = core.analyse("美团", lex);
  const ranked = core.rank(found, [{ g2: 9, f1: 3 }], new Set(), catalogue, "美团");
  assert.equal(ranked[0].entry.url, "/zh/groups/food-delivery/");
});

test("a named place keeps its province's procedure first and drops other provinces'", () => {
  const found = core.analyse("广州 医保", lex);
  const ranked = core.rank(found, [{ g3: 5, p2: 4, p3: 4 }], new Set(), catalogue, "广州医保");
  assert.equal(ranked[0].entry.url, "/zh/provinces/guangdong/enroll-medical/");
  assert.ok(!ranked.some((p) => p.entry.code === "beijing"));
  const alone = core.rank(core.analyse("广州", lex), [], new Set(), catalogue, "广州");
  assert.equal(alone[0].entry.url, "/zh/provinces/guangdong/");
});

test("a tool asked for by name comes first", () => {
  const found = core.analyse("传单", lex);
  const ranked = core.rank(found, [{ h1: 1, g1: 3 }], new Set(), catalogue, "传单");
  assert.equal(ranked[0].entry.url, "/zh/handouts/");
});

test("a spoken question that echoes a keyword lifts that page", () => {
  assert.equal(core.echo(catalogue.entries[0], "骑手怎么交社保"), 3);  // the whole keyword, capped
  assert.equal(core.echo(catalogue.entries[2], "骑手怎么交社保"), 1);  // 怎么交 alone
  assert.equal(core.echo(catalogue.entries[1], "骑手怎么交社保"), 0);
});

test("with nothing found, the closest guides are offered instead of a blank page", () => {
  const closest = core.closest("社保卡 补", catalogue, 2);
  assert.equal(closest[0].url, "/zh/guides/card/");
  assert.equal(closest.length, 2);
});

test("a named place with a topic: the province's procedure above its national guide, the province's page second", () => {
  const found = core.analyse("广州 医保", lex);
  const ranked = core.rank(found, [{ g3: 9, p2: 2, p1: 1 }], new Set(), catalogue, "广州医保");
  assert.deepEqual(ranked.slice(0, 3).map((p) => p.entry.id), ["p2", "p1", "g3"]);
});

test("the guide that explains a glossary term the query uses is lifted", () => {
  const withGuide = core.prepare({ ...words, guides: { "社保卡": "/zh/guides/card/" } });
  const found = core.analyse("社保卡", withGuide);
  assert.equal(core.rank(found, [{ g1: 5, g2: 4 }], new Set(), catalogue, "社保卡")[0].entry.id, "g2");
});

test("the reader's words together in one keyword count more than apart", () => {
  const found = core.analyse("骑手 医保", lex);
  const ranked = core.rank(found, [{ g1: 1, g3: 1 }, { g1: 1, g3: 1 }], new Set(), catalogue, "骑手 医保");
  assert.equal(ranked[0].entry.id, "g3");  // 医保 in its title and 骑手 nowhere: apart
  const together = core.analyse("骑手 社保", lex);
  const again = core.rank(together, [{ g1: 1, g2: 1 }, { g1: 1, g2: 1 }], new Set(), catalogue, "骑手 社保");
  assert.equal(again[0].entry.id, "g1");  // 骑手怎么交社保: both in one keyword
});

test("a guide written first for helpers weighs less than one for workers", () => {
  const page = { kind: "guide", title: "医保", summary: "", keywords: [] };
  const entries = [{ ...page, id: "a", url: "/a/", helpers: "outreach" }, { ...page, id: "b", url: "/b/" }];
  const small = { entries, byId: { a: entries[0], b: entries[1] } };
  const ranked = core.rank(core.analyse("医保", lex), [{ a: 1, b: 1 }], new Set(), small, "医保");
  assert.deepEqual(ranked.map((p) => p.entry.id), ["b", "a"]);
});

test("an English plural or past form is read as the word the words file has", () => {
  const english = core.prepare({ ...words, groups: { rider: "food-delivery" } });
  assert.deepEqual(core.analyse("riders pension", english).groups, ["food-delivery"]);
  assert.deepEqual(core.analyse("pensions", english).terms[0].variants.slice(1), ["retirement"]);
  const moving = core.prepare({ ...words, synonyms: [["transfer", "move"], ["gap", "stop"]] });
  assert.ok(core.analyse("moved", moving).terms[0].variants.includes("transfer"));
  assert.ok(core.analyse("stopped", moving).terms[0].variants.includes("gap"));
  assert.deepEqual(core.analyse("need", moving).terms[0].variants, ["need"]);  // not "nee"
});

test("the reading tables are needed for Latin letters and for characters the site does not use", () => {
  const { pinyin, known, traditional, ...rest } = words;  // words.json without reading.json
  const chars = core.characters(["社保卡丢了", JSON.stringify(rest)]);
  assert.equal(core.needsReading("社保卡丢了怎么", chars), false);
  assert.equal(core.needsReading("shebao", chars), true);
  assert.equal(core.needsReading("ｙｉｂａｏ", chars), true);
  assert.equal(core.needsReading("醫療", chars), true);
  assert.equal(core.needsReading("12333", chars), false);
  const bare = core.prepare(rest);
  assert.notDeepEqual(core.analyse("醫保", bare).terms.map((t) => t.word), ["医保"]);
  assert.deepEqual(core.analyse("醫保", lex).terms.map((t) => t.word), ["医保"]);
});

// search.yaml `answers`, groups.yaml `guides`, and the weights around them.
const more = core.prepare({
  ...words,
  synonyms: words.synonyms.concat([["骑手", "众包骑手"], ["养老", "养老金"]]),
  answers: { "交社保": ["/zh/guides/enrol/"], "没给我交": ["/zh/guides/records/", "/zh/guides/gaps/"],
             "pay myself": ["/en/guides/enrol/"], "employer didn't pay": ["/en/guides/records/"] },
  group_guides: { "food-delivery": ["/zh/guides/injury/", "/zh/guides/safety/"] },
});

test("an answer phrase is found across spaces and in pinyin, longest first, taking its letters", () => {
  assert.deepEqual(core.analyse("公司没给我交社保怎么办", more).answers, ["/zh/guides/records/", "/zh/guides/gaps/"]);
  assert.deepEqual(core.analyse("骑手 交 社保", more).answers, ["/zh/guides/enrol/"]);
  assert.deepEqual(core.analyse("can I pay myself", more).answers, ["/en/guides/enrol/"]);
  assert.deepEqual(core.analyse("my employer didn't pay", more).answers, ["/en/guides/records/"]);
  assert.deepEqual(core.analyse("pay my self", more).answers, []);  // whole words only
});

test("the guide an answer phrase asks for is ranked even when the index has no hit on it", () => {
  const entries = [{ id: "e", url: "/zh/guides/enrol/", kind: "guide", title: "参加养老保险", summary: "", keywords: [] },
                   { id: "c", url: "/zh/guides/card/", kind: "guide", title: "社保卡", summary: "", keywords: [] }];
  const small = { entries, byId: { e: entries[0], c: entries[1] } };
  const found = core.analyse("交社保", more);
  const ranked = core.rank(found, found.terms.map(() => ({ c: 1 })), new Set(), small, "交社保");
  assert.deepEqual(ranked.map((p) => p.entry.id).sort(), ["c", "e"]);
  assert.equal(ranked.find((p) => p.entry.id === "e").score, core.BOOSTS.national + core.BOOSTS.answer);
  const without = core.rank(core.analyse("社保", more), [{ c: 1 }], new Set(), small, "社保");
  assert.deepEqual(without.map((p) => p.entry.id), ["c"]);
});

test("a word with a group's word inside names that group (众包骑手 → riders)", () => {
  assert.deepEqual(core.analyse("众包骑手", more).groups, ["food-delivery"]);
  assert.deepEqual(core.analyse("医保", more).groups, []);
});

test("a named group's first guides are lifted in their order, a guide for other workers only weighs less", () => {
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [
    { ...page, id: "i", url: "/zh/guides/injury/", title: "受伤", groups: ["food-delivery", "courier"] },
    { ...page, id: "s", url: "/zh/guides/safety/", title: "受伤", groups: ["food-delivery"] },
    { ...page, id: "d", url: "/zh/guides/drivers/", title: "受伤", groups: ["ride-hailing"] },
    { ...page, id: "o", url: "/zh/guides/other/", title: "受伤", groups: ["food-delivery", "courier"] },
    { id: "f", url: "/zh/groups/food-delivery/", kind: "group", title: "骑手", summary: "", groups: ["food-delivery"] },
    { id: "r", url: "/zh/groups/ride-hailing/", kind: "group", title: "司机", summary: "", groups: ["ride-hailing"] },
  ];
  const small = { entries, byId: Object.fromEntries(entries.map((e) => [e.id, e])) };
  const found = core.analyse("骑手 受伤", more);
  assert.deepEqual(Object.keys(found.first), ["/zh/guides/injury/", "/zh/guides/safety/"]);
  const same = { i: 1, s: 1, d: 1, o: 1 };
  const ranked = core.rank(found, [same, same].slice(0, found.terms.length), new Set(), small, "骑手受伤")
    .filter((p) => p.entry.kind === "guide").map((p) => p.entry.id);
  assert.deepEqual(ranked, ["i", "s", "o", "d"]);
});

test("a page filed under the topic a query names gains, shared among its topics", () => {
  const page = { kind: "guide", title: "养老", summary: "", keywords: [] };
  const entries = [{ ...page, id: "a", url: "/a/", topic: ["养老保险", "医疗保险", "生育"] },
                   { ...page, id: "b", url: "/b/", topic: ["养老保险"] }];
  const small = { entries, byId: { a: entries[0], b: entries[1] } };
  const ranked = core.rank(core.analyse("养老保险", lex), [{ a: 1, b: 1 }], new Set(), small, "养老保险");
  assert.deepEqual(ranked.map((p) => p.entry.id), ["b", "a"]);
  assert.ok(ranked[0].score - ranked[1].score > core.BOOSTS.topic / 2);
});

test("no place named: a province's procedure weighs less than the national guide", () => {
  const ranked = core.rank(core.analyse("医保", lex), [{ g3: 1, p2: 1 }], new Set(), catalogue, "医保");
  assert.deepEqual(ranked.map((p) => p.entry.id), ["g3", "p2"]);
  assert.ok(ranked[1].score < ranked[0].score - core.BOOSTS.national);
});

test("with other words, a platform's own matches weigh less: it says who asks, not what", () => {
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [{ ...page, id: "s", url: "/zh/guides/safety/", title: "滴滴司机安全" },
                   { ...page, id: "p", url: "/zh/guides/pension/", title: "养老保险" }];
  const small = { entries, byId: { s: entries[0], p: entries[1] } };
  const found = core.analyse("滴滴 养老", more);
  assert.deepEqual(found.terms.map((t) => t.kind), ["group", "word"]);
  const ranked = core.rank(found, [{ s: 1 }, { p: 1, s: 0.2 }], new Set(), small, "滴滴养老");
  assert.deepEqual(ranked.map((p) => p.entry.id), ["p", "s"]);
  const alone = core.rank(core.analyse("滴滴", more), [{ s: 1 }], new Set(), small, "滴滴");
  assert.ok(alone[0].score > ranked[1].score);
  assert.ok(core.WHO_ASKS < 1);
});

test("a longer term names the group whose word it has, an English one as whole words, and keeps its own guide", () => {
  const lex2 = core.prepare({ ...words, groups: { ...words.groups, rider: "food-delivery", didi: "ride-hailing" },
                              synonyms: words.synonyms.concat([["rider injury insurance", "occupational injury protection"]]),
                              guides: { "rider injury insurance": "/en/guides/injury/" } });
  const term = core.analyse("rider injury insurance", lex2).terms[0];
  assert.deepEqual([term.kind, term.group, term.guide], ["word", "food-delivery", "/en/guides/injury/"]);
  assert.deepEqual(core.analyse("riderless", lex2).groups, []);  // a word inside another is not whole
});

test("a named province's procedure comes with the guide the query names, even with no hit of its own", () => {
  const found = core.analyse("广州 医保", { ...lex, guides: { "医保": "/zh/guides/medical/" } });
  const ranked = core.rank(found, [{ g3: 1 }], new Set(), catalogue, "广州医保");
  assert.equal(ranked[0].entry.id, "p2");
  assert.ok(!ranked.some((p) => p.entry.id === "p3"));
});

test("a named province with no procedure on the topic the query names: the guide for it first", () => {
  // the card: no province has a procedure on it, so a procedure that mentions the card comes after
  const page = { summary: "", keywords: [] };
  const entries = [
    { ...page, id: "c", url: "/zh/guides/card/", kind: "guide", title: "社保卡怎么办", topic: ["社保卡"] },
    { ...page, id: "m", url: "/zh/guides/medical/", kind: "guide", title: "医保怎么交", topic: ["医疗保险"] },
    { ...page, id: "p", url: "/zh/provinces/guangdong/", kind: "province", code: "guangdong", title: "广东省" },
    { ...page, id: "r", url: "/zh/provinces/guangdong/check-records/", kind: "procedure", code: "guangdong",
      title: "在广东查社保记录", summary: "用电子社保卡查", topic: ["查询记录"], guide: "/zh/guides/records/" },
    { ...page, id: "e", url: "/zh/provinces/guangdong/enroll-medical/", kind: "procedure", code: "guangdong",
      title: "在广东参加医保", summary: "医保", topic: ["医疗保险"], guide: "/zh/guides/medical/" },
  ];
  const small = { entries, byId: Object.fromEntries(entries.map((e) => [e.id, e])) };
  const named = { ...lex, guides: { "社保卡": "/zh/guides/card/", "医保": "/zh/guides/medical/" } };
  const card = core.rank(core.analyse("佛山 社保卡", named), [{ r: 1, c: 1 }], new Set(), small, "佛山社保卡");
  assert.deepEqual(card.map((x) => x.entry.id).slice(0, 3), ["c", "p", "r"]);
  // the province has one on medical insurance: its procedure first, as before
  const medical = core.rank(core.analyse("佛山 医保", named), [{ e: 1, m: 1 }], new Set(), small, "佛山医保");
  assert.deepEqual(medical.map((x) => x.entry.id).slice(0, 3), ["e", "p", "m"]);
});

test("two places in two provinces ask for the guide to moving between them; one name in two does not", () => {
  const lexB = core.prepare({ ...words, between: "/zh/guides/transfer/",
                              places: { ...words.places, guangdong: words.places.guangdong + "|朝阳" } });
  assert.ok(core.analyse("从北京到广州打工", lexB).answers.includes("/zh/guides/transfer/"));
  assert.ok(!core.analyse("广州 医保", lexB).answers.includes("/zh/guides/transfer/"));
  const same = core.analyse("朝阳 医保", lexB);  // 朝阳: a district of Beijing, a city elsewhere
  assert.equal(same.provinces.length, 2);
  assert.ok(!same.answers.includes("/zh/guides/transfer/"));
});

test("a word no editors' list has, rare by chance, weighs less than one a list has", () => {
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [{ ...page, id: "m", url: "/zh/guides/medical/", title: "医保怎么交" },
                   { ...page, id: "c", url: "/zh/guides/card/", title: "社保卡", summary: "最便宜的办法" }];
  const small = { entries, byId: { m: entries[0], c: entries[1] } };
  const found = core.analyse("最便宜的医保", more);
  assert.deepEqual(found.terms.map((t) => [t.word, t.known]), [["最便宜", false], ["医保", true]]);
  // 最便宜 on one page of two, 医保 on both: without the editors' lists, 最便宜 would win
  const ranked = core.rank(found, [{ c: 1 }, { m: 1, c: 0.3 }], new Set(), small, "最便宜的医保");
  assert.equal(ranked[0].entry.id, "m");
  // alone, a plain word weighs what it always did
  assert.equal(core.rank(core.analyse("最便宜", more), [{ c: 1 }], new Set(), small, "最便宜")[0].entry.id, "c");
  // English: a word of an editors' phrase is theirs ("pay myself")
  assert.equal(core.analyse("pay myself", more).terms.every((t) => t.known), true);
});

test("a word inside a longer answer phrase does not ask for its glossary guide as well", () => {
  const lex3 = core.prepare({ ...words, guides: { "社保": "/zh/guides/why/" },
                              answers: { "没交社保": ["/zh/guides/enrol/"], "社保": ["/zh/guides/enrol/"] } });
  const inside = core.analyse("没交社保", lex3).terms.find((t) => t.word === "社保");
  assert.equal(inside.guide, undefined);
  assert.equal(core.analyse("社保", lex3).terms[0].guide, "/zh/guides/why/");
});

test("a place, a group and a question: the province's procedure for the question comes first", () => {
  // the group's word says who asks: it does not halve the procedure's share of the question
  const page = { summary: "", keywords: [] };
  const entries = [
    { ...page, id: "g", url: "/zh/guides/medical/", kind: "guide", title: "医保怎么交" },
    { ...page, id: "p", url: "/zh/provinces/guangdong/", kind: "province", code: "guangdong", title: "广东省" },
    { ...page, id: "m", url: "/zh/provinces/guangdong/enroll-medical/", kind: "procedure", code: "guangdong",
      title: "在广东参加医疗保险", summary: "医保", guide: "/zh/guides/medical/" },
    { ...page, id: "f", url: "/zh/groups/food-delivery/", kind: "group", title: "骑手看这些",
      summary: "骑手的医保和工伤", groups: ["food-delivery"] },
  ];
  const small = { entries, byId: Object.fromEntries(entries.map((e) => [e.id, e])) };
  const found = core.analyse("广州 骑手 医保", lex);
  assert.deepEqual(found.terms.map((t) => t.kind), ["place", "group", "word"]);
  const ranked = core.rank(found, [{ f: 1 }, { g: 1, m: 1, f: 0.5 }], new Set(), small, "广州骑手医保");
  assert.deepEqual(ranked.map((p) => p.entry.id).slice(0, 3), ["m", "p", "f"]);
});

test("the words file's words are looked up as a query is read: punctuation and all", () => {
  const lex4 = core.prepare({ ...words, groups: { "ele.me": "food-delivery", "j&t": "courier" },
                              guides: { "occupational-injury cover": "/en/guides/injury/" },
                              pinyin: { xinzhishang: "occupational-injury cover" } });
  assert.deepEqual(core.analyse("I ride for Ele.me", lex4).groups, ["food-delivery"]);
  assert.deepEqual(core.analyse("J&T courier", lex4).groups, ["courier"]);
  assert.equal(core.analyse("xinzhishang", lex4).terms[0].guide, "/en/guides/injury/");
});

test("English contractions are read whole, with either apostrophe: the stop words drop their filler", () => {
  const lex5 = core.prepare({ ...words, stop: [...words.stop, "i'm"] });
  assert.equal(core.normalise("I don’t know, I'm stuck", lex5), "i do not know i stuck");
  assert.equal(core.normalise("can't pay, won't pay", lex5), "can not pay will not pay");
  assert.deepEqual(core.analyse("I'm pension", lex5).terms.map((t) => t.word), ["pension"]);
});

test("English words are not joined into a place's pinyin; syllables that are no English are", () => {
  const lex6 = core.prepare({ ...words, places: { henan: "runan|runa|xian" }, known: [...words.known, "run", "a"] });
  assert.deepEqual(core.analyse("I run a shop", lex6).provinces, []);
  assert.deepEqual(core.analyse("ru na", lex6).provinces, ["henan"]);
  assert.deepEqual(core.analyse("xi an", lex6).provinces, ["henan"]);
});

test("a word that names a topic counts as an editors' word (养老, of 养老保险)", () => {
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [{ ...page, id: "y", url: "/zh/guides/pension/", title: "养老", topic: ["养老保险"] },
                   { ...page, id: "c", url: "/zh/guides/card/", title: "最便宜" }];
  const small = { entries, byId: { y: entries[0], c: entries[1] } };
  const found = core.analyse("最便宜 养老", lex);
  core.rank(found, [{ c: 1 }, { y: 1 }], new Set(), small, "最便宜养老");
  assert.deepEqual(found.terms.map((t) => [t.word, t.known]), [["最便宜", false], ["养老", true]]);
});

test("the site's scripts have no regular-expression look-behind, which Safari before 16.4 cannot parse", () => {
  const fs = require("node:fs"), path = require("node:path");
  const dir = path.join(__dirname, "../../templates/static");
  fs.readdirSync(dir).filter((f) => f.endsWith(".js")).forEach((f) => {
    assert.doesNotMatch(fs.readFileSync(path.join(dir, f), "utf8"), /\(\?<[=!]/, f);
  });
});

test("the guide that answers the reader's question outranks the guide that explains its term", () => {
  // 养老保险怎么在手机上交: the term names the choosing guide, the phrase the paying one
  const lex7 = core.prepare({ ...words, guides: { "养老保险": "/zh/guides/choose/" },
                              answers: { "手机上交": ["/zh/guides/pay/"] } });
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [{ ...page, id: "c", url: "/zh/guides/choose/", title: "选哪一种" },
                   { ...page, id: "p", url: "/zh/guides/pay/", title: "在哪里缴费" }];
  const small = { entries, byId: { c: entries[0], p: entries[1] } };
  const found = core.analyse("养老保险手机上交", lex7);  // both pages have both words
  assert.deepEqual(found.answers, ["/zh/guides/pay/"]);
  const ranked = core.rank(found, found.terms.map(() => ({ c: 1, p: 1 })), new Set(), small, "养老保险手机上交");
  assert.equal(ranked[0].entry.id, "p");
  assert.ok(core.BOOSTS.answer > core.BOOSTS.termGuide);
});

test("of two answer phrases as long, the one typed first takes its letters (不给交社保: 不给交, then 社保)", () => {
  const lex8 = core.prepare({ ...words, answers: { "交社保": ["/zh/guides/enrol/"], "不给交": ["/zh/guides/records/"],
                                                   "社保": ["/zh/guides/why/"] } });
  assert.deepEqual(core.analyse("不给交社保", lex8).answers, ["/zh/guides/records/", "/zh/guides/why/"]);
  assert.deepEqual(core.analyse("我要交社保", lex8).answers, ["/zh/guides/enrol/"]);
});

test("a group's term whose glossary guide is that group's own asks for it alone, not beside a question", () => {
  const lex9 = core.prepare({ ...words, groups: { ...words.groups, driver: "ride-hailing" },
                              guides: { "didi driver": "/en/guides/safety/" } });
  const page = { kind: "guide", summary: "", keywords: [] };
  const entries = [
    { ...page, id: "s", url: "/en/guides/safety/", title: "Safety", groups: ["ride-hailing"] },
    { ...page, id: "p", url: "/en/guides/pension/", title: "Pension" },
    { ...page, id: "g", url: "/en/groups/ride-hailing/", kind: "group", title: "Drivers", groups: ["ride-hailing"] },
    { ...page, id: "r", url: "/en/groups/food-delivery/", kind: "group", title: "Riders", groups: ["food-delivery"] },
    { ...page, id: "c", url: "/en/groups/courier/", kind: "group", title: "Couriers", groups: ["courier"] },
  ];
  const small = { entries, byId: Object.fromEntries(entries.map((e) => [e.id, e])) };
  const asked = core.analyse("didi driver pension", lex9);
  assert.equal(asked.terms[0].guide, "/en/guides/safety/");
  const ranked = core.rank(asked, [{ s: 1, p: 1, g: 1 }, { p: 1, s: 0.5 }], new Set(), small, "didi driver pension");
  const at = (id) => ranked.findIndex((p) => p.entry.id === id);
  assert.ok(at("p") < at("s"), JSON.stringify(ranked.map((p) => [p.entry.id, p.score])));
  // alone, the term asks for its guide as before
  const alone = core.rank(core.analyse("didi driver", lex9), [{ s: 1, p: 1, g: 1 }], new Set(), small, "didi driver");
  assert.ok(alone.findIndex((p) => p.entry.id === "s") < alone.findIndex((p) => p.entry.id === "p"));
});
