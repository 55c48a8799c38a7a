import type { PipelineSnapshot } from './observe';
import { parseSamples } from './prometheus-text';
import { renderLine, renderView } from './view';

const processes = [
  { name: 'cdc-ingest', service: 'cdc-ingest', httpPort: 9464, state: 'running', pid: 1, restarts: 0 },
  { name: 'lake-sink', service: 'lake-sink', httpPort: 9466, state: 'running', pid: 2, restarts: 2 },
  {
    name: 'projector',
    service: 'projector',
    httpPort: 9465,
    state: 'backing-off',
    pid: undefined,
    restarts: 5,
  },
];

function snapshot(at: number, ingested: number, history: number): PipelineSnapshot {
  return {
    at,
    state: { pid: 9, startedAt: '2026-12-06T00:00:00Z', processes },
    ready: new Map([
      ['cdc-ingest', true],
      ['lake-sink', false],
    ]),
    metrics: new Map([
      ['cdc-ingest', parseSamples(`lakestream_ingest_changes_out_total{table="orders",op="c"} ${ingested}`)],
      [
        'lake-sink',
        parseSamples(
          [
            `lakestream_lake_rows_written_total{table="orders_changes"} ${history}`,
            `lakestream_lake_rows_written_total{table="orders"} ${history * 5}`,
          ].join('\n'),
        ),
      ],
    ]),
    lag: new Map([
      ['lakestream-cdc-ingest', 0n],
      ['lakestream-lake-sink', 1_234n],
    ]),
    deadLetters: new Map([
      ['QUALITY_FORMAT', 2],
      ['AVRO_NOT_FRAMED', 1],
    ]),
    lake: [
      { table: 'orders', committedAt: at - 4_000, records: 8_120 },
      { table: 'customers', committedAt: at - 90_000, records: 3_000 },
    ],
    example: {
      url: 'http://127.0.0.1:8080/v1/inventory/ACME-TEC-00001',
      key: 'demo-key-acme-0001',
      status: 200,
    },
  };
}

describe('the live view', () => {
  const before = snapshot(Date.UTC(2026, 11, 6, 12), 1_000, 900);
  const now = snapshot(Date.UTC(2026, 11, 6, 12, 0, 2), 1_824, 1_700);

  it('fits 80 columns and shows rates, states, lag, dead letters, the lake and a request that works', () => {
    const lines = renderView(now, before, { hints: ['METRICS    http://127.0.0.1:9464/metrics'] });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(text).toMatch(/cdc-ingest\s+ready\s+0\s+412\s+1,824/);
    // History rows only: the current-state table counts the same changes again.
    expect(text).toMatch(/lake-sink\s+not ready\s+2\s+400\s+1,700/);
    expect(text).toMatch(/projector\s+backing-off\s+5/);
    expect(text).toContain('LAG        cdc-ingest 0 · lake-sink 1234');
    expect(text).toContain('DLQ        3: QUALITY_FORMAT 2 · AVRO_NOT_FRAMED 1');
    expect(text).toContain('orders 4 s ago (8,120 rows)');
    expect(text).toContain(
      "TRY (answers 200):\n  curl -H 'x-api-key: demo-key-acme-0001' \\\n    http://127.0.0.1:8080/v1/inventory/ACME-TEC-00001",
    );
  });

  it('says so when the pipeline is not running', () => {
    expect(renderView({ ...now, state: undefined }, undefined).join('\n')).toContain(
      'the pipeline is not running',
    );
  });

  it('degrades to one plain line per refresh', () => {
    expect(renderLine(now, before)).toBe(
      '12:00:02 cdc-ingest 412/s, enricher -, lake-sink 400/s, projector -, inventory-api -; lag 1234; dlq 3; lake tables 2; restarts 7',
    );
  });
});
