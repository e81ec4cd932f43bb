import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { contextFor } from '../src/app.ts';
import { loadConfig } from '../src/core/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { hashToken } from '../src/dispatch/tokens.ts';
import { buildServer } from '../src/server.ts';
import type { BenchRow } from './rows.ts';

/**
 * Survey page first-load weight: what a phone downloads the first time it opens a survey link —
 * the HTML, every stylesheet it links and every font those stylesheets load — as bytes on the wire
 * (response bodies, gzip-compressed as served to a browser that accepts gzip), over HTTP from the
 * full server on the embedded database.
 */

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  wireBytes: number;
  headerBytes: number;
  body: Buffer;
}

/** A raw HTTP GET (no automatic decompression), so the byte count is what travels. */
function get(url: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'accept-encoding': acceptEncoding, 'user-agent': 'brukerstemme-bench' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', async () => {
        const wire = Buffer.concat(chunks);
        const headerBytes = res.rawHeaders.reduce((n, h, i) => n + h.length + (i % 2 === 0 ? 2 : 2), 0) + 17;
        const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'gzip' ? gunzipSync(wire) : encoding === 'br' ? brotliDecompressSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: wire.length, headerBytes, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function measureFirstLoad(base: string, path: string, acceptEncoding: string) {
  const html = await get(base + path, acceptEncoding);
  if (html.status !== 200) throw new Error(`survey page answered ${html.status}`);
  const text = html.body.toString();
  const stylesheets = [...text.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const parts: Array<{ url: string; bytes: number; kind: string }> = [{ url: path, bytes: html.wireBytes, kind: 'html' }];
  let headerBytes = html.headerBytes;
  for (const href of stylesheets) {
    const css = await get(new URL(href, base).toString(), acceptEncoding);
    parts.push({ url: href, bytes: css.wireBytes, kind: 'css' });
    headerBytes += css.headerBytes;
    // Fonts (and any other url() the stylesheet pulls in on first paint). Remote fonts count too.
    for (const m of css.body.toString().matchAll(/url\(["']?([^"')]+\.(?:woff2?|ttf|otf))["']?\)/g)) {
      const fontUrl = new URL(m[1], new URL(href, base)).toString();
      if (!fontUrl.startsWith(base)) {
        parts.push({ url: fontUrl, bytes: NaN, kind: 'remote-font' });
        continue;
      }
      const font = await get(fontUrl, acceptEncoding);
      parts.push({ url: m[1], bytes: font.wireBytes, kind: 'font' });
      headerBytes += font.headerBytes;
    }
  }
  return { parts, total: parts.reduce((n, p) => n + (Number.isNaN(p.bytes) ? 0 : p.bytes), 0), headerBytes };
}

export async function run(): Promise<BenchRow[]> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  await migrate(handle.db);
  const config = loadConfig({}, { LOG_LEVEL: 'silent', PORT: 0 });
  const ctx = await contextFor(handle, config);
  const app = await buildServer(ctx);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;

    // One open invitation with a token, as dispatch leaves it after sending.
    const token = randomBytes(32).toString('base64url');
    const meetingId = randomUUID();
    await ctx.db.insertInto('unit').values({ id: 'bench-team', kind: 'team', name: 'Bench team', parent_id: null }).execute();
    await ctx.db
      .insertInto('employee')
      .values({ id: 'bench-counselor', name: 'Bench Counselor', unit_id: 'bench-team', role: 'counselor' })
      .execute();
    await ctx.db
      .insertInto('meeting')
      .values({
        id: meetingId,
        external_id: `bench-${meetingId}`,
        source: 'bench',
        payload_hash: 'x',
        starts_at: new Date(),
        month: new Date().toISOString().slice(0, 8) + '01',
        counselor_id: 'bench-counselor',
        unit_id: 'bench-team',
        channel: 'in_person',
        meeting_kind: 'follow_up',
        language: 'nb',
        age_band: null,
        innsatsgruppe: null,
        benefit: null,
        recent_adverse_decision: null,
        interpreter_used: null,
        first_meeting: null,
        exclusion_reason: null,
      })
      .execute();
    await ctx.db
      .insertInto('invitation')
      .values({
        meeting_id: meetingId,
        state: 'sent',
        contact_email: null,
        contact_phone: null,
        contact_key: null,
        language: 'nb',
        next_action_at: null,
        lease_until: null,
        send_at: new Date(),
        reminder_at: null,
        expires_at: new Date(Date.now() + 14 * 86400_000),
        sent_at: new Date(),
        reminded_at: null,
        last_error: null,
        finalized_at: null,
      })
      .execute();
    await ctx.db
      .insertInto('invitation_token')
      .values({ token_hash: hashToken(token), meeting_id: meetingId, purpose: 'invite' })
      .execute();

    const gzip = await measureFirstLoad(base, `/s/${token}`, 'gzip');
    const br = await measureFirstLoad(base, `/s/${token}`, 'gzip, deflate, br');
    const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
    const describe = (m: typeof gzip) =>
      m.parts.map((p) => `${p.kind} ${Number.isNaN(p.bytes) ? 'remote' : kb(p.bytes) + ' kB'}`).join(', ');
    const remote = gzip.parts.filter((p) => p.kind === 'remote-font').length;
    return [
      {
        name: 'survey_page_first_load_kb',
        value: kb(gzip.total),
        unit: 'kB',
        target: 50,
        better: 'lower',
        note: `HTML + CSS + fonts, response bodies gzip-compressed as served (${describe(gzip)}; +${kb(gzip.headerBytes)} kB headers)${remote ? `; ${remote} remote fonts not counted` : '; no web fonts (Arial fallback, no third-party request)'}`,
      },
      {
        name: 'survey_page_first_load_kb_brotli',
        value: kb(br.total),
        unit: 'kB',
        better: 'lower',
        note: `the same for a browser that accepts br (CSS precompressed with brotli; HTML gzip): ${describe(br)}`,
      },
    ];
  } finally {
    await app.close();
    await handle.close();
  }
}
