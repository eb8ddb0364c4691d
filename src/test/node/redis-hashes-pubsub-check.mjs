// node-redis 6 (the `redis` package, pinned in package.json) with default options (it speaks
// RESP3 after HELLO 3): its hash API, and its pub/sub API with a dedicated subscriber connection.
// Run by RedisClientHashesPubSubTest: `node redis-hashes-pubsub-check.mjs PORT`.
import { createClient } from 'redis';
import assert from 'node:assert/strict';

const url = `redis://127.0.0.1:${process.argv[2]}`;
const client = createClient({ url });
client.on('error', (e) => { console.error('client error', e); process.exit(2); });
await client.connect();

await client.del('nuser:1');
assert.equal(await client.hSet('nuser:1', { name: 'ada', visits: '0' }), 2);
assert.equal(await client.hGet('nuser:1', 'name'), 'ada');
assert.equal(await client.hIncrBy('nuser:1', 'visits', 3), 3);
assert.deepEqual({ ...(await client.hGetAll('nuser:1')) }, { name: 'ada', visits: '3' });
assert.equal(await client.hLen('nuser:1'), 2);
assert.equal(await client.hDel('nuser:1', 'visits'), 1);
assert.equal(await client.type('nuser:1'), 'hash');

const sub = client.duplicate();
sub.on('error', (e) => { console.error('subscriber error', e); process.exit(2); });
await sub.connect();
const got = [];
await sub.subscribe('nnews', (message, channel) => got.push(['message', channel, message]));
await sub.pSubscribe('nev:*', (message, channel) => got.push(['pmessage', channel, message]));
assert.equal(await client.publish('nnews', 'hello'), 1);
assert.equal(await client.publish('nev:login', 'ada'), 1);
for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
assert.deepEqual(got, [['message', 'nnews', 'hello'], ['pmessage', 'nev:login', 'ada']]);
// RESP3: other commands interleave with the pushes on the same connection
assert.equal(await sub.get('nuser:none'), null);
await sub.unsubscribe('nnews');
await sub.pUnsubscribe('nev:*');
assert.equal(await client.publish('nnews', 'nobody'), 0);
await sub.quit();
await client.quit();
console.log('node-redis hash and pub/sub checks passed');
