/**
 * The delivery benchmark's baseline receiver: a plain Node HTTP server writing each request body to
 * a file. Args: PORT_FILE OUT_FILE [--fsync]. With --fsync it flushes the file to disk before it
 * answers, as the intake must before it signs a receipt (the second, informational baseline).
 */
import fs from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';

const [portFile, outFile, flag] = process.argv.slice(2);
const durable = async () => {
  if (flag !== '--fsync') return;
  const fh = await fs.promises.open(outFile!, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
};
const server = http.createServer((req, res) => {
  pipeline(req, fs.createWriteStream(outFile!))
    .then(durable)
    .then(
      () => res.end('ok'),
      (e) => res.writeHead(500).end(String(e)),
    );
});
server.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile!, String((server.address() as { port: number }).port)));
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
});
