import net from 'node:net';

/**
 * Sends a GET request line with `target` exactly as given (fetch and http.request
 * would normalise `..`) and returns the status and the raw answer; status 0 when
 * no answer came within 2 s.
 */
export function rawGet(port: number, target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(text.split(' ')[1] ?? 0) || 0, text });
    };
    const timer = setTimeout(done, 2000);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', done);
    socket.on('error', reject);
  });
}
