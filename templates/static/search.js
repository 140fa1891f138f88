// Search on /{lang}/search/ through Pagefind's JavaScript API. Loaded only by the search page.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var form = document.querySelector(".search-form");
  var input = form && form.querySelector("input");
  var query = new URLSearchParams(location.search).get("q") || "";
  if (input) input.value = query;
  if (!query) return;
  import("/pagefind/pagefind.js").then(function (pagefind) {
    return pagefind.search(query).then(function (search) {
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
    });
  }).then(function (results) {
    status.textContent = results.length + " · " + query;
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.textContent = data.excerpt.replace(/<[^>]*>/g, "");
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }).catch(function () { status.textContent = "…"; });
})();
