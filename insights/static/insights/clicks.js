// Reports which result a reader followed on the search page (the query, the result's
// position and its page id) with navigator.sendBeacon: no cookie, nothing about the reader.
// The link itself is untouched and works the same without this script.
(function () {
  "use strict";
  var section = document.querySelector("[data-click-url]");
  var list = section && section.querySelector("ol.search-results__list");
  if (!list || !navigator.sendBeacon) {
    return;
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  list.addEventListener("click", function (event) {
    var link = event.target.closest(".search-result__title a");
    if (!link) {
      return;
    }
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
