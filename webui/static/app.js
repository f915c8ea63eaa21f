/* Progressive enhancement only: the site works fully without this file. */
(function () {
  "use strict";
  // Filters: open on wide screens; collapsed behind "Show filters" on phones (open without JS).
  var panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 800px)");
    var sync = function () { panel.open = wide.matches; };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }
})();
(function () {
  "use strict";
  // "Copy citation" buttons: shown only when the Clipboard API is available.
  if (!(navigator.clipboard && window.isSecureContext !== undefined)) { return; }
  var buttons = document.querySelectorAll(".js-copy[data-copy-target]");
  Array.prototype.forEach.call(buttons, function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById("copy-status");
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = "Citation copied to the clipboard."; }
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = "Copy citation"; }, 2500);
      }, function () {
        if (status) { status.textContent = "Could not copy; select the citation text and copy it instead."; }
      });
    });
  });
})();
