/* The finder's two selects and the contribution calculator: enhancements only. Without
   JavaScript the finder is a list of links and the calculator a pre-computed table. */
(function () {
  "use strict";

  function finder(form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var group = form.elements.group.value, province = form.elements.province.value;
      window.location.href = form.getAttribute("data-finder-base") + group + "/" + province + "/";
    });
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

  function calculator(form) {
    var output = form.querySelector(".calculator-result");
    var periods = form.getAttribute("data-periods").split("|");
    var min = Number(form.getAttribute("data-min")), max = Number(form.getAttribute("data-max"));
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var base = Number(form.elements.base.value), months = Number(form.elements.period.value);
      if (!Number.isInteger(base) || base < min || base > max) {
        output.textContent = form.getAttribute("data-invalid");
        return;
      }
      var result = contribution(base, months, Number(form.getAttribute("data-pooled")),
                                Number(form.getAttribute("data-personal")));
      output.textContent = form.getAttribute("data-result")
        .replace("{base}", base + "%")
        .replace("{period}", periods[[1, 3, 12].indexOf(months)])
        .replace("{total}", percent(result.total))
        .replace("{pooled}", percent(result.pooled))
        .replace("{personal}", percent(result.personal));
      output.setAttribute("data-total", percent(result.total));
    });
  }

  function start() {
    var forms = document.querySelectorAll(".finder-form");
    for (var i = 0; i < forms.length; i++) finder(forms[i]);
    forms = document.querySelectorAll(".calculator-form");
    for (var j = 0; j < forms.length; j++) calculator(forms[j]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
