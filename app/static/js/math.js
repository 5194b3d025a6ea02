// Renders the KaTeX math of the page's statements, editorials and answers (the server
// leaves it as $…$ text). Loaded after KaTeX and its auto-render extension.
(function () {
  "use strict";
  const OPTIONS = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
    ],
    throwOnError: false,
  };

  function render(element) {
    if (window.renderMathInElement && element) window.renderMathInElement(element, OPTIONS);
  }

  for (const element of document.querySelectorAll(".math")) render(element);
  window.TDMath = { render: render };
})();
