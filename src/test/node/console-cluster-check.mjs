// The console's overview of a cluster, in a real browser (console-browser.mjs). Run by ConsoleClusterIT
// against node 0 of a real cluster: every node listed with its address, shards and hash slots; a node
// that is down shown as unreachable, its slots missing from those served. Exits non-zero on a mismatch.
// Usage: node console-cluster-check.mjs <chromium|firefox> <base-url> <expected.json> <screenshot>
import { readFileSync } from 'node:fs';
import { launch, checker, STEP_MS, text, texts, visible } from './console-browser.mjs';

const [browserName, base, expectedFile, screenshot] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
const { log, check } = checker(browserName);
const browser = await launch(browserName);
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + '/dashboard#overview');
  await visible(page, '#ov-nodes tbody tr');
  // the overview refreshes every 2 s: wait for the state the test left the cluster in
  await page.waitForFunction((n) => document.querySelectorAll('#ov-nodes tbody tr.down').length === n,
    { timeout: STEP_MS }, expected.down.length);
  const rows = await page.$$eval('#ov-nodes tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  log('nodes:', JSON.stringify(rows));
  check(rows.length === expected.nodes.length, `${expected.nodes.length} nodes listed`);
  expected.nodes.forEach((n, i) => {
    const [node, address, , , state, shards, slots, ranges] = rows[i];
    check(node.startsWith(`${n.index}${n.self ? ' (this node)' : ''}`) && address === n.address, `node ${i}: ${node} at ${address}`);
    check(ranges === n.ranges, `node ${i} serves the slot ranges ${ranges}`);
    check(state === (expected.down.includes(i) ? 'UNREACHABLE' : 'reachable'), `node ${i} is ${state}`);
    check(shards === n.shards && slots.startsWith(n.slots.toLocaleString('en-US') + ' '), `node ${i} holds shards ${shards}, slots ${slots}`);
  });
  const summary = await text(page, '#ov-cluster-summary');
  check(summary.includes(`${expected.served.toLocaleString('en-US')} of 16,384`) && summary.includes(expected.down.length ? 'fail' : 'ok'),
    `the summary: ${summary}`);
  check((await texts(page, '#ov-cluster-note')).join('') === '', 'no "cluster mode is off" note');
  const silent = await page.$$eval('#ov-shards tbody tr.down td:nth-child(2)', (tds) => tds.map((t) => t.textContent));
  check(silent.length === expected.down.length && silent.every((t) => /^no answer: .*unreachable/.test(t)),
    `the shards of a node that is down say so: ${JSON.stringify(silent)}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  check(errors.length === 0, `no script errors ${errors.join('; ')}`);
  log('all checks passed');
} catch (e) {
  console.log(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await browser.close();
}
