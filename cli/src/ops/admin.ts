import { connectKafka } from '@lakestream/kafka';
import { silentLog } from '@lakestream/runtime';
import type { Admin } from 'kafkajs';
import { loadTopicsConfig } from '../topics/config';

/**
 * An admin client on the brokers `topics` uses (LAKESTREAM_KAFKA_BROKERS, else the local stack's),
 * handed to `work` and closed after it, with a message that says where it tried when it cannot connect.
 */
export async function withKafkaAdmin<T>(
  work: (admin: Admin) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const { brokers, brokersFrom } = loadTopicsConfig(env);
  const admin = connectKafka({ brokers, clientId: 'lakestream-cli', log: silentLog }).admin();
  try {
    await admin.connect();
  } catch (error) {
    const hint = brokersFrom === 'stack' ? ' (is the local stack up? lakestream stack up)' : '';
    throw new Error(`cannot reach Kafka at ${brokers.join(',')}${hint}: ${(error as Error).message}`);
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
