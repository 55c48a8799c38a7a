#!/usr/bin/env node
// Captures a real Debezium truncate event (op t) as an Avro fixture.
//
//   cd <worktree> && npx tsc -b && node services/cdc-ingest/test-fixtures/capture/capture-truncate.js
//
// The stack's own connector keeps skipping truncates until Connect restarts with the recipe's
// `skipped.operations=none`, and a TRUNCATE of a GlobalMart table would empty it for everyone; so this
// runs a private connector with the recipe's settings on a private copy of fx_rates
// (src/testing/private-source.ts), inserts two rows, truncates, and writes the records of the raw
// topic to ../debezium-avro/fx_rates.truncate.<nn>.<op>.json with their writer schemas, in the format
// of capture-debezium.js. Everything it creates is deleted at the end.
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { schemaRegistry } = require('../../../../libs/schemas/dist/registry.js');
const { privateSource } = require('../../dist/testing/private-source.js');

const registryUrl = 'http://127.0.0.1:8081/apis/ccompat/v7';
const outDir = join(__dirname, '..', 'debezium-avro');
const registry = schemaRegistry(registryUrl);
const log = (line) => process.stdout.write(`${line}\n`);

function serialise(value) {
  return JSON.stringify(
    value,
    function replace(key, v) {
      const raw = this[key];
      if (typeof raw === 'bigint') return { $bigint: raw.toString() };
      if (Buffer.isBuffer(raw)) return { $bytes: raw.toString('base64') };
      return v;
    },
    2,
  );
}

const schemas = new Map();
async function decodePart(bytes) {
  if (bytes === null) return null;
  if (bytes.length === 0) return { empty: true };
  const schemaId = bytes.readInt32BE(1);
  if (!schemas.has(schemaId)) {
    const res = await fetch(`${registryUrl}/schemas/ids/${schemaId}`);
    schemas.set(schemaId, JSON.parse((await res.json()).schema));
  }
  return { schemaId, decoded: await registry.decode(bytes) };
}

async function main() {
  const source = await privateSource(['fx_rates']);
  const topic = source.rawTopic('fx_rates');
  log(`private source ${source.database}, connector ${source.connector.name}`);
  try {
    const kafka = new Kafka({ clientId: 'capture', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `capture-${Date.now()}` });
    const records = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({ partition, message, value: await decodePart(message.value) });
      },
    });
    const until = async (what, done) => {
      const began = Date.now();
      while (!done()) {
        if (Date.now() - began > 120_000) throw new Error(`no ${what} within 120 s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const db = await source.connect();
    try {
      await db.query(
        "INSERT INTO fx_rates (currency, rate_date, rate_to_usd) VALUES ('ZZZ', '2099-12-30', 1.5), ('ZZY', '2099-12-30', 2.25)",
      );
      // Once the rows are out, the connector streams from a binlog position before them (its
      // snapshot read the position first), so the TRUNCATE after them is streamed too.
      await until('row records', () => records.length >= 2);
      await db.query('TRUNCATE TABLE fx_rates');
    } finally {
      await db.end();
    }
    await until('truncate event', () => records.some((r) => r.value?.decoded?.op === 't'));
    await consumer.disconnect();

    // Debezium's source order: the two rows (partitions by key), then the truncate.
    records.sort((a, b) => Number(a.value.decoded.source.pos - b.value.decoded.source.pos));
    mkdirSync(join(outDir, 'schemas'), { recursive: true });
    for (const [i, { partition, message, value }] of records.entries()) {
      const op = value.decoded.op;
      const fixture = {
        capturedFrom:
          'Debezium 3.5.0.Final MariaDB connector, skipped.operations=none, Apicurio AvroConverter (as-confluent), local stack',
        topic,
        partition,
        offset: message.offset,
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        key: await decodePart(message.key),
        value,
      };
      const name = `fx_rates.truncate.${String(i + 1).padStart(2, '0')}.${op}.json`;
      writeFileSync(join(outDir, name), `${serialise(fixture)}\n`);
      log(`wrote ${name}`);
    }
    for (const [id, schema] of schemas) {
      const path = join(outDir, 'schemas', `${id}.json`);
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      // Ids are the registry's: never overwrite another capture's schema that happens to share one.
      if (existsSync(path) && readFileSync(path, 'utf8') !== text)
        throw new Error(`schemas/${id}.json exists`);
      writeFileSync(path, text);
      log(`wrote schemas/${id}.json`);
    }
  } finally {
    await source.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
