// Networks page: draws the link chart from the JSON the server rendered into #network-data (whole, or one actor's
// neighbourhood), sorts the measures table, moves the time slider, asks POST /api/networks/key-players for a suggestion
// and runs the removal simulation through POST /api/networks/removals, beside the textbook strategy.
(function () {
  'use strict';

  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  var OTHER = '#c7c7c7';

  function colourOf(group) { return group < PALETTE.length ? PALETTE[group] : OTHER; }

  function wireForm() {
    var form = document.getElementById('network-filters');
    if (!form) { return; }
    form.addEventListener('change', function (e) {
      if (e.target && e.target.id === 'window') { return; }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value === '') { el.disabled = true; }
      });
    });
    var slider = document.getElementById('window');
    if (!slider) { return; }
    var windows = JSON.parse(slider.getAttribute('data-windows'));
    var label = document.getElementById('window-label');
    slider.addEventListener('input', function () {
      var i = Number(slider.value);
      label.textContent = i === 0 ? 'All periods' : windows[i - 1].label;
    });
    slider.addEventListener('change', function () {
      var i = Number(slider.value);
      document.getElementById('from').value = i === 0 ? '' : windows[i - 1].from;
      document.getElementById('to').value = i === 0 ? '' : windows[i - 1].to;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  }

  var state = { data: null, chart: null, removed: {}, byId: {}, neighbours: {}, ego: null };

  // The actors within `steps` ties of `id` (breadth-first over the links the reader sees).
  function neighbourhood(id, steps) {
    var seen = {};
    seen[id] = true;
    var frontier = [id];
    for (var s = 0; s < steps; s++) {
      var next = [];
      frontier.forEach(function (v) {
        (state.neighbours[v] || []).forEach(function (x) { if (!seen[x.id]) { seen[x.id] = true; next.push(x.id); } });
      });
      frontier = next;
    }
    return seen;
  }

  function showEgo(id, steps) {
    state.ego = { id: id, steps: steps, members: neighbourhood(id, steps) };
    var bar = document.getElementById('ego-bar');
    bar.hidden = false;
    document.getElementById('ego-label').textContent = 'Showing ' + Object.keys(state.ego.members).length + ' actors within ' + steps +
      (steps === 1 ? ' step' : ' steps') + ' of ' + state.byId[id].label + '.';
    drawChart();
    showNode(id);
  }

  function showAll() {
    state.ego = null;
    document.getElementById('ego-bar').hidden = true;
    drawChart();
  }

  function sizeOf(node, key, max) {
    var v = node[key] || 0;
    return 8 + (max > 0 ? 32 * Math.sqrt(v / max) : 0);
  }

  function drawChart() {
    var el = document.getElementById('network-chart');
    var data = state.data;
    if (!el || !window.echarts || data.nodes.length === 0) { return; }
    var key = data.sizeBy;
    var colourKey = data.colourBy === 'component' ? 'component' : 'community';
    var ego = state.ego;
    var shown = data.nodes.filter(function (n) { return !ego || ego.members[n.id]; });
    var shownEdges = data.edges.filter(function (e) { return !ego || (ego.members[e.source] && ego.members[e.target]); });
    var max = 0;
    data.nodes.forEach(function (n) { if ((n[key] || 0) > max) { max = n[key]; } });
    var maxWeight = 1;
    data.edges.forEach(function (e) { if (e.weight > maxWeight) { maxWeight = e.weight; } });
    var nodes = shown.map(function (n) {
      var removed = !!state.removed[n.id];
      return {
        id: String(n.id), name: n.label, value: n[key], symbolSize: sizeOf(n, key, max),
        itemStyle: { color: colourOf(n[colourKey]), opacity: removed ? 0.15 : 1, borderColor: removed ? '#000' : '#fff', borderType: removed ? 'dashed' : 'solid' },
        label: { show: (ego ? true : n.degree >= 4) && !removed }
      };
    });
    var links = shownEdges.map(function (e) {
      var faded = state.removed[e.source] || state.removed[e.target];
      return {
        source: String(e.source), target: String(e.target), value: e.weight,
        lineStyle: { width: 0.5 + 3 * e.weight / maxWeight, opacity: faded ? 0.05 : 0.5 }
      };
    });
    if (!state.chart) {
      state.chart = echarts.init(el, null, { renderer: 'canvas' });
      state.chart.on('click', function (p) { if (p.dataType === 'node') { showNode(Number(p.data.id)); } });
      window.addEventListener('resize', function () { state.chart.resize(); });
    }
    state.chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (p) {
          if (p.dataType === 'edge') { return p.data.value + ' record(s)'; }
          var n = state.byId[p.data.id];
          return '<strong>' + escapeHtml(n.label) + '</strong><br>' + n.kind + ', degree ' + n.degree + ', betweenness ' + n.betweenness.toFixed(4) +
            '<br>PageRank ' + n.pageRank.toFixed(4) + ', core ' + n.coreNumber + ', community ' + n.community;
        }
      },
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true, data: nodes, links: links,
        force: { repulsion: 120, edgeLength: [30, 90], gravity: 0.08, layoutAnimation: false },
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
        label: { position: 'right', fontSize: 10, formatter: '{b}' }
      }]
    }, true);
    el.setAttribute('data-nodes', String(nodes.length));
    el.setAttribute('data-ego', ego ? String(ego.id) : '');
    el.setAttribute('data-rendered', 'true');
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }

  // Clicking an entity shows its facts and expands its neighbours (highlighted in the chart, listed beside it).
  function showNode(id) {
    var n = state.byId[id];
    var panel = document.getElementById('node-details');
    if (!n || !panel) { return; }
    panel.hidden = false;
    panel.setAttribute('data-id', String(id));
    document.getElementById('node-label').textContent = n.label;
    document.getElementById('node-facts').innerHTML =
      '<dt>Kind</dt><dd>' + n.kind + '</dd><dt>Degree</dt><dd>' + n.degree + '</dd><dt>Strength</dt><dd>' + n.strength +
      '</dd><dt>Betweenness</dt><dd>' + n.betweenness.toFixed(4) + '</dd><dt>PageRank</dt><dd>' + n.pageRank.toFixed(4) +
      '</dd><dt>Eigenvector</dt><dd>' + n.eigenvector.toFixed(4) + '</dd><dt>Core</dt><dd>' + n.coreNumber +
      '</dd><dt>Constraint</dt><dd>' + n.constraint.toFixed(3) + '</dd><dt>Effective size</dt><dd>' + n.effectiveSize.toFixed(1) +
      '</dd><dt>Community</dt><dd>' + n.community + '</dd><dt>Component</dt><dd>' + n.component + '</dd><dt>Records</dt><dd>' + n.records + '</dd>';
    document.getElementById('node-entity').setAttribute('href', '/linkage/entities/' + id);
    document.getElementById('node-remove').textContent = state.removed[id] ? 'Keep (unmark)' : 'Mark for removal';
    var list = document.getElementById('node-neighbours');
    list.innerHTML = '';
    (state.neighbours[id] || []).forEach(function (x) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#';
      a.textContent = state.byId[x.id].label + ' (' + x.weight + ' record' + (x.weight === 1 ? '' : 's') + '; ' + x.kinds.join(', ') + ')';
      a.addEventListener('click', function (e) { e.preventDefault(); showNode(x.id); });
      li.appendChild(a);
      list.appendChild(li);
    });
    if (state.chart) {
      state.chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      state.chart.dispatchAction({ type: 'highlight', seriesIndex: 0, name: n.label });
    }
  }

  function selectedIds() { return Object.keys(state.removed).map(Number); }

  function setRemoved(id, on) {
    if (on) { state.removed[id] = true; } else { delete state.removed[id]; }
    var box = document.querySelector('#measures input.remove[value="' + id + '"]');
    if (box) { box.checked = on; }
    var ids = selectedIds();
    document.getElementById('removal-selected').textContent = ids.length === 0 ? 'No entity selected.'
      : ids.length + ' selected: ' + ids.map(function (i) { return state.byId[i].label; }).join(', ') + '.';
    document.getElementById('simulate').disabled = ids.length === 0;
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().then(function (json) { if (!resp.ok) { throw new Error(json.detail || ('Status ' + resp.status)); } return json; });
    });
  }

  // Asks for the k-set whose removal most fragments the network, and ticks it for the simulation.
  function suggest() {
    var r = state.data.request;
    var k = Number(document.getElementById('key-k').value) || 3;
    var out = document.getElementById('key-players-result');
    out.textContent = 'Searching…';
    out.removeAttribute('data-players');
    post('/api/networks/key-players', { from: r.from, to: r.to, market: r.market, minWeight: r.minWeight, k: k }).then(function (result) {
      if (result.problem) { out.textContent = result.problem; return; }
      selectedIds().forEach(function (id) { setRemoved(id, false); });
      result.players.forEach(function (p) { setRemoved(p.id, true); });
      out.textContent = 'Suggested: ' + result.players.map(function (p) { return p.label; }).join(', ') + ' (fragmentation ' +
        result.fragmentationBefore.toFixed(3) + ' → ' + result.fragmentationAfter.toFixed(3) +
        (result.exhaustive ? ', the best of every set of ' + k : ', greedy search') + ').';
      out.setAttribute('data-players', result.players.map(function (p) { return p.id; }).join(','));
      drawChart();
    }).catch(function (e) { out.textContent = 'The suggestion failed: ' + e.message; });
  }

  function simulate() {
    var r = state.data.request;
    var body = { from: r.from, to: r.to, market: r.market, minWeight: r.minWeight, remove: selectedIds() };
    var error = document.getElementById('removal-error');
    error.hidden = true;
    post('/api/networks/removals', body).then(showRemoval).catch(function (e) {
      error.textContent = 'The simulation failed: ' + e.message;
      error.hidden = false;
    });
  }

  function showRemoval(result) {
    var box = document.getElementById('removal-result');
    box.hidden = false;
    document.getElementById('largest-before').textContent = result.before.largestComponent;
    document.getElementById('largest-after').textContent = result.after.largestComponent;
    document.getElementById('components-before').textContent = result.before.components;
    document.getElementById('components-after').textContent = result.after.components;
    document.getElementById('fragmentation-before').textContent = result.before.fragmentation.toFixed(3);
    document.getElementById('fragmentation-after').textContent = result.after.fragmentation.toFixed(3);
    box.setAttribute('data-largest-before', String(result.before.largestComponent));
    box.setAttribute('data-largest-after', String(result.after.largestComponent));
    showComparison(result);
    drawChart();
    var el = document.getElementById('removal-chart');
    if (!window.echarts || !el) { return; }
    var before = state.data.nodes.reduce(function (acc, n) { acc[n.component] = (acc[n.component] || 0) + 1; return acc; }, []);
    var after = result.componentsAfter.map(function (c) { return c.size; });
    var count = Math.min(10, Math.max(before.length, after.length));
    var labels = [];
    for (var i = 0; i < count; i++) { labels.push(i === 0 ? 'largest' : '#' + (i + 1)); }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: labels, name: 'component' }, yAxis: { type: 'value', name: 'entities' },
      series: [
        { name: 'Before', type: 'bar', data: before.slice(0, count), itemStyle: { color: '#6baed6' } },
        { name: 'After removal', type: 'bar', data: after.slice(0, count), itemStyle: { color: '#d62728' } }
      ]
    }, true);
  }

  // The chosen actors against the textbook strategy (adaptive betweenness) for the same number of removals.
  function showComparison(result) {
    var chosen = result.chosen, textbook = result.textbook;
    var last = function (steps) { return steps[steps.length - 1]; };
    var names = function (steps) { return steps.slice(1).map(function (s) { return s.label; }).join(', '); };
    document.getElementById('chosen-removed').textContent = names(chosen);
    document.getElementById('textbook-removed').textContent = names(textbook);
    document.getElementById('chosen-largest').textContent = last(chosen).largestComponent;
    document.getElementById('textbook-largest').textContent = last(textbook).largestComponent;
    document.getElementById('chosen-fragmentation').textContent = last(chosen).fragmentation.toFixed(3);
    document.getElementById('textbook-fragmentation').textContent = last(textbook).fragmentation.toFixed(3);
    var diff = last(chosen).fragmentation - last(textbook).fragmentation;
    var verdict = Math.abs(diff) < 1e-9 ? 'equal' : diff > 0 ? 'better' : 'worse';
    var text = { equal: 'Your choice fragments the network as much as the textbook strategy.',
      better: 'Your choice fragments the network more than the textbook strategy (by ' + diff.toFixed(3) + ').',
      worse: 'The textbook strategy fragments the network more than your choice (by ' + (-diff).toFixed(3) + ').' }[verdict];
    var p = document.getElementById('removal-verdict');
    p.textContent = text;
    p.setAttribute('data-verdict', verdict);
    var el = document.getElementById('removal-curve');
    if (!window.echarts || !el) { return; }
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: chosen.map(function (s) { return s.removed; }), name: 'removed' },
      yAxis: { type: 'value', name: 'fragmentation', min: 0, max: 1 },
      series: [
        { name: 'Your choice', type: 'line', data: chosen.map(function (s) { return s.fragmentation; }), itemStyle: { color: '#d62728' } },
        { name: 'Betweenness, adaptive', type: 'line', data: textbook.map(function (s) { return s.fragmentation; }), itemStyle: { color: '#1f77b4' }, lineStyle: { type: 'dashed' } }
      ]
    }, true);
  }

  // Client-side sort: the table holds every node already; clicking the sorted header flips the direction.
  function wireTable() {
    var table = document.getElementById('measures');
    if (!table) { return; }
    var current = { key: 'betweenness', desc: true };
    table.querySelectorAll('button.sort').forEach(function (b) {
      b.addEventListener('click', function () {
        var key = b.getAttribute('data-key');
        current = { key: key, desc: current.key === key ? !current.desc : key !== 'label' && key !== 'kind' };
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (x, y) {
          var a = x.getAttribute('data-' + key), c = y.getAttribute('data-' + key);
          var cmp = key === 'label' || key === 'kind' ? a.localeCompare(c) : Number(a) - Number(c);
          return current.desc ? -cmp : cmp;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
        table.querySelectorAll('th').forEach(function (th) { th.removeAttribute('aria-sort'); });
        b.parentElement.setAttribute('aria-sort', current.desc ? 'descending' : 'ascending');
      });
    });
    table.addEventListener('change', function (e) {
      if (e.target && e.target.classList.contains('remove')) { setRemoved(Number(e.target.value), e.target.checked); }
    });
    document.getElementById('simulate').addEventListener('click', simulate);
    document.getElementById('suggest').addEventListener('click', suggest);
    document.getElementById('show-all').addEventListener('click', showAll);
    document.getElementById('node-ego').addEventListener('click', function () {
      var id = Number(document.getElementById('node-details').getAttribute('data-id'));
      showEgo(id, Number(document.getElementById('ego-steps').value));
    });
    document.getElementById('clear-removal').addEventListener('click', function () {
      selectedIds().forEach(function (id) { setRemoved(id, false); });
      document.getElementById('removal-result').hidden = true;
      drawChart();
    });
    document.getElementById('node-remove').addEventListener('click', function () {
      var id = Number(document.getElementById('node-details').getAttribute('data-id'));
      setRemoved(id, !state.removed[id]);
      showNode(id);
    });
  }

  function start() {
    wireForm();
    var block = document.getElementById('network-data');
    if (!block) { return; }
    var data = JSON.parse(block.textContent);
    if (!data.nodes) { return; }
    state.data = data;
    data.nodes.forEach(function (n) { state.byId[n.id] = n; state.neighbours[n.id] = []; });
    data.edges.forEach(function (e) {
      state.neighbours[e.source].push({ id: e.target, weight: e.weight, kinds: e.kinds });
      state.neighbours[e.target].push({ id: e.source, weight: e.weight, kinds: e.kinds });
    });
    Object.keys(state.neighbours).forEach(function (k) { state.neighbours[k].sort(function (a, b) { return b.weight - a.weight; }); });
    drawChart();
    wireTable();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
