/**
 * Renders a column value inside a violation's reason. Reasons travel in Kafka headers and end up in
 * logs and alerts, so values are kept short, and PII columns (emails, phone numbers) are never
 * echoed: the enricher pseudonymises them downstream, and a DLQ header must not undo that.
 */
const maxShown = 60;

export function show(value: unknown, pii = false): string {
  if (value === undefined) return 'no value (the column is absent)';
  if (value === null) return 'null';
  if (pii)
    return typeof value === 'string' ? `a redacted value of ${value.length} characters` : describeType(value);
  if (typeof value === 'string') {
    return value.length <= maxShown
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, maxShown))}… (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  return describeType(value);
}

/** "a number", "an array", ...: says what arrived when it is the wrong type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}

/** `12.3 (a number)`: a wrongly typed value and its type, since `12.3` and `"12.3"` read alike. */
export function showWithType(value: unknown, pii = false): string {
  const shown = show(value, pii);
  const type = describeType(value);
  return shown === type ? shown : `${shown} (${type})`;
}
