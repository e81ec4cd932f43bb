import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.ts';
import { requireApiClient } from '../auth/api-keys.ts';
import { parseInput } from '../web/errors.ts';
import { orgInputSchema } from './schema.ts';
import { applyOrg } from './service.ts';

/** Organisation in from the HR/organisation systems (service-to-service, API key). */
export async function registerOrgRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.put('/api/v1/org', async (request) => {
    await requireApiClient(ctx.db, request);
    return applyOrg(ctx.db, parseInput(orgInputSchema, request.body), ctx.now());
  });

  app.get('/api/v1/org', async (request) => {
    await requireApiClient(ctx.db, request);
    const units = await ctx.db.selectFrom('unit').select(['id', 'kind', 'name', 'parent_id', 'owner', 'active']).orderBy('id').execute();
    const employees = await ctx.db.selectFrom('employee').select(['id', 'name', 'unit_id', 'role', 'employer', 'active']).orderBy('id').execute();
    return { units, employees };
  });
}
