export { type QualityTable, qualityCatalog, qualityTables } from './catalog';
export { checkRow, isQualityTable, rulesFor } from './check';
export {
  type QualityCode,
  qualityCodes,
  UnknownTableError,
  type Violation,
  type ViolationCode,
} from './codes';
export type { Rule, RuleKind } from './rule';
