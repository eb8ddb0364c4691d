// Quiver's web console: one page over the server's HTTP API (/dashboard/api/* and the Qdrant routes).
// Everything it loads comes from the server itself; the charts are uPlot's (from its WebJar).
'use strict';

const TOKEN_KEY = 'quiver.console.token';
const SAMPLE_MS = 2000;
const WINDOW_SAMPLES = 150;           // 5 minutes of 2 s samples
const MAX_SERIES = 8;                 // busiest command families per chart; the rest summed as "other"
const SEARCH_ROUTES = new Set(['points.search', 'points.search.batch', 'points.query', 'points.query.batch']);

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
};

// ---------- talking to the server ----------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

let token = sessionStorage.getItem(TOKEN_KEY);

/** fetch with the bearer token; resolves to {body, headers}; throws ApiError with the server's own message. */
async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method: options.method || 'GET', headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'the server did not answer: ' + e.message);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (response.status === 401) {
    const hadToken = Boolean(token);
    signOut();
    showLogin(hadToken ? 'That password was not accepted.' : null);
    throw new ApiError(401, 'authentication required');
  }
  if (!response.ok) {
    const message = body && body.error && body.error.message     // Quiver's shape
      || body && body.status && body.status.error                 // Qdrant's shape
      || text || ('HTTP ' + response.status);
    throw new ApiError(response.status, `${options.method || 'GET'} ${path}: ${response.status} ${message}`);
  }
  return { body, headers: response.headers };
}

function showError(e) {
  if (e instanceof ApiError && e.status === 401) return;   // the login form says it
  const box = $('#error');
  box.textContent = e.message || String(e);
  box.hidden = false;
}

function clearError() { $('#error').hidden = true; $('#error').textContent = ''; }

/** Runs an action from a control, its failure shown as a message. */
const guarded = (fn) => async (event) => {
  if (event) event.preventDefault();
  clearError();
  try { await fn(event); } catch (e) { showError(e); }
};

// ---------- formatting ----------

const fmtInt = (n) => Number(n).toLocaleString('en-US');
function fmtBytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0, v = Number(n);
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}
function fmtDuration(s) {
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + (d || h || m ? m + 'm ' : '') + sec + 's';
}
function fmtTtl(ms) {
  if (ms === -1) return 'no expiry';
  if (ms === -2) return 'gone';
  return ms >= 10000 ? Math.round(ms / 1000) + ' s' : (ms / 1000).toFixed(1) + ' s';
}
const fmtTime = (millis) => millis ? new Date(millis).toLocaleString() : 'none since start';

function kvTable(table, rows) {
  table.replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
}

// ---------- sign-in and sections ----------

function signOut() { token = null; sessionStorage.removeItem(TOKEN_KEY); $('#logout').hidden = true; }

function showLogin(message) {
  for (const v of document.querySelectorAll('[data-view]')) v.hidden = true;
  $('#login').hidden = false;
  $('#login-why').textContent = message
    || 'This server asks for its password. It is kept in this tab\'s session storage and sent as a bearer token.';
  $('#password').focus();
}

$('#login-form').addEventListener('submit', guarded(async () => {
  token = $('#password').value;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('#password').value = '';
  await start();
}));

$('#logout').addEventListener('click', () => { signOut(); showLogin('Signed out.'); });

let current = null;
function showTab(name) {
  if (!document.getElementById(name) || !document.getElementById(name).hasAttribute('data-view')) name = 'overview';
  current = name;
  $('#login').hidden = true;
  for (const v of document.querySelectorAll('[data-view]')) v.hidden = v.id !== name;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.tab === name);
  clearError();
  const load = { overview: loadOverview, collections: loadCollections, charts: resizeCharts }[name];
  if (load) guarded(load)();
}
window.addEventListener('hashchange', () => { if ($('#login').hidden) showTab(location.hash.slice(1)); });

/** Asks the server for the overview: a 401 shows the login instead (api() does that). */
async function start() {
  await loadOverview();
  $('#logout').hidden = !token;
  showTab(location.hash.slice(1) || 'overview');
  startSampling();
}

// ---------- overview ----------

async function loadOverview() {
  const { body: o } = await api('/dashboard/api/overview');
  const cards = [
    ['Version', o.version], ['Uptime', fmtDuration(o.uptime_seconds)], ['Transport', o.transport],
    ['Shards', o.shards.length], ['Keys', fmtInt(o.totals.keys)], ['Points', fmtInt(o.totals.points)],
    ['Collections', fmtInt(o.totals.collections)], ['Java', o.java_version],
  ];
  if (o.totals.shards_not_answering) cards.push(['Shards not answering', o.totals.shards_not_answering]);
  $('#ov-cards').replaceChildren(...cards.map(([label, value]) =>
    el('div', { class: 'card', 'data-figure': label.toLowerCase() }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value))));
  const m = o.memory;
  kvTable($('#ov-memory'), [
    ['Heap used', fmtBytes(m.heap_used_bytes)], ['Heap max', fmtBytes(m.heap_max_bytes)],
    ['Key-value data', fmtBytes(m.kv_bytes)], ['Vector data', fmtBytes(m.vector_bytes)],
    ['max-memory', m.max_memory_bytes ? fmtBytes(m.max_memory_bytes) : 'no limit'],
  ]);
  const p = o.persistence;
  kvTable($('#ov-persistence'), p.enabled ? [
    ['State', p.log_write_ok ? 'on' : 'log writes FAILING (writes refused)'], ['fsync policy', p.appendfsync],
    ['Log size', fmtBytes(p.log_bytes)], ['Changes since snapshot', fmtInt(p.changes_since_snapshot)],
    ['Last snapshot', fmtTime(p.last_snapshot_millis) + (p.last_snapshot_ok ? '' : ' (last attempt FAILED)')],
    ['Snapshots in progress', p.snapshots_in_progress], ['Data directory', p.data_dir],
  ] : [['State', 'off (persistence false): nothing survives a restart']]);
  $('#ov-shards tbody').replaceChildren(...o.shards.map((s) => s.error ? el('tr', { class: 'down' }, el('td', {}, s.shard),
    el('td', { colspan: '6' }, 'no answer: ' + s.error)) : el('tr', {},
    el('td', {}, s.shard), el('td', { class: 'num' }, fmtInt(s.keys)), el('td', { class: 'num' }, fmtInt(s.points)),
    el('td', { class: 'num' }, s.queue_depth), el('td', { class: 'num' }, fmtBytes(s.kv_memory_bytes)),
    el('td', { class: 'num' }, fmtBytes(s.vector_memory_bytes)), el('td', { class: 'num' }, fmtInt(s.ops_executed)))));
  const r = o.refusals;
  kvTable($('#ov-refusals'), [['BUSY (queue full)', fmtInt(r.busy)], ['OOM (max-memory)', fmtInt(r.oom)],
    ['Timeouts', fmtInt(r.timeouts)], ['Skipped (reached too late)', fmtInt(r.skipped_late)],
    ['Shard queue bound', r.queue_bound || 'unbounded']]);
  showCluster(o.cluster);
}

/** Cluster mode: every node, whether it answers, its global shards and the hash slots they own. */
function showCluster(c) {
  $('#ov-cluster').hidden = !c.enabled;
  if (!c.enabled) {
    $('#ov-cluster-note').textContent = 'Cluster mode is off: this server was started without --cluster, so it holds every hash slot itself.';
    return;
  }
  $('#ov-cluster-note').textContent = '';
  kvTable($('#ov-cluster-summary'), [['Cluster', c.name], ['State', c.state], ['Nodes', c.nodes.length],
    ['Shards (all nodes)', c.shards], ['Hash slots served', `${fmtInt(c.slots_served)} of ${fmtInt(c.slots)}`]]);
  $('#ov-nodes tbody').replaceChildren(...c.nodes.map((n) => el('tr', { 'data-node': n.index, class: n.reachable ? '' : 'down' },
    el('td', {}, n.index + (n.self ? ' (this node)' : '') + (n.coordinator ? ', coordinator' : '')), el('td', {}, n.address),
    el('td', {}, n.resp_port ? `RESP ${n.resp_port}, HTTP ${n.http_port}` : 'not known'),
    el('td', { class: 'payload', title: n.id }, n.id.slice(0, 12)),
    el('td', { class: 'state' }, n.reachable ? 'reachable' : 'UNREACHABLE'),
    el('td', {}, n.first_shard === n.last_shard ? n.first_shard : `${n.first_shard}-${n.last_shard}`),
    el('td', { class: 'num slots' }, `${fmtInt(n.slots)} (${(100 * n.slots / c.slots).toFixed(1)} %)`),
    el('td', { class: 'ranges' }, n.slot_ranges.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(', ')))));
}

// ---------- live charts ----------

const samples = [];   // {t (s), meters}
const charts = {};    // id -> {plot, names}
let sampler = null;

function startSampling() {
  if (sampler) return;
  const tick = async () => {
    try {
      const { body } = await api('/dashboard/api/meters');
      samples.push(body);
      if (samples.length > WINDOW_SAMPLES + 1) samples.shift();
      drawCharts();
      if (current === 'overview' && !document.hidden) await loadOverview();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) $('#charts-note').textContent = 'Sampling failed: ' + e.message;
      else { clearInterval(sampler); sampler = null; }
    }
  };
  tick();
  sampler = setInterval(tick, SAMPLE_MS);
}

const family = (c) => c.protocol + ' ' + c.command;
const mib = (b) => b / (1024 * 1024);

/** One row per interval between two samples: x (s) and a value per series name. */
function intervals(pick) {
  const rows = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    rows.push({ t: b.time_millis / 1000, values: pick(a, b, (b.time_millis - a.time_millis) / 1000) });
  }
  return rows;
}

function commandMap(sample) {
  const m = new Map();
  for (const c of sample.commands) if (!c.command.startsWith('console.')) m.set(family(c), c);
  return m;
}

function opsRates(a, b, dt) {
  const before = commandMap(a), out = {};
  for (const [name, c] of commandMap(b)) {
    const prev = before.get(name);
    out[name] = Math.max(0, c.count - (prev ? prev.count : 0)) / dt;
  }
  return out;
}

/** The busiest series over the window, the rest summed (or, for latencies, dropped) as "other". */
function busiest(rows, sum) {
  const total = new Map();
  for (const r of rows) for (const [k, v] of Object.entries(r.values)) total.set(k, (total.get(k) || 0) + v);
  const names = [...total.entries()].filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]).map(([k]) => k);
  const kept = names.slice(0, MAX_SERIES);
  if (sum && names.length > MAX_SERIES) kept.push('other');
  return kept;
}

function seriesData(rows, names, sum) {
  const xs = rows.map((r) => r.t);
  const ys = names.map((n) => rows.map((r) => {
    if (n === 'other') {
      let s = 0;
      for (const [k, v] of Object.entries(r.values)) if (!names.includes(k)) s += v;
      return s;
    }
    return r.values[n] === undefined ? null : r.values[n];
  }));
  return [xs, ...ys];
}

const PALETTE = ['#0b5cad', '#d1495b', '#2e933c', '#edae49', '#7b2cbf', '#00798c', '#a05a2c', '#5b6672', '#999'];

function draw(id, names, data, unit) {
  const box = document.getElementById(id);
  let c = charts[id];
  const key = names.join('\u0000');
  if (!c || c.key !== key) {
    if (c) c.plot.destroy();
    box.replaceChildren();
    const opts = {
      width: Math.max(280, box.clientWidth || 560), height: 220,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [{}, ...names.map((n, i) => ({ label: n, stroke: PALETTE[i % PALETTE.length], width: 1.5, points: { show: false } }))],
      axes: [{}, { label: unit, size: 60 }],
    };
    c = charts[id] = { plot: new uPlot(opts, data, box), key };
    if (!names.length) box.append(el('p', { class: 'note' }, 'Nothing to show yet.'));
  } else {
    c.plot.setData(data);
  }
}

function drawCharts() {
  if (samples.length && !samples[samples.length - 1].enabled) {
    $('#charts-note').textContent = 'Metrics are off on this server (configuration key metrics=false): the latency and operation charts stay empty.';
  }
  const ops = intervals(opsRates);
  const opsNames = busiest(ops, true);
  draw('chart-ops', opsNames, seriesData(ops, opsNames, true), 'ops/s');

  for (const [id, field] of [['chart-p99', 'p99_ms'], ['chart-p50', 'p50_ms']]) {
    const rows = intervals((a, b) => {
      const out = {};
      for (const [name, c] of commandMap(b)) out[name] = c[field];
      return out;
    });
    const names = opsNames.filter((n) => n !== 'other');
    draw(id, names, seriesData(rows, names, false), 'ms');
  }

  const timing = intervals((a, b) => {
    const phase = (s) => {
      const out = {};
      for (const t of s.server_timing) if (SEARCH_ROUTES.has(t.route)) {
        const o = out[t.phase] || (out[t.phase] = { count: 0, total: 0 });
        o.count += t.count; o.total += t.total_ms;
      }
      return out;
    };
    const pa = phase(a), pb = phase(b), out = {};
    for (const name of ['queue', 'shard', 'merge']) {
      const x = pa[name] || { count: 0, total: 0 }, y = pb[name] || { count: 0, total: 0 };
      out[name] = y.count > x.count ? (y.total - x.total) / (y.count - x.count) : null;
    }
    return out;
  });
  draw('chart-timing', ['queue', 'shard', 'merge'], seriesData(timing, ['queue', 'shard', 'merge'], false), 'ms');

  const memory = intervals((a, b) => ({ heap: mib(b.memory.heap_used_bytes), 'key-value data': mib(b.memory.kv_bytes),
    'vector data': mib(b.memory.vector_bytes) }));
  const memNames = ['heap', 'key-value data', 'vector data'];
  draw('chart-memory', memNames, seriesData(memory, memNames, false), 'MiB');

  const refusals = intervals((a, b, dt) => ({ BUSY: (b.refusals.busy - a.refusals.busy) / dt,
    OOM: (b.refusals.oom - a.refusals.oom) / dt, timeouts: (b.refusals.timeouts - a.refusals.timeouts) / dt }));
  draw('chart-refusals', ['BUSY', 'OOM', 'timeouts'], seriesData(refusals, ['BUSY', 'OOM', 'timeouts'], false), '/s');
}

function resizeCharts() {
  for (const [id, c] of Object.entries(charts)) {
    const w = document.getElementById(id).clientWidth;
    if (w > 0) c.plot.setSize({ width: w, height: 220 });
  }
}
window.addEventListener('resize', resizeCharts);

// ---------- collections ----------

let collection = null;
let scrollOffset = null;

/** A named vector space as the list shows it: `name: 128` (dense) or `name: sparse`. */
const spaceText = (v) => `${v.name || '(unnamed)'}: ${v.kind === 'sparse' ? 'sparse' : v.dimension}`;

async function loadCollections() {
  const { body } = await api('/dashboard/api/collections');
  const rows = body.collections.map((c) => {
    const imp = c.import ? `${c.import.state}${c.import.percent >= 0 ? ' ' + c.import.percent.toFixed(0) + '%' : ''}, ${fmtInt(c.import.rows)} rows`
      + (c.import.error ? ': ' + c.import.error : '') : '';
    const tr = el('tr', { tabindex: '0', 'data-collection': c.name },
      el('td', {}, c.name), el('td', { class: 'num' }, fmtInt(c.points)),
      el('td', { class: 'num' }, c.vectors ? c.vectors.map(spaceText).join(', ') : c.dimension),
      el('td', {}, c.vectors ? [...new Set(c.vectors.filter((v) => v.metric).map((v) => v.metric))].join(', ') : c.metric), el('td', {}, c.index), el('td', {}, c.index_state), el('td', { class: 'num' }, fmtBytes(c.memory_bytes)),
      el('td', {}, imp));
    const open = guarded(() => openCollection(c.name));
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(e); });
    if (c.name === collection) tr.classList.add('selected');
    return tr;
  });
  $('#coll-list tbody').replaceChildren(...rows);
  $('#coll-empty').hidden = rows.length > 0;
}

async function openCollection(name) {
  collection = name;
  scrollOffset = null;
  for (const tr of document.querySelectorAll('#coll-list tbody tr')) tr.classList.toggle('selected', tr.dataset.collection === name);
  const { body } = await api('/collections/' + encodeURIComponent(name));
  $('#coll-name').textContent = name;
  $('#coll-config').textContent = JSON.stringify(body.result, null, 2);
  showIndexes(body.result.payload_schema || {});
  $('#coll-detail').hidden = false;
  $('#search-results tbody').replaceChildren();
  $('#points-table tbody').replaceChildren();
  $('#search-timing').textContent = '';
  $('#points-note').textContent = '';
  $('#points-next').hidden = true;
}

const collectionPath = () => '/collections/' + encodeURIComponent(collection);

/** The payload indexes of GET /collections/{name}'s payload_schema, each with a button that drops it. */
function showIndexes(schema) {
  const fields = Object.keys(schema).sort();
  $('#index-table tbody').replaceChildren(...fields.map((f) => {
    const s = schema[f];
    return el('tr', { 'data-field': f }, el('td', {}, f), el('td', { class: 'type' }, s.data_type),
      el('td', { class: 'payload' }, s.params ? JSON.stringify(s.params) : ''), el('td', { class: 'num' }, fmtInt(s.points)),
      el('td', {}, el('button', { type: 'button', 'aria-label': `Delete the index on ${f}`,
        onclick: guarded(() => dropIndex(f)) }, 'Delete')));
  }));
  $('#index-empty').hidden = fields.length > 0;
}

async function reloadIndexes() {
  const { body } = await api(collectionPath());
  $('#coll-config').textContent = JSON.stringify(body.result, null, 2);
  showIndexes(body.result.payload_schema || {});
}

async function dropIndex(field) {
  await api(`${collectionPath()}/index/${encodeURIComponent(field)}`, { method: 'DELETE' });
  await reloadIndexes();
}

$('#index-form').addEventListener('submit', guarded(async () => {
  const field = $('#index-field').value.trim();
  if (!field) throw new Error('Type the payload field to index.');
  await api(`${collectionPath()}/index`, { method: 'PUT', body: { field_name: field, field_schema: $('#index-type').value } });
  $('#index-field').value = '';
  await reloadIndexes();
}));

function parseJson(text, what) {
  try { return JSON.parse(text); } catch (e) { throw new Error(`${what} is not valid JSON: ${e.message}`); }
}

/** A point id as typed: a number, or a UUID string. */
function parseId(text) {
  const t = text.trim().replace(/^"|"$/g, '');
  return /^\d+$/.test(t) ? Number(t) : t;
}

const payloadCell = (p) => el('td', { class: 'payload' }, p === undefined || p === null ? '' : JSON.stringify(p));

$('#search-form').addEventListener('submit', guarded(async () => {
  const raw = $('#search-query').value.trim();
  const query = raw.startsWith('[') ? parseJson(raw, 'The query vector') : parseId(raw);
  const body = { query, limit: Number($('#search-limit').value || 10), with_payload: true };
  const params = {};
  if ($('#search-ef').value) params.hnsw_ef = Number($('#search-ef').value);
  if ($('#search-exact').checked) params.exact = true;
  if (Object.keys(params).length) body.params = params;
  if ($('#search-using').value.trim()) body.using = $('#search-using').value.trim();
  if ($('#search-filter').value.trim()) body.filter = parseJson($('#search-filter').value, 'The filter');
  $('#search-results tbody').replaceChildren();
  $('#search-timing').textContent = '';
  const { body: reply, headers } = await api(`/collections/${encodeURIComponent(collection)}/points/query`, { method: 'POST', body });
  $('#search-timing').textContent = `Server-Timing: ${headers.get('Server-Timing') || '(none)'}; server time ${reply.time} s`;
  $('#search-results tbody').replaceChildren(...reply.result.points.map((p, i) => el('tr', {},
    el('td', {}, i + 1), el('td', { class: 'id' }, p.id), el('td', { class: 'num' }, p.score.toFixed(6)), payloadCell(p.payload))));
}));

function pointRows(points) {
  return points.map((p) => el('tr', {}, el('td', {}, p.id), payloadCell(p.payload),
    el('td', { class: 'payload' }, p.vector ? JSON.stringify(p.vector).slice(0, 400) : '')));
}

$('#points-form').addEventListener('submit', guarded(async () => {
  const ids = $('#points-ids').value.split(',').map((s) => s.trim()).filter(Boolean).map(parseId);
  if (!ids.length) throw new Error('Type one or more point ids, separated by commas.');
  const { body } = await api(`/collections/${encodeURIComponent(collection)}/points`, { method: 'POST',
    body: { ids, with_payload: true, with_vector: $('#points-vectors').checked } });
  $('#points-table tbody').replaceChildren(...pointRows(body.result));
  $('#points-note').textContent = `${body.result.length} of ${ids.length} ids found.`;
  $('#points-next').hidden = true;
}));

/** POST .../points/scroll: one page (the filter and page size as typed now), from the start or after the last page. */
async function scrollPoints(fromStart) {
  if (fromStart) scrollOffset = null;
  const body = { limit: Number($('#points-limit').value || 20), with_payload: true, with_vector: $('#points-vectors').checked };
  if (scrollOffset !== null) body.offset = scrollOffset;
  if ($('#points-filter').value.trim()) body.filter = parseJson($('#points-filter').value, 'The scroll filter');
  const { body: reply } = await api(`${collectionPath()}/points/scroll`, { method: 'POST', body });
  const rows = pointRows(reply.result.points);
  if (fromStart) $('#points-table tbody').replaceChildren(...rows); else $('#points-table tbody').append(...rows);
  scrollOffset = reply.result.next_page_offset ?? null;
  $('#points-next').hidden = scrollOffset === null;
  $('#points-note').textContent = `${$('#points-table tbody').children.length} points shown` + (scrollOffset === null ? ' (all).' : '.');
}
$('#points-scroll').addEventListener('click', guarded(() => scrollPoints(true)));
$('#points-next').addEventListener('click', guarded(() => scrollPoints(false)));

// ---------- keys ----------

let keysCursor = '0';

async function scanKeys(fromStart) {
  if (fromStart) { keysCursor = '0'; $('#keys-list').replaceChildren(); $('#keys-note').textContent = 'Scanning…'; }
  const q = new URLSearchParams({ pattern: $('#keys-pattern').value, count: $('#keys-count').value || '50', cursor: keysCursor });
  if ($('#keys-type').value) q.set('type', $('#keys-type').value);
  const { body } = await api('/dashboard/api/keys?' + q);
  for (const k of body.keys) {
    $('#keys-list').append(el('li', {}, el('button', { type: 'button', onclick: guarded(() => showKey(k)) }, k.name),
      el('span', { class: 'type' }, k.type)));
  }
  keysCursor = body.cursor;
  $('#keys-next').hidden = keysCursor === '0';
  const n = $('#keys-list').children.length;
  $('#keys-note').textContent = `${n} key${n === 1 ? '' : 's'}` + (keysCursor === '0' ? ': the scan is complete.' : ' so far.');
}
$('#keys-form').addEventListener('submit', guarded(() => scanKeys(true)));
$('#keys-next').addEventListener('click', guarded(() => scanKeys(false)));

let shownKey = null;
async function showKey(k) {
  const q = k.hex ? 'key_hex=' + k.hex : 'key=' + encodeURIComponent(k.name);
  const { body } = await api('/dashboard/api/key?' + q);
  shownKey = body;
  $('#key-name').textContent = body.name;
  $('#key-type').textContent = body.type;
  $('#key-ttl').textContent = fmtTtl(body.ttl_ms);
  $('#key-length').textContent = {
    string: () => fmtInt(body.length) + ' bytes' + (body.truncated ? ' (first 64 KiB shown)' : ''),
    hash: () => fmtInt(body.length) + (body.length === 1 ? ' field' : ' fields'),
    list: () => fmtInt(body.length) + (body.length === 1 ? ' element' : ' elements'),
    vectorset: () => fmtInt(body.collection.points) + ' points',
  }[body.type]();
  if (body.type === 'string') $('#key-as').value = body.utf8 ? 'text' : 'hex';
  $('#key-note').textContent = body.type === 'hash' && body.truncated ? `The first ${fmtInt(body.fields.length)} fields are shown.`
    : body.type === 'list' && body.truncated ? `The first ${fmtInt(body.elements.length)} elements are shown.` : '';
  renderValue();
  $('#key-detail').hidden = false;
}

const spacedHex = (h) => h.replace(/(..)/g, '$1 ').trim();
/** A hash's field or value as the "Show value as" choice asks: text, or its bytes in hex (given when not UTF-8). */
function shownPart(row, name, asHex) {
  const hex = row[name + '_hex'] ?? [...new TextEncoder().encode(row[name])].map((b) => b.toString(16).padStart(2, '0')).join('');
  const text = asHex || row[name + '_hex'] ? spacedHex(hex) : row[name];
  return row[name + '_length'] ? `${text} … (${fmtInt(row[name + '_length'])} bytes)` : text;
}

function renderValue() {
  const k = shownKey;
  if (!k) return;
  const asHex = $('#key-as').value === 'hex';
  $('#key-as-row').hidden = k.type === 'vectorset';
  $('#key-value').hidden = k.type === 'hash';
  $('#key-fields-box').hidden = k.type !== 'hash';
  if (k.type === 'hash') {
    $('#key-fields tbody').replaceChildren(...k.fields.map((f) => el('tr', {},
      el('td', { class: 'payload' }, shownPart(f, 'field', asHex)), el('td', { class: 'payload' }, shownPart(f, 'value', asHex)))));
    return;
  }
  $('#key-value').textContent = k.type === 'string' ? (asHex ? spacedHex(k.hex) : k.text)
    : k.type === 'list' ? k.elements.map((e) => shownPart(e, 'value', asHex)).join('\n') // one element a line, head first
    : JSON.stringify(k.collection, null, 2);
}
$('#key-as').addEventListener('change', renderValue);

// ---------- command box ----------

$('#command-form').addEventListener('submit', guarded(async () => {
  const line = $('#command-line').value;
  $('#command-output').textContent = '';
  const { body } = await api('/dashboard/api/command', { method: 'POST',
    body: { command: line, allow_writes: $('#command-writes').checked } });
  $('#command-output').textContent = '> ' + line + '\n' + body.display;
}));

// For tests and the curious: what the charts hold now.
window.quiverConsole = {
  chartPoints: (id) => {
    const c = charts[id];
    if (!c) return 0;
    return c.plot.data.slice(1).reduce((n, ys) => n + ys.filter((y) => y !== null && y !== undefined).length, 0);
  },
  chartSeries: (id) => (charts[id] ? charts[id].plot.series.slice(1).map((s) => s.label) : []),
};

start().catch(showError);
