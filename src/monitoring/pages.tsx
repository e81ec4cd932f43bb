import { BodyLong, BodyShort, Button, Heading, Select, Table } from '@navikt/ds-react';
import { adminDocument } from '../admin/pages.tsx';
import { TableScroll } from '../web/table-scroll.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { formatLongDate } from '../i18n/format.ts';
import { monitoringMessages } from './messages.ts';
import type { MonitoringReport, MonitoringRow } from './selection.ts';
import { ColumnHeaders } from '../web/column-headers.tsx';
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

function reasonLabel(t: T, reason: string): string {
  const key = `reason_${reason}` as Parameters<T>[0];
  return key in monitoringMessages.en ? t(key) : reason;
}

function levelLabel(t: T, level: MonitoringRow['level']): string {
  return level === 'office' ? t('levelOffice') : level === 'team' ? t('levelTeam') : t('levelCounselor');
}

export function monitoringPage(lang: Lang, actorName: string, report: MonitoringReport): string {
  const t = translator(monitoringMessages, lang);
  const query = new URLSearchParams({ kind: report.period.kind, period: report.period.key, ...(report.office ? { office: report.office.id } : {}) });
  return adminDocument(
    lang,
    t('title'),
    actorName,
    <>
      <Heading level="1" size="large" spacing>
        {t('title')}
      </Heading>
      <BodyLong spacing>{t('intro')}</BodyLong>

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
          <TableScroll label={t('flagsCaption')}>
            <Table size="small">
              <caption className="aksel-sr-only">{t('flagsCaption')}</caption>
              <ColumnHeaders columns={[t('unitOrCounselor'), t('office'), t('metric'), { label: t('observed'), align: 'right' }, { label: t('expected'), align: 'right' }, { label: t('lowerBound'), align: 'right' }]} />
              <Table.Body>
                {report.flags.map((f) => {
                  const share = f.metric === 'dispatch_share';
                  const show = (v: number) => (share ? formatShare(lang, v) : formatNumber(lang, v, 1));
                  return (
                    <Table.Row key={`${f.level}-${f.id}-${f.metric}`}>
                      <Table.HeaderCell scope="row">{`${f.name} (${levelLabel(t, f.level).toLowerCase()})`}</Table.HeaderCell>
                      <Table.DataCell>{f.office_name ?? '–'}</Table.DataCell>
                      <Table.DataCell>{share ? t('metricShare') : t('metricRegistered')}</Table.DataCell>
                      <Table.DataCell align="right">{show(f.observed)}</Table.DataCell>
                      <Table.DataCell align="right">{show(f.expected)}</Table.DataCell>
                      <Table.DataCell align="right">{show(Math.max(0, f.lower_bound))}</Table.DataCell>
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table>
          </TableScroll>
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
          <TableScroll label={t('tableCaption', { period: report.period.key })}>
            <Table size="small">
              <caption className="aksel-sr-only">{t('tableCaption', { period: report.period.key })}</caption>
              <ColumnHeaders columns={[t('unitOrCounselor'), t('level'), { label: t('registered'), align: 'right' }, { label: t('invited'), align: 'right' }, { label: t('dispatchShare'), align: 'right' }, t('excluded'), { label: t('answered'), align: 'right' }, { label: t('responseRate'), align: 'right' }]} />
              <Table.Body>
                {report.rows.map((r) => (
                  <Table.Row key={`${r.level}-${r.id}`}>
                    <Table.HeaderCell scope="row">{r.name}</Table.HeaderCell>
                    <Table.DataCell>{levelLabel(t, r.level)}</Table.DataCell>
                    <Table.DataCell align="right">{r.registered}</Table.DataCell>
                    <Table.DataCell align="right">{r.invited}</Table.DataCell>
                    <Table.DataCell align="right">{formatShare(lang, r.dispatch_share)}</Table.DataCell>
                    <Table.DataCell>
                      {r.excluded_total === 0
                        ? '0'
                        : `${r.excluded_total} (${Object.entries(r.excluded)
                            .sort(([a], [b]) => a.localeCompare(b))
                            .map(([reason, n]) => `${reasonLabel(t, reason)}: ${n}`)
                            .join(', ')})`}
                    </Table.DataCell>
                    <Table.DataCell align="right">{r.answered}</Table.DataCell>
                    <Table.DataCell align="right">{formatShare(lang, r.response_rate)}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableScroll>
        )}
        {report.closes_on ? <BodyShort size="small">{t('answersOpen', { month: report.answers_through, date: formatLongDate(lang, report.closes_on) })}</BodyShort> : null}
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
          <TableScroll label={t('channelHeading', { scope: report.office?.name ?? t('allOffices'), period: report.period.key })}>
            <Table size="small">
              <caption className="aksel-sr-only">{t('channelHeading', { scope: report.office?.name ?? t('allOffices'), period: report.period.key })}</caption>
              <ColumnHeaders columns={[t('channel'), { label: t('registered'), align: 'right' }, { label: t('invited'), align: 'right' }, { label: t('dispatchShare'), align: 'right' }, { label: t('answered'), align: 'right' }, { label: t('responseRate'), align: 'right' }]} />
              <Table.Body>
                {report.by_channel.map((c) => (
                  <Table.Row key={c.channel}>
                    <Table.HeaderCell scope="row">{channelLabel(t, c.channel)}</Table.HeaderCell>
                    <Table.DataCell align="right">{c.registered}</Table.DataCell>
                    <Table.DataCell align="right">{c.invited}</Table.DataCell>
                    <Table.DataCell align="right">{formatShare(lang, c.dispatch_share)}</Table.DataCell>
                    <Table.DataCell align="right">{c.answered}</Table.DataCell>
                    <Table.DataCell align="right">{formatShare(lang, c.response_rate)}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </TableScroll>
        </section>
      ) : null}
    </>,
  );
}
