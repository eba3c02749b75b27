// Market picture: draws the chart and the two maps from the JSON the server rendered into #picture-data,
// and submits the filter form on change. No data requests: only the (cached) map geometry is fetched.
(function () {
  'use strict';

  var COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];
  var NO_DATA = '#e4e7eb';
  var COUNTRY_COLOURS = { BE: '#d62728', NL: '#ff7f0e' };

  function formatNumber(v) {
    var digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 1;
    return v.toLocaleString('en-GB', { maximumFractionDigits: digits });
  }

  function formatValue(v, unit) {
    return v === null || v === undefined ? 'no data' : formatNumber(v) + ' ' + unit;
  }

  function wireForm() {
    var form = document.getElementById('filters');
    if (!form) { return; }
    form.addEventListener('change', function (e) {
      // A new grouping may drop the sorted column: go back to the default sort.
      if (e.target && e.target.name === 'group') {
        document.getElementById('sort').value = '';
        document.getElementById('dir').value = '';
      }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    // Leave empty fields out of the URL, so shared links stay short.
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && (el.value === '' || el.value === undefined) && el.type !== 'checkbox') { el.disabled = true; }
      });
    });
  }

  function drawChart(data) {
    var el = document.getElementById('chart');
    if (!el || !window.echarts) { return; }
    var unit = data.measure.unit;
    var sum = 0;
    var series = data.series.map(function (s) {
      s.values.forEach(function (v) { if (v !== null) { sum += v; } });
      return {
        name: s.country === 'BE' ? 'Belgium' : s.country === 'NL' ? 'Netherlands' : s.country,
        type: 'line', data: s.values, connectNulls: false, showSymbol: true,
        lineStyle: { width: 2 }, itemStyle: { color: COUNTRY_COLOURS[s.country] }
      };
    });
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return formatValue(v, unit); } },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: data.periods },
      yAxis: { type: 'value', name: unit, nameLocation: 'end', nameTextStyle: { align: 'left' } },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-series-sum', String(Math.round(sum * 1e6) / 1e6));
    el.setAttribute('data-rendered', 'true');
  }

  // One scale for both countries: five equal classes from 0 to the highest provincial value.
  function scaleFor(regions) {
    var max = 0;
    regions.forEach(function (r) { if (r.value !== null && r.value > max) { max = r.value; } });
    return {
      max: max,
      colour: function (v) {
        if (v === null || v === undefined) { return NO_DATA; }
        if (max <= 0) { return COLOURS[0]; }
        return COLOURS[Math.min(COLOURS.length - 1, Math.floor((v / max) * COLOURS.length))];
      }
    };
  }

  function drawLegend(scale, unit) {
    var el = document.getElementById('map-legend');
    if (!el) { return; }
    var html = '<span class="legend-title">' + unit + '</span>';
    COLOURS.forEach(function (c, i) {
      var lo = scale.max * i / COLOURS.length, hi = scale.max * (i + 1) / COLOURS.length;
      html += '<span class="legend-item"><i style="background:' + c + '"></i>' +
        formatNumber(lo) + '–' + formatNumber(hi) + '</span>';
    });
    html += '<span class="legend-item"><i style="background:' + NO_DATA + '"></i>no data</span>';
    el.innerHTML = html;
  }

  function drawMap(el, features, idOf, nameOf, data, scale, attribution) {
    var byId = {};
    data.regions.forEach(function (r) { byId[r.mapId] = r; });
    var map = L.map(el, {
      zoomControl: false, scrollWheelZoom: false, dragging: false, doubleClickZoom: false,
      boxZoom: false, keyboard: false, touchZoom: false, attributionControl: true, zoomSnap: 0.1
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(attribution);
    var layer = L.geoJSON(features, {
      style: function (f) {
        var r = byId[idOf(f)];
        return { fillColor: scale.colour(r ? r.value : null), fillOpacity: 0.9, color: '#ffffff', weight: 1 };
      },
      onEachFeature: function (f, l) {
        var r = byId[idOf(f)];
        l.bindTooltip('<strong>' + (r ? r.regionName : nameOf(f)) + '</strong><br>' +
          formatValue(r ? r.value : null, data.measure.unit), { sticky: true });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [4, 4] });
    el.setAttribute('data-provinces', String(layer.getLayers().length));
    el.setAttribute('data-rendered', 'true');
  }

  function drawMaps(data) {
    var be = document.getElementById('map-be'), nl = document.getElementById('map-nl');
    if (!be || !nl || !window.L) { return; }
    var scale = scaleFor(data.regions);
    drawLegend(scale, data.measure.unit);
    fetch(be.getAttribute('data-geo')).then(function (r) { return r.json(); }).then(function (fc) {
      drawMap(be, fc, function (f) { return f.id || f.properties.iso_3166_2; },
        function (f) { return f.properties.name_en; }, data, scale,
        '© name-suggestion-index contributors (BSD-3-Clause)');
    });
    fetch(nl.getAttribute('data-geo')).then(function (r) { return r.json(); }).then(function (topo) {
      var key = Object.keys(topo.objects)[0];
      var fc = topojson.feature(topo, topo.objects[key]);
      drawMap(nl, fc, function (f) { return f.properties.statcode; },
        function (f) { return f.properties.statnaam; }, data, scale,
        'Bron: CBS/PDOK, gebiedsindelingen 2025; vereenvoudigd door cartomap/nl');
    });
  }

  function start() {
    wireForm();
    var block = document.getElementById('picture-data');
    if (!block) { return; }
    var data = JSON.parse(block.textContent);
    if (!data.rows || data.rows.length === 0) { return; }
    drawChart(data);
    drawMaps(data);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
