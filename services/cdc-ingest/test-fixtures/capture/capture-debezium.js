#!/usr/bin/env node
// Captures what Debezium really writes on the local stack, as fixtures for the Avro decoder.
//
//   cd /work/main && npx tsc -b && node services/cdc-ingest/test-fixtures/capture/capture-debezium.js
//
// 1. notes the end offsets of the table topics, 2. runs changes.sql (which deletes what it inserts),
// 3. reads every record written since, decodes key and value with the project's registry client
// (longs as bigint), and writes each record of the inserted rows to ../debezium-avro/ with the writer
// schemas in ../debezium-avro/schemas/<id>.json. Also stores a few snapshot and schema-change records.
// Serialised form: bigint → {"$bigint": "…"}, Buffer → {"$bytes": "<base64>"} (revived by fixtures.ts).
// A maintenance script, not a test: it needs the stack (`lakestream stack up`) and is run by hand.
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { schemaRegistry } = require('../../../../libs/schemas/dist/registry.js');

const registryUrl = 'http://127.0.0.1:8081/apis/ccompat/v7';
const brokers = ['127.0.0.1:9092'];
const prefix = 'globalmart.globalmart.';
const tables = ['orders', 'invoices', 'order_items', 'fx_rates', 'products', 'inventory', 'customers'];
const outDir = join(__dirname, '..', 'debezium-avro');
const registry = schemaRegistry(registryUrl);
const schemas = new Map();

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

async function writerSchema(id) {
  if (!schemas.has(id)) {
    const res = await fetch(`${registryUrl}/schemas/ids/${id}`);
    if (!res.ok) throw new Error(`registry: schema ${id}: HTTP ${res.status}`);
    schemas.set(id, JSON.parse((await res.json()).schema));
  }
  return id;
}

async function decodePart(bytes) {
  if (bytes === null) return null;
  if (bytes.length === 0) return { empty: true };
  const schemaId = bytes.readInt32BE(1);
  await writerSchema(schemaId);
  return { schemaId, decoded: await registry.decode(bytes) };
}

async function toFixture(topic, partition, message) {
  return {
    capturedFrom:
      'Debezium 3.5.0.Final MariaDB connector, Apicurio AvroConverter 2.6.13 (as-confluent), local stack',
    topic,
    partition,
    offset: message.offset,
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
    key: await decodePart(message.key),
    // A tombstone: kafkajs gives null or a zero-length Buffer (INFRA.md); both are kept as such.
    value: await decodePart(message.value),
  };
}

/** Reads topic partitions from the given offsets until no record arrived for `idleMs`. */
async function readFrom(kafka, starts, idleMs, deadlineMs) {
  const consumer = kafka.consumer({
    groupId: `capture-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  const records = [];
  await consumer.connect();
  for (const topic of new Set(starts.map((s) => s.topic))) await consumer.subscribe({ topic });
  let last = Date.now();
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const s of starts) consumer.seek(s);
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const start = starts.find((s) => s.topic === topic && s.partition === partition);
      if (!start || BigInt(message.offset) < BigInt(start.offset)) return;
      records.push({ topic, partition, message });
      last = Date.now();
    },
  });
  const began = Date.now();
  while (Date.now() - last < idleMs && Date.now() - began < deadlineMs) {
    await new Promise((r) => setTimeout(r, 200));
  }
  await consumer.disconnect();
  return records;
}

function mariadb(sqlFile) {
  return execFileSync(
    'mariadb',
    ['-h127.0.0.1', '-P3306', '-ulakestream', '-plakestream', '--batch', '--skip-column-names', 'globalmart'],
    { input: readFileSync(sqlFile) },
  ).toString();
}

const ours = (table, row, ids) => {
  if (!row) return false;
  switch (table) {
    case 'orders':
      return String(row.id) === ids.order;
    case 'invoices':
      return String(row.id) === ids.invoice;
    case 'order_items':
      return String(row.id) === ids.item;
    case 'customers':
      return String(row.id) === ids.customer;
    case 'fx_rates':
      return row.currency === 'ZZZ';
    case 'products':
    case 'inventory':
      return row.sku === 'ZZ-CAPTURE-0001';
    default:
      return false;
  }
};

async function main() {
  mkdirSync(join(outDir, 'schemas'), { recursive: true });
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const starts = [];
  for (const table of tables) {
    for (const p of await admin.fetchTopicOffsets(prefix + table)) {
      starts.push({ topic: prefix + table, partition: p.partition, offset: p.high });
    }
  }
  await admin.disconnect();

  // The ids the inserts got: printed by a trailing SELECT appended to the script.
  const sql = `${readFileSync(join(__dirname, 'changes.sql'), 'utf8')}\nSELECT @order_id, @invoice_id, @item_id, @customer_id;\n`;
  const tmp = join(require('node:os').tmpdir(), `capture-${process.pid}.sql`);
  writeFileSync(tmp, sql);
  const [order, invoice, item, customer] = mariadb(tmp).trim().split('\n').pop().split('\t');
  const ids = { order, invoice, item, customer };
  log(`source changed: ${JSON.stringify(ids)}`);

  const records = await readFrom(kafka, starts, 4000, 60000);
  const perTable = new Map();
  for (const r of records) {
    const fixture = await toFixture(r.topic, r.partition, r.message);
    const table = r.topic.slice(prefix.length);
    const decoded = fixture.value?.decoded;
    const keyRow = fixture.key?.decoded;
    const mine = decoded ? ours(table, decoded.after ?? decoded.before, ids) : ours(table, keyRow, ids);
    if (!mine) continue;
    const list = perTable.get(table) ?? [];
    list.push({ fixture, ts: Number(r.message.timestamp), offset: BigInt(r.message.offset) });
    perTable.set(table, list);
  }
  for (const [table, list] of perTable) {
    list.sort(
      (a, b) => a.ts - b.ts || a.fixture.partition - b.fixture.partition || (a.offset < b.offset ? -1 : 1),
    );
    list.forEach(({ fixture }, i) => {
      const label = fixture.value?.decoded?.op ?? 'tombstone';
      const name = `${table}.${String(i + 1).padStart(2, '0')}.${label}.json`;
      writeFileSync(join(outDir, name), `${serialise(fixture)}\n`);
      log(`wrote ${name}`);
    });
  }

  // Snapshot reads and a schema-change event, read from fixed offsets of the initial snapshot.
  const fixed = [
    {
      name: 'snapshot.orders.first-in-data-collection.json',
      topic: `${prefix}orders`,
      partition: 0,
      offset: '0',
    },
    { name: 'snapshot.fx_rates.true.json', topic: `${prefix}fx_rates`, partition: 0, offset: '0' },
    { name: 'schema-change.drop-table.json', topic: 'globalmart', partition: 0, offset: '1' },
  ];
  for (const f of fixed) {
    const read = await readFrom(
      kafka,
      [{ topic: f.topic, partition: f.partition, offset: f.offset }],
      1500,
      20000,
    );
    const r = read.find((x) => x.message.offset === f.offset);
    if (!r) throw new Error(`nothing at ${f.topic}/${f.partition}@${f.offset}`);
    writeFileSync(join(outDir, f.name), `${serialise(await toFixture(r.topic, r.partition, r.message))}\n`);
    log(`wrote ${f.name}`);
  }
  for (const [id, schema] of schemas) {
    writeFileSync(join(outDir, 'schemas', `${id}.json`), `${JSON.stringify(schema, null, 2)}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
