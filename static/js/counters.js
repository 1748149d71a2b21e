// Characters counters under the fields that have a limit (maxlength, set from the model):
// "120 of 150 characters". The form works the same without them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-counter-text]");
  if (!form) return;
  var text = form.dataset.counterText;
  form.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (field) {
    var counter = document.createElement("p");
    counter.className = "help counter";
    counter.id = field.id + "_counter";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var max = field.maxLength;
      var count = field.value.length;
      counter.textContent = text.replace("{count}", count).replace("{max}", max);
      counter.classList.toggle("counter-full", count >= max);
    }
    field.addEventListener("input", update);
    update();
  });
})();
