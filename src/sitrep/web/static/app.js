// sitrep dashboard: small progressive enhancements (the pages work without script too).
(function () {
  "use strict";
  // "/" focuses the search box, as in most analyst tools.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    if (event.key === "/" && box && document.activeElement !== box) {
      event.preventDefault();
      box.focus();
    }
  });
  // After htmx swaps in new results, keep the printable-report link in step with the filters.
  document.addEventListener("htmx:afterSwap", function () {
    document.body.classList.remove("loading");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    document.body.classList.add("loading");
  });
})();
