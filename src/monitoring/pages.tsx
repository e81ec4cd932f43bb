import { BodyLong, BodyShort, Button, Heading, Select } from '@navikt/ds-react';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { DataTable } from '../web/data-table.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { formatLongDate } from '../i18n/format.ts';
import { monitoringMessages } from './messages.ts';
import type { MonitoringReport, MonitoringRow, ProcessCounts } from './selection.ts';
import { exclusionReasonLabel } from '../dispatch/messages.ts';
import { EXCLUSION_REASONS } from '../dispatch/rules.ts';
import { formatNumber, formatShare as share } from '../i18n/format.ts';

type T = ReturnType<typeof translator<keyof (typeof monitoringMessages)['en']>>;

const formatShare = (lang: Lang, value: number | null) => (value === null ? '–' : share(lang, value));

function channelLabel(t: T, channel: string): string {
  switch (channel) {
    case 'in_person':
      return t('channel_in_person');
    case 'phone':
      return t('channel_phone');
    case 'video':
      return t('channel_video');
    case 'digital_dialogue':
      return t('channel_digital_dialogue');
    default:
      return channel;
  }
}

function reasonLabel(lang: Lang, reason: string): string {
  return exclusionReasonLabel(lang, reason);
}

/** The excluded, with the reasons: "22 (no contact details: 2, sensitive meeting: 20)". */
function excludedCell(lang: Lang, c: ProcessCounts): string {
  if (c.excluded_total === 0) return '0';
  const order = (reason: string) => {
    const i = (EXCLUSION_REASONS as readonly string[]).indexOf(reason);
    return i < 0 ? EXCLUSION_REASONS.length : i;
  };
  const reasons = Object.entries(c.excluded)
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([reason, n]) => `${reasonLabel(lang, reason)}: ${n}`);
  return `${c.excluded_total} (${reasons.join(', ')})`;
}

function levelLabel(t: T, level: MonitoringRow['level']): string {
  return level === 'office' ? t('levelOffice') : level === 'team' ? t('levelTeam') : t('levelCounselor');
}

export function monitoringPage(lang: Lang, frame: ShellFrame, report: MonitoringReport): string {
  const t = translator(monitoringMessages, lang);
  /** A flag's figure: a share for the dispatch share, else a number with one decimal. */
  const flagValue = (f: MonitoringReport['flags'][number], v: number) =>
    f.metric === 'dispatch_share' ? formatShare(lang, v) : formatNumber(lang, v, 1);
  const query = new URLSearchParams({
    kind: report.period.kind,
    period: report.period.key,
    ...(report.office ? { office: report.office.id } : {}),
  });
  return staffPage({
    lang,
    title: translator(pageNames, lang)('monitoring'),
    frame,
    lead: <BodyLong spacing>{t('intro')}</BodyLong>,
    body: (
      <>
        <section aria-labelledby="flags-heading" className="bs-section">
          <Heading level="2" size="medium" id="flags-heading" spacing>
            {t('flagsHeading', { month: report.judged_month })}
          </Heading>
          <BodyLong spacing size="small">
            {t('flagsIntro')}
          </BodyLong>
          {report.flags.length === 0 ? (
            <BodyShort>{t('flagsNone')}</BodyShort>
          ) : (
            <DataTable
              lang={lang}
              caption={t('flagsCaption')}
              narrow="stack"
              rows={report.flags}
              rowKey={(f) => `${f.level}-${f.id}-${f.metric}`}
              columns={[
                { header: t('unitOrCounselor'), rowHeader: true, cell: (f) => `${f.name} (${levelLabel(t, f.level).toLowerCase()})` },
                { header: t('office'), cell: (f) => f.office_name ?? '–' },
                { header: t('metric'), cell: (f) => (f.metric === 'dispatch_share' ? t('metricShare') : t('metricRegistered')) },
                { header: t('observed'), numeric: true, cell: (f) => flagValue(f, f.observed) },
                { header: t('expected'), numeric: true, cell: (f) => flagValue(f, f.expected) },
                { header: t('lowerBound'), numeric: true, cell: (f) => flagValue(f, Math.max(0, f.lower_bound)) },
              ]}
            />
          )}
          <details className="bs-note">
            <summary>{t('ruleHeading')}</summary>
            <BodyLong size="small">
              {t('rule', {
                months: report.rule.historyMonths,
                band: report.rule.bandMads,
                relative: Math.round(report.rule.minRelativeDrop * 100),
                share: Math.round(report.rule.minShareDrop * 100),
                baseline: report.rule.minBaseline,
              })}
            </BodyLong>
          </details>
        </section>

        <section aria-labelledby="counts-heading" className="bs-section">
          <Heading level="2" size="medium" id="counts-heading" spacing>
            {t('countsHeading')}
          </Heading>
          <form method="get" action="/admin/monitoring" className="bs-form" aria-label={t('filters')}>
            <input type="hidden" name="lang" value={lang} />
            <Select label={t('periodKind')} name="kind" id="mon-kind" defaultValue={report.period.kind}>
              <option value="month">{t('month')}</option>
              <option value="tertial">{t('tertial')}</option>
            </Select>
            <Select label={t('period')} name="period" id="mon-period" defaultValue={report.period.key}>
              {report.periods_available.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
            <Select label={t('office')} name="office" id="mon-office" defaultValue={report.office?.id ?? ''}>
              <option value="">{t('allOffices')}</option>
              {report.offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <Button type="submit" variant="secondary">
              {t('show')}
            </Button>
          </form>
          {report.rows.length === 0 ? (
            <BodyShort>{t('noData')}</BodyShort>
          ) : (
            <DataTable
              lang={lang}
              caption={t('tableCaption', { period: report.period.key })}
              rows={report.rows}
              rowKey={(r) => `${r.level}-${r.id}`}
              columns={[
                { header: t('unitOrCounselor'), rowHeader: true, cell: (r) => r.name },
                { header: t('level'), cell: (r) => levelLabel(t, r.level) },
                { header: t('registered'), name: 'registered', numeric: true, cell: (r) => r.registered },
                { header: t('excluded'), name: 'excluded', cell: (r) => excludedCell(lang, r) },
                { header: t('waiting'), name: 'waiting', numeric: true, cell: (r) => r.waiting },
                { header: t('undelivered'), name: 'undelivered', numeric: true, cell: (r) => r.undelivered },
                { header: t('invited'), name: 'invited', numeric: true, cell: (r) => r.invited },
                { header: t('dispatchShare'), numeric: true, cell: (r) => formatShare(lang, r.dispatch_share) },
                { header: t('answered'), name: 'answered', numeric: true, cell: (r) => r.answered },
                { header: t('responseRate'), numeric: true, cell: (r) => formatShare(lang, r.response_rate) },
              ]}
            />
          )}
          <BodyShort size="small">{t('countsSum')}</BodyShort>
          {report.closes_on ? (
            <BodyShort size="small">
              {t('answersOpen', { month: report.answers_through, date: formatLongDate(lang, report.closes_on) })}
            </BodyShort>
          ) : null}
          <BodyShort size="small" className="bs-note">
            <a href={`/api/v1/admin/monitoring?${query}`}>{t('jsonLink')}</a>
          </BodyShort>
        </section>
        {report.by_channel.length > 0 ? (
          <section aria-labelledby="channel-heading" className="bs-section">
            <Heading level="2" size="medium" id="channel-heading" spacing>
              {t('channelHeading', { scope: report.office?.name ?? t('allOffices'), period: report.period.key })}
            </Heading>
            <BodyShort spacing>{t('channelIntro')}</BodyShort>
            <DataTable
              lang={lang}
              caption={t('channelHeading', { scope: report.office?.name ?? t('allOffices'), period: report.period.key })}
              rows={[...report.by_channel, { channel: '', ...report.by_channel_total }]}
              rowKey={(c) => c.channel || 'total'}
              columns={[
                { header: t('channel'), rowHeader: true, cell: (c) => (c.channel ? channelLabel(t, c.channel) : t('channelTotal')) },
                { header: t('registered'), name: 'registered', numeric: true, cell: (c) => c.registered },
                { header: t('excluded'), name: 'excluded', cell: (c) => excludedCell(lang, c) },
                { header: t('waiting'), name: 'waiting', numeric: true, cell: (c) => c.waiting },
                { header: t('undelivered'), name: 'undelivered', numeric: true, cell: (c) => c.undelivered },
                { header: t('invited'), name: 'invited', numeric: true, cell: (c) => c.invited },
                { header: t('dispatchShare'), numeric: true, cell: (c) => formatShare(lang, c.dispatch_share) },
                { header: t('answered'), name: 'answered', numeric: true, cell: (c) => c.answered },
                { header: t('responseRate'), numeric: true, cell: (c) => formatShare(lang, c.response_rate) },
              ]}
            />
          </section>
        ) : null}
      </>
    ),
  });
}
