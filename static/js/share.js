/* A case study's share buttons: copy its link, or open the device's own share sheet where
   the browser has one. Without this script the buttons stay hidden and the links and the
   address field of the "Bagikan" section do the same work. */
(function () {
    "use strict";
    function say(box, text) {
        var status = box.querySelector("[data-copy-status]");
        if (status) status.textContent = text;
    }
    function copyByHand(box, url) {
        // Older browsers, or a page not served over HTTPS: select the text and copy it.
        var field = box.querySelector("[data-share-field]") || document.createElement("textarea");
        var temporary = !field.parentNode;
        if (temporary) { field.value = url; field.setAttribute("readonly", ""); document.body.appendChild(field); }
        field.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (error) { done = false; }
        if (temporary) field.remove();
        return done;
    }
    document.querySelectorAll("[data-share]").forEach(function (box) {
        var url = box.dataset.shareUrl;
        var copy = box.querySelector("[data-copy]");
        var native = box.querySelector("[data-native-share]");
        if (copy) {
            copy.hidden = false;
            copy.addEventListener("click", function () {
                var ok = function () { say(box, box.dataset.copied); };
                var fallback = function () { say(box, copyByHand(box, url) ? box.dataset.copied : box.dataset.copyFailed); };
                if (navigator.clipboard && window.isSecureContext) {
                    navigator.clipboard.writeText(url).then(ok, fallback);
                } else {
                    fallback();
                }
            });
        }
        if (native && navigator.share) {
            native.hidden = false;
            native.addEventListener("click", function () {
                navigator.share({ title: box.dataset.shareTitle || document.title, url: url })
                    .catch(function () { /* closed by the reader: nothing to say */ });
            });
        }
    });
}());
