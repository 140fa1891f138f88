// Progressive enhancement only: every page reads fully without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.querySelector(".search-form");
  if (form) {
    // Without JavaScript the form goes to the topic index; with it, to the search page.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = form.querySelector("input").value.trim();
      location.href = form.getAttribute("data-search-url") + "?q=" + encodeURIComponent(q);
    });
  }
})();
