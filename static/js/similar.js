// While an author writes a title, offer similar existing petitions (the page works without it).
(function () {
  "use strict";
  var box = document.getElementById("similar-petitions");
  var title = document.getElementById("id_title");
  if (!box || !title || !window.fetch) return;
  var timer = null;
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = box.dataset.url + "?title=" + encodeURIComponent(title.value);
      fetch(url, { headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { box.innerHTML = html; })
        .catch(function () {});
    }, 400);
  });
})();
