import { encodeDataFile, readDataFileColumns } from '@lakestream/iceberg';
import { isRecordJson, loadChangeEventSchema, type RecordJson } from '@lakestream/schemas';
import { joinLocation, type WarehouseStorage } from '@lakestream/storage';
import { type ColumnShape, rowColumns } from '../lake/columns';
import { type IncomingChange, TableWriter } from '../lake/table-writer';
import { orderChanges, type Workload } from './order-workload';

// Lake tables for the lake benchmarks and tests, written by lake-sink's own TableWriter (the code the service
// commits with) straight from generated ChangeEvents, without Kafka: `orders` (current state, with
// position deletes for every update) and `orders_changes` (history), one commit per chunk.

function orderColumns(): ColumnShape[] {
  const schema = loadChangeEventSchema('orders') as unknown as RecordJson;
  const before = schema.fields.find((f) => f.name === 'before');
  const branches = before ? (Array.isArray(before.type) ? before.type : [before.type]) : [];
  const row = branches.find(
    (b): b is RecordJson => typeof b === 'object' && !Array.isArray(b) && isRecordJson(b),
  );
  if (!row) throw new Error('the orders ChangeEvent schema has no row record');
  return rowColumns(row);
}

export interface WrittenTables {
  commits: number;
  changes: number;
  seconds: number;
}

/**
 * Writes `changes` order changes (update-heavy: half inserts, half updates of earlier orders) into
 * `<warehouse>/<namespace>/orders` and `orders_changes`, `chunk` changes per commit.
 */
export async function writeOrderTables(
  storage: WarehouseStorage,
  options: {
    namespace?: string;
    changes: number;
    chunk: number;
    workload?: Workload;
    tables?: ('current' | 'changes')[];
    onProgress?: (written: number) => void;
  },
): Promise<WrittenTables> {
  const namespace = options.namespace ?? 'globalmart';
  const columns = orderColumns();
  const kinds = options.tables ?? ['current', 'changes'];
  const writers = kinds.map(
    (kind) =>
      new TableWriter(
        { namespace, name: kind === 'current' ? 'orders' : 'orders_changes', kind },
        joinLocation(storage.root, namespace, kind === 'current' ? 'orders' : 'orders_changes'),
        'bench.changes.orders',
        { storage, encode: encodeDataFile, readColumns: readDataFileColumns, now: Date.now },
      ),
  );
  for (const writer of writers) await writer.open();
  const started = performance.now();
  let offset = 0n;
  let written = 0;
  let commits = 0;
  for (const chunk of orderChanges(options.workload ?? 'update-heavy', options.changes, 7, options.chunk)) {
    for (const event of chunk) {
      const change: IncomingChange = { partition: 0, offset, event, columns };
      offset += 1n;
      for (const writer of writers) writer.accept(change);
    }
    for (const writer of writers) await writer.flush();
    commits += 1;
    written += chunk.length;
    options.onProgress?.(written);
  }
  return { commits, changes: written, seconds: (performance.now() - started) / 1000 };
}
