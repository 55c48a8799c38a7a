import { committedOffsets } from '@lakestream/kafka';
import { loadStackConfig, uniqueName, waitFor } from '@lakestream/stack';
import { Kafka, logLevel } from 'kafkajs';
import { lagCommand } from './lag-command';
import { replayCommand } from './replay-command';

const stack = loadStackConfig();
const kafka = new Kafka({
  clientId: 'replay-test',
  brokers: [`${stack.host}:${stack.ports.kafka}`],
  logLevel: logLevel.NOTHING,
});

describe('lakestream lag and replay on the real broker', () => {
  it('shows lag, refuses a group with live members, and resets a stopped one to earliest, a time or offsets', async () => {
    const topic = uniqueName('replay');
    const group = `lakestream-${uniqueName('replay-group')}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const send = (from: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value: `m${from + i}` })),
      });
    await send(0);
    const middle = new Date();
    // The broker stamps records as it appends them: the second half is after `middle` by its clock.
    await waitFor(() => Date.now() > middle.getTime() + 5, {
      what: 'the clock to move on',
      timeoutMs: 1_000,
    });
    await send(50);
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await waitFor(async () => seen >= 100 && (await committedTotal()) === 100n, {
      what: 'the group at the end',
      timeoutMs: 30_000,
    });
    async function committedTotal() {
      const offsets = (await committedOffsets(admin, group)).get(topic);
      return [...(offsets?.values() ?? [])].reduce<bigint>((n, o) => n + (o ?? 0n), 0n);
    }

    const lines: string[] = [];
    const out = (line: string) => void lines.push(line);
    await lagCommand(admin, { groups: [group], all: false }, out);
    expect(lines.join('\n')).toContain(`${group}: 0 behind`);

    // A live member would overwrite the reset with its next commit.
    const errors: string[] = [];
    expect(
      await replayCommand(
        admin,
        { group, to: 'earliest', topics: [], dryRun: false },
        out,
        (e) => void errors.push(e),
      ),
    ).toBe(1);
    expect(errors.join()).toMatch(/live member/);
    expect(await committedTotal()).toBe(100n);
    await consumer.disconnect();
    await waitFor(async () => (await admin.describeGroups([group])).groups[0]?.members.length === 0, {
      what: 'the group to be empty',
      timeoutMs: 30_000,
    });

    expect(
      await replayCommand(admin, { group, to: 'earliest', topics: [], dryRun: true }, out, () => undefined),
    ).toBe(0);
    expect(await committedTotal()).toBe(100n);
    expect(
      await replayCommand(
        admin,
        { group, to: middle.toISOString(), topics: [], dryRun: false },
        out,
        () => undefined,
      ),
    ).toBe(0);
    expect(await committedTotal()).toBe(50n);
    expect(
      await replayCommand(admin, { group, to: 'earliest', topics: [], dryRun: false }, out, () => undefined),
    ).toBe(0);
    expect(await committedTotal()).toBe(0n);
    expect(
      await replayCommand(
        admin,
        { group, to: `${topic}:0:7 ${topic}:1:999`, topics: [], dryRun: false },
        out,
        () => undefined,
      ),
    ).toBe(0);
    const offsets = (await committedOffsets(admin, group)).get(topic);
    // 999 is past the end: kept within what the partition holds.
    expect([offsets?.get(0), offsets?.get(1)]).toEqual([7n, 50n]);
    lines.length = 0;
    await lagCommand(admin, { groups: [group], all: false }, out);
    expect(lines.join('\n')).toContain(`${group}: 43 behind`);
    await admin.disconnect();
  });
});
