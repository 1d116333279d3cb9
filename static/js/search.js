/* The search page, enhanced: choosing a filter applies it at once, the filters open in a
   panel on phones, and long facets can be searched. Without this script the page is the
   same GET form with its "Terapkan filter" button; the URL is the whole state either way. */
(function () {
    "use strict";
    var form = document.getElementById("search-form");
    if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
    var panel = document.getElementById("search-filters");
    var opener = document.querySelector("[data-filter-open]");
    var results = document.getElementById("search-results");
    if (!panel || !opener || !results) return;
    var phone = window.matchMedia("(max-width: 47.99rem)");
    var sequence = 0;

    document.documentElement.classList.add("search-enhanced");
    document.querySelectorAll("[data-filter-link], [data-apply]").forEach(function (el) { el.hidden = true; });
    document.querySelectorAll("[data-filter-open], [data-filter-close]").forEach(function (el) { el.hidden = false; });

    // --- the panel (phones) ---------------------------------------------------------------
    function openPanel() {
        panel.classList.add("is-open");
        panel.setAttribute("role", "dialog");
        panel.setAttribute("aria-modal", "true");
        document.body.classList.add("has-filter-panel");
        opener.setAttribute("aria-expanded", "true");
        panel.focus();
    }
    function closePanel(focusResults) {
        if (!panel.classList.contains("is-open")) return;
        panel.classList.remove("is-open");
        panel.removeAttribute("role");
        panel.removeAttribute("aria-modal");
        document.body.classList.remove("has-filter-panel");
        opener.setAttribute("aria-expanded", "false");
        var target = focusResults ? document.getElementById("search-results") : opener;
        target.focus();
        if (focusResults) target.scrollIntoView();
    }
    opener.addEventListener("click", openPanel);
    panel.addEventListener("click", function (event) {
        var button = event.target.closest("[data-filter-close]");
        if (button) closePanel(button.hasAttribute("data-show-results"));
    });
    panel.addEventListener("keydown", function (event) {
        if (!panel.classList.contains("is-open")) return;
        if (event.key === "Escape") { closePanel(false); return; }
        if (event.key !== "Tab") return;
        // Keep the keyboard inside the open panel.
        var focusable = Array.prototype.filter.call(
            panel.querySelectorAll("button, input, summary, a[href]"),
            function (el) { return !el.hidden && el.offsetParent !== null; });
        if (!focusable.length) return;
        var first = focusable[0], last = focusable[focusable.length - 1];
        if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
            last.focus(); event.preventDefault();
        } else if (!event.shiftKey && document.activeElement === last) {
            first.focus(); event.preventDefault();
        }
    });
    phone.addEventListener("change", function () { if (!phone.matches) closePanel(false); });

    // --- type-ahead inside long facets -----------------------------------------------------
    function fold(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    }
    function narrow(box) {
        var input = box.querySelector("input");
        var needle = fold(input.value), shown = 0;
        var scope = box.parentNode;
        scope.querySelectorAll(".facet__options li").forEach(function (li) {
            var label = li.querySelector("label");
            var match = !needle || fold(label ? label.textContent : li.textContent).indexOf(needle) !== -1;
            li.hidden = !match;
            if (match) shown += 1;
        });
        scope.querySelectorAll(".facet__group").forEach(function (group) {
            group.hidden = !group.querySelector("li:not([hidden])");
        });
        box.querySelector(".facet__find-count").textContent = needle ? shown + " " + box.dataset.matches : "";
    }
    function enhanceFinders(root) {
        root.querySelectorAll("[data-facet-find]").forEach(function (box) {
            box.hidden = false;
            var input = box.querySelector("input");
            input.addEventListener("input", function () { narrow(box); });
            input.addEventListener("keydown", function (event) {
                if (event.key === "Enter") event.preventDefault(); // not a search of the page
            });
            if (input.value) narrow(box);
        });
    }
    enhanceFinders(panel);

    // --- instant apply ---------------------------------------------------------------------
    function searchUrl() {
        var params = new URLSearchParams();
        // The form's own fields and, by their form attribute, the filters outside it.
        new FormData(form).forEach(function (value, name) {
            if (name !== "page" && String(value).trim() !== "") params.append(name, value);
        });
        var query = params.toString();
        return form.getAttribute("action") + (query ? "?" + query : "");
    }

    function replaceFrom(doc, selector, how) {
        var mine = document.querySelector(selector), theirs = doc.querySelector(selector);
        if (!mine || !theirs) return;
        if (how === "outer") mine.replaceWith(document.importNode(theirs, true));
        else mine.innerHTML = theirs.innerHTML;
    }

    function swap(doc, source) {
        var facets = document.getElementById("search-facets");
        var open = {}, typed = {};
        facets.querySelectorAll("details[data-facet]").forEach(function (d) { open[d.dataset.facet] = d.open; });
        facets.querySelectorAll("[data-facet-find] input").forEach(function (i) { typed[i.id] = i.value; });

        replaceFrom(doc, "#search-summary");
        replaceFrom(doc, "#active-filters", "outer");
        replaceFrom(doc, "#search-results");
        replaceFrom(doc, "#search-facets");
        var counts = doc.querySelectorAll("[data-filter-count]");
        document.querySelectorAll("[data-filter-count]").forEach(function (el, i) {
            if (counts[i]) el.textContent = counts[i].textContent;
        });
        var show = doc.querySelector("[data-show-results]");
        if (show) document.querySelector("[data-show-results]").textContent = show.textContent;
        document.title = doc.title;

        facets = document.getElementById("search-facets");
        facets.querySelectorAll("details[data-facet]").forEach(function (d) {
            if (open[d.dataset.facet]) d.open = true;
        });
        facets.querySelectorAll("[data-facet-find] input").forEach(function (i) {
            if (typed[i.id]) i.value = typed[i.id];
        });
        enhanceFinders(facets);
        // Back where the reader was: the same choice, wherever it now stands in its list.
        var again = source.type === "checkbox"
            ? facets.querySelector('input[name="' + CSS.escape(source.name) + '"][value="' + CSS.escape(source.value) + '"]')
            : source.id && document.getElementById(source.id);
        if (again) again.focus();
    }

    function apply(source) {
        var url = searchUrl(), mine = ++sequence;
        form.setAttribute("aria-busy", "true");
        results.setAttribute("aria-busy", "true");
        fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) throw new Error("HTTP " + response.status);
                return response.text();
            })
            .then(function (html) {
                if (mine !== sequence) return; // a later choice has been made meanwhile
                swap(new DOMParser().parseFromString(html, "text/html"), source);
                window.history.pushState({ search: true }, "", url);
            })
            .catch(function () { window.location.assign(url); }) // the page explains the error
            .then(function () {
                if (mine !== sequence) return;
                form.removeAttribute("aria-busy");
                results.removeAttribute("aria-busy");
            });
    }

    panel.addEventListener("change", function (event) {
        var target = event.target;
        if (!target.name || target.closest("[data-facet-find]")) return;
        if (target.type === "checkbox" || target.name === "year_from" || target.name === "year_to") {
            apply(target);
        }
    });
    window.addEventListener("popstate", function (event) {
        if (event.state && event.state.search) window.location.reload();
    });
    // The entry the reader arrived on, so that coming back to it reloads it too.
    window.history.replaceState({ search: true }, "", window.location.href);
}());
