// The script of the HTML page, as text inlined into it: plain DOM, no eval, no network except
// the page's own `events` stream in --serve mode. It repaints the chart Graphviz laid out:
// frame k of the timeline is the merge of diffs 0..k (see timeline.ts), painted onto the
// states (`state:<id>`) and transitions (`edge:<n>`); clicking a state fills the details panel.
// Kept as a string (not a compiled function) so bundling and minifying cannot change it.
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('flowstate-data').textContent);
  var frames = data.frames;
  var events = data.events;
  var slider = document.getElementById('slider');
  var selected = null;
  var originals = {};

  function byId(id) { return document.getElementById(id); }
  function firstShape(g) { return g.querySelector(':scope > path, :scope > polygon, :scope > ellipse'); }
  function ownTexts(g) { return g.querySelectorAll(':scope > text'); }

  function merged(k) {
    var out = { run: frames[k].run, states: {}, edges: {}, panels: {} };
    for (var i = 0; i <= k; i++) {
      var f = frames[i];
      Object.keys(f.states).forEach(function (id) { out.states[id] = f.states[id]; });
      Object.keys(f.edges).forEach(function (id) { out.edges[id] = f.edges[id]; });
      Object.keys(f.panels).forEach(function (id) { out.panels[id] = f.panels[id]; });
    }
    return out;
  }

  function rememberEdges() {
    Object.keys(data.edgeSlots).forEach(function (index) {
      var g = byId('edge:' + index);
      if (!g) return;
      var path = g.querySelector('path');
      originals[index] = { stroke: path ? path.getAttribute('stroke') : null, width: path ? path.getAttribute('stroke-width') : null };
    });
  }

  function paintState(nodeId, overlay) {
    var g = byId('state:' + nodeId);
    if (!g) return;
    var colours = data.colours[overlay.status] || data.colours.pending;
    var shape = firstShape(g);
    if (shape) {
      shape.setAttribute('fill', overlay.status === 'pending' && !data.terminalStroke[nodeId] ? '#ffffff' : colours.fill);
      shape.setAttribute('stroke', data.terminalStroke[nodeId] || colours.stroke);
      shape.setAttribute('stroke-width', overlay.current ? '3' : '1');
    }
    g.setAttribute('data-status', overlay.status);
    g.classList.toggle('current', overlay.current);
    var texts = ownTexts(g);
    var slots = data.stateSlots[nodeId] || 0;
    if (slots === 2 && texts.length >= 2) {
      texts[texts.length - 2].textContent = overlay.line || '\u00a0';
      texts[texts.length - 1].textContent = overlay.steps || '\u00a0';
    } else if (slots === 1 && texts.length >= 1) {
      texts[texts.length - 1].textContent = overlay.line || '\u00a0';
    }
  }

  function paintEdge(index, text) {
    var g = byId('edge:' + index);
    if (!g) return;
    var taken = text !== undefined;
    var original = originals[index] || {};
    g.classList.toggle('taken', taken);
    g.querySelectorAll('path, polygon').forEach(function (el) {
      el.setAttribute('stroke', taken ? '#0b4f9c' : original.stroke || '#555555');
      if (el.tagName === 'polygon') el.setAttribute('fill', taken ? '#0b4f9c' : original.stroke || '#555555');
      if (el.tagName === 'path') el.setAttribute('stroke-width', taken ? '2.5' : original.width || '1');
    });
    var texts = ownTexts(g);
    if (data.edgeSlots[index] && texts.length >= 1) texts[texts.length - 1].textContent = taken ? text : '\u00a0';
  }

  function row(table, key, value) {
    if (value === null || value === undefined || value === '') return;
    var tr = document.createElement('tr');
    var th = document.createElement('th');
    th.textContent = key;
    var td = document.createElement('td');
    td.textContent = typeof value === 'string' ? value : JSON.stringify(value);
    tr.appendChild(th);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function showPanel(frame) {
    var panel = byId('details');
    panel.textContent = '';
    var title = document.createElement('h2');
    panel.appendChild(title);
    if (selected === null) { title.textContent = 'Click a state for its details'; return; }
    title.textContent = selected;
    var p = frame.panels[selected];
    if (!p) {
      var none = document.createElement('p');
      none.textContent = 'Not reached yet at this point of the run.';
      panel.appendChild(none);
      return;
    }
    var table = document.createElement('table');
    row(table, 'status', p.status);
    row(table, 'reason', p.reason);
    row(table, 'visits', String(p.visits));
    row(table, 'runtime', p.runtime_id ? p.runtime_id + (p.runtime_version ? ' (' + p.runtime_version + ')' : '') : null);
    row(table, 'why it ran', p.run_reason);
    row(table, 'started', p.started_at);
    row(table, 'finished', p.finished_at);
    row(table, 'log', p.log);
    row(table, 'child run', p.child_run);
    row(table, 'ran on', p.ran_on);
    if (p.gate) row(table, 'gate', p.gate.message + (p.gate.decision ? ' \u2192 ' + p.gate.decision : ' (waiting)'));
    if (p.usage) row(table, 'usage', p.usage.input_tokens + ' in / ' + p.usage.output_tokens + ' out' + (p.usage.cost_usd !== undefined ? ' / $' + p.usage.cost_usd.toFixed(4) : ''));
    panel.appendChild(table);
    var attempts = document.createElement('table');
    attempts.className = 'attempts';
    var head = document.createElement('tr');
    ['attempt', 'status', 'exit', 'signal', 'ms'].forEach(function (h) { var th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    attempts.appendChild(head);
    p.attempts.forEach(function (a) {
      var tr = document.createElement('tr');
      [a.attempt, a.status, a.exit_code, a.signal, a.duration_ms].forEach(function (v) { var td = document.createElement('td'); td.textContent = v === null ? '' : String(v); tr.appendChild(td); });
      attempts.appendChild(tr);
    });
    if (p.attempts.length > 0) { var h3 = document.createElement('h3'); h3.textContent = 'attempts'; panel.appendChild(h3); panel.appendChild(attempts); }
    var outputKeys = Object.keys(p.outputs);
    if (outputKeys.length > 0) {
      var h = document.createElement('h3'); h.textContent = 'outputs'; panel.appendChild(h);
      var outputs = document.createElement('table');
      outputKeys.forEach(function (key) { row(outputs, key, p.outputs[key]); });
      panel.appendChild(outputs);
    }
    if (p.tail && p.tail.length > 0) {
      var ht = document.createElement('h3'); ht.textContent = 'failure tail'; panel.appendChild(ht);
      var pre = document.createElement('pre'); pre.textContent = p.tail.join('\n'); panel.appendChild(pre);
    }
  }

  function paint(k) {
    var frame = merged(k);
    Object.keys(frame.states).forEach(function (id) { paintState(id, frame.states[id]); });
    Object.keys(data.edgeSlots).forEach(function (index) { paintEdge(index, frame.edges[index]); });
    var run = frame.run;
    byId('run-status').textContent = run.status ? run.status + (run.status_reason ? ' (' + run.status_reason + ')' : '') : 'not started';
    byId('run-status').setAttribute('data-status', run.status || '');
    byId('run-id').textContent = run.run_id || 'no run yet';
    byId('position').textContent = 'event ' + k + ' / ' + (frames.length - 1) + (run.event ? ': ' + run.event : '') + (run.ts ? ' at ' + run.ts : '');
    byId('event-json').textContent = k > 0 && events[k - 1] ? JSON.stringify(events[k - 1], null, 2) : '';
    showPanel(frame);
  }

  function go(k) {
    var max = frames.length - 1;
    slider.max = String(max);
    slider.value = String(Math.max(0, Math.min(max, k)));
    paint(Number(slider.value));
  }

  document.querySelectorAll('g.state').forEach(function (g) {
    g.addEventListener('click', function (e) {
      e.stopPropagation();
      var nodeId = g.id.slice('state:'.length);
      selected = data.stageOf[nodeId] || null;
      document.querySelectorAll('g.selected').forEach(function (s) { s.classList.remove('selected'); });
      g.classList.add('selected');
      paint(Number(slider.value));
    });
  });
  slider.addEventListener('input', function () { paint(Number(slider.value)); });
  byId('prev').addEventListener('click', function () { go(Number(slider.value) - 1); });
  byId('next').addEventListener('click', function () { go(Number(slider.value) + 1); });
  document.addEventListener('keydown', function (e) {
    if (e.target === slider) return; // the slider moves itself and fires 'input'
    if (e.key === 'ArrowLeft') go(Number(slider.value) - 1);
    if (e.key === 'ArrowRight') go(Number(slider.value) + 1);
  });
  rememberEdges();
  go(frames.length - 1);

  if (data.live && typeof EventSource === 'function') {
    var source = new EventSource('events');
    source.addEventListener('frame', function (e) {
      var message = JSON.parse(e.data);
      var atEnd = Number(slider.value) === frames.length - 1;
      frames.push(message.frame);
      events.push(message.event);
      if (atEnd) go(frames.length - 1); else slider.max = String(frames.length - 1);
    });
    source.addEventListener('run', function (e) {
      var message = JSON.parse(e.data);
      frames = message.frames;
      events = message.events;
      go(frames.length - 1);
    });
  }
})();
`;
