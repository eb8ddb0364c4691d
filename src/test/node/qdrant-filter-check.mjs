// A filtered RAG flow with the official Qdrant JS client: node qdrant-filter-check.mjs PORT
// Upserts chunks with payloads, then search/query/count/scroll/delete with filters and the payload
// operations (set with key, overwrite, delete keys, clear), payload indexes and facet, a conditional
// upsert and a batch of updates; exits non-zero on the first mismatch.
import { QdrantClient } from '@qdrant/js-client-rest';
import assert from 'node:assert/strict';

const port = process.argv[2];
const client = new QdrantClient({ url: `http://127.0.0.1:${port}`, checkCompatibility: false });
const name = `filters-${Date.now()}`;

const byId = pts => pts.map(p => p.id).sort((a, b) => a - b);

async function main() {
  await client.createCollection(name, { vectors: { size: 3, distance: 'Cosine' } });
  const points = [];
  for (let i = 1; i <= 40; i++) {
    points.push({
      id: i,
      vector: [1, i / 40, (i % 7) / 7],
      payload: { doc: `doc-${i % 4}`, tenant: i % 2 === 0 ? 'acme' : 'globex', page: i,
                 meta: { lang: i <= 20 ? 'en' : 'de' }, tags: i % 5 === 0 ? ['faq', 'public'] : ['public'] },
    });
  }
  await client.upsert(name, { wait: true, points });
  await client.createPayloadIndex(name, { wait: true, field_name: 'tenant', field_schema: 'keyword' });
  await client.createPayloadIndex(name, { wait: true, field_name: 'page', field_schema: 'integer' });

  const tenants = await client.facet(name, { key: 'tenant' });
  assert.deepEqual(tenants.hits, [{ value: 'acme', count: 20 }, { value: 'globex', count: 20 }]);
  const faq = await client.facet(name, { key: 'page', limit: 3, filter: { must: [{ key: 'tags', match: { value: 'faq' } }] } });
  assert.deepEqual(faq.hits, [{ value: 5, count: 1 }, { value: 10, count: 1 }, { value: 15, count: 1 }]);

  const acme = { must: [{ key: 'tenant', match: { value: 'acme' } }] };
  const found = await client.search(name, { vector: [1, 0.5, 0.2], limit: 50, filter: acme, with_payload: true });
  assert.equal(found.length, 20);
  assert.ok(found.every(p => p.payload.tenant === 'acme'), 'every hit is acme');

  const q = await client.query(name, { query: [1, 0.5, 0.2], limit: 5, filter: {
    must: [{ key: 'meta.lang', match: { value: 'de' } }, { key: 'page', range: { gte: 30 } }] }, with_payload: true });
  assert.equal(q.points.length, 5);
  assert.ok(q.points.every(p => p.payload.page >= 30 && p.payload.meta.lang === 'de'));

  assert.equal((await client.count(name, { filter: { must: [{ key: 'tags', match: { value: 'faq' } }] }, exact: true })).count, 8);
  assert.equal((await client.count(name, { filter: { must_not: [{ key: 'doc', match: { any: ['doc-0', 'doc-1'] } }] } })).count, 20);

  // scroll pages through every acme point exactly once
  const seen = [];
  let offset = undefined;
  do {
    const page = await client.scroll(name, { filter: acme, limit: 7, offset, with_payload: false });
    seen.push(...page.points.map(p => p.id));
    offset = page.next_page_offset ?? undefined;
  } while (offset !== undefined);
  assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));

  await client.setPayload(name, { wait: true, payload: { reviewed: true }, points: [1, 2] });
  await client.setPayload(name, { wait: true, payload: { by: 'ann' }, key: 'meta.review', filter: { must: [{ has_id: [3] }] } });
  let got = await client.retrieve(name, { ids: [1, 3], with_payload: true });
  assert.equal(got.find(p => p.id === 1).payload.reviewed, true);
  assert.deepEqual(got.find(p => p.id === 3).payload.meta, { lang: 'en', review: { by: 'ann' } });

  await client.overwritePayload(name, { wait: true, payload: { only: 1 }, points: [4] });
  await client.deletePayload(name, { wait: true, keys: ['tags', 'meta.lang'], points: [5] });
  await client.clearPayload(name, { wait: true, points: [6] });
  got = await client.retrieve(name, { ids: [4, 5, 6], with_payload: true });
  assert.deepEqual(got.find(p => p.id === 4).payload, { only: 1 });
  assert.deepEqual(got.find(p => p.id === 5).payload, { doc: 'doc-1', tenant: 'globex', page: 5, meta: {} });
  assert.deepEqual(got.find(p => p.id === 6).payload, {});

  await client.delete(name, { wait: true, filter: { must: [{ key: 'tenant', match: { value: 'globex' } }] } });
  assert.equal((await client.count(name, {})).count, 20);
  const left = await client.scroll(name, { limit: 100 });
  assert.ok(left.points.every(p => p.id % 2 === 0), 'only acme points are left');

  // insert_only leaves an existing point as it is and adds the new one
  await client.upsert(name, { wait: true, update_mode: 'insert_only', points: [
    { id: 2, vector: [0, 1, 0], payload: { tenant: 'changed' } }, { id: 101, vector: [0, 1, 0], payload: { tenant: 'acme' } }] });
  got = await client.retrieve(name, { ids: [2, 101], with_payload: true });
  assert.equal(got.find(p => p.id === 2).payload.tenant, 'acme');
  assert.equal(got.find(p => p.id === 101).payload.tenant, 'acme');

  const results = await client.batchUpdate(name, { wait: true, operations: [
    { upsert: { points: [{ id: 100, vector: [1, 0, 0], payload: { tenant: 'acme' } }] } },
    { set_payload: { payload: { x: 1 }, points: [100] } },
    { delete: { points: [2, 101] } },
  ] });
  assert.equal(results.length, 3);
  got = await client.retrieve(name, { ids: [2, 100], with_payload: true });
  assert.deepEqual(got.map(p => [p.id, p.payload]), [[100, { tenant: 'acme', x: 1 }]]);
  assert.equal((await client.count(name, {})).count, 20);

  await assert.rejects(client.search(name, { vector: [1, 0, 0], filter: { must: [{ key: 'tenant', matc: { value: 'x' } }] } }),
    e => e.status === 400, 'a bad filter is a 400');

  await client.deleteCollection(name);
  console.log('all checks passed');
}

main().catch(e => {
  console.error(e?.data ? JSON.stringify(e.data) : e);
  process.exit(1);
});
