import type { Pool } from 'mysql2/promise';
import type { SimEvent } from './changes';
import { CreatedIds, runEvent } from './executor';

const event: SimEvent = {
  seq: 1,
  kind: 'payment.capture',
  tenantId: 't',
  changes: [
    {
      op: 'c',
      table: 'payments',
      creates: { ref: 4 },
      rows: [{ tenant_id: 't', order_id: 9, status: 'captured' }],
    },
    { op: 'u', table: 'orders', set: { status: 'paid' }, where: { id: 9 } },
  ],
};

const ok = (affectedRows: number, changedRows = 0, insertId = 0) => ({ affectedRows, changedRows, insertId });
const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });

/** A pool whose one connection answers each query from a script and records what it was sent. */
function scriptedPool(script: (sql: string) => unknown) {
  const sent: string[] = [];
  const connection = {
    query: async (sql: string) => {
      sent.push(sql.startsWith('START TRANSACTION') ? 'BATCH' : sql);
      const answer = script(sql);
      if (answer instanceof Error) throw answer;
      return [answer, []];
    },
    release: () => sent.push('release'),
    destroy: () => sent.push('destroy'),
  };
  return { pool: { getConnection: async () => connection } as unknown as Pool, sent };
}

const batch = [ok(0), ok(1, 0, 501), ok(0), ok(1, 1)];

describe('runEvent', () => {
  it('commits when every statement changed the rows the model expects, and learns the new ids', async () => {
    const { pool, sent } = scriptedPool((sql) => (sql.startsWith('START') ? batch : ok(0)));
    const ids = new CreatedIds();
    expect(await runEvent(pool, event, ids)).toEqual({ ok: true, retries: 0 });
    expect(sent).toEqual(['BATCH', 'COMMIT', 'release']);
    expect(ids.get(4)).toBe(501);
  });

  it('retries the whole transaction after a deadlock', async () => {
    let attempts = 0;
    const { pool, sent } = scriptedPool((sql) =>
      sql.startsWith('START') ? (attempts++ === 0 ? deadlock : batch) : ok(0),
    );
    expect(await runEvent(pool, event, new CreatedIds())).toEqual({ ok: true, retries: 1 });
    expect(sent).toEqual(['BATCH', 'ROLLBACK', 'BATCH', 'COMMIT', 'release']);
  });

  it('rolls back an update that changed nothing, which the binlog would not show', async () => {
    const { pool, sent } = scriptedPool((sql) =>
      sql.startsWith('START') ? [ok(0), ok(1, 0, 501), ok(0), ok(1, 0)] : ok(0),
    );
    const outcome = await runEvent(pool, event, new CreatedIds());
    expect(outcome).toEqual({
      ok: false,
      retries: 0,
      error: expect.stringMatching(/^orders u: expected 1 row\(s\) changed, matched 1 and changed 0/),
    });
    expect(sent).toEqual(['BATCH', 'ROLLBACK', 'release']);
  });

  it('fails without retrying on an error a retry cannot fix', async () => {
    const duplicate = Object.assign(new Error("Duplicate entry 'x'"), { errno: 1062 });
    const { pool, sent } = scriptedPool((sql) => (sql.startsWith('START') ? duplicate : ok(0)));
    expect(await runEvent(pool, event, new CreatedIds())).toEqual({
      ok: false,
      retries: 0,
      error: "Duplicate entry 'x'",
    });
    expect(sent).toEqual(['BATCH', 'ROLLBACK', 'release']);
  });

  it('fails an event whose parent row never got an id', async () => {
    const { pool, sent } = scriptedPool(() => ok(0));
    const orphan: SimEvent = {
      ...event,
      changes: [{ op: 'd', table: 'payments', where: { id: { ref: 99 } } }],
    };
    expect(await runEvent(pool, orphan, new CreatedIds())).toMatchObject({
      ok: false,
      error: expect.stringMatching(/#99/),
    });
    expect(sent).toEqual([]);
  });
});
