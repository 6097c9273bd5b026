/**
 * Child process of test/contract/durability.test.ts. Writes to the embedded
 * store as fast as it can and prints each _id only after its write resolved,
 * until the parent kills it with SIGKILL. Plain JS on the compiled store, so
 * it needs `npm run build` (npm test does that first).
 */
'use strict';
const path = require('node:path');
const { openEmbeddedStore } = require(path.join(__dirname, '../../dist/server/store/embedded.js'));

async function main() {
  const dir = process.argv[2];
  const store = await openEmbeddedStore(dir);
  const acks = store.collection('acks');
  // Pipes are synchronous on Linux: a printed id has left this process before the next write starts.
  const ack = (id) => process.stdout.write(`${id}\n`);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const base = `${process.pid}-${i}`;
    if (i % 20 === 0) {
      const ids = [`${base}-t1`, `${base}-t2`];
      await store.withTransaction(async (tx) => {
        for (const _id of ids) await tx.collection('acks').insertOne({ _id, i, via: 'tx' });
      });
      ids.forEach(ack);
    } else if (i % 20 === 10) {
      const docs = Array.from({ length: 5 }, (_, k) => ({ _id: `${base}-m${k}`, i, via: 'many' }));
      await acks.insertMany(docs);
      docs.forEach((d) => ack(d._id));
    } else {
      await acks.insertOne({ _id: base, i, via: 'one', payload: 'x'.repeat(200) });
      ack(base);
    }
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack}\n`);
  process.exit(1);
});
