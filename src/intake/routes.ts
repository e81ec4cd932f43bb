import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/context.ts';
import { apiClientOf } from '../access/guard.ts';
import { parseInput } from '../core/errors.ts';
import { meetingBatchSchema } from './schema.ts';
import { ingestMeetings } from './service.ts';

/** Meeting events in from the case systems (service-to-service, API key). */
export async function registerIntakeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Only the case systems, with their API key (access/guard.ts checks it).
  const system = { config: { access: 'api_key' } } as const;

  app.post('/api/v1/meetings', system, async (request, reply) => {
    const client = apiClientOf(request);
    const [result] = await ingestMeetings(ctx, client.name, [request.body], null);
    const status = result.status === 'created' ? 201 : result.status === 'duplicate' ? 200 : 409;
    return reply.status(status).send(result);
  });

  // "::" escapes the colon in Fastify's router: the path is /api/v1/meetings:batch.
  app.post('/api/v1/meetings::batch', system, async (request, reply) => {
    const client = apiClientOf(request);
    const { meetings } = parseInput(meetingBatchSchema, request.body);
    const results = await ingestMeetings(ctx, client.name, meetings);
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return reply.status(200).send({
      created: count('created'),
      duplicate: count('duplicate'),
      conflict: count('conflict'),
      results,
    });
  });
}
