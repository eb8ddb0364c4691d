// node-redis 6 (the `redis` package, pinned in package.json) with default options against MULTI/EXEC
// and WATCH. Run by RedisClientTransactionsTest: `node redis-transactions-check.mjs PORT`.
import { createClient } from 'redis';
import assert from 'node:assert/strict';

const url = `redis://127.0.0.1:${process.argv[2]}`;
const client = createClient({ url });
const other = createClient({ url });
for (const c of [client, other]) {
  c.on('error', (e) => { console.error('client error', e); process.exit(2); });
  await c.connect();
}

// multi().exec(): the replies of every queued command, in order
const replies = await client.multi().set('ntx:a', '1').incr('ntx:a').set('{ntx}b', 'x').get('ntx:a').exec();
assert.deepEqual(replies, ['OK', 2, 'OK', '2']);

// WATCH, then a change by another connection: exec() rejects with a WatchError and nothing is written
await client.watch('ntx:w');
await other.set('ntx:w', 'changed');
await assert.rejects(client.multi().set('ntx:w', 'mine').exec(), (e) => e.constructor.name === 'WatchError');
assert.equal(await client.get('ntx:w'), 'changed');

// WATCH with no change: exec() goes through
await client.watch('ntx:w');
assert.deepEqual(await client.multi().set('ntx:w', 'mine').exec(), ['OK']);
assert.equal(await client.get('ntx:w'), 'mine');

await client.quit();
await other.quit();
console.log('node-redis transaction checks passed');
