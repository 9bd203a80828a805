/*
 * On a phone, an article that names many topics (a roundup names dozens) would open with
 * screens of topic chips before its first line: there they are folded behind their summary
 * ("41 topics"), one tap away. Open everywhere else, and wherever JavaScript is off.
 */
(function () {
  "use strict";

  var FOLD_FROM = 12;  // chips a phone shows unfolded: about three lines of them
  var PHONE = "(max-width: 44.984375em)";  // Material's breakpoint for phones

  if (!window.matchMedia || !window.matchMedia(PHONE).matches) return;
  document.querySelectorAll("details[data-archive-fold]").forEach(function (details) {
    if (details.querySelectorAll(".archive-chip").length > FOLD_FROM) details.open = false;
  });
})();
