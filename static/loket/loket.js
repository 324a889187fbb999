/* WSE-loket: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // The header's menu: without JavaScript it is simply open (the button stays hidden); with it,
  // a phone-sized screen shows a button that opens and closes it (CSS hides the closed panel).
  document.querySelectorAll("[data-menuknop]").forEach(function (knop) {
    knop.setAttribute("aria-expanded", "false");
    knop.hidden = false;
    knop.addEventListener("click", function () {
      knop.setAttribute("aria-expanded", knop.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
  });
  // After a form error the error summary at the top of the form has the focus.
  var overzicht = document.getElementById("foutoverzicht");
  if (overzicht) {
    overzicht.focus();
  }
})();
