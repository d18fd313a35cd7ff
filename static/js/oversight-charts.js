// The dashboard's charts; the figures come from the page (json_script "chart-data"), never from a CDN.
(function () {
  var el = document.getElementById("chart-data");
  if (!el || typeof Chart === "undefined") return;
  var d = JSON.parse(el.textContent);
  var months = d.months, L = d.labels;
  var opts = {responsive: true, animation: false, plugins: {legend: {position: "bottom"}}};
  new Chart(document.getElementById("chart-months"), {type: "line", options: opts, data: {labels: months, datasets: [
    {label: L.submitted, data: d.submitted, borderColor: "#0d6efd", tension: 0.2},
    {label: L.answered, data: d.answered, borderColor: "#198754", tension: 0.2},
    {label: L.reopened, data: d.reopened, borderColor: "#dc3545", tension: 0.2}]}});
  new Chart(document.getElementById("chart-status"), {type: "doughnut", options: opts, data: {
    labels: d.status_labels, datasets: [{data: d.status_counts,
      backgroundColor: ["#6c757d", "#0dcaf0", "#0d6efd", "#ffc107", "#198754", "#212529"]}]}});
  new Chart(document.getElementById("chart-forums"), {type: "bar", options: opts, data: {labels: months,
    datasets: [{label: L.held, data: d.forums, backgroundColor: "#6610f2"}]}});
  new Chart(document.getElementById("chart-departments"), {type: "bar", options: opts, data: {labels: d.dept_labels,
    datasets: [{label: L.open, data: d.dept_open, backgroundColor: "#0d6efd"},
               {label: L.overdue, data: d.dept_overdue, backgroundColor: "#dc3545"}]}});
})();
