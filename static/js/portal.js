// Page behaviour that templates declare with data attributes (the Content-Security-Policy allows no inline
// script, on*= handler or javascript: link): data-submit-on-change submits its form, data-print prints the
// page, data-history-back goes back a page (its href is where to go without history), data-confirm="…" asks
// before its form is submitted.
(function () {
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-submit-on-change]") && e.target.form) e.target.form.submit();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
    if (e.target.closest("[data-history-back]") && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches("[data-confirm]") && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
  // After a failed submit the page comes back with the errors beside their fields: focus the first field in
  // error (Django marks it aria-invalid), so a keyboard or screen-reader user lands where the fix is needed.
  function focusFirstError() {
    var field = document.querySelector('form [aria-invalid="true"]');
    if (!field) return;
    field.focus();
    if (field.scrollIntoView) field.scrollIntoView({block: "center"});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusFirstError);
  else focusFirstError();
})();
// data-check-all="name" on a checkbox ticks or clears every checkbox named `name` (a table's 全选本页).
document.addEventListener("change", function (e) {
  var name = e.target.dataset && e.target.dataset.checkAll;
  if (!name) return;
  document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
    box.checked = e.target.checked;
  });
});
