import type { Database } from '../db/database.ts';
import { isLang, type Lang } from '../i18n/index.ts';

/**
 * The language each employee last picked on a page (the shell's language switch), kept so what the
 * system sends them — calendar invitations — is in their language, not in the sender's. Written only
 * when the pick changes (web/lang.ts calls `remember` then), read by the senders; bokmål until they pick.
 */
export async function rememberEmployeeLanguage(db: Database, employeeId: string, language: Lang, now: Date): Promise<void> {
  await db
    .insertInto('employee_preference')
    .values({ employee_id: employeeId, language, updated_at: now })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet({ language, updated_at: now }))
    .execute();
}

/** Each employee's language, bokmål for one who has not picked any. */
export async function employeeLanguages(db: Database, employeeIds: readonly string[]): Promise<Map<string, Lang>> {
  const out = new Map<string, Lang>(employeeIds.map((id) => [id, 'nb']));
  if (employeeIds.length === 0) return out;
  const rows = await db
    .selectFrom('employee_preference')
    .select(['employee_id', 'language'])
    .where('employee_id', 'in', [...employeeIds])
    .execute();
  for (const r of rows) if (isLang(r.language)) out.set(r.employee_id, r.language);
  return out;
}
