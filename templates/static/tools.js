/* The finder's two selects and the contribution calculator: enhancements only. Without
   JavaScript the finder is a list of links and the calculator a pre-computed table.
   A classic script: the pure functions below are also what Node loads for tests/js/. */
(function () {
  "use strict";

  var MONTHS = [1, 3, 12];  // the calculator's periods, in the order of data-periods

  /* The finder's page for a group and a province. */
  function finderUrl(base, group, province) {
    return base + group + "/" + province + "/";
  }

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

  function finder(form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = finderUrl(form.getAttribute("data-finder-base"),
                                       form.elements.group.value, form.elements.province.value);
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
    var forms = document.querySelectorAll(".finder-form");
    for (var i = 0; i < forms.length; i++) finder(forms[i]);
    forms = document.querySelectorAll(".calculator-form");
    for (var j = 0; j < forms.length; j++) calculator(forms[j]);
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module === "object" && module.exports) {
    module.exports = {finderUrl: finderUrl, percent: percent, contribution: contribution,
                      parseBase: parseBase, describe: describe, calculate: calculate};
  }
})();
