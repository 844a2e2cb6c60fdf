// Starts Pagefind's search UI on the search page (layouts/search.html), over the index in
// the site's own /pagefind/ folder: nothing is fetched from anywhere else. A file, not an
// inline script, so a Content-Security-Policy needs no 'unsafe-inline' for it.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  // The index's other shards, merged into the first (its folder is the UI script's):
  // each folder as a full URL, for Pagefind fetches them from its own worker.
  var bundles = (box.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
  new PagefindUI({
    element: box,
    mergeIndex: bundles.map(function (folder) {
      return { bundlePath: new URL(folder, document.baseURI).href };
    }),
    showImages: false,
    showSubResults: false,
    // The summary is kept for other uses of the index; the excerpt already shows the text.
    processResult: function (result) {
      delete result.meta.summary;
      return result;
    }
  });
});
