/** HTTP written by hand on a raw socket to 127.0.0.1: for requests no HTTP client would send. */
import net from 'node:net';

/** Writes `data` on a fresh connection; resolves with what came back once the host closed it or `waitMs` passed. */
export function raw(port: number, data: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let out = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c) => (out += c));
    socket.on('error', done);
    socket.on('close', done);
  });
}

export const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
