// Draws each insights chart from the table of numbers beside it (the table is what a browser
// without JavaScript shows, and stays as the chart's accessible text).
(function () {
  var palette = ['#5b3cc4', '#e0b000', '#1e9e55', '#d0342c', '#3a86c8', '#8a5a00', '#9b8ad8', '#5d5a6b'];
  function draw() {
    if (typeof Chart === 'undefined') return;
    document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
      var table = figure.querySelector('table');
      if (!table || figure.querySelector('canvas')) return;
      var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
      var labels = rows.map(function (r) { return r.querySelector('th').textContent; });
      var values = rows.map(function (r) { return Number(r.querySelector('td').textContent); });
      // A status or state takes its colour from the one palette (app.css, --st-*); others the chart palette.
      var root = getComputedStyle(document.documentElement);
      var colours = rows.map(function (r, i) {
        var key = r.getAttribute('data-key');
        return (key && root.getPropertyValue('--st-' + key).trim()) || palette[i % palette.length];
      });
      var type = figure.getAttribute('data-chart');
      // Nothing to draw when every count is zero: the table already says so.
      if (values.every(function (v) { return v === 0; })) return;
      var canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', figure.querySelector('h2').textContent + ': the numbers are in the table below');
      table.parentNode.insertBefore(canvas, table);
      new Chart(canvas, {
        type: type,
        data: {
          labels: labels,
          datasets: [{ data: values, backgroundColor: type === 'bar' ? palette[0] : colours }],
        },
        options: { animation: false, plugins: { legend: { display: type !== 'bar' } }, scales: type === 'bar' ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {} },
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
  // A boosted navigation to this page runs the scripts again after the swap.
  document.addEventListener('htmx:afterSettle', draw);
})();
