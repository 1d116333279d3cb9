/* The shortlist ("Simpan"): case studies kept in this browser's localStorage, no account.
   Its page's address lists them (?id=12&id=34), so a shared link shows the same list on
   any browser. Without this script the buttons stay hidden; the page still shows any list
   its address names. */
(function () {
    "use strict";
    var KEY = "jipp-shortlist", MAX = 50;
    var store;
    try { store = window.localStorage; store.getItem(KEY); } catch (error) { return; }
    var link = document.querySelector("[data-shortlist-link]");
    var base = link ? link.getAttribute("href").split("?")[0] : "/pilihan/";

    function read() {
        try {
            var items = JSON.parse(store.getItem(KEY) || "[]");
            return Array.isArray(items) ? items.filter(function (item) {
                return item && /^[0-9]{1,12}$/.test(String(item.id));
            }) : [];
        } catch (error) { return []; }
    }
    function write(items) {
        try { store.setItem(KEY, JSON.stringify(items.slice(0, MAX))); } catch (error) { /* full */ }
    }
    function listUrl(items) {
        return base + (items.length ? "?" + items.map(function (i) { return "id=" + i.id; }).join("&") : "");
    }
    function render() {
        var items = read();
        var kept = {};
        items.forEach(function (item) { kept[String(item.id)] = true; });
        document.querySelectorAll("[data-shortlist-id]").forEach(function (button) {
            var saved = !!kept[button.dataset.shortlistId];
            button.hidden = false;
            button.setAttribute("aria-pressed", saved ? "true" : "false");
            button.querySelector(".save-button__label").textContent = saved ? button.dataset.labelSaved : button.dataset.labelSave;
            button.querySelector(".save-button__icon").textContent = saved ? "★" : "☆";
        });
        document.querySelectorAll("[data-shortlist-count]").forEach(function (count) {
            count.textContent = items.length ? " (" + items.length + ")" : "";
            count.hidden = !items.length;
        });
        if (link) link.setAttribute("href", listUrl(items));
        return kept;
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-shortlist-id]");
        if (!button) return;
        event.preventDefault();
        var items = read(), id = button.dataset.shortlistId;
        var at = items.findIndex(function (item) { return String(item.id) === id; });
        if (at >= 0) {
            items.splice(at, 1);
        } else if (items.length < MAX) {
            items.push({ id: Number(id), title: button.dataset.shortlistTitle, url: button.dataset.shortlistUrl });
        }
        write(items);
        render();
    });
    window.addEventListener("storage", render); // a change made in another tab

    var page = document.querySelector("[data-shortlist-page]");
    var kept = render();
    if (!page) return;
    var shown = page.dataset.ids ? page.dataset.ids.split(",") : [];
    if (!shown.length && !window.location.search && read().length) {
        window.location.replace(listUrl(read())); // the address becomes the list
        return;
    }
    var printer = page.querySelector("[data-print]");
    if (printer) {
        printer.hidden = false;
        printer.addEventListener("click", function () { window.print(); });
    }
    var adopt = page.querySelector("[data-shortlist-adopt]");
    var missing = shown.filter(function (id) { return !kept[id]; });
    if (adopt && missing.length) {
        adopt.hidden = false;
        adopt.addEventListener("click", function () {
            var items = read();
            page.querySelectorAll("[data-shortlist-id]").forEach(function (button) {
                var id = button.dataset.shortlistId;
                if (items.length < MAX && !items.some(function (i) { return String(i.id) === id; })) {
                    items.push({ id: Number(id), title: button.dataset.shortlistTitle, url: button.dataset.shortlistUrl });
                }
            });
            write(items);
            render();
            adopt.hidden = true;
        });
    }
}());
