import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context.ts';
import { actorOf } from '../access/guard.ts';
import { requestLang } from '../web/lang.ts';
import { parseInput } from '../core/errors.ts';
import { digestSetting, setDigest } from './digest.ts';

/** The counselor's own switch for the monthly results e-mail: a form on /me, and the same as JSON. */
export async function registerDigestRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const signedIn = { config: { access: 'signed_in' } } as const;

  app.get('/api/v1/me/digest', signedIn, async (request) => {
    const actor = actorOf(request);
    return digestSetting(ctx, actor.employeeId);
  });

  app.put('/api/v1/me/digest', signedIn, async (request) => {
    const actor = actorOf(request);
    const body = parseInput(z.object({ monthly_digest: z.boolean() }), request.body, 422);
    await setDigest(ctx, actor.employeeId, body.monthly_digest, requestLang(request));
    return digestSetting(ctx, actor.employeeId);
  });

  app.post('/me/digest', signedIn, async (request, reply) => {
    const actor = actorOf(request);
    // An unchecked checkbox is simply absent from the form.
    const body = parseInput(z.object({ monthly_digest: z.literal('on').optional() }), request.body ?? {}, 422);
    const lang = requestLang(request);
    await setDigest(ctx, actor.employeeId, body.monthly_digest === 'on', lang);
    return reply.redirect(`/me?lang=${lang}#digest`, 303);
  });
}
