import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'htmlparser2';
import { getAttributeValue, getChildren, isTag, isText } from 'domutils';
import type { AnyNode } from 'domhandler';
import type { Lang } from '../../src/i18n/index.ts';

/**
 * Every page an employee can open, found as they would find them: from their start page, following
 * each link on each page (the menu, the units, the periods), in one language. Downloads, the API,
 * the citizen's token pages and log-out are not followed. Variants of one page that differ only in
 * their query (periods, keys) are capped per path so the crawl stays small.
 */

export interface CrawledPage {
  url: string;
  status: number;
  html: string;
}

const NOT_PAGES = [
  /^\/api\//,
  /^\/assets\//,
  /^\/logout/,
  /^\/login/,
  /^\/s\//,
  /^\/q\//,
  /^\/optout\//,
  /\.(csv|xlsx|json|svg|png|zip|txt)(\?|$)/,
  /\/results\/[^/?]+\.[a-z]+/,
];

export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

function withLang(url: string, lang: Lang): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  params.sort();
  return `${path}?${params.toString()}`;
}

export async function crawl(
  app: FastifyInstance,
  opts: { cookie: string; lang: Lang; start?: string; perPath?: number; max?: number },
): Promise<CrawledPage[]> {
  const perPath = opts.perPath ?? 5;
  const max = opts.max ?? 120;
  const queue = [withLang(opts.start ?? '/home', opts.lang)];
  const seen = new Set(queue);
  const variants = new Map<string, number>();
  const pages: CrawledPage[] = [];
  while (queue.length > 0 && pages.length < max) {
    let url = queue.shift()!;
    let res = await app.inject({ method: 'GET', url, headers: { cookie: opts.cookie, accept: 'text/html' } });
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      url = withLang(String(res.headers.location), opts.lang);
      if (seen.has(url) && hops > 0) break;
      seen.add(url);
      res = await app.inject({ method: 'GET', url, headers: { cookie: opts.cookie, accept: 'text/html' } });
    }
    if (!String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    pages.push({ url, status: res.statusCode, html: res.body });
    for (const href of linksOf(res.body)) {
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/#')) continue;
      const target = withLang(href.split('#')[0], opts.lang);
      // One page shape per route: ids (anything with a digit or a demo- prefix) count as one path.
      const path = target
        .split('?')[0]
        .split('/')
        .map((part) => (/\d|^demo-/.test(part) ? ':id' : part))
        .join('/');
      if (NOT_PAGES.some((re) => re.test(target)) || seen.has(target)) continue;
      const count = variants.get(path) ?? 0;
      if (count >= perPath) continue;
      variants.set(path, count + 1);
      seen.add(target);
      queue.push(target);
    }
  }
  return pages;
}

/**
 * The text a reader meets on a page in its own language: every text node (screen-reader text and
 * chart labels included), without scripts and styles, and without any element marked with a language of
 * its own (a user's comment, `lang="en"` on the language switch's "English").
 */
export function pageText(html: string): string[] {
  const doc = parseDocument(html);
  const out: string[] = [];
  const walk = (node: AnyNode) => {
    if (isText(node)) {
      const text = node.data.replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
      return;
    }
    if (!isTag(node)) return;
    // A form field's content is data the reader typed or asked for (an example file), not the page's words.
    if (['script', 'style', 'textarea'].includes(node.name)) return;
    // Text marked with a language of its own is not the page's words: users' comments (in the language they
    // answered in), each language's name in the language switch.
    if (getAttributeValue(node, 'lang') && node.name !== 'html') return;
    for (const child of getChildren(node)) walk(child);
    for (const attr of ['aria-label', 'alt', 'title', 'placeholder']) {
      const value = getAttributeValue(node, attr);
      if (value) out.push(value);
    }
  };
  for (const n of doc.children) walk(n);
  return out;
}
