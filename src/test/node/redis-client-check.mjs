// Drives a running Quiver with node-redis (the `redis` package, pinned in package.json) and its
// default options: a session cache, a rate limiter, SCAN over 10,000 keys, and a vector set.
// Run by NodeRedisClientTest: `node redis-client-check.mjs PORT [PASSWORD]`; exits non-zero on the first difference.
import { createClient } from 'redis';
import assert from 'node:assert/strict';

const port = process.argv[2];
const password = process.argv[3];
const url = password ? `redis://default:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;
const client = createClient({ url });
client.on('error', (e) => { console.error('client error', e); process.exit(2); });
await client.connect();

// session cache
await client.set('sess:1', JSON.stringify({ user: 'ada' }), { EX: 60 });
assert.equal(JSON.parse(await client.get('sess:1')).user, 'ada');
const ttl = await client.ttl('sess:1');
assert.ok(ttl > 55 && ttl <= 60, `ttl ${ttl}`);
assert.equal(await client.expire('sess:1', 120), 1);
assert.ok(await client.ttl('sess:1') > 115);
assert.equal(await client.persist('sess:1'), 1);
assert.equal(await client.ttl('sess:1'), -1);
assert.equal(await client.del('sess:1'), 1);
assert.equal(await client.get('sess:1'), null);

// rate limiter: INCR, and EXPIRE NX on the first hit of the window
for (let i = 1; i <= 5; i++) {
  assert.equal(await client.incr('rate:ip'), i);
  await client.expire('rate:ip', 60, 'NX');
}
assert.ok(await client.ttl('rate:ip') > 55);

// SCAN over 10,000 keys: each seen at least once
const multi = client.multi();
for (let i = 0; i < 10000; i++) multi.set(`scan:${i}`, 'v');
await multi.execAsPipeline();
const seen = new Set();
for await (const keys of client.scanIterator({ MATCH: 'scan:*', COUNT: 500 })) {
  for (const k of keys) seen.add(k);
}
assert.equal(seen.size, 10000);

// a vector set is a key like any other
assert.equal(await client.sendCommand(['VADD', 'vs:docs', 'VALUES', '3', '1', '0', '0', 'a']), true); // RESP3: Redis 8 answers a boolean
await client.sendCommand(['VADD', 'vs:docs', 'VALUES', '3', '0', '1', '0', 'b']);
const near = await client.sendCommand(['VSIM', 'vs:docs', 'VALUES', '3', '1', '0.1', '0', 'COUNT', '1']);
assert.deepEqual(near, ['a']);
assert.equal(await client.type('vs:docs'), 'vectorset');
assert.equal(await client.del('vs:docs'), 1);
assert.equal(await client.exists('vs:docs'), 0);

// a database in the URL: its keys are apart from database 0's
const dbUrl = password ? `redis://default:${encodeURIComponent(password)}@127.0.0.1:${port}/2` : `redis://127.0.0.1:${port}/2`;
const inTwo = createClient({ url: dbUrl });
inTwo.on('error', (e) => { console.error('client error', e); process.exit(2); });
await inTwo.connect();
await inTwo.set('app:key', 'two');
await client.set('app:key', 'zero');
assert.equal(await inTwo.get('app:key'), 'two');
assert.equal(await client.get('app:key'), 'zero');
assert.equal(await inTwo.dbSize(), 1);
await inTwo.quit();

await client.quit();
console.log('node-redis checks passed');
