export { decimalText, unscaledDecimal } from './decimal-text';
export { fromTwosComplement, toTwosComplement, twosComplementLength } from './twos-complement';
