import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The stylesheet: a subset of Aksel's CSS (global tokens, reset, baseline and the components our
 * server-rendered pages use) plus a few rules of our own, built once at start, precompressed, and
 * served under a content-hashed name with a year-long immutable cache.
 *
 * Aksel's fonts.css is left out on purpose: it loads Source Sans 3 from a NAV CDN, which would tell a
 * third party who opened a survey link (and costs page weight). The font stack falls back to Arial.
 */
const AKSEL_GLOBAL = ['reset', 'tokens', 'baseline', 'print'];
const AKSEL_COMPONENTS = [
  'theme',
  'typography',
  'primitives',
  'link',
  'button',
  'form',
  'alert',
  'list',
  'panel',
  'guidepanel',
  'table',
  'tag',
  'internalheader',
];

/** Our own few rules: layout width, the skip link, the survey's option lists and the data table (web/data-table.tsx). */
const OWN_CSS = `
.bs-skip-link{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.bs-skip-link:focus{position:static;width:auto;height:auto;display:inline-block;margin:var(--ax-space-8);padding:var(--ax-space-8);background:var(--ax-bg-default);color:var(--ax-text-accent);outline:3px solid var(--ax-border-focus)}
.bs-page{max-width:42rem;margin:0 auto;padding:var(--ax-space-16) var(--ax-space-16) var(--ax-space-48)}
.bs-header{border-bottom:1px solid var(--ax-border-neutral-subtle);padding:var(--ax-space-8) 0}
.bs-header-inner{max-width:42rem;margin:0 auto;padding:0 var(--ax-space-16);display:flex;flex-wrap:wrap;gap:var(--ax-space-8) var(--ax-space-16);align-items:center;justify-content:space-between}
.bs-lang-switch{display:flex;flex-wrap:wrap;gap:var(--ax-space-4) var(--ax-space-12);list-style:none;margin:0;padding:0}
.bs-inline-list{display:flex;flex-wrap:wrap;gap:var(--ax-space-4) var(--ax-space-16);list-style:none;margin:0;padding:0}
.bs-scale-ends{display:flex;justify-content:space-between;gap:var(--ax-space-8)}
textarea.bs-comment{min-height:8rem;width:100%}
/* Aksel's Textarea measures itself with a hidden copy at left:0, width:100%: keep that copy inside the field, not the viewport (it widened a 360 px page by 2 px). */
.aksel-form-field:has(>textarea[aria-hidden=true]){position:relative}
.bs-table-scroll{overflow-x:auto;max-width:100%;position:relative}
.bs-page.bs-wide,.bs-wide .bs-header-inner,.bs-wide .bs-footer-inner{max-width:72rem}
.bs-footer{border-top:1px solid var(--ax-border-neutral-subtle);padding:var(--ax-space-16) 0}
.bs-footer-inner{max-width:42rem;margin:0 auto;padding:0 var(--ax-space-16);color:var(--ax-text-neutral-subtle)}
.bs-shell{display:flex;flex-direction:column;gap:var(--ax-space-8);width:100%}
.bs-shell-top{display:flex;flex-wrap:wrap;align-items:center;gap:var(--ax-space-4) var(--ax-space-16)}
.bs-shell-product{font-weight:600;font-size:1.125rem;color:var(--ax-text-neutral);text-decoration:none;margin-right:auto}
.bs-shell-product:hover,.bs-shell-product:focus{text-decoration:underline}
.bs-shell-menu ul,.bs-shell-lang ul{display:flex;flex-wrap:wrap;gap:var(--ax-space-4) var(--ax-space-16);list-style:none;margin:0;padding:0}
.bs-shell-menu a[aria-current=page]{font-weight:600;text-decoration-thickness:3px}
.bs-shell-menu-fold>summary{cursor:pointer;font-weight:600;color:var(--ax-text-accent);padding:var(--ax-space-4) 0;min-height:2rem;width:max-content}
.bs-shell-menu-fold>summary:hover{text-decoration:underline}
.bs-shell-menu-fold[open]>summary{margin-bottom:var(--ax-space-4)}
.bs-shell-menu-fold ul{flex-direction:column;gap:var(--ax-space-8)}
@media (min-width:40em){
.bs-shell-menu-fold ul{flex-direction:row;gap:var(--ax-space-4) var(--ax-space-16)}
}
/* A wide screen shows the menu open and inline, whether the <details> is open or not; a browser without ::details-content keeps the toggle there too. */
@supports selector(::details-content){@media (min-width:40em){
.bs-shell-menu-fold>summary{display:none}
.bs-shell-menu-fold::details-content{content-visibility:visible;display:contents}
}}
.bs-shell-lang{font-size:0.875rem}
.bs-shell-lang a[aria-current=true]{font-weight:600;text-decoration:none;color:var(--ax-text-neutral)}
.bs-data-table{border-collapse:separate;border-spacing:0}
.bs-data-table .bs-num{font-variant-numeric:tabular-nums}
.bs-data-table .bs-key{position:sticky;left:0;z-index:1;background-color:var(--ax-bg-default)}
.bs-table-foot :is(th,td){border-top:1px solid var(--ax-border-neutral-subtleA)}
.bs-details{border-top:1px solid var(--ax-border-neutral-subtle);padding-top:var(--ax-space-12)}
.bs-details>summary{cursor:pointer;font-weight:600;color:var(--ax-text-accent);padding:var(--ax-space-8) 0}
.bs-details[open]>summary{margin-bottom:var(--ax-space-16)}
/* A figure (a chart and its caption) uses the column's whole width: the browser's 40 px side margins left a phone's chart 248 px. */
figure.bs-section{margin-inline:0}
.bs-standing{max-width:28rem;margin:0}
.bs-code{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--ax-bg-neutral-soft);padding:var(--ax-space-8) var(--ax-space-12);border-radius:var(--ax-radius-4);margin:0}
@media (max-width:30em){
.bs-data-table .bs-key{box-shadow:inset -1px 0 0 var(--ax-border-neutral-subtleA)}
.bs-data-table--stack,.bs-data-table--stack :is(tbody,tfoot,tr,th,td){display:block}
.bs-data-table--stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.bs-data-table--stack tr{padding:var(--ax-space-8) 0;border-bottom:1px solid var(--ax-border-neutral-subtleA)}
.bs-data-table--stack :is(th,td){border:0;padding:var(--ax-space-2) 0;text-align:left}
.bs-data-table--stack .bs-key{position:static;box-shadow:none}
.bs-data-table--stack td:empty{display:none}
.bs-data-table--stack td[data-label]::before{content:attr(data-label) ": ";font-weight:var(--ax-font-weight-bold)}
.bs-data-table--stack td.bs-num{display:flex;justify-content:space-between;gap:var(--ax-space-8)}
}
`;

/** Removes Aksel's dark-theme token blocks (`.dark{…}`): our pages are light only. */
function withoutDarkTheme(css: string): string {
  let out = '';
  let index = 0;
  for (;;) {
    const start = css.indexOf('.dark', index);
    if (start === -1) return out + css.slice(index);
    // Only drop a rule whose selector list is purely `.dark…` (e.g. `.dark{` or `.dark,.dark-theme{`).
    const brace = css.indexOf('{', start);
    const selector = css.slice(start, brace);
    const prev = css[start - 1];
    if (
      brace === -1 ||
      !/^[.\w,-]+$/.test(selector) ||
      !selector.split(',').every((s) => s.startsWith('.dark')) ||
      (prev !== '}' && prev !== '{' && prev !== ';')
    ) {
      out += css.slice(index, start + 5);
      index = start + 5;
      continue;
    }
    let depth = 0;
    let end = brace;
    for (; end < css.length; end++) {
      if (css[end] === '{') depth++;
      else if (css[end] === '}' && --depth === 0) break;
    }
    out += css.slice(index, start);
    index = end + 1;
  }
}

function akselCssDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/*, so resolve a known file there and take its folder.
  return dirname(require.resolve('@navikt/ds-css/dist/index.css'));
}

export interface Asset {
  path: string;
  contentType: string;
  body: Buffer;
  /** Compressed on first use, off the main thread (brotli at quality 11 takes most of a second). */
  gzip(): Promise<Buffer>;
  brotli(): Promise<Buffer>;
}

function buildAsset(name: string, ext: string, contentType: string, text: string): Asset {
  const body = Buffer.from(text);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  let gzipped: Promise<Buffer> | undefined;
  let brotlied: Promise<Buffer> | undefined;
  return {
    path: `/assets/${name}.${hash}.${ext}`,
    contentType,
    body,
    gzip: () => (gzipped ??= promisify(gzip)(body, { level: 9 })),
    brotli: () => (brotlied ??= promisify(brotliCompress)(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}

let stylesheet: Asset | undefined;

/** The site stylesheet (built on first use; the same bytes and name on every node). */
export function siteStylesheet(): Asset {
  if (stylesheet) return stylesheet;
  const dir = akselCssDir();
  const parts = [
    ...AKSEL_GLOBAL.map((name) => readFileSync(join(dir, 'global', `${name}.min.css`), 'utf8')),
    ...AKSEL_COMPONENTS.map((name) => readFileSync(join(dir, 'component', `${name}.min.css`), 'utf8')),
  ];
  stylesheet = buildAsset('site', 'css', 'text/css; charset=utf-8', withoutDarkTheme(parts.join('\n')) + OWN_CSS);
  return stylesheet;
}

type Encoding = 'br' | 'gzip' | 'identity';

export function preferredEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  const header = (Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '')).toLowerCase();
  const accepts = (name: string) =>
    header.split(',').some((part) => {
      const [token, ...params] = part.trim().split(';');
      return token.trim() === name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  reply
    .header('content-type', asset.contentType)
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff');
  if (encoding === 'identity') return reply.send(asset.body);
  const body = await (encoding === 'br' ? asset.brotli() : asset.gzip());
  return reply.header('content-encoding', encoding).send(body);
}

/**
 * Sends an HTML page, compressed when the client accepts it. Pages are small and per-request, so
 * gzip at a moderate level costs well under a millisecond. Pages are never cached (they may show
 * one person's state, e.g. "already answered").
 */
export function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string, status = 200) {
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff');
  // Content-Security-Policy, Referrer-Policy and the rest: web/security-headers.ts, on every response.
  if (encoding === 'identity') return reply.send(html);
  const body = Buffer.from(html);
  return reply.header('content-encoding', 'gzip').send(gzipSync(body, { level: 6 }));
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  const css = siteStylesheet();
  // Compressed in the thread pool while the server starts, ready before a browser asks for it.
  // A failure here is the request's to report (it awaits the same promise), not an unhandled rejection.
  Promise.all([css.brotli(), css.gzip()]).catch(() => {});
  app.get(css.path, { config: { access: 'public', page: false } }, async (request, reply) => sendAsset(request, reply, css));
}
