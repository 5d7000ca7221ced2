/* The article review page: fix a candidate's span by selecting its words in the text.
 *
 * Offsets are counted in code points, as the server stores them (Python's str indices),
 * not in the UTF-16 units of JavaScript strings: an emoji before the span is one character.
 * The rendered text holds the article's characters one for one (marks and links add no
 * text), so the text before the selection, counted with Array.from, is the start offset.
 */
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  function selectedSpan(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    var before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    var words = range.toString();
    return { start: start, end: start + codePoints(words), words: words };
  }

  function init() {
    var container = document.getElementById("article-text");
    var status = document.getElementById("selection-status");
    if (!container) return;

    document.addEventListener("selectionchange", function () {
      var span = selectedSpan(container);
      if (span && status) {
        var shown = span.words.length > 80 ? span.words.slice(0, 79) + "…" : span.words;
        status.textContent =
          "Selected characters " + span.start + "–" + span.end + ": “" + shown + "”";
      }
    });

    document.querySelectorAll(".span-form .use-selection").forEach(function (button) {
      button.addEventListener("click", function () {
        var span = selectedSpan(container);
        if (!span) {
          if (status) status.textContent = "First select the words of the span in the text.";
          return;
        }
        var form = button.closest("form");
        form.elements.start.value = String(span.start);
        form.elements.end.value = String(span.end);
        form.submit();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
