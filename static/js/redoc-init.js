// Starts Redoc on /api/redoc/ (no inline script: Content-Security-Policy). Redoc stamps the <style> elements
// it adds with the page's nonce, which only the script element's `nonce` property still holds.
(function () {
  var script = document.currentScript;
  Redoc.init(script.dataset.specUrl, { nonce: script.nonce }, document.getElementById("redoc-container"));
})();
