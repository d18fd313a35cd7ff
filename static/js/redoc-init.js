// Starts Redoc on /api/docs/ (no inline script: Content-Security-Policy). Redoc stamps the <style> elements
// it adds with the page's nonce, which only the script element's `nonce` property still holds.
// The container is aria-busy until Redoc has drawn the documentation (or its error): assistive technology waits
// for it, and so do the page checks of the browser tests (tests/browser/pagechecks.py).
(function () {
  var script = document.currentScript;
  var container = document.getElementById("redoc-container");

  function drawn() {
    // Redoc calls back once the spec is loaded, before React has drawn it: wait for its content, then a frame.
    if (!container.querySelector(".api-content")) {
      requestAnimationFrame(drawn);
      return;
    }
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { container.removeAttribute("aria-busy"); });
    });
  }

  Redoc.init(script.dataset.specUrl, { nonce: script.nonce }, container, function (error) {
    if (error) container.removeAttribute("aria-busy");
    else drawn();
  });
})();
