/*
 * The header's search box, backed by Pagefind's chunked index (site/pagefind/<year>/, merged).
 *
 * Nothing of Pagefind is fetched when a page loads: its script, WebAssembly and index chunks
 * are loaded the first time the box is focused or typed into, and the filter lists only when
 * the filter panel is opened. Result URLs come from Pagefind relative to the site root, which
 * is found from the page's own base URL, so a site hosted under a sub-path works too.
 *
 * Articles are untrusted: titles and excerpts are put into the page as text, with only
 * Pagefind's <mark> highlights rebuilt as elements.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 60;

  var root = document.querySelector("[data-archive-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  var input = root.querySelector("[data-archive-search-input]");
  var form = input.form;
  var meta = root.querySelector("[data-archive-search-meta]");
  var list = root.querySelector("[data-archive-search-results]");
  var more = root.querySelector("[data-archive-search-more]");
  var filterPanel = root.querySelector("[data-archive-search-filters]");
  var yearSelect = root.querySelector('[data-filter="year"]');
  var kindSelect = root.querySelector("[data-filter-kind]");
  var topicInput = root.querySelector("[data-filter-topic]");
  var topicList = root.querySelector("#" + topicInput.getAttribute("list"));

  // The header says search needs JavaScript (seen only when it is off); it is on.
  setMeta("Type to search the archive");
  input.placeholder = input.getAttribute("data-placeholder") || "Search";

  // base_url is relative to the current page ("../.."); resolve it to the site root.
  var siteRoot = new URL((root.getAttribute("data-base") || ".").replace(/\/?$/, "/"), location.href);

  var loading = null;
  var allFilters = null;
  var resultCounts = null;  // the last search's articles per filter value, once it has any
  var generation = 0;
  var pending = [];

  function pagefind() {
    if (!loading) {
      // Marks for the benchmark: from first use to first result, as the visitor sees it.
      performance.mark("archive-search:first-use");
      // One Pagefind bundle per year (pagefind/shards.json lists them, newest first): the
      // first is loaded, the others merged into it and searched with its WebAssembly module.
      var bundle = function (shard) { return new URL("pagefind/" + shard + "/", siteRoot).href; };
      loading = fetch(new URL("pagefind/shards.json", siteRoot).href)
        .then(function (response) {
          if (!response.ok) throw new Error("no search index");
          return response.json();
        })
        .then(function (shards) {
          if (!shards.length) throw new Error("empty search index");
          return import(bundle(shards[0]) + "pagefind.js").then(function (pf) {
            // In the page, not a worker: one script fewer to fetch and start before the first results.
            return pf.options({ baseUrl: siteRoot.pathname, noWorker: true })
              .then(function () {
                return Promise.all(shards.slice(1).map(function (shard) {
                  return pf.mergeIndex(bundle(shard), { baseUrl: siteRoot.pathname });
                }));
              })
              .then(function () {
                pf.init();
                return pf;
              });
          });
        });
      loading.catch(function () {
        loading = null;
        setMeta("Search is not available (the search index was not found).");
      });
    }
    return loading;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    pagefind();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function setMeta(text) {
    meta.textContent = text;
  }

  function selectedFilters() {
    var filters = {};
    if (yearSelect.value) filters.year = yearSelect.value;
    var topic = chosenTopic();
    if (topic) filters[kindSelect.value] = topic;
    return filters;
  }

  var timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  function run() {
    var query = input.value.trim();
    var filters = selectedFilters();
    var mine = ++generation;
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      more.hidden = true;
      setMeta("Type to search the archive");
      resultCounts = null;
      labelYears();
      return;
    }
    pagefind().then(function (pf) {
      return pf.search(query || null, { filters: filters });
    }).then(function (search) {
      if (mine !== generation || !search) return;
      list.textContent = "";
      pending = search.results;
      resultCounts = search.filters || null;
      labelYears();
      var count = search.results.length;
      setMeta(count === 0 ? "No matching articles" : count === 1 ? "1 matching article" : count + " matching articles");
      return showMore(mine);
    });
  }

  function showMore(mine) {
    var batch = pending.slice(0, PAGE_SIZE);
    pending = pending.slice(PAGE_SIZE);
    more.hidden = pending.length === 0;
    // Append each result as soon as its fragment arrives, keeping the ranking order.
    var slots = batch.map(function () {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      item.hidden = true;
      list.appendChild(item);
      return item;
    });
    return Promise.all(batch.map(function (result, i) {
      return result.data().then(function (data) {
        if (mine !== generation) return;
        fillResult(slots[i], data);
        slots[i].hidden = false;
        if (!performance.getEntriesByName("archive-search:first-result").length) {
          performance.mark("archive-search:first-result");
        }
      });
    }));
  }

  // Pagefind's excerpts are HTML with <mark> around hits; keep only the text and the marks.
  var parser = new DOMParser();
  function appendMarked(target, html) {
    var doc = parser.parseFromString("<body>" + html, "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function fillResult(item, data) {
    var link = document.createElement("a");
    link.className = "md-search-result__link archive-search__result";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    var excerpt = document.createElement("p");
    var when = data.meta && data.meta.date;
    if (when) {
      var date = document.createElement("span");
      date.className = "archive-search__date";
      date.textContent = readableDate(when) + " · ";
      excerpt.appendChild(date);
    }
    var content = (data.content || "").trim();
    var words = parser.parseFromString("<body>" + (data.excerpt || ""), "text/html").body.textContent.trim();
    // Pagefind's excerpt is a window on the text: say where it cuts a sentence short.
    if (words && content.indexOf(words.slice(0, 24)) > 0) excerpt.appendChild(document.createTextNode("… "));
    appendMarked(excerpt, data.excerpt || "");
    var tail = words.slice(-24), end = content.lastIndexOf(tail);
    if (words && end >= 0 && end + tail.length < content.length) excerpt.appendChild(document.createTextNode(" …"));
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  // '2021-05-04' as the site's pages write it: '4 May 2021' (no-break spaces, as they do).
  function readableDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!parts) return iso;
    return [String(Number(parts[3])), MONTHS[Number(parts[2]) - 1], parts[1]].join("\u00a0");
  }

  // A year's count is the articles of the current search in it, once there is a search; the
  // archive's own count before. Labels only: the values and the selection stay.
  function labelYears() {
    if (!allFilters) return;
    var total = allFilters.year || {};
    var counts = resultCounts ? resultCounts.year || {} : total;
    Array.prototype.forEach.call(yearSelect.options, function (option) {
      if (option.value) option.textContent = option.value + " (" + (counts[option.value] || 0) + ")";
    });
  }

  function fillSelect(select, values, label) {
    var keep = select.value;
    select.length = 1;
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value[0];
      option.textContent = label(value);
      select.appendChild(option);
    });
    select.value = keep;
  }

  function loadFilters() {
    if (allFilters) return;
    pagefind().then(function (pf) { return pf.filters(); }).then(function (filters) {
      allFilters = filters || {};
      var years = Object.keys(allFilters.year || {}).sort().reverse();
      fillSelect(yearSelect, years.map(function (y) { return [y, allFilters.year[y]]; }),
        function (v) { return v[0] + " (" + v[1] + ")"; });
      labelYears();
      var kinds = Object.keys(allFilters).filter(function (k) { return k !== "year"; }).sort();
      fillSelect(kindSelect, kinds.map(function (k) { return [k]; }), function (v) { return v[0]; });
    });
  }

  // The kind's topics as the field's suggestions, most named first; the browser narrows them
  // to what is typed.
  function fillTopics() {
    var topics = (allFilters && allFilters[kindSelect.value]) || {};
    var names = Object.keys(topics).sort(function (a, b) { return topics[b] - topics[a] || a.localeCompare(b); });
    topicList.textContent = "";
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.label = name + " (" + topics[name] + ")";
      topicList.appendChild(option);
    });
    topicInput.disabled = !kindSelect.value;
  }

  // The typed topic, once it is one of the kind's (whatever its case); else none.
  function chosenTopic() {
    var topics = (allFilters && kindSelect.value && allFilters[kindSelect.value]) || {};
    var typed = topicInput.value.trim().toLowerCase();
    if (!typed) return null;
    return Object.keys(topics).filter(function (name) { return name.toLowerCase() === typed; })[0] || null;
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    open();
    // Fetch the query's index chunk while the debounce waits.
    var query = input.value.trim();
    if (query) pagefind().then(function (pf) { pf.preload(query); });
    schedule();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  more.addEventListener("click", function () { showMore(generation); });
  filterPanel.addEventListener("toggle", function () { if (filterPanel.open) loadFilters(); });
  yearSelect.addEventListener("change", run);
  var lastTopic = null;
  topicInput.addEventListener("input", function () {
    var topic = chosenTopic();
    if (topic !== lastTopic) { lastTopic = topic; run(); }  // a whole name chosen, or one cleared
  });
  kindSelect.addEventListener("change", function () { topicInput.value = ""; lastTopic = null; fillTopics(); run(); });
  toggle.addEventListener("change", function () { if (!toggle.checked) input.blur(); });
  // Tabbing out of the box and its results closes them, so the page is not left dimmed
  // behind an open search while the keyboard moves through it.
  root.addEventListener("focusout", function (event) {
    if (toggle.checked && event.relatedTarget && !root.contains(event.relatedTarget)) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (event.key === "Escape" && toggle.checked) {
      close();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      input.focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && toggle.checked) {
      moveFocus(event, event.key === "ArrowDown" ? 1 : -1);
    }
  });

  // Arrow keys walk from the box through the results and back; Tab and Enter work as usual.
  function moveFocus(event, step) {
    var links = Array.prototype.filter.call(list.querySelectorAll("a"), function (a) { return !a.parentNode.hidden; });
    var at = document.activeElement === input ? -1 : links.indexOf(document.activeElement);
    if (at === -1 && document.activeElement !== input) return;
    var next = at + step;
    if (next >= links.length) return;
    event.preventDefault();
    (next < 0 ? input : links[next]).focus();
  }

  // Buttons elsewhere on a page (the 404 page's) that open the search box.
  document.querySelectorAll("[data-archive-search-open]").forEach(function (button) {
    button.addEventListener("click", function () { input.focus(); });
  });
})();
