import type { RecordJson } from './avro/schema-json';
import { subjectRegistration } from './subject-registration';

const schema: RecordJson = { type: 'record', name: 'Thing', fields: [{ name: 'id', type: 'long' }] };

/** A registry stub: each request is answered by the first route whose method and path match. */
function registry(routes: { method: string; path: RegExp; status: number; body: unknown }[]) {
  const calls: string[] = [];
  const stub = async (url: string | URL | Request, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(String(url)).pathname;
    calls.push(`${method} ${path}`);
    const route = routes.find((r) => r.method === method && r.path.test(path));
    if (!route) return new Response('{}', { status: 404 });
    return new Response(JSON.stringify(route.body), { status: route.status });
  };
  return { fetch: stub as typeof fetch, calls };
}

const registered = { method: 'POST', path: /\/versions$/, status: 200, body: { id: 7 } };
const version = { method: 'POST', path: /^\/subjects\/[^/]+$/, status: 200, body: { version: 2 } };
const levelSet = { method: 'PUT', path: /^\/config\//, status: 200, body: { compatibility: 'BACKWARD' } };

describe('subjectRegistration', () => {
  it('registers, sets the subject BACKWARD once, and reports the id and version', async () => {
    const stub = registry([registered, version, levelSet]);
    const subjects = subjectRegistration({ registryUrl: 'http://registry.test', fetch: stub.fetch });
    expect(await subjects.register('t-value', schema)).toEqual({ id: 7, version: 2 });
    expect(await subjects.register('t-value', schema)).toEqual({ id: 7, version: 2 });
    expect(stub.calls.filter((c) => c.startsWith('PUT'))).toEqual(['PUT /config/t-value']);
  });

  it('takes a 409 on setting the level as a peer having set it, when the level reads BACKWARD', async () => {
    const stub = registry([
      registered,
      version,
      {
        method: 'PUT',
        path: /^\/config\//,
        status: 409,
        body: { message: "A rule named 'COMPATIBILITY' already exists" },
      },
      { method: 'GET', path: /^\/config\//, status: 200, body: { compatibilityLevel: 'BACKWARD' } },
    ]);
    const subjects = subjectRegistration({ registryUrl: 'http://registry.test', fetch: stub.fetch });
    expect(await subjects.register('t-value', schema)).toEqual({ id: 7, version: 2 });
  });

  it('throws (the record is retried) when a concurrent change left the subject at another level', async () => {
    const stub = registry([
      registered,
      version,
      { method: 'PUT', path: /^\/config\//, status: 409, body: {} },
      { method: 'GET', path: /^\/config\//, status: 200, body: { compatibilityLevel: 'NONE' } },
    ]);
    const subjects = subjectRegistration({ registryUrl: 'http://registry.test', fetch: stub.fetch });
    await expect(subjects.register('t-value', schema)).rejects.toThrow(/NONE compatible/);
  });

  it('reports a 409 or 422 of the registration itself as the refusal, with the registry’s words', async () => {
    for (const status of [409, 422]) {
      const stub = registry([
        {
          method: 'POST',
          path: /\/versions$/,
          status,
          body: { message: 'Schema being registered is incompatible' },
        },
      ]);
      const subjects = subjectRegistration({ registryUrl: 'http://registry.test', fetch: stub.fetch });
      const outcome = await subjects.register('t-value', schema);
      expect(outcome).toEqual({ refused: expect.stringContaining('incompatible') });
      expect(stub.calls.some((c) => c.startsWith('PUT'))).toBe(false);
    }
  });

  it('throws on a registry error that a retry may cure, never refusing the record', async () => {
    const stub = registry([{ method: 'POST', path: /\/versions$/, status: 503, body: { message: 'busy' } }]);
    const subjects = subjectRegistration({ registryUrl: 'http://registry.test', fetch: stub.fetch });
    await expect(subjects.register('t-value', schema)).rejects.toThrow(/answered 503/);
  });
});
