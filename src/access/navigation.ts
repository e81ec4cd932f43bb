import type { FastifyRequest } from 'fastify';
import { translator, type Lang } from '../i18n/index.ts';
import { pageNames, roleNames, type PageId } from '../i18n/vocabulary.ts';
import type { MenuEntry, ShellFrame } from '../web/shell.tsx';
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
  sharedWithMe: '/shared-with-me',
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
  if (counselor) pages.push('me', 'meFair', 'meSharing', 'meAudit', 'meComments');
  if (groupReader) pages.push('reports', 'fair');
  if (mayAnalyseStaffSurveys(actor)) pages.push('staff');
  if (counselor || actor.leaderOf.length > 0) pages.push('sharedWithMe');
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

/** The shell of the signed-in reader's page (their name, roles, menu), for the page they asked for. */
export function shellFrame(request: FastifyRequest, tree: UnitTree, lang: Lang): ShellFrame {
  const actor = actorOf(request);
  return { name: actor.name, roles: roleLabel(actor, lang), home: '/home', menu: menuFor(actor, tree, lang), url: request.url };
}
