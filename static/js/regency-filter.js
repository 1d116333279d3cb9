// Narrows a kabupaten/kota <select data-regency-filter="province"> to the province chosen
// in the form's field of that name (innovations/widgets.py). No inline script: loaded as
// form media, so it works under a strict Content-Security-Policy.
(function () {
  "use strict";

  function provinceField(regency) {
    var name = regency.getAttribute("data-regency-filter");
    return regency.form ? regency.form.elements.namedItem(name) : null;
  }

  function narrow(regency, province) {
    var code = province.value;
    Array.prototype.forEach.call(regency.options, function (option) {
      var own = option.getAttribute("data-province");
      var shown = !own || !code || own === code;
      option.hidden = !shown;
      option.disabled = !shown;
    });
    var chosen = regency.options[regency.selectedIndex];
    if (chosen && chosen.disabled) {
      regency.value = "";
      regency.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function setUp(regency) {
    if (regency.dataset.regencyFilterReady) return;
    var province = provinceField(regency);
    if (!province) return;
    regency.dataset.regencyFilterReady = "1";
    province.addEventListener("change", function () {
      narrow(regency, province);
    });
    narrow(regency, province);
  }

  function setUpAll() {
    document.querySelectorAll("select[data-regency-filter]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
