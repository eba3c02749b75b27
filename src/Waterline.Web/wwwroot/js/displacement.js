// Displacement page: three ECharts timelines (counts per area with exact Poisson bands, shares with Wilson bands, the total with
// its band), each with the interventions as marked vertical lines carrying their titles. Data: the JSON the server rendered
// into #displacement-data.
(function () {
  'use strict';

  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  function wireForm() {
    var form = document.getElementById('selection');
    if (!form) { return; }
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === '' && el.type !== 'checkbox') { el.disabled = true; }
      });
    });
    // A new dimension has other areas: drop the ticked ones and reload.
    var dimension = document.getElementById('dimension');
    if (dimension) {
      dimension.addEventListener('change', function () {
        Array.prototype.forEach.call(form.querySelectorAll('input[name=area]'), function (el) { el.checked = false; });
        form.requestSubmit();
      });
    }
  }

  // One marked line per period, its label the titles of the interventions in it.
  function markLines(interventions) {
    var byPeriod = {};
    interventions.forEach(function (i) { (byPeriod[i.period] = byPeriod[i.period] || []).push(i.title); });
    return {
      symbol: 'none', silent: false,
      lineStyle: { type: 'dashed', color: '#444' },
      label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10, color: '#333' },
      data: Object.keys(byPeriod).map(function (p) { return { name: byPeriod[p].join(' · '), xAxis: p }; })
    };
  }

  // A band as two stacked areas: an invisible lower line and the width above it.
  function band(name, lower, upper, color, stack) {
    return [
      { name: name, type: 'line', data: lower, stack: stack, lineStyle: { opacity: 0 }, symbol: 'none', silent: true, tooltip: { show: false } },
      { name: name, type: 'line', data: upper.map(function (u, i) { return u === null || lower[i] === null ? null : u - lower[i]; }), stack: stack,
        lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 }, symbol: 'none', silent: true, tooltip: { show: false } }
    ];
  }

  function draw(id, periods, lines, interventions, yName, percent) {
    var box = document.getElementById(id);
    if (!box) { return; }
    var series = [];
    lines.forEach(function (l, k) {
      var color = palette[k % palette.length];
      band(l.name, l.lower, l.upper, color, 'band-' + k).forEach(function (s) { series.push(s); });
      series.push({ name: l.name, type: 'line', data: l.values, itemStyle: { color: color }, lineStyle: { color: color, width: 2 }, symbolSize: 5 });
    });
    if (series.length > 0) { series[series.length - 1].markLine = markLines(interventions); }
    var chart = echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 16, top: 36, bottom: 40 },
      legend: { top: 0, data: lines.map(function (l) { return l.name; }) },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '' : percent ? (v * 100).toFixed(1) + ' %' : v; } },
      xAxis: { type: 'category', data: periods, boundaryGap: false },
      yAxis: { type: 'value', name: yName, min: 0, max: percent ? 1 : null,
        axisLabel: { formatter: percent ? function (v) { return Math.round(v * 100) + ' %'; } : null } },
      series: series
    });
    box.setAttribute('data-rendered', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  function drawAll() {
    var data = document.getElementById('displacement-data');
    if (!data || typeof echarts === 'undefined') { return; }
    var r = JSON.parse(data.textContent);
    if (!r.periods || r.periods.length === 0) { return; }
    var pick = function (points, f) { return points.map(function (p) { return p === null ? null : f(p); }); };
    draw('chart-series', r.periods, r.series.map(function (s) {
      return { name: s.label, values: pick(s.counts, function (p) { return p.value; }), lower: pick(s.counts, function (p) { return p.lower; }),
        upper: pick(s.counts, function (p) { return p.upper; }) };
    }), r.interventions, 'count', false);
    draw('chart-shares', r.periods, r.series.map(function (s) {
      return { name: s.label, values: pick(s.shares, function (p) { return p.value; }), lower: pick(s.shares, function (p) { return p.lower; }),
        upper: pick(s.shares, function (p) { return p.upper; }) };
    }), r.interventions, 'share', true);
    draw('chart-total', r.periods, [{ name: 'Total', values: pick(r.total, function (p) { return p.value; }), lower: pick(r.total, function (p) { return p.lower; }),
      upper: pick(r.total, function (p) { return p.upper; }) }], r.interventions, 'count', false);
  }

  wireForm();
  drawAll();
})();
