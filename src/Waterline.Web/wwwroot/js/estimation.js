// Estimation page: an UpSet-style bar chart of the capture histories when there are more than three lists (the server draws
// the Venn diagram for two or three), from the JSON the server rendered into #estimation-data.
(function () {
  'use strict';

  function wireForm() {
    var form = document.getElementById('population');
    if (!form) { return; }
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === '' && el.type !== 'checkbox') { el.disabled = true; }
      });
    });
  }

  function drawUpset() {
    var box = document.getElementById('upset');
    var data = document.getElementById('estimation-data');
    if (!box || !data || typeof echarts === 'undefined') { return; }
    var histories = JSON.parse(data.textContent).histories.filter(function (h) { return h.count > 0; });
    histories.sort(function (a, b) { return b.count - a.count; });
    // Each bar's label is its history as dots: filled = on that list, in list order.
    var labels = histories.map(function (h) {
      return h.history.split('').map(function (c) { return c === '1' ? '●' : '○'; }).join('');
    });
    var chart = echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 12, top: 16, bottom: 64 },
      tooltip: {
        trigger: 'item',
        formatter: function (p) { return histories[p.dataIndex].onLists.join(' + ') + ': ' + p.value; }
      },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 90, fontFamily: 'monospace' } },
      yAxis: { type: 'value', name: 'cases' },
      series: [{ type: 'bar', data: histories.map(function (h) { return h.count; }), itemStyle: { color: '#4a6fa5' } }]
    });
    box.setAttribute('data-rendered', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  }

  wireForm();
  drawUpset();
})();
