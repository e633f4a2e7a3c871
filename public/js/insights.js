// Draws each insights chart from the table of numbers beside it (the table is what a browser
// without JavaScript shows, and stays as the chart's accessible text).
(function () {
  var palette = ['#5b3cc4', '#3a86c8', '#9b8ad8', '#5d5a6b', '#c4569b', '#2b9c9c', '#8a5a00', '#b7a6f0'];
  function draw() {
    if (typeof Chart === 'undefined') return;
    document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
      var table = figure.querySelector('table');
      if (!table || figure.querySelector('canvas')) return;
      var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
      var labels = rows.map(function (r) { return r.querySelector('th').textContent; });
      // One series per column of numbers (a trend has several: sponsors, influencers, users…).
      var heads = Array.prototype.slice.call(table.querySelectorAll('thead th')).slice(1);
      var names = heads.map(function (th) { return th.textContent; });
      var series = names.map(function (_, j) {
        return rows.map(function (r) { return Number(r.querySelectorAll('td')[j].textContent); });
      });
      var type = figure.getAttribute('data-chart');
      // Nothing to draw when every count is zero: the table already says so.
      if (series.every(function (values) { return values.every(function (v) { return v === 0; }); })) return;
      // A status or state takes its colour from the one palette (app.css, --st-*); others the chart palette.
      var root = getComputedStyle(document.documentElement);
      var colours = rows.map(function (r, i) {
        var key = r.getAttribute('data-key');
        return (key && root.getPropertyValue('--st-' + key).trim()) || palette[i % palette.length];
      });
      var many = rows.length > 8;
      var wrap = document.createElement('div');
      wrap.className = 'chart-canvas' + (type === 'bar' && names.length === 1 && many ? ' tall' : '');
      var canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', figure.querySelector('h2').textContent + ': the numbers are in the table below');
      wrap.appendChild(canvas);
      figure.insertBefore(wrap, figure.querySelector('figcaption').nextSibling);
      var pie = type === 'pie';
      new Chart(canvas, {
        type: type,
        data: {
          labels: labels,
          datasets: series.map(function (values, j) {
            var key = heads[j].getAttribute('data-key');
            var colour = pie ? colours : (key && root.getPropertyValue('--st-' + key).trim()) || palette[j % palette.length];
            return { label: names[j], data: values, backgroundColor: colour, borderColor: colour, tension: 0.2 };
          }),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          // A long single series (the top 20) lies on its side, so that every name can be read.
          indexAxis: type === 'bar' && names.length === 1 && many ? 'y' : 'x',
          plugins: { legend: { display: pie || names.length > 1 } },
          scales: pie ? {} : { x: { ticks: { autoSkip: !many || names.length > 1 } }, y: { beginAtZero: true, ticks: { precision: 0, autoSkip: false } } },
        },
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
  // A boosted navigation to this page runs the scripts again after the swap.
  document.addEventListener('htmx:afterSettle', draw);
})();
