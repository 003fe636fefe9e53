// Test fixture, run as its own process: adds COUNT distinct secrets to one encrypted secrets file,
// either through one long-lived store (as the server does) or a fresh store every few writes
// (as one CLI command after another does), then prints "done".
import { createEncryptedFileSecretStore } from '../../../main/core/secrets/encrypted-file';

const [file, key, prefix, countText, mode] = process.argv.slice(2);
if (!file || !key || !prefix || !countText || (mode !== 'server' && mode !== 'cli'))
  throw new Error('usage: writer-child.ts FILE KEY PREFIX COUNT server|cli');
const count = Number(countText);
let store = createEncryptedFileSecretStore(file, key);
for (let i = 0; i < count; i++) {
  if (mode === 'cli' && i % 10 === 0) store = createEncryptedFileSecretStore(file, key);
  await store.set(`${prefix}/${i}`, `${prefix}-secret-${i}`);
  // A short-lived entry, removed again: deletes must not drop the other writer's secrets either.
  if (i % 25 === 0) {
    await store.set(`${prefix}/scratch`, 'scratch');
    await store.delete(`${prefix}/scratch`);
  }
}
process.stdout.write('done\n');
