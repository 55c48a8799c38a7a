import { apiErrors } from '../errors';
import { exchange, type RawRequest, type RawResponse } from './raw-http';
import type { FuzzCase } from './request-fuzz';

const closedCodes = apiErrors as Record<string, number>;

/** What is wrong with a response, by the rules every response follows; empty when nothing is. */
export function problemsOf(request: RawRequest, response: RawResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  if (response.status === 405) {
    const allow = response.headers.allow;
    if (allow === undefined) problems.push('405 without allow');
    else if (allow.split(', ').includes(request.method))
      problems.push(`405 but allow lists ${request.method}`);
  }
  if (response.status >= 400 && request.method !== 'HEAD') {
    let body: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = JSON.parse(response.body);
    } catch {
      problems.push(`body is not JSON: ${JSON.stringify(response.body.slice(0, 120))}`);
    }
    const code = body?.error?.code;
    if (body && (typeof code !== 'string' || closedCodes[code] === undefined)) {
      problems.push(`code ${JSON.stringify(code)} is not in the closed list`);
    } else if (body && closedCodes[code as string] !== response.status) {
      problems.push(`code ${code} is ${closedCodes[code as string]}, answered with ${response.status}`);
    }
    if (body && typeof body.error?.message !== 'string') problems.push('no message');
    if (!/^application\/json/.test(response.headers['content-type'] ?? '')) {
      problems.push(`content-type ${response.headers['content-type']}`);
    }
  }
  return problems;
}

export const describeRequest = (request: RawRequest) =>
  `${request.method} ${request.target.slice(0, 160)} ${JSON.stringify(request.headers.map(([n, v]) => [n, v.slice(0, 40)]))}` +
  ` body ${JSON.stringify((request.body ?? Buffer.alloc(0)).toString('latin1').slice(0, 80))}`;

export interface Answer {
  fuzz: FuzzCase;
  response: RawResponse;
}

/** Sends each case in turn to the app on `port`; a case with no complete answer fails the run. */
export async function answersTo(port: number, cases: FuzzCase[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const fuzz of cases) {
    const response = await exchange(port, fuzz.request, 10_000).catch((error: Error) => {
      throw new Error(`${describeRequest(fuzz.request)}: ${error.message}`);
    });
    answers.push({ fuzz, response });
  }
  return answers;
}

/** The first ten answers that break a rule, each with its case number, request and problems. */
export const ruleBreaches = (answers: Answer[]) =>
  answers
    .map(({ fuzz, response }, i) => ({ i, fuzz, response, problems: problemsOf(fuzz.request, response) }))
    .filter((f) => f.problems.length > 0)
    .slice(0, 10)
    .map(
      (f) => `#${f.i} ${describeRequest(f.fuzz.request)} → ${f.response.status}: ${f.problems.join('; ')}`,
    );
