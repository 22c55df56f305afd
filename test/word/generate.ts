/** `npm run word:fixtures`: writes the Word fixtures (and their ground truth) to test/fixtures/word/. */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, FIXTURE_DIR, renderFixture } from './fixtures';

fs.mkdirSync(FIXTURE_DIR, { recursive: true });
const only = process.argv.slice(2);
for (const spec of FIXTURES) {
  if (only.length && !only.includes(spec.model.name)) continue;
  const { model, bytes } = await renderFixture(spec);
  fs.writeFileSync(path.join(FIXTURE_DIR, `${spec.model.name}.docx`), bytes);
  fs.writeFileSync(path.join(FIXTURE_DIR, `${spec.model.name}.json`), JSON.stringify({ tool: spec.tool, about: spec.about, model }, null, 1) + '\n');
  process.stdout.write(`${spec.model.name}: ${bytes.length} bytes (${spec.tool})\n`);
}
