import type { StackPart } from '../part';
import { connectPart } from './connect';
import { dynamodbPart } from './dynamodb';
import { kafkaPart } from './kafka';
import { mariadbPart } from './mariadb';
import { prometheusPart } from './prometheus';
import { registryPart } from './registry';
import { s3Part } from './s3';

/** The local stack, in the order `status` lists it. */
export const stackParts: readonly StackPart[] = [
  kafkaPart,
  registryPart,
  mariadbPart,
  connectPart,
  s3Part,
  dynamodbPart,
  prometheusPart,
];
