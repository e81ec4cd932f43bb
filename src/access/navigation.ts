import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { pageNames, roleNames, type PageId } from '../i18n/vocabulary.ts';
import type { MenuEntry, ShellFrame } from '../web/shell.tsx';
import type { AppContext } from '../core/context.ts';
import { currentEmployee } from '../auth/session.ts';
import { loadActor, loadUnitTree } from './actor.ts';
import { actorOf, mayAnalyseStaffSurveys } from './guard.ts';
import { ownedUnits, rolesOf, type Actor, type UnitTree } from './scope.ts';

/**
 * The application menu and start page of each employee, from their roles: a page is in the menu
 * exactly when the reader's roles open it (the same rules as the routes' access), and each role
 * starts where its work is — a counselor at their own results, a leader at the unit they lead, an
 * analyst at the county or nation side by side, the administrator at the monitoring.
 */

const PAGE_PATHS: Record<PageId, string> = {
  me: '/me',
  meFair: '/me/fair',
  meSharing: '/me/sharing',
  meComments: '/me/comments',
  meAudit: '/me/audit',
  meNotes: '/me/notes',
  sharedWithMe: '/shared-with-me',
  circles: '/groups',
  competence: '/competence',
  reports: '/reports',
  fair: '/analysis/fair',
  staff: '/analysis/staff',
  localQuestions: '/local-questions',
  policies: '/policies',
  monitoring: '/admin/monitoring',
  roles: '/admin',
  moderation: '/admin/comments',
  review: '/admin/local-questions',
};

/** The pages the actor's roles open, in menu order: their own work first, then what they lead or analyse, then administration. */
export function menuPages(actor: Actor, tree: UnitTree): PageId[] {
  const roles = rolesOf(actor);
  const counselor = roles.includes('counselor');
  const groupReader = roles.some((role) => role !== 'counselor');
  const pages: PageId[] = [];
  if (counselor) pages.push('me', 'meFair', 'meSharing', 'meAudit', 'meComments', 'meNotes');
  if (groupReader) pages.push('reports', 'fair');
  if (mayAnalyseStaffSurveys(actor)) pages.push('staff');
  if (counselor || actor.leaderOf.length > 0) pages.push('sharedWithMe', 'circles');
  // The office's competence activities: its staff read the register, its leaders write it (src/competence).
  if (counselor || actor.leaderOf.length > 0) pages.push('competence');
  if (ownedUnits(actor, tree).length > 0) pages.push('localQuestions');
  if (actor.administrator || actor.leaderOf.some((id) => tree.get(id)?.kind === 'office' && tree.get(id)?.active)) pages.push('policies');
  if (actor.administrator) pages.push('monitoring', 'roles', 'moderation', 'review');
  return pages;
}

export const pagePath = (page: PageId): string => PAGE_PATHS[page];

/** Where the actor starts (after logging in, and behind the product name in the header). */
export function landingFor(actor: Actor, tree: UnitTree): string {
  if (actor.administrator) return PAGE_PATHS.monitoring;
  const nation = [...tree.values()].find((u) => u.kind === 'nation' && u.active);
  if (actor.nationalAnalyst && nation) return `/units/${encodeURIComponent(nation.id)}`;
  const analysed = actor.countyAnalystOf.find((id) => tree.get(id)?.active);
  if (analysed) return `/units/${encodeURIComponent(analysed)}`;
  const led = actor.leaderOf.filter((id) => tree.get(id)?.active);
  if (led.length === 1) return `/units/${encodeURIComponent(led[0])}`;
  if (led.length > 1) return PAGE_PATHS.reports;
  return actor.job === 'counselor' ? PAGE_PATHS.me : PAGE_PATHS.reports;
}

export function roleLabel(actor: Actor, lang: Lang): string {
  const t = translator(roleNames, lang);
  const roles = rolesOf(actor);
  return roles.length > 0 ? roles.map((role) => t(role)).join(' · ') : t('counselor');
}

export function menuFor(actor: Actor, tree: UnitTree, lang: Lang): MenuEntry[] {
  const t = translator(pageNames, lang);
  return menuPages(actor, tree).map((page) => ({ href: PAGE_PATHS[page], label: t(page) }));
}

/**
 * The shell of the signed-in reader's page (their name, roles, menu), for the page they asked for.
 * `url`: the address the language links keep and the menu marks; by default the address read (a GET),
 * and for the answer to a form (a POST) the page it belongs to, or else the reader's start page, since
 * the form's own address cannot be opened as a link.
 */
export function shellFrame(
  request: FastifyRequest,
  tree: UnitTree,
  lang: Lang,
  opts: { url?: string; actor?: Actor; switchLanguage?: boolean } = {},
): ShellFrame {
  const actor = opts.actor ?? actorOf(request);
  const url = opts.url ?? (request.method === 'GET' || request.method === 'HEAD' ? request.url : '/home');
  return {
    name: actor.name,
    roles: roleLabel(actor, lang),
    home: '/home',
    menu: menuFor(actor, tree, lang),
    url,
    ...(opts.switchLanguage === false ? { switchLanguage: false } : {}),
  };
}

/** The same, reading the unit tree first (for a route handler that has not). */
export async function pageFrame(
  db: Database,
  request: FastifyRequest,
  lang: Lang,
  opts: { url?: string; switchLanguage?: boolean } = {},
): Promise<ShellFrame> {
  return shellFrame(request, await loadUnitTree(db), lang, opts);
}

/**
 * The shell of an error page, when a signed-in employee reads it: the actor the access guard found,
 * or, for an address that has no route (the guard does not run for it), the session's. Null for
 * everyone else (the citizen's pages, the signed out) and when the frame cannot be read (the
 * database may be what failed): the error page then stands on its own.
 */
export async function errorPageFrame(ctx: AppContext, request: FastifyRequest, lang: Lang): Promise<ShellFrame | null> {
  try {
    let actor = request.actor ?? null;
    if (!actor && request.is404) {
      const employee = await currentEmployee(request, ctx);
      actor = employee ? await loadActor(ctx.db, employee.id) : null;
    }
    if (!actor) return null;
    return shellFrame(request, await loadUnitTree(ctx.db), lang, { actor });
  } catch {
    return null;
  }
}
