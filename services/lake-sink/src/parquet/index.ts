export { decimalText, unscaledDecimal } from './decimal';
export { dataFileEncoder, type EncoderOptions, encodeDataFile, ROW_GROUP_ROWS } from './encode';
export { ParquetError, type ParquetErrorCode, parquetErrorCodes } from './errors';
export { readDataFileColumns } from './read';
