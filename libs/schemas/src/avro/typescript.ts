import { type AvroJson, type AvroJsonObject, fullName, type RecordJson, shortName } from './schema-json';

/** A named type that stands for a type parameter: the change-event template's row placeholder. */
export interface TypeParameter {
  /** Full Avro name of the placeholder. */
  readonly placeholder: string;
  /** The TypeScript type parameter it becomes, e.g. `Row`. */
  readonly name: string;
}

const PRIMITIVES: Readonly<Record<string, string>> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'bigint', // every plain long decodes as a bigint (bigintLong)
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

const LINE_WIDTH = 110; // biome.json formatter.lineWidth, so the generated files need no formatting

/**
 * TypeScript declarations for every named type in `schema`, the outermost first, with the values our
 * avsc options decode to (README, Row values). Docs become JSDoc, with a note on what a logical type's
 * number or string means.
 */
export function tsDeclarations(schema: AvroJson, typeParameter?: TypeParameter): string {
  const blocks: string[] = [];
  const declared = new Set<string>();
  const generic = new Set<string>();
  let usesParameter = false; // in the record being declared

  const typeOf = (type: AvroJson, namespace: string | undefined): string => {
    if (Array.isArray(type)) return unionOf(type.map((branch) => typeOf(branch, namespace)));
    if (typeof type === 'string') return referenceTo(type, namespace);
    const logical = logicalValueType(type);
    if (logical) return logical;
    switch (type.type) {
      case 'record':
      case 'error':
        return declareRecord(type as RecordJson, namespace);
      case 'enum':
        return declareEnum(type, namespace);
      case 'fixed':
        return declareAlias(type, namespace, 'Buffer');
      case 'array':
        return `${parenthesized(typeOf(type.items as AvroJson, namespace))}[]`;
      case 'map':
        return `Record<string, ${typeOf(type.values as AvroJson, namespace)}>`;
      default:
        return typeOf(type.type, namespace); // a primitive written as { "type": "string" }
    }
  };

  const referenceTo = (name: string, namespace: string | undefined): string => {
    const primitive = PRIMITIVES[name];
    if (primitive) return primitive;
    const full = fullName(name, namespace);
    if (full === typeParameter?.placeholder) {
      usesParameter = true;
      return typeParameter.name;
    }
    if (!declared.has(full)) throw new Error(`${full} is used before it is defined`);
    if (!generic.has(full)) return shortName(full);
    usesParameter = true;
    return `${shortName(full)}<${typeParameter?.name}>`;
  };

  const declare = (type: AvroJsonObject, namespace: string | undefined): { full: string; slot: number } => {
    const full = fullName(String(type.name), (type.namespace as string | undefined) ?? namespace);
    declared.add(full);
    return { full, slot: blocks.push('') - 1 }; // reserve the slot so the outer type comes first
  };

  const declareRecord = (record: RecordJson, namespace: string | undefined): string => {
    const { full, slot } = declare(record, namespace);
    const inner = full.slice(0, Math.max(full.lastIndexOf('.'), 0)) || undefined;
    const outerUses = usesParameter;
    usesParameter = false;
    const members = record.fields.map(
      (field) =>
        `${jsDoc(fieldDoc(field.doc, field.type), '  ')}  ${field.name}: ${typeOf(field.type, inner)};`,
    );
    const isGeneric = usesParameter;
    usesParameter = outerUses || isGeneric;
    if (isGeneric) generic.add(full);
    const name = `${shortName(full)}${isGeneric ? `<${typeParameter?.name}>` : ''}`;
    blocks[slot] = `${jsDoc(record.doc, '')}export interface ${name} {\n${members.join('\n')}\n}`;
    return name;
  };

  const declareEnum = (type: AvroJsonObject, namespace: string | undefined): string => {
    const symbols = (type.symbols as string[]).map((symbol) => `'${symbol}'`);
    return declareAlias(type, namespace, symbols.join(' | '));
  };

  const declareAlias = (type: AvroJsonObject, namespace: string | undefined, value: string): string => {
    const { full, slot } = declare(type, namespace);
    blocks[slot] = `${jsDoc(type.doc as string | undefined, '')}export type ${shortName(full)} = ${value};`;
    return shortName(full);
  };

  typeOf(schema, undefined);
  return blocks.join('\n\n');
}

function unionOf(branches: string[]): string {
  const nonNull = branches.filter((branch) => branch !== 'null');
  return [...nonNull, ...(nonNull.length < branches.length ? ['null'] : [])].join(' | ');
}

function parenthesized(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

/** The TypeScript value of the logical types our avsc options implement (see LOGICAL_TYPES). */
function logicalValueType(type: AvroJsonObject): string | undefined {
  if (type.logicalType === 'decimal' && type.type === 'bytes') return 'string';
  if (type.logicalType === 'date' && type.type === 'int') return 'number';
  if (typeof type.logicalType === 'string' && /^(local-)?timestamp-(millis|micros)$/.test(type.logicalType)) {
    return type.type === 'long' ? 'bigint' : undefined;
  }
  return undefined;
}

/** What a logical type's value means, since `number` or `string` alone does not say. */
function logicalNote(type: AvroJson): string | undefined {
  if (Array.isArray(type)) return type.map(logicalNote).find((note) => note !== undefined);
  if (typeof type === 'string' || !logicalValueType(type)) return undefined;
  switch (type.logicalType) {
    case 'decimal':
      return `decimal(${type.precision},${type.scale ?? 0}) as plain text with exactly ${type.scale ?? 0} decimals.`;
    case 'date':
      return 'Days since 1970-01-01.';
    case 'timestamp-millis':
    case 'timestamp-micros':
      return 'UTC epoch microseconds.';
    default:
      return 'Wall-clock time (no zone) as epoch microseconds, read as UTC.';
  }
}

function fieldDoc(doc: string | undefined, type: AvroJson): string | undefined {
  const parts = [doc, logicalNote(type)].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** A JSDoc comment on one line when it fits, else wrapped at the formatter's line width. */
function jsDoc(text: string | undefined, indent: string): string {
  if (!text) return '';
  const safe = text.replaceAll('*/', '*\\/');
  const oneLine = `${indent}/** ${safe} */`;
  if (oneLine.length <= LINE_WIDTH) return `${oneLine}\n`;
  const lines: string[] = [];
  let line = '';
  for (const word of safe.split(/\s+/)) {
    if (line && `${indent} * ${line} ${word}`.length > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join('')}${indent} */\n`;
}
