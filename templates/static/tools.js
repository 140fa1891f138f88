/* The contribution calculator and the pension estimate: enhancements only. Without
   JavaScript they are pre-computed tables.
   A classic script: the pure functions below are also what Node loads for tests/js/. */
(function () {
  "use strict";

  var MONTHS = [1, 3, 12];  // the calculator's periods, in the order of data-periods

  /* Hundredths of a percent as text, as sitegen/calculator.py `percent` writes it. */
  function percent(hundredths) {
    var whole = Math.floor(hundredths / 100), rest = hundredths % 100;
    if (rest === 0) return whole + "%";
    return (whole + "." + (rest < 10 ? "0" : "") + rest).replace(/0+$/, "") + "%";
  }

  /* The same integer arithmetic as sitegen/calculator.py `contribution`. */
  function contribution(base, months, pooledRate, personalRate) {
    var pooled = base * pooledRate * months, personal = base * personalRate * months;
    return {total: pooled + personal, pooled: pooled, personal: personal};
  }

  /* The base the reader typed, as a whole percent from min to max; null when it is not. */
  function parseBase(text, min, max) {
    var base = Number(text);
    return Number.isInteger(base) && base >= min && base <= max ? base : null;
  }

  /* The sentence the calculator shows: `template` from the UI strings with its placeholders
     filled, `periods` the names of a month, a quarter and a year. */
  function describe(template, periods, base, months, result) {
    return template
      .replace("{base}", base + "%")
      .replace("{period}", periods[MONTHS.indexOf(months)])
      .replace("{total}", percent(result.total))
      .replace("{pooled}", percent(result.pooled))
      .replace("{personal}", percent(result.personal));
  }

  /* What the calculator shows for the typed base and the chosen period: the sentence, or the
     invalid-base message (total null). `form` holds the form's data-* settings as strings. */
  function calculate(form, baseText, monthsText) {
    var base = parseBase(baseText, Number(form.min), Number(form.max));
    if (base === null) return {text: form.invalid, total: null};
    var months = Number(monthsText);
    var result = contribution(base, months, Number(form.pooled), Number(form.personal));
    return {text: describe(form.result, form.periods.split("|"), base, months, result),
            total: percent(result.total)};
  }

  /* n / d rounded half up, for non-negative integers, as calculator.py `_round_div`. */
  function roundDiv(n, d) {
    return Math.floor((2 * n + d) / (2 * d));
  }

  /* Tenths of a percent as text, as sitegen/calculator.py `tenths` writes it. */
  function tenths(value) {
    var whole = Math.floor(value / 10), rest = value % 10;
    return rest === 0 ? whole + "%" : whole + "." + rest + "%";
  }

  /* The same integer arithmetic as sitegen/calculator.py `pension`: tenths of a percent of
     the average monthly wage; `months` is the divisor for the retirement age. */
  function pension(base, years, months, personalRate) {
    var basic = roundDiv((100 + base) * years, 20);
    var personal = roundDiv(base * personalRate * 12 * years, 10 * months);
    return {basic: basic, personal: personal, total: basic + personal};
  }

  /* What the estimate shows for the typed base and years and the chosen age (its divisor
     `months`): the sentence, or the invalid message (total null). */
  function estimate(form, baseText, yearsText, age, months) {
    var base = parseBase(baseText, Number(form.min), Number(form.max));
    var years = parseBase(yearsText, Number(form.yearsMin), Number(form.yearsMax));
    if (base === null || years === null) return {text: form.invalid, total: null};
    var result = pension(base, years, Number(months), Number(form.personal));
    var text = form.result
      .replace("{base}", base + "%").replace("{years}", String(years))
      .replace("{age}", String(age)).replace("{total}", tenths(result.total))
      .replace("{basic}", tenths(result.basic)).replace("{personal}", tenths(result.personal));
    return {text: text, total: tenths(result.total)};
  }

  function pensionForm(form) {
    var output = form.querySelector(".pension-result");
    var settings = {min: form.getAttribute("data-min"), max: form.getAttribute("data-max"),
                    yearsMin: form.getAttribute("data-years-min"),
                    yearsMax: form.getAttribute("data-years-max"),
                    personal: form.getAttribute("data-personal"),
                    result: form.getAttribute("data-result"),
                    invalid: form.getAttribute("data-invalid")};
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var age = form.elements.age;
      var shown = estimate(settings, form.elements.base.value, form.elements.years.value,
                           age.value, age.options[age.selectedIndex].getAttribute("data-months"));
      output.textContent = shown.text;
      if (shown.total !== null) output.setAttribute("data-total", shown.total);
      else output.removeAttribute("data-total");
    });
  }

  function calculator(form) {
    var output = form.querySelector(".calculator-result");
    var settings = {};
    ["min", "max", "pooled", "personal", "result", "invalid", "periods"].forEach(function (name) {
      settings[name] = form.getAttribute("data-" + name);
    });
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var shown = calculate(settings, form.elements.base.value, form.elements.period.value);
      output.textContent = shown.text;
      if (shown.total !== null) output.setAttribute("data-total", shown.total);
    });
  }

  function start() {
    var forms = document.querySelectorAll(".calculator-form");
    for (var j = 0; j < forms.length; j++) calculator(forms[j]);
    forms = document.querySelectorAll(".pension-form");
    for (var k = 0; k < forms.length; k++) pensionForm(forms[k]);
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module === "object" && module.exports) {
    module.exports = {percent: percent, contribution: contribution,
                      parseBase: parseBase, describe: describe, calculate: calculate,
                      tenths: tenths, pension: pension, estimate: estimate};
  }
})();
