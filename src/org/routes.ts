import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/context.ts';
import { parseInput } from '../core/errors.ts';
import { orgInputSchema } from './schema.ts';
import { applyOrg } from './service.ts';

/** Organisation in from the HR/organisation systems (service-to-service, API key). */
export async function registerOrgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Only the HR/organisation systems, with their API key (access/guard.ts checks it).
  const system = { config: { access: 'api_key' } } as const;

  app.put('/api/v1/org', system, async (request) => {
    return applyOrg(ctx.db, parseInput(orgInputSchema, request.body), ctx.now());
  });

  app.get('/api/v1/org', system, async () => {
    const units = await ctx.db.selectFrom('unit').select(['id', 'kind', 'name', 'parent_id', 'owner', 'active']).orderBy('id').execute();
    const employees = await ctx.db
      .selectFrom('employee')
      .select(['id', 'name', 'unit_id', 'role', 'employer', 'active'])
      .orderBy('id')
      .execute();
    return { units, employees };
  });
}
