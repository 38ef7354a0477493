// Keyboard access to code that scrolls sideways (axe-core's scrollable-region-focusable):
// a <pre> or table wider than its box gets tabindex=0, so it can be focused and scrolled with the
// arrow keys; one that fits is left out of the tab order.
(function () {
  function mark() {
    document.querySelectorAll("div.highlight > pre, div.cell_output pre, div.table-wrapper").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
