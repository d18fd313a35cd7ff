// Django's admin, accessible names it leaves out (issue 15; templates/admin/base_site.html loads this file):
// - the editable cells of a change list (list_editable) have no <label>: each field is named after its column
//   and its row ("排序 — 项目名称");
// - a date-and-time field's two inputs sit beside plain text ("日期：", "时间："), not labels: each is named
//   after the field and that text;
// - the filter boxes of a two-list selector have an icon <span aria-label>, which ARIA forbids on a span with
//   no role: it becomes role="img", the role its picture has.
(function () {
  "use strict";
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function labelled(field) {
    return field.labels && field.labels.length || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby");
  }

  function nameEditableCells() {
    var table = document.getElementById("result_list");
    if (!table) return;
    var heads = table.querySelectorAll("thead th");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var rowName = text(row.querySelector("th")) || text(row.querySelector("td a"));
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
          if (labelled(field) || !heads[i]) return;
          field.setAttribute("aria-label", text(heads[i]) + (rowName ? " — " + rowName : ""));
        });
      });
    });
  }

  function nameDateTimeParts() {
    document.querySelectorAll("p.datetime").forEach(function (p) {
      var row = p.closest(".form-row, .fieldBox, td");
      var fieldLabel = row ? text(row.querySelector("label")) .replace(/[:：]$/, "") : "";
      var prefix = "";
      p.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (node.textContent.trim()) prefix = node.textContent.trim().replace(/[:：]$/, "");
        } else if (node.matches && node.matches("input:not([type=hidden])") && !labelled(node)) {
          node.setAttribute("aria-label", (fieldLabel ? fieldLabel + " " : "") + prefix);
        }
      });
    });
  }

  function roleForFilterIcons() {
    document.querySelectorAll(".selector-filter span[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
  }

  function all() {
    nameEditableCells();
    nameDateTimeParts();
    roleForFilterIcons();
  }
  // The change list and date fields are in the page's markup; the selectors are built by SelectFilter2.js on the
  // window's load event, which it registered before this deferred script did, so it has run by the time ours does.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  window.addEventListener("load", all);
})();
