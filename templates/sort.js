// Sorting only: a click on (or Enter in) a column header of a table marked
// "sortable" reorders its rows; a second click reverses the order. It reads
// the cells (their data-key, else their text) and adds nothing to the page.
(function () {
  "use strict";
  function key(cell) {
    var k = cell.getAttribute("data-key");
    return k === null ? cell.textContent.trim() : k;
  }
  function compare(numeric) {
    return function (x, y) {
      if (numeric) { return (parseFloat(x) || 0) - (parseFloat(y) || 0); }
      return x.localeCompare(y, "en", { numeric: true });
    };
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var cmp = compare(th.getAttribute("data-type") === "num");
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) { return dir * cmp(key(a.cells[col]), key(b.cells[col])); });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
  // Print every development plan, not only the open ones.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
