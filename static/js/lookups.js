// Multiple-choice lookup fields (portal/lookups.py): the search box's 添加 button, or Enter in the box,
// appends the typed or suggested text as a line of the field's text area; the server resolves each line.
(function () {
  function add(input) {
    var value = input.value.trim();
    if (!value) return;
    var area = document.getElementById(input.dataset.lookupAdd);
    var lines = area.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (lines.indexOf(value) < 0) lines.push(value);
    area.value = lines.join("\n");
    input.value = "";
    input.focus();
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-lookup-add-for]");
    if (button) add(document.getElementById(button.dataset.lookupAddFor));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches("[data-lookup-add]")) {
      e.preventDefault();  // Enter adds the line; it does not submit the form
      add(e.target);
    }
  });
})();
