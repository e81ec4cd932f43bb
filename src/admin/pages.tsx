import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { DataTable } from '../web/data-table.tsx';
import { Alert, BodyLong, BodyShort, Button, Heading, Select } from '@navikt/ds-react';
import type React from 'react';
import { translator, type Lang } from '../i18n/index.ts';
import { pageNames, unitKindNames, type UnitKindName } from '../i18n/vocabulary.ts';
import type { GrantedRole } from '../db/schema.ts';
import { adminMessages } from './messages.ts';
import { GRANTED_ROLES, type GrantView } from './roles.ts';
import { formatDateTime } from '../i18n/format.ts';
import { fieldLine, type DescribedError } from '../web/error-handler.tsx';

export type AdminT = ReturnType<typeof translator<keyof (typeof adminMessages)['en']>>;

export function roleLabel(t: AdminT, role: GrantedRole): string {
  const keys = {
    leader: 'roleLeader',
    county_analyst: 'roleCountyAnalyst',
    national_analyst: 'roleNationalAnalyst',
    administrator: 'roleAdministrator',
  } as const;
  return t(keys[role]);
}

export interface RolesPageData {
  /** TIME_ZONE: grant and audit times are local clock times. */
  timeZone: string;
  grants: GrantView[];
  employees: Array<{ id: string; name: string }>;
  units: Array<{ id: string; name: string; kind: UnitKindName }>;
  audit: Array<{ at: string; actor_id: string; action: string; subject_employee_id: string | null; detail: unknown }>;
  notice?: 'granted' | 'revoked';
  /** A refused form, in the reader's language (web/error-handler.tsx). */
  error?: DescribedError;
}

export function rolesPage(lang: Lang, frame: ShellFrame, data: RolesPageData): string {
  const t = translator(adminMessages, lang);
  const names = new Map(data.employees.map((e) => [e.id, e.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : '');
  const auditRole = (detail: unknown) => {
    const role = (detail as { role?: GrantedRole }).role;
    return role ? roleLabel(t, role) : '';
  };
  return staffPage({
    lang,
    title: translator(pageNames, lang)('roles'),
    frame,
    lead: <BodyLong spacing>{t('adminIntro')}</BodyLong>,
    body: (
      <>
        {data.notice ? (
          <Alert variant="success" size="small" role="status">
            {t(data.notice)}
          </Alert>
        ) : null}
        {data.error ? (
          <Alert variant="error" size="small" role="alert">
            <Heading level="2" size="xsmall">
              {t('errorHeading')}
            </Heading>
            <ul>
              {data.error.fields.length === 0 ? (
                <li>{data.error.message}</li>
              ) : (
                data.error.fields.map((f) => <li key={f.field}>{fieldLine(f.field, f.text, lang)}</li>)
              )}
            </ul>
          </Alert>
        ) : null}

        <section aria-labelledby="roles-heading" className="bs-section">
          <Heading level="2" size="medium" id="roles-heading" spacing>
            {t('rolesHeading')}
          </Heading>
          {data.grants.length === 0 ? (
            <BodyShort>{t('noGrants')}</BodyShort>
          ) : (
            <DataTable
              lang={lang}
              caption={t('grantsCaption')}
              narrow="stack"
              rows={data.grants}
              rowKey={(g) => g.id}
              columns={[
                { header: t('employee'), rowHeader: true, cell: (g) => g.employee_name },
                { header: t('role'), cell: (g) => roleLabel(t, g.role) },
                { header: t('unit'), cell: (g) => g.unit_name ?? '–' },
                { header: t('grantedAt'), cell: (g) => formatDateTime(lang, g.granted_at, data.timeZone) },
                {
                  header: t('actions'),
                  cell: (g) => (
                    <form method="post" action={`/admin/roles/${g.id}/revoke?lang=${lang}`}>
                      <Button variant="secondary" size="xsmall" type="submit">
                        {t('revoke')}
                        <span className="aksel-sr-only">{`: ${t('revokeLabel', { role: roleLabel(t, g.role), name: g.employee_name })}`}</span>
                      </Button>
                    </form>
                  ),
                },
              ]}
            />
          )}
          <BodyShort size="small" className="bs-note">
            <a href="/api/v1/admin/roles">{t('jsonLink')}</a>
          </BodyShort>
        </section>

        <section aria-labelledby="grant-heading" className="bs-section">
          <Heading level="2" size="medium" id="grant-heading" spacing>
            {t('grantHeading')}
          </Heading>
          <form method="post" action={`/admin/roles?lang=${lang}`} className="bs-form">
            <Select label={t('employee')} name="employee_id" id="grant-employee" defaultValue="">
              <option value="" disabled>
                {t('chooseEmployee')}
              </option>
              {data.employees.map((e) => (
                <option key={e.id} value={e.id}>{`${e.name} (${e.id})`}</option>
              ))}
            </Select>
            <Select label={t('role')} name="role" id="grant-role">
              {GRANTED_ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(t, r)}
                </option>
              ))}
            </Select>
            <Select label={t('unit')} description={t('unitHint')} name="unit_id" id="grant-unit" defaultValue="">
              <option value="">{t('noUnit')}</option>
              {data.units.map((u) => (
                <option key={u.id} value={u.id}>{`${u.name} (${translator(unitKindNames, lang)(u.kind)})`}</option>
              ))}
            </Select>
            <Button type="submit">{t('grantButton')}</Button>
          </form>
        </section>

        <section aria-labelledby="audit-heading" className="bs-section">
          <Heading level="2" size="medium" id="audit-heading" spacing>
            {t('auditHeading')}
          </Heading>
          <DataTable
            lang={lang}
            caption={t('auditCaption')}
            narrow="stack"
            rows={data.audit}
            rowKey={(_, i) => i}
            columns={[
              { header: t('auditAt'), cell: (a) => formatDateTime(lang, a.at, data.timeZone) },
              { header: t('auditActor'), cell: (a) => nameOf(a.actor_id) },
              {
                header: t('auditAction'),
                cell: (a) => t(a.action === 'role.grant' ? 'actionGrant' : 'actionRevoke', { role: auditRole(a.detail) }),
              },
              { header: t('auditSubject'), cell: (a) => nameOf(a.subject_employee_id) },
            ]}
          />
        </section>
      </>
    ),
  });
}
