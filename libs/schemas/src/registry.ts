import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { reusableAvroOptions } from './avro/options';

/**
 * A client for a Confluent-compatible registry (Confluent, Apicurio's ccompat API) that decodes every
 * Avro long as a bigint, so no timestamp or source position loses precision, and the logical types to
 * the README's values (decimal as text, timestamps and dates as numbers), like `avroType` does.
 */
export function schemaRegistry(confluentApiUrl: string): SchemaRegistry {
  // The registry inside these options is a getter, not a value: avsc adds every named type it parses
  // to the registry object it is given, and the client hands the same options to every parse, so one
  // shared object would refuse the second version of any schema ("duplicate type name"). The client
  // copies the options before each parse, which calls the getter once per schema.
  return new SchemaRegistry({ host: confluentApiUrl }, { [SchemaType.AVRO]: reusableAvroOptions() });
}
