/**
 * hyparquet and hyparquet-writer are ES modules only. import() loads them from this compiled
 * CommonJS package on any Node 20 (no reliance on require(esm)), and its type is how the code
 * reaches their types: a type-only import would need an import attribute biome cannot parse.
 */
export const loadReader = () => import('hyparquet');
export const loadWriter = () => import('hyparquet-writer');

type Reader = Awaited<ReturnType<typeof loadReader>>;
export type FileMetaData = ReturnType<Reader['parquetMetadata']>;
export type SchemaElement = FileMetaData['schema'][number];
export type ParquetParsers = NonNullable<NonNullable<Parameters<Reader['parquetMetadata']>[1]>['parsers']>;
