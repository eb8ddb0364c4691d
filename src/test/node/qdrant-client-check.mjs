// Drives Quiver with the official Qdrant JS client: node qdrant-client-check.mjs PORT
// Creates a collection, upserts, searches, queries (nearest, recommend, discover, groups), retrieves, counts and deletes; exits non-zero on
// the first mismatch (with what was expected and what came back).
import { QdrantClient } from '@qdrant/js-client-rest';
import assert from 'node:assert/strict';

const port = process.argv[2];
if (!port) {
  console.error('usage: node qdrant-client-check.mjs PORT');
  process.exit(2);
}
// 1.15.1 is four minors from the Qdrant API Quiver implements (1.19): its version check would warn.
// qdrant-version-check.mjs runs the 1.18 client's.
const client = new QdrantClient({ url: `http://127.0.0.1:${port}`, checkCompatibility: false });
const name = `js-client-${Date.now()}`;

async function main() {
  assert.equal(await client.createCollection(name, {
    vectors: { size: 4, distance: 'Cosine' },
    hnsw_config: { m: 16, ef_construct: 100 },
  }), true);
  assert.ok((await client.getCollections()).collections.some(c => c.name === name), 'listed');
  assert.equal((await client.collectionExists(name)).exists, true);

  const up = await client.upsert(name, {
    wait: true,
    points: [
      { id: 1, vector: [1, 0, 0, 0], payload: { city: 'Berlin' } },
      { id: 2, vector: [0, 1, 0, 0], payload: { city: 'London' } },
      { id: 3, vector: [0.9, 0.1, 0, 0], payload: { city: 'Moscow' } },
      { id: '550e8400-e29b-41d4-a716-446655440000', vector: [0, 0, 1, 0] },
    ],
  });
  assert.equal(up.status, 'completed');
  await client.upsert(name, { wait: true, batch: { ids: [4, 5], vectors: [[0, 0, 0, 1], [0, 0.5, 0.5, 0]], payloads: [{ n: 4 }, { n: 5 }] } });

  const found = await client.search(name, { vector: [1, 0, 0, 0], limit: 2, with_payload: true });
  assert.deepEqual(found.map(p => p.id), [1, 3]);
  assert.equal(found[0].payload.city, 'Berlin');
  assert.ok(Math.abs(found[0].score - 1) < 1e-5, `cosine score ${found[0].score}`);

  const batch = await client.searchBatch(name, { searches: [
    { vector: [0, 1, 0, 0], limit: 1 },
    { vector: [0, 0, 1, 0], limit: 1 },
  ] });
  assert.deepEqual(batch.map(r => r[0].id), [2, '550e8400-e29b-41d4-a716-446655440000']);

  const q = await client.query(name, { query: [0, 0, 0, 1], limit: 1, with_payload: true });
  assert.equal(q.points[0].id, 4);
  assert.equal(q.points[0].payload.n, 4);
  const byId = await client.query(name, { query: 2, limit: 2 });
  assert.deepEqual(byId.points.map(p => p.id), [5, 3], 'a point-id query leaves the point out');

  // recommend by best_score: near 1, away from 2; the examples are not results
  const reco = await client.query(name, { query: { recommend: { positive: [1], negative: [2], strategy: 'best_score' } }, limit: 10 });
  assert.equal(reco.points.length, 4);
  assert.equal(reco.points[0].id, 3);
  const cos13 = 0.9 / Math.hypot(0.9, 0.1);
  assert.ok(Math.abs(reco.points[0].score - 0.5 * (cos13 / (1 + cos13) + 1)) < 1e-4, `best_score ${reco.points[0].score}`);
  assert.equal(reco.points[3].id, 5, 'nearest to the negative: last, with a negative score');
  assert.ok(reco.points[3].score < 0);
  const avg = await client.query(name, { query: { recommend: { positive: [1, 3] } }, limit: 1 });
  assert.equal(avg.points.length, 1);

  // discover: target 4, in the zone nearer the uuid point than point 5
  const disc = await client.query(name, { query: { discover: { target: 4, context: [{ positive: '550e8400-e29b-41d4-a716-446655440000', negative: 5 }] } }, limit: 2 });
  assert.equal(disc.points.length, 2);
  assert.ok(!disc.points.some(p => p.id === 4 || p.id === 5), 'examples are not results');

  // groups by city, one hit each
  const groups = await client.queryGroups(name, { query: [1, 0, 0, 0], group_by: 'city', group_size: 1, limit: 2, with_payload: true });
  assert.deepEqual(groups.groups.map(g => g.id), ['Berlin', 'Moscow']);
  assert.deepEqual(groups.groups.map(g => g.hits[0].id), [1, 3]);

  const got = await client.retrieve(name, { ids: [1, 2], with_payload: true, with_vector: true });
  assert.deepEqual(got.map(p => p.id).sort(), [1, 2]);
  assert.equal(got.find(p => p.id === 2).payload.city, 'London');
  assert.equal(got.find(p => p.id === 2).vector.length, 4);

  assert.equal((await client.count(name, { exact: true })).count, 6);
  await client.delete(name, { wait: true, points: [1, 3] });
  assert.equal((await client.count(name, { exact: true })).count, 4);
  const after = await client.search(name, { vector: [1, 0, 0, 0], limit: 10 });
  assert.ok(!after.some(p => p.id === 1 || p.id === 3), 'deleted points are not found');

  const info = await client.getCollection(name);
  assert.equal(info.points_count, 4);
  assert.equal(info.config.params.vectors.size, 4);
  assert.equal(info.config.params.vectors.distance, 'Cosine');

  await assert.rejects(client.search(name, { vector: [1, 0], limit: 1 }), 'wrong dimension is an error');
  await assert.rejects(client.getCollection('no-such-collection'), 'unknown collection is an error');

  assert.equal(await client.deleteCollection(name), true);
  assert.equal((await client.collectionExists(name)).exists, false);
  console.log('qdrant js client: all checks passed');
}

main().catch(e => {
  console.error('qdrant js client check FAILED:', e);
  process.exit(1);
});
