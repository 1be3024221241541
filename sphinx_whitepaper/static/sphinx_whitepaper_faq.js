/* sphinx-whitepaper: progressive enhancement of FAQ answers.
 *
 * FAQ answers are <details> elements and work without this script. It adds:
 * - a link to a question (or to anything inside an answer) opens that answer,
 *   on page load and when the fragment changes;
 * - every answer is open while the page is printed, and the previous state
 *   comes back afterwards;
 * - an "expand all" button before each FAQ block, when the script element
 *   carries data-expand-label (the whitepaper_faq_expand_all option).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ITEM = "details.wp-faq-item";

  function openAround(element) {
    var node = element;
    while (node) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
      node = node.parentElement;
    }
  }

  function openFromHash() {
    var hash = window.location.hash;
    if (!hash || hash.length < 2) {
      return;
    }
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (error) {
      id = hash.slice(1);
    }
    var target = document.getElementById(id);
    if (!target || !target.closest || !target.closest(ITEM)) {
      return;
    }
    openAround(target);
    target.scrollIntoView();
  }

  var closedBeforePrint = [];

  function openAllForPrint() {
    closedBeforePrint = [];
    document.querySelectorAll(ITEM).forEach(function (item) {
      if (!item.open) {
        closedBeforePrint.push(item);
        item.open = true;
      }
    });
  }

  function restoreAfterPrint() {
    closedBeforePrint.forEach(function (item) {
      item.open = false;
    });
    closedBeforePrint = [];
  }

  function addExpandButtons() {
    if (!script || !script.dataset || !script.dataset.expandLabel) {
      return;
    }
    var expandLabel = script.dataset.expandLabel;
    var collapseLabel = script.dataset.collapseLabel || expandLabel;
    document.querySelectorAll(".wp-faq").forEach(function (block) {
      var items = block.querySelectorAll(ITEM);
      if (items.length === 0) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "wp-faq-toggle";
      function allOpen() {
        return Array.prototype.every.call(items, function (item) {
          return item.open;
        });
      }
      function refresh() {
        var expanded = allOpen();
        button.textContent = expanded ? collapseLabel : expandLabel;
        button.setAttribute("aria-expanded", expanded ? "true" : "false");
      }
      button.addEventListener("click", function () {
        var open = !allOpen();
        items.forEach(function (item) {
          item.open = open;
        });
        refresh();
      });
      items.forEach(function (item) {
        item.addEventListener("toggle", refresh);
      });
      refresh();
      block.insertBefore(button, block.firstChild);
    });
  }

  function start() {
    addExpandButtons();
    openFromHash();
  }

  window.addEventListener("hashchange", openFromHash);
  window.addEventListener("beforeprint", openAllForPrint);
  window.addEventListener("afterprint", restoreAfterPrint);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
