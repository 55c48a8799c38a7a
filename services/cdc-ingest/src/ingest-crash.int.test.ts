import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { uniqueName, waitFor } from '@lakestream/stack';
import { collect, headerText, plainKafka, testIngestEnv } from './testing/harness';
import { tenantEnvelope } from './testing/raw-cdc';

const mainJs = join(__dirname, '..', 'dist', 'main.js');
const total = 20_000;

function startProcess(env: Record<string, string>): ChildProcess {
  // The built service as its own process, so SIGKILL hits it and not the test.
  return spawn(process.execPath, [mainJs], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('cdc-ingest killed with SIGKILL mid-stream', () => {
  it('yields each of 20,000 changes exactly once downstream after a restart', async () => {
    const prefix = uniqueName('crash').replace(/-/g, '_');
    const rawTopic = `${prefix}.globalmart.tenants`;
    const admin = plainKafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: rawTopic, numPartitions: 3 }] });

    // Two thirds creates of new keys, one third updates and deletes of keys created earlier.
    const now = Date.now();
    const creates = Math.ceil((total * 2) / 3);
    const messages = Array.from({ length: total }, (_, i) => {
      const isCreate = i < creates;
      const key = isCreate ? i : (i * 7919) % creates;
      const op = isCreate ? 'c' : i % 3 === 0 ? 'd' : 'u';
      return tenantEnvelope(prefix, {
        op,
        tenantId: `t-${key}`,
        name: `Tenant ${i}`,
        pos: i + 1,
        committedAtMs: now,
      });
    });
    const producer = plainKafka.producer();
    await producer.connect();
    for (let i = 0; i < total; i += 2000)
      await producer.send({ topic: rawTopic, messages: messages.slice(i, i + 2000) });
    await producer.disconnect();

    const env = testIngestEnv({
      SOURCE_TOPIC_PATTERN: `^${prefix}\\.globalmart\\.[a-z_]+$`,
      DEBEZIUM_TOPIC_PREFIX: prefix,
    });
    const output = `${env.CHANGES_TOPIC_PREFIX}tenants`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: output, numPartitions: 3 }] });
    const produced = async () =>
      (await admin.fetchTopicOffsets(output)).reduce((n, p) => n + Number(p.high), 0);

    const first = startProcess(env);
    try {
      // Mid-stream: some transactions committed, more to come.
      await waitFor(async () => (await produced()) >= 3000, {
        what: 'the first 3,000 outputs',
        timeoutMs: 120_000,
      });
    } finally {
      first.kill('SIGKILL');
      await exited(first);
    }
    const second = startProcess(env);
    try {
      await waitFor(
        async () => {
          const committed = await admin.fetchOffsets({ groupId: env.GROUP_ID ?? '', topics: [rawTopic] });
          return committed[0]?.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0) === total;
        },
        { what: 'every input offset committed after the restart', timeoutMs: 180_000, intervalMs: 500 },
      );
      const seen = await collect(output, (all) => all.length >= total, `${total} committed changes`);
      const lineage = new Set(seen.map((m) => headerText(m, 'lakestream.source')));
      expect(seen).toHaveLength(total);
      expect(lineage.size).toBe(total);
      // Per key, changes come out in the order they went in (one key, one input partition).
      const lastInput = new Map<string, number>();
      let outOfOrder = 0;
      for (const m of seen) {
        const inputOffset = Number((headerText(m, 'lakestream.source') ?? '').split('/')[2]);
        const key = m.key?.toString() ?? '';
        if (inputOffset <= (lastInput.get(key) ?? -1)) outOfOrder += 1;
        lastInput.set(key, inputOffset);
      }
      expect(outOfOrder).toBe(0);
    } finally {
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);
      await admin.disconnect();
    }
  });
});
