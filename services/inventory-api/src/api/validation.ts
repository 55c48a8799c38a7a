import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Request validation as the route schemas say, and nothing looser. Fastify's default Ajv coerces
 * every part (`coerceTypes: 'array'`): in a JSON body `"skus": "A"` became ["A"] and
 * `warehouseIds: [false]` became ["false"], so the body accepted what its schema refuses. Path and
 * query values are text by nature, so they alone are coerced (`below=5` is the integer 5); a body
 * is JSON with types of its own, so it is taken as sent. Unknown properties are refused rather than
 * dropped (`removeAdditional: false`): the document says `additionalProperties: false`, so a typo
 * such as `?limt=5` is a 400, not a silently ignored parameter.
 */
export function strictValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const pool = AjvCompiler();
  const common = { removeAdditional: false, useDefaults: true, allErrors: false } as const;
  const asSent = pool({}, { customOptions: { ...common, coerceTypes: false } });
  const fromText = pool({}, { customOptions: { ...common, coerceTypes: true } });
  return (route) => {
    const compile = route.httpPart === 'body' ? asSent : fromText;
    return compile(route as Parameters<typeof compile>[0]) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
