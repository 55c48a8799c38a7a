import { Counter, Registry } from 'prom-client';
import { z } from 'zod';
import { ConfigError, envBrokers, envPort, parseEnv } from './config';
import { startOpsServer } from './ops-server';
import { closeOnSignal } from './shutdown';

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

describe('parseEnv', () => {
  const schema = z.object({ HTTP_PORT: envPort(9464), KAFKA_BROKERS: envBrokers('127.0.0.1:9092') });

  it('applies defaults and parses lists', () => {
    expect(parseEnv(schema, { KAFKA_BROKERS: 'a:1, b:2' })).toEqual({
      HTTP_PORT: 9464,
      KAFKA_BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names each bad variable with what it got', () => {
    expect(() => parseEnv(schema, { HTTP_PORT: 'x', KAFKA_BROKERS: 'nohost' })).toThrow(ConfigError);
    try {
      parseEnv(schema, { HTTP_PORT: '99999', KAFKA_BROKERS: 'nohost' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'HTTP_PORT: expected a TCP port 0-65535, got "99999"',
        'KAFKA_BROKERS: expected host:port[,host:port...], got "nohost"',
      ]);
    }
  });
});

describe('startOpsServer', () => {
  it('serves metrics, liveness and readiness from the callbacks', async () => {
    const registry = new Registry();
    new Counter({ name: 'probe_total', help: 'a probe', registers: [registry] }).inc(3);
    let ready = false;
    const server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      healthy: () => true,
      ready: () => ready,
    });
    const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);
    try {
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/readyz')).status).toBe(503);
      ready = true;
      expect((await get('/readyz')).status).toBe(200);
      expect(await (await get('/metrics')).text()).toContain('probe_total 3');
      const missing = await get('/nope');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not_found' });
    } finally {
      await server.close();
    }
  });
});

describe('closeOnSignal', () => {
  it('closes resources in order and exits 0, or 1 when one fails', async () => {
    const order: string[] = [];
    const codes: number[] = [];
    const close = closeOnSignal(
      [
        { name: 'consumer', close: async () => void order.push('consumer') },
        {
          name: 'producer',
          close: async () => {
            order.push('producer');
            throw new Error('broker gone');
          },
        },
        { name: 'http', close: async () => void order.push('http') },
      ],
      { log: silent, deadlineMs: 5000, exit: (code) => codes.push(code) },
    );
    await close();
    await close();
    expect(order).toEqual(['consumer', 'producer', 'http']);
    expect(codes).toEqual([1]);
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
  });
});
