import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { errorBody } from './errors';

export interface RouteEntry {
  method: string;
  /** As registered, find-my-way syntax: `/v1/products/:sku`, `/v1/inventory::batchGet`. */
  url: string;
  /** Left out of the OpenAPI document (the ops routes). */
  hidden: boolean;
}

export interface RouteTable {
  routes(): readonly RouteEntry[];
  /** The methods registered for a request path (percent-encoded, as received), none if unknown. */
  methodsFor(path: string): string[];
}

/** `/v1/inventory::batchGet` (find-my-way's escaped colon) or `/x/:id` as a regular expression. */
function routePattern(url: string): RegExp {
  const segments = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':') && !segment.startsWith('::')
        ? '[^/]+'
        : segment.replace(/::/g, ':').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}$`);
}

/**
 * Every route as it is added (including the HEAD routes Fastify derives from GET), so a known path
 * asked with another method is answered 405 with an `allow` header rather than 404. Install before
 * any route is registered.
 */
export function routeTable(app: FastifyInstance): RouteTable {
  const entries: (RouteEntry & { pattern: RegExp })[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of [route.method].flat()) {
      entries.push({ method, url: route.url, hidden, pattern: routePattern(route.url) });
    }
  });
  return {
    routes: () => entries.map(({ method, url, hidden }) => ({ method, url, hidden })),
    methodsFor(path) {
      // The router ignores one trailing slash (ignoreTrailingSlash), so the 405 check does too.
      const bare = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
      return [...new Set(entries.filter((e) => e.pattern.test(bare)).map((e) => e.method))];
    },
  };
}

/** No route for the path and method: 405 with `allow` when the path has other methods, else 404. */
export function unroutedHandler(table: RouteTable) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const allowed = table.methodsFor(request.url.split('?')[0] ?? '');
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`));
    }
    return reply.code(404).send(errorBody('NOT_FOUND', 'no such route'));
  };
}
