import type { RecordJson } from './avro/schema-json';

const CONTENT_TYPE = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

/** Registered, with the registry's id and the version it has under the subject. */
export interface Registration {
  id: number;
  version: number;
}

/** The registry refused the schema itself: not compatible with the subject, or not valid. */
export interface Refusal {
  refused: string;
}

/**
 * Registers the schemas a service writes under their subjects, keeping each subject BACKWARD
 * compatible, and safe when several instances (cdc-ingest, the enricher) meet a new subject at once. The schema-registry client's
 * own flow (read the subject's level, register, set the level only when the read found none) fails
 * in that race: a peer that reads between another's register and its level setting sees the global
 * level and throws, and two that both set it first have one refused with 409 (Apicurio: "A rule
 * named 'COMPATIBILITY' already exists"), which looks like an incompatible schema and dead-letters a
 * good record. Here only a 409 or 422 of the registration itself is a refusal; anything else
 * unexpected is thrown, and the record is retried.
 */
export function subjectRegistration(options: { registryUrl: string; fetch?: typeof fetch }) {
  const doFetch = options.fetch ?? fetch;
  const url = (path: string) => `${options.registryUrl}${path}`;
  /** Subjects whose level this process has seen set to BACKWARD. */
  const backward = new Set<string>();

  async function failure(response: Response, what: string): Promise<Error> {
    const body = await response.text().catch(() => '');
    return new Error(`${what} answered ${response.status}: ${body.slice(0, 300)}`);
  }

  async function ensureBackward(subject: string): Promise<void> {
    if (backward.has(subject)) return;
    const path = `/config/${encodeURIComponent(subject)}`;
    const set = await doFetch(url(path), {
      method: 'PUT',
      headers: CONTENT_TYPE,
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
    if (!set.ok) {
      // A peer created the subject's level between our register and this: fine if it is BACKWARD.
      if (set.status !== 409) throw await failure(set, `setting ${subject} to BACKWARD`);
      const read = await doFetch(url(path));
      if (!read.ok) throw await failure(read, `reading the level of ${subject}`);
      const level = ((await read.json()) as { compatibilityLevel?: string }).compatibilityLevel;
      if (level?.toUpperCase() !== 'BACKWARD') {
        throw new Error(`${subject} is ${level} compatible after a concurrent change, not BACKWARD`);
      }
    }
    backward.add(subject);
  }

  async function versionOf(subject: string, schema: string): Promise<number> {
    const response = await doFetch(url(`/subjects/${encodeURIComponent(subject)}`), {
      method: 'POST',
      headers: CONTENT_TYPE,
      body: JSON.stringify({ schema }),
    });
    if (!response.ok) throw await failure(response, `looking up the version under ${subject}`);
    return ((await response.json()) as { version: number }).version;
  }

  return {
    /** Registers `schema` under `subject` (a no-op for a schema it holds) and sets it BACKWARD. */
    async register(subject: string, full: RecordJson): Promise<Registration | Refusal> {
      const schema = JSON.stringify(full);
      const response = await doFetch(url(`/subjects/${encodeURIComponent(subject)}/versions`), {
        method: 'POST',
        headers: CONTENT_TYPE,
        body: JSON.stringify({ schema }),
      });
      if (response.status === 409 || response.status === 422) {
        return { refused: (await failure(response, `registering under ${subject}`)).message };
      }
      if (!response.ok) throw await failure(response, `registering under ${subject}`);
      const { id } = (await response.json()) as { id: number };
      // Once a version exists, as the client's flow set it. Until then a peer's next version is not
      // checked against this one; the instances write the same schemas.
      await ensureBackward(subject);
      return { id, version: await versionOf(subject, schema) };
    },
  };
}
