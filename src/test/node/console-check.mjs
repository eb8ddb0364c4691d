// Drives Quiver's web console (/dashboard) in a real browser (console-browser.mjs: Debian's Chromium or
// Firefox ESR through puppeteer-core, headless). Run by ConsoleBrowserTest against a real server it has
// filled with data; exits non-zero on the first mismatch.
// Usage: node console-check.mjs <chromium|firefox> <base-url> <password> <expected.json> <screenshot-dir>
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, checker, STEP_MS, control, fill, select, click, text, texts, count, visible, waitText, apiError }
  from './console-browser.mjs';

const [browserName, base, password, expectedFile, shots] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });
const { log, check } = checker(browserName);
const browser = await launch(browserName);
log(`launched ${await browser.version()}`);

const failures = [];
const offsite = [];
const shot = (page, tag, name) => page.screenshot({ path: join(shots, `${browserName}-${tag}-${name}.png`), fullPage: true });

/** Until the key browser's scan is complete and lists exactly `name`. */
const listed = (page, name) => page.waitForFunction((n) => /^1 key: the scan is complete\.$/.test(document.querySelector('#keys-note').textContent)
  && [...document.querySelectorAll('#keys-list li button')].map((b) => b.textContent).join() === n, { timeout: STEP_MS }, name);

async function run(width, height, tag) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  page.on('pageerror', (e) => failures.push(`${tag}: page error: ${e.message}`));
  page.on('console', (m) => {
    // a 401 on purpose (wrong password) and 4xx on purpose (the API error checks) are logged as failed loads
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) failures.push(`${tag}: console error: ${m.text()}`);
  });
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url()); });

  // ---- sign in: a wrong password shows the login again, the right one the overview ----
  await page.goto(base + '/dashboard');
  await control(page, 'Password');
  if (tag === 'wide') {
    const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
      .reduce((n, e) => n + (e.decodedBodySize || 0), 0));
    log(`page weight: ${bytes} bytes for the login page (html, css, js, uPlot, uncompressed)`);
  }
  await shot(page, tag, 'login');
  await fill(page, 'Password', 'not-the-password');
  await click(page, 'Sign in');
  await waitText(page, '#login-why', /That password was not accepted\./);
  check(await page.$eval('#login', (e) => !e.hidden), `${tag}: a wrong password shows the login again`);
  await fill(page, 'Password', password);
  await click(page, 'Sign in');
  await visible(page, '#overview');

  // ---- overview: the server's own figures ----
  await visible(page, '[data-figure="keys"]');
  const card = async (name) => (await text(page, `[data-figure="${name}"] .value`)).trim();
  check(await card('version') === expected.version, `${tag}: version ${expected.version}`);
  check(await card('transport') === expected.transport, `${tag}: transport ${expected.transport}`);
  check(await card('shards') === String(expected.shards), `${tag}: ${expected.shards} shards`);
  check(await card('keys') === expected.keys.toLocaleString('en-US'), `${tag}: ${expected.keys} keys (INFO's keyspace)`);
  check(await card('points') === expected.points.toLocaleString('en-US'), `${tag}: ${expected.points} points`);
  check(await count(page, '#ov-shards tbody tr') === expected.shards, `${tag}: one row per shard`);
  const shardKeys = await texts(page, '#ov-shards tbody tr td:nth-child(2)');
  check(shardKeys.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0) === expected.keys, `${tag}: the shards' keys add up`);
  check(/everysec/.test(await text(page, '#ov-persistence')), `${tag}: persistence shows the fsync policy`);
  check(/Cluster mode is off/.test(await text(page, '#ov-cluster-note')), `${tag}: the overview says cluster mode is off`);
  await shot(page, tag, 'overview');

  // ---- collections: the list, payload indexes ----
  await click(page, 'Collections');
  const row = `#coll-list tr[data-collection="${expected.collection}"]`;
  await visible(page, row);
  check((await text(page, `${row} td:nth-child(2)`)) === expected.points.toLocaleString('en-US'),
    `${tag}: collection ${expected.collection} listed with its points`);
  await page.click(row);
  await visible(page, '#coll-detail');
  await visible(page, `#index-table tr[data-field="${expected.indexedField}"]`);
  check(await text(page, `#index-table tr[data-field="${expected.indexedField}"] td.type`) === 'keyword'
    && await text(page, `#index-table tr[data-field="${expected.indexedField}"] td.num`) === String(expected.points),
  `${tag}: the payload index on ${expected.indexedField} is shown, keyword, over every point`);
  await fill(page, 'Field (a payload path)', 'n');
  await select(page, 'Index type', 'integer');
  await click(page, 'Create index');
  await visible(page, '#index-table tr[data-field="n"]');
  check(await text(page, '#index-table tr[data-field="n"] td.type') === 'integer', `${tag}: an integer index on n is created`);
  await click(page, 'Delete the index on n');
  await page.waitForFunction(() => !document.querySelector('#index-table tr[data-field="n"]'), { timeout: STEP_MS });
  check(await count(page, '#index-table tbody tr') === 1, `${tag}: the index on n is deleted, ${expected.indexedField}'s stays`);

  // ---- the search box: by id, with a filter, errors shown as messages ----
  const QUERY = 'Query: a point id, or a vector as a JSON array';
  await fill(page, QUERY, expected.searchId);
  await fill(page, 'limit', 3);
  await click(page, 'Search');
  await visible(page, '#search-results tbody tr');
  const hitIds = await texts(page, '#search-results tbody tr td.id');
  check(hitIds.length > 0 && !hitIds.includes(String(expected.searchId)),
      `${tag}: a search by id ${expected.searchId} gives its neighbours, not the point itself, as Qdrant does (got ${hitIds.join(',')})`);
  check(/Server-Timing: .*shard/.test(await text(page, '#search-timing')), `${tag}: the search shows its Server-Timing`);
  check(await count(page, '#search-results tbody tr') === 3, `${tag}: limit 3 gives 3 hits`);
  await shot(page, tag, 'collections');

  await fill(page, 'Filter (Qdrant JSON, optional)', JSON.stringify(expected.filter));
  await fill(page, 'limit', 5);
  await click(page, 'Search');
  await page.waitForFunction((id) => {
    const ids = [...document.querySelectorAll('#search-results tbody td.id')].map((e) => e.textContent);
    return ids.length === 5 && !ids.includes(String(id));
  }, { timeout: STEP_MS }, expected.searchId);
  const payloads = await texts(page, '#search-results tbody td.payload');
  check(payloads.every((p) => JSON.parse(p)[expected.filterKey] === expected.filterValue),
    `${tag}: a search with a filter returns only ${expected.filterKey}=${expected.filterValue} (not ${expected.searchId} itself)`);
  await fill(page, 'Filter (Qdrant JSON, optional)', '{"must": [{"key": "city", "match": {"nope": 1}}]}');
  await click(page, 'Search');
  let err = await apiError(page);
  check(/400/.test(err) && /match|nope/.test(err), `${tag}: the server's refusal of a bad filter is shown: ${err}`);
  await fill(page, 'Filter (Qdrant JSON, optional)', '');
  await fill(page, QUERY, '[1, 2, 3, 4, 5, 6, 7]');
  await click(page, 'Search');
  err = await apiError(page);
  check(/400/.test(err) && /dimension|length|7/.test(err), `${tag}: an API error is shown as a message: ${err}`);

  // ---- the points browser: scroll with a filter, pages, payloads and vectors ----
  await fill(page, 'Scroll filter (Qdrant JSON, optional)', JSON.stringify(expected.filter));
  await fill(page, 'Points per page', 5);
  await page.click(await control(page, 'with vectors'));
  await click(page, 'Scroll from the start');
  await waitText(page, '#points-note', /^5 points shown\.$/);
  await click(page, 'Next page');
  await waitText(page, '#points-note', /^10 points shown\.$/);
  const scrolledIds = await texts(page, '#points-table tbody td:nth-child(1)');
  const scrolledPayloads = await texts(page, '#points-table tbody td:nth-child(2)');
  const vectors = await texts(page, '#points-table tbody td:nth-child(3)');
  check(new Set(scrolledIds).size === 10 && scrolledPayloads.every((p) => JSON.parse(p)[expected.filterKey] === expected.filterValue),
    `${tag}: two pages of 5 scrolled with a filter: 10 different points, all ${expected.filterValue} (${scrolledIds.join(',')})`);
  check(vectors.every((v) => JSON.parse(v).length === expected.dimension), `${tag}: the scrolled points show their vectors`);
  await shot(page, tag, 'points');
  await fill(page, 'Scroll filter (Qdrant JSON, optional)', '');
  await fill(page, 'Point ids (comma separated)', `${expected.searchId}, 999999`);
  await click(page, 'Show');
  await waitText(page, '#points-note', /1 of 2 ids found\./);
  check(/"city"/.test(await text(page, '#points-table tbody')), `${tag}: a point's payload is shown`);

  // ---- keys: SCAN by pattern, a key's type, TTL and value; a hash as a table ----
  await click(page, 'Keys');
  await fill(page, 'Pattern', expected.keyPattern);
  await click(page, 'Scan');
  await visible(page, '#keys-list li');
  const names = await texts(page, '#keys-list li button');
  check(names.includes(expected.key) && names.every((n) => n.startsWith(expected.keyPattern.replace('*', ''))),
    `${tag}: the key browser finds ${expected.key} by pattern ${expected.keyPattern} (${names.length} keys)`);
  await click(page, expected.key);
  await waitText(page, '#key-name', new RegExp(`^${expected.key}$`));
  check((await text(page, '#key-value')) === expected.keyValue, `${tag}: the key's value`);
  check((await text(page, '#key-type')) === 'string', `${tag}: the key's type`);
  const ttl = await text(page, '#key-ttl');
  check(/^\d+ s$/.test(ttl) && Number(ttl.split(' ')[0]) <= expected.keyTtlSeconds, `${tag}: the key's TTL (${ttl})`);
  await select(page, 'Show value as', 'hex');
  check((await text(page, '#key-value')) === expected.keyValueHex, `${tag}: the value as hex`);
  await select(page, 'Show value as', 'text');
  await shot(page, tag, 'keys');
  await fill(page, 'Pattern', '*');
  await select(page, 'Type', 'vectorset');
  await click(page, 'Scan');
  await listed(page, expected.collection);
  check((await texts(page, '#keys-list li button')).join() === expected.collection,
    `${tag}: the type filter finds the vector set ${expected.collection} alone`);
  await select(page, 'Type', 'hash');
  await click(page, 'Scan');
  await listed(page, expected.hash);
  check((await texts(page, '#keys-list li button')).join() === expected.hash, `${tag}: the type filter finds the hash ${expected.hash} alone`);
  await click(page, expected.hash);
  await visible(page, '#key-fields tbody tr');
  const cells = await texts(page, '#key-fields tbody td');
  const rows = [];
  for (let i = 0; i + 1 < cells.length; i += 2) rows.push([cells[i], cells[i + 1]]);
  check(JSON.stringify(rows) === JSON.stringify(expected.hashFields) && (await text(page, '#key-type')) === 'hash',
    `${tag}: the hash is shown as a table of its fields ${JSON.stringify(rows)}`);
  await shot(page, tag, 'hash');
  await select(page, 'Type', '');

  // ---- command box: reads run, writes need "allow writes" ----
  const LINE = 'One command, as you would type it in redis-cli';
  await click(page, 'Command');
  await fill(page, LINE, `GET ${expected.key}`);
  await click(page, 'Run');
  await waitText(page, '#command-output', new RegExp(`"${expected.keyValue}"`));
  await fill(page, LINE, `HGET ${expected.hash} ${expected.hashFields[0][0]}`);
  await click(page, 'Run');
  await waitText(page, '#command-output', new RegExp(`"${expected.hashFields[0][1]}"`));
  log(`${tag}: GET and HGET through the command box`);
  await fill(page, LINE, `SET ${expected.key} changed`);
  await click(page, 'Run');
  check(/allow writes/.test(await apiError(page)), `${tag}: a write is refused without "allow writes"`);
  await shot(page, tag, 'command');

  // ---- charts: traffic made now shows up as points ----
  await click(page, 'Charts');
  await page.evaluate(async ({ c, id }) => {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem('quiver.console.token'), 'Content-Type': 'application/json' };
    for (let i = 0; i < 40; i++) {
      await fetch(`/collections/${c}/points/query`, { method: 'POST', headers, body: JSON.stringify({ query: id, limit: 5 }) });
    }
  }, { c: expected.collection, id: expected.searchId });
  await page.waitForFunction(() => window.quiverConsole.chartSeries('chart-ops').includes('http points.query')
    && window.quiverConsole.chartPoints('chart-timing') > 0, { timeout: 30000 });
  // a few more samples, so that the screenshot shows lines rather than single points
  await page.waitForFunction(() => window.quiverConsole.chartPoints('chart-memory') >= 9, { timeout: 30000 });
  const opsPoints = await page.evaluate(() => window.quiverConsole.chartPoints('chart-ops'));
  const memPoints = await page.evaluate(() => window.quiverConsole.chartPoints('chart-memory'));
  check(opsPoints > 0 && memPoints > 0, `${tag}: the charts draw points (ops ${opsPoints}, memory ${memPoints})`);
  check(await count(page, '#chart-ops canvas') === 1, `${tag}: uPlot drew the ops chart on a canvas`);
  await shot(page, tag, 'charts');

  // ---- layout: nothing wider than the window; every control labelled ----
  for (const view of ['Overview', 'Charts', 'Collections', 'Keys', 'Command']) {
    await click(page, view);
    await visible(page, `#${view.toLowerCase()}`);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(over <= 1, `${tag}: the ${view} view fits ${width} px (overflow ${over} px)`);
  }
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((e) => e.matches('button') ? !(e.textContent.trim() || e.getAttribute('aria-label'))
      : !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.id || e.outerHTML));
  check(unlabelled.length === 0, `${tag}: every control has a label ${unlabelled.join(' ')}`);
  await page.close();
}

try {
  await run(1280, 800, 'wide');
  await run(390, 844, 'narrow');
  check(offsite.length === 0, `nothing was loaded from anywhere but the server ${offsite.join(' ')}`);
  check(failures.length === 0, `no script errors ${failures.join('; ')}`);
  log('all checks passed');
} catch (e) {
  console.log(e.stack || String(e));
  if (failures.length) console.log('page errors:', failures.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
