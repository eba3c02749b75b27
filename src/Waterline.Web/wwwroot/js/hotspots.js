// Hotspots page: asks /api/hotspots and /api/hotspots/near-repeat for the filters in the form (spinners while they compute),
// draws the Gi* map (Leaflet, no tiles: geometry served by the app) with an optional kernel density layer, the near-repeat
// heat table, and the tracked-area comparison (ECharts).
(function () {
  'use strict';

  var CLASS_COLOURS = { Hotspot: '#d7301f', Coldspot: '#2b6cb0', NotSignificant: '#f2d8c9' };
  var state = { map: null, classes: null, density: null, picked: null, tracked: null, drawn: null, result: null };

  function $(id) { return document.getElementById(id); }

  function fmt(v, digits) {
    if (v === null || v === undefined) { return '–'; }
    return Number(v).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function fmtP(p) {
    if (p === null || p === undefined) { return '–'; }
    return p < 0.0001 ? '< 0.0001' : fmt(p, 4);
  }

  function show(id, text) { var el = $(id); el.textContent = text; el.hidden = false; }
  function hide(id) { $(id).hidden = true; }

  // The form's filters as query parameters, empty ones left out.
  function filterParams() {
    var form = $('hotspot-filters');
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !el.disabled && el.value !== '' && el.type !== 'checkbox' && el.type !== 'radio') { params.set(el.name, el.value); }
    });
    return params;
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (resp) {
      return resp.json().then(function (json) {
        if (!resp.ok) { throw new Error(json.detail || json.title || ('Status ' + resp.status)); }
        return json;
      }, function () { throw new Error('The server answered ' + resp.status + ' ' + resp.statusText + '.'); });
    });
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().then(function (json) {
        if (!resp.ok) { throw new Error(json.detail || json.title || ('Status ' + resp.status)); }
        return json;
      }, function () { throw new Error('The server answered ' + resp.status + ' ' + resp.statusText + '.'); });
    });
  }

  function wireForm() {
    var form = $('hotspot-filters');
    form.addEventListener('change', function (e) {
      var t = e.target;
      if (!t.name) { return; }
      // Another country has other provinces; Belgium has no municipality polygons.
      if (t.name === 'country') {
        $('region').value = '';
        if (t.value === 'BE') { $('unit').value = 'grid'; }
      }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === '' && el.type !== 'checkbox') { el.disabled = true; }
      });
    });
    $('show-classes').addEventListener('change', toggleLayers);
    $('show-density').addEventListener('change', toggleLayers);
  }

  function toggleLayers() {
    if (!state.map) { return; }
    [[state.classes, $('show-classes').checked], [state.density, $('show-density').checked]].forEach(function (pair) {
      if (!pair[0]) { return; }
      if (pair[1] && !state.map.hasLayer(pair[0])) { pair[0].addTo(state.map); }
      if (!pair[1] && state.map.hasLayer(pair[0])) { state.map.removeLayer(pair[0]); }
    });
  }

  function styleFor(area) {
    if (!area) { return { fillOpacity: 0, color: '#9aa5b1', weight: 0.5 }; }
    var colour = CLASS_COLOURS[area['class']];
    var significant = area['class'] !== 'NotSignificant';
    if (!significant && area.count === 0) { return { fillOpacity: 0, color: '#9aa5b1', weight: 0.5 }; }
    return { fillColor: colour, fillOpacity: significant ? 0.8 : 0.55, color: significant ? '#7f1d1d' : '#c9a28f', weight: significant ? 1 : 0.5 };
  }

  function showDetails(area) {
    state.picked = area;
    $('area-name').textContent = area.name;
    var facts = [
      ['Events', fmt(area.count, 0)], ['Class', area['class'] === 'NotSignificant' ? 'not significant' : area['class'].toLowerCase()],
      ['Gi* z-score', fmt(area.zScore, 2)], ['p (normal)', fmtP(area.pValue)], ['p (permutations)', fmtP(area.pseudoPValue)],
      ['p after FDR', fmtP(area.adjustedPValue)]
    ];
    $('area-facts').innerHTML = facts.map(function (f) { return '<dt>' + f[0] + '</dt><dd>' + f[1] + '</dd>'; }).join('');
    $('area-details').hidden = false;
  }

  function bindArea(layer, area) {
    layer.bindTooltip('<strong>' + area.name + '</strong><br>' + area.count + ' events, z = ' + fmt(area.zScore, 2) +
      (area['class'] === 'NotSignificant' ? '' : ' (' + area['class'].toLowerCase() + ')'), { sticky: true });
    layer.on('click', function () { if (toolOf() === 'pick') { showDetails(area); } });
  }

  function densityLayer(d) {
    if (!d || !d.columns || !d.rows || d.max <= 0) { return null; }
    var canvas = document.createElement('canvas');
    canvas.width = d.columns; canvas.height = d.rows;
    var ctx = canvas.getContext('2d');
    var image = ctx.createImageData(d.columns, d.rows);
    for (var r = 0; r < d.rows; r++) {
      for (var c = 0; c < d.columns; c++) {
        var v = d.values[r * d.columns + c] / d.max;
        // Rows run from the south; the canvas from the top.
        var k = ((d.rows - 1 - r) * d.columns + c) * 4;
        image.data[k] = 120 + Math.round(135 * v); image.data[k + 1] = Math.round(40 * (1 - v)); image.data[k + 2] = 160 - Math.round(120 * v);
        image.data[k + 3] = v < 0.02 ? 0 : Math.round(60 + 160 * v);
      }
    }
    ctx.putImageData(image, 0, 0);
    var bounds = [[d.south, d.west], [d.south + d.rows * d.cellLatitude, d.west + d.columns * d.cellLongitude]];
    return L.imageOverlay(canvas.toDataURL(), bounds, { opacity: 0.75, interactive: false });
  }

  function drawBackground(map, country) {
    var url = country === 'NL' ? 'geo/nl_provinces_2025.topojson' : 'geo/be_provinces_simplified.geojson';
    return getJson(url).then(function (geo) {
      var fc = geo.type === 'Topology' ? topojson.feature(geo, geo.objects[Object.keys(geo.objects)[0]]) : geo;
      L.geoJSON(fc, { interactive: false, style: { fill: true, fillColor: '#f3f6f9', fillOpacity: 1, color: '#b8c2cc', weight: 1 } }).addTo(map).bringToBack();
    }).catch(function () { /* The outline is context only. */ });
  }

  function drawMap(result) {
    var el = $('hotspot-map');
    var map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    state.map = map;
    var params = filterParams();
    var country = params.get('country') || 'BE';
    drawBackground(map, country);
    var areas = result.areas;
    var done;
    if (result.request.unit === 'Municipality') {
      map.attributionControl.addAttribution('Bron: CBS/PDOK, gebiedsindelingen 2025; vereenvoudigd door cartomap/nl');
      var byId = {};
      areas.forEach(function (a) { byId[a.id] = a; });
      done = getJson('api/hotspots/geo/nl-municipalities').then(function (topo) {
        var fc = topojson.feature(topo, topo.objects[Object.keys(topo.objects)[0]]);
        fc.features = fc.features.filter(function (f) { return byId[f.properties.statcode]; });
        state.classes = L.geoJSON(fc, {
          style: function (f) { return styleFor(byId[f.properties.statcode]); },
          onEachFeature: function (f, layer) { bindArea(layer, byId[f.properties.statcode]); }
        });
      });
    } else {
      var group = L.featureGroup();
      areas.forEach(function (a) {
        var rect = L.rectangle([[a.south, a.west], [a.north, a.east]], styleFor(a));
        bindArea(rect, a);
        group.addLayer(rect);
      });
      state.classes = group;
      done = Promise.resolve();
    }
    return done.then(function () {
      state.density = densityLayer(result.density);
      toggleLayers();
      var hot = areas.filter(function (a) { return a['class'] === 'Hotspot'; });
      var focus = (hot.length > 0 ? hot : areas.filter(function (a) { return a.count > 0; }));
      if (focus.length > 0) {
        var south = Math.min.apply(null, focus.map(function (a) { return a.south; }));
        var west = Math.min.apply(null, focus.map(function (a) { return a.west; }));
        var north = Math.max.apply(null, focus.map(function (a) { return a.north; }));
        var east = Math.max.apply(null, focus.map(function (a) { return a.east; }));
        map.fitBounds([[south, west], [north, east]], { padding: [20, 20], maxZoom: 13 });
      } else {
        map.setView(country === 'NL' ? [52.2, 5.3] : [50.6, 4.5], 7);
      }
      wireDrawing(map);
      el.setAttribute('data-hotspots', String(result.hotspots));
      el.setAttribute('data-coldspots', String(result.coldspots));
      el.setAttribute('data-areas', String(areas.length));
      el.setAttribute('data-events', String(result.events));
      el.setAttribute('data-rendered', 'true');
    });
  }

  function loadMap() {
    var params = filterParams();
    getJson('api/hotspots?' + params.toString()).then(function (result) {
      state.result = result;
      hide('map-status');
      var unit = result.request.unit === 'Municipality' ? 'municipalities' : fmt(result.request.cellMetres, 0) + ' m cells';
      show('map-summary', result.events + ' events you may read, in ' + result.cells + ' ' + unit + ': ' + result.hotspots + ' hotspots and ' +
        result.coldspots + ' coldspots at a false discovery rate of ' + result.request.q + '.' +
        (result.unplaced > 0 ? ' ' + result.unplaced + ' events could not be placed in an area.' : '') +
        (result.note ? ' ' + result.note : '') + ' Projection: ' + result.projection + '.');
      $('map-summary').setAttribute('data-hotspots', String(result.hotspots));
      return drawMap(result);
    }).catch(function (e) {
      hide('map-status');
      show('map-problem', 'The hotspot map could not be computed: ' + e.message);
    });
  }

  // A red ramp on the observed/expected ratio: white at 1 or below, full at 3 or above.
  function heat(ratio) {
    var v = Math.max(0, Math.min(1, (ratio - 1) / 2));
    var g = Math.round(255 - 180 * v), b = Math.round(255 - 200 * v);
    return 'rgb(255,' + g + ',' + b + ')';
  }

  function loadNearRepeat() {
    var params = filterParams();
    ['unit', 'cellSize', 'q'].forEach(function (k) { params.delete(k); });
    if (!params.get('permutations') || Number(params.get('permutations')) < 99) { params.set('permutations', '99'); }
    getJson('api/hotspots/near-repeat?' + params.toString()).then(function (result) {
      hide('near-repeat-status');
      var days = [], distances = [];
      result.cells.forEach(function (c) {
        var d = c.daysFrom + '–' + c.daysTo + ' days', m = c.distanceFrom + '–' + c.distanceTo + ' m';
        if (days.indexOf(d) < 0) { days.push(d); }
        if (distances.indexOf(m) < 0) { distances.push(m); }
      });
      var html = '<p class="caption">' + result.events + ' incidents you may read; ' + result.request.permutations + ' shuffles. ' +
        'Each cell: observed/expected ratio, then observed pairs, expected pairs and the p-value. Bold: p ≤ 0.05.</p>' +
        '<table id="near-repeat-table" class="heat-table"><thead><tr><th scope="col">Distance \\ time</th>' +
        days.map(function (d) { return '<th scope="col">' + d + '</th>'; }).join('') + '</tr></thead><tbody>';
      distances.forEach(function (m, i) {
        html += '<tr><th scope="row">' + m + '</th>';
        days.forEach(function (d, j) {
          var c = result.cells[i * days.length + j];
          var strong = c.pValue <= 0.05 && c.observed > 0;
          html += '<td class="nr-cell' + (strong ? ' significant' : '') + '" style="background:' + heat(c.ratio) + '" data-observed="' + c.observed +
            '" data-ratio="' + c.ratio + '" data-p="' + c.pValue + '"><span class="ratio">' + fmt(c.ratio, 2) + '</span>' +
            '<span class="counts">' + c.observed + ' / ' + fmt(c.expected, 1) + '</span><span class="p">p = ' + fmtP(c.pValue) + '</span></td>';
        });
        html += '</tr>';
      });
      html += '</tbody></table>';
      var box = $('near-repeat');
      box.innerHTML = html;
      box.setAttribute('data-events', String(result.events));
      box.setAttribute('data-rendered', 'true');
    }).catch(function (e) {
      hide('near-repeat-status');
      show('near-repeat-problem', 'The near-repeat table could not be computed: ' + e.message);
    });
  }

  // ---- tracked areas --------------------------------------------------------------------------------------

  function toolOf() {
    var checked = document.querySelector('input[name="tool"]:checked');
    return checked ? checked.value : 'pick';
  }

  function setTracked(area, label) {
    state.tracked = area;
    $('tracked-area').textContent = 'Tracked area: ' + label + '.';
    $('compare').disabled = false;
  }

  function wireDrawing(map) {
    var start = null;
    function onTool() {
      if (toolOf() === 'pick') { map.dragging.enable(); } else { map.dragging.disable(); }
    }
    Array.prototype.forEach.call(document.querySelectorAll('input[name="tool"]'), function (r) { r.addEventListener('change', onTool); });
    map.on('mousedown', function (e) {
      if (toolOf() === 'pick') { return; }
      start = e.latlng;
      if (state.drawn) { map.removeLayer(state.drawn); }
      state.drawn = toolOf() === 'circle'
        ? L.circle(start, { radius: 1, color: '#111827', weight: 2, fill: false })
        : L.rectangle([start, start], { color: '#111827', weight: 2, fill: false });
      state.drawn.addTo(map);
    });
    map.on('mousemove', function (e) {
      if (!start || !state.drawn) { return; }
      if (toolOf() === 'circle') { state.drawn.setRadius(map.distance(start, e.latlng)); } else { state.drawn.setBounds([start, e.latlng]); }
    });
    map.on('mouseup', function () {
      if (!start || !state.drawn) { return; }
      start = null;
      if (toolOf() === 'circle') {
        var c = state.drawn.getLatLng(), radius = Math.round(state.drawn.getRadius());
        if (radius < 50) { return; }
        setTracked({ shape: 'circle', latitude: c.lat, longitude: c.lng, radiusMetres: radius },
          'circle of ' + radius + ' m around ' + fmt(c.lat, 4) + ' N, ' + fmt(c.lng, 4) + ' E');
      } else {
        var b = state.drawn.getBounds();
        setTracked({ shape: 'rectangle', south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() },
          'rectangle ' + fmt(b.getSouth(), 4) + '–' + fmt(b.getNorth(), 4) + ' N, ' + fmt(b.getWest(), 4) + '–' + fmt(b.getEast(), 4) + ' E');
      }
    });
    onTool();
  }

  function wireTracking() {
    $('track-picked').addEventListener('click', function () {
      var a = state.picked;
      if (!a) { return; }
      var municipality = state.result && state.result.request.unit === 'Municipality';
      setTracked(municipality ? { shape: 'municipality', municipality: a.id }
        : { shape: 'rectangle', south: a.south, west: a.west, north: a.north, east: a.east }, a.name);
      $('tracked-section').scrollIntoView({ behavior: 'smooth' });
    });
    $('compare').addEventListener('click', function () {
      if (!state.tracked) { return; }
      var params = filterParams();
      var body = {
        source: params.get('source'), market: params.get('market'), incidentType: params.get('incidentType'),
        country: params.get('country'), region: params.get('region'), area: state.tracked,
        interventionDate: $('intervention-date').value, monthsBefore: Number($('months-before').value), monthsAfter: Number($('months-after').value)
      };
      hide('tracked-problem');
      $('tracked-status').hidden = false;
      $('compare').disabled = true;
      postJson('api/hotspots/tracked-areas', body).then(function (result) {
        $('tracked-status').hidden = true;
        $('compare').disabled = false;
        drawTracked(result);
      }).catch(function (e) {
        $('tracked-status').hidden = true;
        $('compare').disabled = false;
        show('tracked-problem', 'The comparison could not be made: ' + e.message);
      });
    });
  }

  function drawTracked(result) {
    var box = $('tracked-result');
    box.hidden = false;
    var chartEl = $('tracked-chart');
    var chart = echarts.getInstanceByDom(chartEl) || echarts.init(chartEl, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: result.months },
      yAxis: { type: 'value', name: 'events a month', minInterval: 1 },
      series: [
        {
          name: 'This area', type: 'line', data: result.tracked.counts, itemStyle: { color: '#d7301f' }, lineStyle: { width: 2 },
          markLine: {
            symbol: 'none', silent: true, lineStyle: { color: '#111827', type: 'dashed' },
            label: { formatter: 'intervention' }, data: [{ xAxis: result.months[result.interventionIndex] }]
          }
        },
        { name: 'Comparable areas (mean)', type: 'line', data: result.comparisonMean.map(function (v) { return Math.round(v * 100) / 100; }), itemStyle: { color: '#2b6cb0' } }
      ]
    }, true);
    $('tracked-effect').textContent = result.summary;
    $('tracked-comparisons').textContent = result.comparable.length === 0 ? '' :
      'Comparable areas: ' + result.comparable.map(function (c) { return c.name + ' (' + c.before + ' before)'; }).join('; ') +
      '. The area had ' + result.tracked.before + ' events before.';
    box.setAttribute('data-ratio', result.effect ? String(result.effect.ratio) : '');
    box.setAttribute('data-rendered', 'true');
  }

  function start() {
    if (!$('hotspot-filters')) { return; }
    wireForm();
    wireTracking();
    loadMap();
    loadNearRepeat();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
