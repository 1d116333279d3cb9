// Reports which result a reader followed on the search page (the query, the result's
// position and its page id) with navigator.sendBeacon: no cookie, nothing about the reader.
// The link itself is untouched and works the same without this script.
(function () {
  "use strict";
  var section = document.querySelector("[data-click-url]");
  if (!section || !navigator.sendBeacon) {
    return;
  }
  // Listening on the section, and reading the list and the query at the click: the search
  // page's own script replaces the results (and the URL) when a filter is chosen.
  section.addEventListener("click", function (event) {
    var link = event.target.closest(".search-result .card__title a");
    var list = section.querySelector("ol.search-results__list");
    if (!link || !list) {
      return;
    }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var item = link.closest("li.search-result");
    var items = Array.prototype.slice.call(list.querySelectorAll("li.search-result"));
    var start = parseInt(list.getAttribute("start") || "1", 10);
    var body = new URLSearchParams();
    body.set("q", query);
    body.set("position", String(start + items.indexOf(item)));
    body.set("page", item.getAttribute("data-page-id") || "");
    navigator.sendBeacon(section.getAttribute("data-click-url"), body);
  });
})();
