import { writeFile } from 'node:fs/promises';
import { type Profiler, Session } from 'node:inspector';
import { join } from 'node:path';

// A CPU profile of one phase of a benchmark (not the whole process, as node --cpu-prof would take,
// which would mix producing the input with the work measured). Open the file in Chrome DevTools.

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/** Runs `work`, profiled into `<dir>/<label>.cpuprofile` when a folder is given. */
export async function profiled<T>(
  dir: string | undefined,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
  await post(session, 'Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
    await writeFile(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
