import type { FastifyRequest } from 'fastify';

/** A request's path, without its query. */
export const pathOf = (req: FastifyRequest): string => req.url.split('?', 1)[0]!;

/** The route pattern a handled request matched (`/workflows/:id`), not its raw path; undefined when none did. */
export function routePatternOf(req: FastifyRequest): string | undefined {
  // Fastify's not-found handler has no route of its own: its url is undefined there.
  return req.routeOptions.url || undefined;
}
