// The Qdrant JS client 1.18 (pinned as qdrant-js-client-1-18) checks the server's version at
// construction: node qdrant-version-check.mjs PORT exits non-zero if that check warns (an
// incompatible version, or GET / unreadable), printing the warning.
import { QdrantClient } from 'qdrant-js-client-1-18';

const port = process.argv[2];
if (!port) {
  console.error('usage: node qdrant-version-check.mjs PORT');
  process.exit(2);
}
const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));
const requests = [];
const fetch = globalThis.fetch;
globalThis.fetch = (...args) => {
  const p = fetch(...args);
  requests.push(p);
  return p;
};
new QdrantClient({ url: `http://127.0.0.1:${port}`, checkCompatibility: true });
if (requests.length !== 1) {
  console.error(`expected the client to send its version check at once, it sent ${requests.length} requests`);
  process.exit(1);
}
await Promise.allSettled(requests);
await new Promise(resolve => setTimeout(resolve, 50)); // the client reads the body and decides in later turns
if (warnings.length > 0) {
  console.error(warnings.join('\n'));
  process.exit(1);
}
console.log('version check passed');
