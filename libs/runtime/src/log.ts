import pino, { type Logger } from 'pino';

export type StructuredLog = Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;

/** JSON lines on stdout, one per event worth reading; the level comes from LOG_LEVEL. */
export function serviceLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}

/** A logger that drops everything, for tests and benchmarks whose output is the assertion or table. */
export const silentLog: StructuredLog = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
} as unknown as StructuredLog;
