// Fails the build when the production bundle's JavaScript exceeds 1.5 MB gzipped (issue 4).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT = 1.5 * 1024 * 1024;
const dir = new URL('../dist/assets/', import.meta.url).pathname;
let total = 0;
let raw = 0;
for (const f of readdirSync(dir)) {
  if (!f.endsWith('.js')) continue;
  const data = readFileSync(join(dir, f));
  raw += statSync(join(dir, f)).size;
  total += gzipSync(data, { level: 9 }).length;
}
const mb = (n) => (n / 1024 / 1024).toFixed(2) + ' MB';
console.log(`web: JavaScript bundle ${mb(raw)}, ${mb(total)} gzipped (limit ${mb(LIMIT)})`);
if (total > LIMIT) {
  console.error('web: the gzipped JavaScript bundle exceeds the limit');
  process.exit(1);
}
