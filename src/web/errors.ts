import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** An error the client caused; the body names each bad field. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    message: string,
    public readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** Parses input with one schema; on failure a 400 (or the given status) naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, status = 400): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpError(
    status,
    'Invalid input',
    result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
  );
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ error: error.message, fields: error.fields });
    }
    // Fastify's own client errors: malformed JSON, body too large, wrong content type.
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: error.message, code: error.code, fields: [] });
    }
    request.log.error(error);
    return reply.status(500).send({ error: 'Internal error' });
  });
}
