import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { type PipelineLayout, pipelineServices, type StackConfig } from '@lakestream/stack';

/** Whether a loopback port can be bound now. */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** A free loopback port: bound once by the kernel's choice, then released for the server. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A port offset for a test's pipeline beside the developer's own, at which every instance's port is
 * free. A random offset alone can put the API on the stack's Prometheus port (9090 = 8080 + 1010),
 * or on a port another program holds, and the API never starts.
 */
export async function freePortOffset(stack: StackConfig, layout: PipelineLayout): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const portOffset = 1000 + randomInt(0, 50) * 10;
    const ports = pipelineServices(stack, { ...layout, portOffset }).map((i) => i.httpPort);
    const free = await Promise.all(ports.map((port) => portFree(port, stack.host)));
    if (free.every(Boolean)) return portOffset;
  }
  throw new Error('no port offset 1000-1490 leaves every pipeline port free');
}
