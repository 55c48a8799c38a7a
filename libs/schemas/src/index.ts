export { bigintLong } from './avro-long';
export { schemaRegistry } from './registry';
