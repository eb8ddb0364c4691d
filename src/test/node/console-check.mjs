// Drives Quiver's web console (/dashboard) in Debian's Chromium through playwright-core; run by
// ConsoleBrowserTest against a real server it has filled with data. Exits non-zero on the first
// mismatch. Usage: node console-check.mjs <base-url> <password> <expected.json> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, password, expectedFile, shots] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
mkdirSync(shots, { recursive: true });

const STEP_MS = 15000;   // the longest any one wait may take
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s]`, ...a);
function check(ok, what) {
  if (!ok) throw new Error('check failed: ' + what);
  log('ok:', what);
}

const profile = mkdtempSync(join(tmpdir(), 'quiver-console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  timeout: 60000,
});
context.setDefaultTimeout(STEP_MS);

const failures = [];
const offsite = [];
let bytes = 0;
context.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) offsite.push(r.url()); });

async function run(width, height, tag) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  page.on('pageerror', (e) => failures.push(`${tag}: page error: ${e.message}`));
  page.on('console', (m) => {
    // a 401 on purpose (wrong password) and 4xx on purpose (the API error check) are logged by Chromium as failed loads
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) failures.push(`${tag}: console error: ${m.text()}`);
  });
  let loadBytes = 0;
  page.on('response', async (r) => {
    try { const b = await r.body(); loadBytes += b.length; } catch (e) { /* redirects have no body */ }
  });

  // ---- sign in: a wrong password shows the login again, the right one the overview ----
  await page.goto(base + '/dashboard');
  await page.getByLabel('Password').waitFor();
  if (tag === 'wide') { bytes = loadBytes; log(`page weight: ${bytes} bytes for the login page (html, css, js, uPlot)`); }
  await page.screenshot({ path: join(shots, `${tag}-login.png`) });
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That password was not accepted.').waitFor();
  check(await page.getByLabel('Password').isVisible(), `${tag}: a wrong password shows the login again`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#overview').waitFor();

  // ---- overview: the server's own figures ----
  const card = async (name) => (await page.locator(`[data-figure="${name}"] .value`).textContent()).trim();
  await page.locator('[data-figure="keys"]').waitFor();
  check(await card('version') === expected.version, `${tag}: version ${expected.version}`);
  check(await card('transport') === expected.transport, `${tag}: transport ${expected.transport}`);
  check(await card('shards') === String(expected.shards), `${tag}: ${expected.shards} shards`);
  check(await card('keys') === expected.keys.toLocaleString('en-US'), `${tag}: ${expected.keys} keys (INFO's keyspace)`);
  check(await card('points') === expected.points.toLocaleString('en-US'), `${tag}: ${expected.points} points`);
  check(await page.locator('#ov-shards tbody tr').count() === expected.shards, `${tag}: one row per shard`);
  const shardKeys = await page.locator('#ov-shards tbody tr td:nth-child(2)').allTextContents();
  check(shardKeys.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0) === expected.keys, `${tag}: the shards' keys add up`);
  check(/everysec/.test(await page.locator('#ov-persistence').textContent()), `${tag}: persistence shows the fsync policy`);
  await page.screenshot({ path: join(shots, `${tag}-overview.png`), fullPage: true });

  // ---- collections: the list, a search by id, an API error shown as a message ----
  await page.getByRole('link', { name: 'Collections' }).click();
  const row = page.locator(`#coll-list tr[data-collection="${expected.collection}"]`);
  await row.waitFor();
  check((await row.locator('td').nth(1).textContent()) === expected.points.toLocaleString('en-US'),
    `${tag}: collection ${expected.collection} listed with its points`);
  await row.click();
  await page.locator('#coll-detail').waitFor();
  await page.getByLabel('Query: a point id, or a vector as a JSON array').fill(String(expected.searchId));
  await page.getByLabel('limit').fill('3');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#search-results tbody tr').first().waitFor();
  const firstId = (await page.locator('#search-results tbody tr td.id').first().textContent()).trim();
  check(firstId === String(expected.searchId), `${tag}: a search by id ${expected.searchId} returns it first (got ${firstId})`);
  check(/Server-Timing: .*shard/.test(await page.locator('#search-timing').textContent()), `${tag}: the search shows its Server-Timing`);
  check(await page.locator('#search-results tbody tr').count() === 3, `${tag}: limit 3 gives 3 hits`);
  await page.screenshot({ path: join(shots, `${tag}-collections.png`), fullPage: true });

  await page.getByLabel('Query: a point id, or a vector as a JSON array').fill('[1, 2, 3, 4, 5, 6, 7]');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#error').waitFor();
  const err = await page.locator('#error').textContent();
  check(/400/.test(err) && /dimension|length|7/.test(err), `${tag}: an API error is shown as a message: ${err}`);

  await page.getByRole('button', { name: 'Scroll from the start' }).click();
  await page.waitForFunction(() => document.querySelector('#points-note').textContent.length > 0);
  const scrolled = await page.locator('#points-note').textContent();
  check(/no scroll yet/.test(scrolled) || /points shown/.test(scrolled), `${tag}: the points browser scrolls or says why not: ${scrolled}`);
  await page.getByLabel('Point ids (comma separated)').fill(`${expected.searchId}, 999999`);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('1 of 2 ids found.').waitFor();
  check(/"city"/.test(await page.locator('#points-table tbody').textContent()), `${tag}: a point's payload is shown`);

  // ---- keys: SCAN by pattern, a key's type, TTL and value ----
  await page.getByRole('link', { name: 'Keys' }).click();
  await page.getByLabel('Pattern').fill(expected.keyPattern);
  await page.getByRole('button', { name: 'Scan' }).click();
  await page.locator('#keys-list li').first().waitFor();
  const names = await page.locator('#keys-list li button').allTextContents();
  check(names.includes(expected.key) && names.every((n) => n.startsWith(expected.keyPattern.replace('*', ''))),
    `${tag}: the key browser finds ${expected.key} by pattern ${expected.keyPattern} (${names.length} keys)`);
  await page.getByRole('button', { name: expected.key, exact: true }).click();
  await page.locator('#key-detail').waitFor();
  check((await page.locator('#key-value').textContent()) === expected.keyValue, `${tag}: the key's value`);
  check((await page.locator('#key-type').textContent()) === 'string', `${tag}: the key's type`);
  const ttl = await page.locator('#key-ttl').textContent();
  check(/^\d+ s$/.test(ttl) && Number(ttl.split(' ')[0]) <= expected.keyTtlSeconds, `${tag}: the key's TTL (${ttl})`);
  await page.getByLabel('Show value as').selectOption('hex');
  check((await page.locator('#key-value').textContent()) === expected.keyValueHex, `${tag}: the value as hex`);
  await page.screenshot({ path: join(shots, `${tag}-keys.png`), fullPage: true });
  await page.getByLabel('Pattern').fill('*');
  await page.getByLabel('Type', { exact: true }).selectOption('vectorset');
  await page.getByRole('button', { name: 'Scan' }).click();
  await page.getByText('1 key: the scan is complete.').waitFor();
  check((await page.locator('#keys-list li button').allTextContents()).join() === expected.collection,
    `${tag}: the type filter finds the vector set ${expected.collection} alone`);
  await page.getByLabel('Type', { exact: true }).selectOption('');


  // ---- command box: reads run, writes need "allow writes" ----
  await page.getByRole('link', { name: 'Command' }).click();
  await page.getByLabel('One command, as you would type it in redis-cli').fill(`GET ${expected.key}`);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText(`"${expected.keyValue}"`).waitFor();
  log(`${tag}: GET through the command box`);
  await page.getByLabel('One command, as you would type it in redis-cli').fill(`SET ${expected.key} changed`);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.locator('#error').waitFor();
  check(/allow writes/.test(await page.locator('#error').textContent()), `${tag}: a write is refused without "allow writes"`);
  await page.screenshot({ path: join(shots, `${tag}-command.png`), fullPage: true });

  // ---- charts: traffic made now shows up as points ----
  await page.getByRole('link', { name: 'Charts' }).click();
  await page.evaluate(async ({ c, id }) => {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem('quiver.console.token'), 'Content-Type': 'application/json' };
    for (let i = 0; i < 40; i++) {
      await fetch(`/collections/${c}/points/query`, { method: 'POST', headers, body: JSON.stringify({ query: id, limit: 5 }) });
    }
  }, { c: expected.collection, id: expected.searchId });
  await page.waitForFunction(() => window.quiverConsole.chartSeries('chart-ops').includes('http points.query')
    && window.quiverConsole.chartPoints('chart-timing') > 0, null, { timeout: 20000 });
  // a few more samples, so that the screenshot shows lines rather than single points
  await page.waitForFunction(() => window.quiverConsole.chartPoints('chart-memory') >= 9, null, { timeout: 20000 });
  const opsPoints = await page.evaluate(() => window.quiverConsole.chartPoints('chart-ops'));
  const memPoints = await page.evaluate(() => window.quiverConsole.chartPoints('chart-memory'));
  check(opsPoints > 0 && memPoints > 0, `${tag}: the charts draw points (ops ${opsPoints}, memory ${memPoints})`);
  check(await page.locator('#chart-ops canvas').count() === 1, `${tag}: uPlot drew the ops chart on a canvas`);
  await page.screenshot({ path: join(shots, `${tag}-charts.png`), fullPage: true });

  // ---- layout: nothing wider than the window ----
  for (const view of ['overview', 'charts', 'collections', 'keys', 'command']) {
    await page.getByRole('link', { name: view[0].toUpperCase() + view.slice(1) }).click();
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(over <= 1, `${tag}: the ${view} view fits ${width} px (overflow ${over} px)`);
  }
  // every control has a label
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map((e) => e.id));
  check(unlabelled.length === 0, `${tag}: every control has a label ${unlabelled.join(' ')}`);
  await page.close();
}

try {
  await run(1280, 800, 'wide');
  await run(390, 844, 'narrow');
  check(offsite.length === 0, `nothing was loaded from anywhere but the server ${offsite.join(' ')}`);
  check(failures.length === 0, `no script errors ${failures.join('; ')}`);
  log(`all checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; page weight ${bytes} bytes`);
} catch (e) {
  console.log(e.stack || String(e));
  if (failures.length) console.log('page errors:', failures.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
