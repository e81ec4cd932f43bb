import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'adminIntro'
  | 'rolesHeading'
  | 'grantsCaption'
  | 'employee'
  | 'role'
  | 'unit'
  | 'grantedAt'
  | 'actions'
  | 'revoke'
  | 'revokeLabel'
  | 'noGrants'
  | 'grantHeading'
  | 'grantButton'
  | 'unitHint'
  | 'noUnit'
  | 'chooseEmployee'
  | 'roleLeader'
  | 'roleCountyAnalyst'
  | 'roleNationalAnalyst'
  | 'roleAdministrator'
  | 'granted'
  | 'revoked'
  | 'errorHeading'
  | 'auditHeading'
  | 'auditCaption'
  | 'auditAt'
  | 'auditActor'
  | 'auditAction'
  | 'auditSubject'
  | 'actionGrant'
  | 'actionRevoke'
  | 'jsonLink';

export const adminMessages: Catalog<Key> = {
  nb: {
    adminIntro: 'Tildel og fjern roller, og følg med på om møter registreres og invitasjoner sendes som før. Hver endring logges.',
    rolesHeading: 'Roller',
    grantsCaption: 'Tildelte roller',
    employee: 'Ansatt',
    role: 'Rolle',
    unit: 'Enhet',
    grantedAt: 'Tildelt',
    actions: 'Handling',
    revoke: 'Fjern',
    revokeLabel: 'Fjern rollen {role} fra {name}',
    noGrants: 'Ingen roller er tildelt.',
    grantHeading: 'Tildel en rolle',
    grantButton: 'Tildel rolle',
    unitHint: 'Leder: kontor eller team. Fylkesanalytiker: fylke. Nasjonal analytiker og administrator: ingen enhet.',
    noUnit: 'Ingen enhet',
    chooseEmployee: 'Velg ansatt',
    roleLeader: 'Leder',
    roleCountyAnalyst: 'Fylkesanalytiker',
    roleNationalAnalyst: 'Nasjonal analytiker',
    roleAdministrator: 'Administrator',
    granted: 'Rollen er tildelt.',
    revoked: 'Rollen er fjernet.',
    errorHeading: 'Endringen ble ikke gjort',
    auditHeading: 'Siste endringer',
    auditCaption: 'Logg over rolleendringer',
    auditAt: 'Tidspunkt',
    auditActor: 'Utført av',
    auditAction: 'Endring',
    auditSubject: 'Gjelder',
    actionGrant: 'Tildelt {role}',
    actionRevoke: 'Fjernet {role}',
    jsonLink: 'Samme data som JSON',
  },
  nn: {
    adminIntro: 'Tildel og fjern roller, og følg med på om møte blir registrerte og invitasjonar sende som før. Kvar endring blir logga.',
    rolesHeading: 'Roller',
    grantsCaption: 'Tildelte roller',
    employee: 'Tilsett',
    role: 'Rolle',
    unit: 'Eining',
    grantedAt: 'Tildelt',
    actions: 'Handling',
    revoke: 'Fjern',
    revokeLabel: 'Fjern rolla {role} frå {name}',
    noGrants: 'Ingen roller er tildelte.',
    grantHeading: 'Tildel ei rolle',
    grantButton: 'Tildel rolle',
    unitHint: 'Leiar: kontor eller team. Fylkesanalytikar: fylke. Nasjonal analytikar og administrator: inga eining.',
    noUnit: 'Inga eining',
    chooseEmployee: 'Vel tilsett',
    roleLeader: 'Leiar',
    roleCountyAnalyst: 'Fylkesanalytikar',
    roleNationalAnalyst: 'Nasjonal analytikar',
    roleAdministrator: 'Administrator',
    granted: 'Rolla er tildelt.',
    revoked: 'Rolla er fjerna.',
    errorHeading: 'Endringa vart ikkje gjord',
    auditHeading: 'Siste endringar',
    auditCaption: 'Logg over rolleendringar',
    auditAt: 'Tidspunkt',
    auditActor: 'Utført av',
    auditAction: 'Endring',
    auditSubject: 'Gjeld',
    actionGrant: 'Tildelt {role}',
    actionRevoke: 'Fjerna {role}',
    jsonLink: 'Same data som JSON',
  },
  en: {
    adminIntro: 'Grant and revoke roles, and watch whether meetings are registered and invitations sent as before. Every change is logged.',
    rolesHeading: 'Roles',
    grantsCaption: 'Granted roles',
    employee: 'Employee',
    role: 'Role',
    unit: 'Unit',
    grantedAt: 'Granted',
    actions: 'Action',
    revoke: 'Revoke',
    revokeLabel: 'Revoke the role {role} from {name}',
    noGrants: 'No roles have been granted.',
    grantHeading: 'Grant a role',
    grantButton: 'Grant role',
    unitHint: 'Leader: an office or a team. County analyst: a county. National analyst and administrator: no unit.',
    noUnit: 'No unit',
    chooseEmployee: 'Choose an employee',
    roleLeader: 'Leader',
    roleCountyAnalyst: 'County analyst',
    roleNationalAnalyst: 'National analyst',
    roleAdministrator: 'Administrator',
    granted: 'The role has been granted.',
    revoked: 'The role has been revoked.',
    errorHeading: 'The change was not made',
    auditHeading: 'Recent changes',
    auditCaption: 'Log of role changes',
    auditAt: 'When',
    auditActor: 'By',
    auditAction: 'Change',
    auditSubject: 'Concerning',
    actionGrant: 'Granted {role}',
    actionRevoke: 'Revoked {role}',
    jsonLink: 'The same data as JSON',
  },
};
