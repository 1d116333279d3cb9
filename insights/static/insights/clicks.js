// Reports which result a reader followed on the search page (the query, the result's
// position and its page id) with navigator.sendBeacon: no cookie, nothing about the reader.
// The link itself is untouched and works the same without this script.
(function () {
  "use strict";
  var list = document.querySelector("ol.search-results__list[data-click-url]");
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
    navigator.sendBeacon(list.getAttribute("data-click-url"), body);
  });
})();
