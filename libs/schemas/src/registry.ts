import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { bigintLong } from './avro-long';

/**
 * A client for a Confluent-compatible registry (Confluent, Apicurio's ccompat API) that decodes every
 * Avro long as a bigint, so no timestamp or source position loses precision.
 */
export function schemaRegistry(confluentApiUrl: string): SchemaRegistry {
  const avroOptions = {
    // A getter, not a value: avsc adds every named type it parses to the registry object it is
    // given, and the client hands the same options to every parse, so one shared object would refuse
    // the second version of any schema ("duplicate type name"). The client copies the options before
    // each parse, which calls this once per schema.
    get registry() {
      return { long: bigintLong };
    },
  };
  return new SchemaRegistry({ host: confluentApiUrl }, { [SchemaType.AVRO]: avroOptions });
}
