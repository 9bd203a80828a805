/*
 * Topic pages were once at topics/<kind>/<id>/ and are now at topics/<id>/, where a kind
 * corrected later cannot move them. A link to an old address reaches the host's 404 page, which
 * sends the reader on at once. An id is never a kind's name (taxonomy.RESERVED_IDS), so the new
 * address never matches again, and the kinds' own A–Z listings are not old addresses.
 */
(function () {
  "use strict";

  if (!document.querySelector("[data-archive-not-found]")) return;
  var old = /^(.*\/)topics\/(?:person|place|organisation|theme)\/(?!a-z(?:\/|$))([^\/]+(?:\/.*)?)$/
    .exec(window.location.pathname);
  if (old) window.location.replace(old[1] + "topics/" + old[2] + window.location.search + window.location.hash);
})();

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
