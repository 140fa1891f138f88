// templates/static/tools.js: the contribution calculator's figures,
// which must equal the no-JavaScript table that sitegen/calculator.py computes.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const tools = require("../../templates/static/tools.js");

const POOLED = 12, PERSONAL = 8;  // sitegen/calculator.py POOLED_RATE, PERSONAL_RATE
const EN = {  // the calculator form's data-* attributes on /en/calculator/
  min: "60", max: "300", pooled: "12", personal: "8",
  result: "At a base of {base} ({period}): you pay {total} of the average monthly wage "
    + "({pooled} to the pooled fund, {personal} to your personal account).",
  invalid: "Enter a whole number from 60 to 300.",
  periods: "Per month|Per quarter|Per year",
};
const ZH = Object.assign({}, EN, {
  result: "按{base}的基数（{period}）：交月社平工资的{total}（统筹基金{pooled}，个人账户{personal}）。",
  invalid: "请输入60到300之间的整数。",
  periods: "每月|每季度|每年",
});

function shown(base, months) {
  const result = tools.contribution(base, months, POOLED, PERSONAL);
  return [result.total, result.pooled, result.personal].map(tools.percent);
}

test("a base of 60% costs 12% a month, 36% a quarter, 144% a year", () => {
  // 20% of 60% is 12%: 12 points of it (7.2%) go to the pooled fund, 8 points (4.8%) to the
  // personal account; a quarter is three months, a year twelve.
  assert.deepEqual(tools.contribution(60, 1, POOLED, PERSONAL),
                   {total: 1200, pooled: 720, personal: 480});
  assert.deepEqual(shown(60, 1), ["12%", "7.2%", "4.8%"]);
  assert.deepEqual(shown(60, 3), ["36%", "21.6%", "14.4%"]);
  assert.deepEqual(shown(60, 12), ["144%", "86.4%", "57.6%"]);
});

test("the figures equal the no-JavaScript table, row by row", () => {
  // Base, then the total per month, quarter and year, then the month's pooled and personal
  // parts, as templates/calculator.html shows them for sitegen/calculator.py TABLE_BASES.
  const table = [
    [60, "12%", "36%", "144%", "7.2%", "4.8%"],
    [80, "16%", "48%", "192%", "9.6%", "6.4%"],
    [100, "20%", "60%", "240%", "12%", "8%"],
    [150, "30%", "90%", "360%", "18%", "12%"],
    [200, "40%", "120%", "480%", "24%", "16%"],
    [300, "60%", "180%", "720%", "36%", "24%"],
  ];
  for (const [base, month, quarter, year, pooled, personal] of table) {
    assert.deepEqual([1, 3, 12].map((months) => shown(base, months)[0]), [month, quarter, year],
                     `base ${base}%`);
    assert.deepEqual(shown(base, 1).slice(1), [pooled, personal], `base ${base}%`);
  }
});

test("bases off the table give the same figures as tests/test_tools.py", () => {
  assert.deepEqual(shown(63, 1), ["12.6%", "7.56%", "5.04%"]);
  assert.deepEqual(shown(155, 3), ["93%", "55.8%", "37.2%"]);
  assert.deepEqual(shown(300, 12), ["720%", "432%", "288%"]);
});

test("percent writes hundredths of a percent without trailing zeros", () => {
  assert.equal(tools.percent(0), "0%");
  assert.equal(tools.percent(5), "0.05%");
  assert.equal(tools.percent(50), "0.5%");
  assert.equal(tools.percent(1200), "12%");
  assert.equal(tools.percent(1260), "12.6%");
  assert.equal(tools.percent(1005), "10.05%");
  assert.equal(tools.percent(72000), "720%");
});

test("only a whole base from the minimum to the maximum is taken", () => {
  assert.equal(tools.parseBase("60", 60, 300), 60);
  assert.equal(tools.parseBase("300", 60, 300), 300);
  assert.equal(tools.parseBase("150", 60, 300), 150);
  for (const text of ["59", "301", "60.5", "", "abc", "-100"]) {
    assert.equal(tools.parseBase(text, 60, 300), null, JSON.stringify(text));
  }
});

test("the calculator's sentence in English and Chinese", () => {
  assert.deepEqual(tools.calculate(EN, "60", "3"), {
    text: "At a base of 60% (Per quarter): you pay 36% of the average monthly wage "
      + "(21.6% to the pooled fund, 14.4% to your personal account).",
    total: "36%",
  });
  assert.deepEqual(tools.calculate(ZH, "60", "12"), {
    text: "按60%的基数（每年）：交月社平工资的144%（统筹基金86.4%，个人账户57.6%）。",
    total: "144%",
  });
  assert.equal(tools.calculate(ZH, "80", "1").text,
               "按80%的基数（每月）：交月社平工资的16%（统筹基金9.6%，个人账户6.4%）。");
});

test("a base out of range shows the message and no total", () => {
  assert.deepEqual(tools.calculate(EN, "59", "1"),
                   {text: "Enter a whole number from 60 to 300.", total: null});
  assert.deepEqual(tools.calculate(ZH, "1000", "12"), {text: "请输入60到300之间的整数。", total: null});
});

// ---- what you will get: sitegen/calculator.py `pension`, in tenths of a percent ------------

const ESTIMATE_EN = {  // the pension form's data-* attributes on /en/calculator/
  min: "60", max: "300", yearsMin: "1", yearsMax: "45", personal: "8",
  result: "At a base of {base} for {years} years, retiring at {age}: about {total} of the "
    + "average monthly wage a month (basic pension {basic}, personal account {personal}).",
  invalid: "Enter a whole base from 60 to 300 and whole years from 1 to 45.",
};

function estimated(base, years, months) {
  const r = tools.pension(base, years, months, PERSONAL);
  return [r.total, r.basic, r.personal].map(tools.tenths);
}

test("a base of 60% for 15 years at 60 is about 18.2% of the average wage", () => {
  // basic: (100% + 60%) / 2 × 15 × 1% = 12%; account: 60% × 8% × 180 months = 864% of the
  // average wage, / 139 months = 6.216% → 6.2%.
  assert.deepEqual(tools.pension(60, 15, 139, PERSONAL), {basic: 120, personal: 62, total: 182});
  assert.deepEqual(estimated(60, 15, 139), ["18.2%", "12%", "6.2%"]);
});

test("the estimates equal the no-JavaScript table, retiring at 60", () => {
  // templates/calculator.html for calculator.py PENSION_BASES × PENSION_YEARS (15, 20, 30)
  const table = {
    60: ["18.2%", "24.3%", "36.4%"],
    100: ["25.4%", "33.8%", "50.7%"],
    200: ["43.2%", "57.6%", "86.4%"],
    300: ["61.1%", "81.4%", "122.2%"],
  };
  for (const [base, totals] of Object.entries(table)) {
    assert.deepEqual([15, 20, 30].map((years) => estimated(Number(base), years, 139)[0]), totals,
                     `base ${base}%`);
  }
});

test("other ages, bases and years give the same figures as tests/test_tools.py", () => {
  // 100% for 15 years at 55: basic 15%; account 1440% / 170 = 8.47% → 8.5%
  assert.deepEqual(estimated(100, 15, 170), ["23.5%", "15%", "8.5%"]);
  // 63% for 17 years at 50: basic 81.5% × 17% = 13.855% → 13.9%; account 1028.16% / 195
  // = 5.27% → 5.3%
  assert.deepEqual(estimated(63, 17, 195), ["19.2%", "13.9%", "5.3%"]);
  assert.equal(tools.tenths(0), "0%");
  assert.equal(tools.tenths(5), "0.5%");
  assert.equal(tools.tenths(1222), "122.2%");
});

test("the estimate's sentence, and its message for bad input", () => {
  assert.deepEqual(tools.estimate(ESTIMATE_EN, "100", "20", "60", "139"), {
    text: "At a base of 100% for 20 years, retiring at 60: about 33.8% of the average monthly "
      + "wage a month (basic pension 20%, personal account 13.8%).",
    total: "33.8%",
  });
  for (const [base, years] of [["59", "15"], ["100", "0"], ["100", "46"], ["100", "15.5"]]) {
    assert.deepEqual(tools.estimate(ESTIMATE_EN, base, years, "60", "139"),
                     {text: ESTIMATE_EN.invalid, total: null}, `${base} ${years}`);
  }
});
