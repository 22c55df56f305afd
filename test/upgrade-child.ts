/**
 * Opens a store as the app does and writes each upgrade step to stdout as a JSON line (the
 * SIGKILL test kills it in the middle of migration 013). Usage: tsx test/upgrade-child.ts FILE
 */
import { openStore } from '../main/store/db';

const { db } = openStore(process.argv[2]!, { onProgress: (p) => process.stdout.write(JSON.stringify(p) + '\n') });
db.close();
process.stdout.write('{"step":"closed"}\n');
