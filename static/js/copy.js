// "Copy the link" buttons: shown only where scripts run; without them the link stays visible
// in its field, to select and copy by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-status");
    if (!field) return;
    function say(text) { if (status) status.textContent = text; }
    function fallback() {
      field.select();
      try {
        say(document.execCommand("copy") ? button.dataset.copied : button.dataset.failed);
      } catch (error) {
        say(button.dataset.failed);
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(button.dataset.copied); },
          fallback
        );
      } else {
        fallback();
      }
    });
  });
})();
