/**
 * Which language a request is answered in, and the URLs of a page in each language. `request.language` is chosen
 * once per request: an explicit `?lang=` (a shop language), else the `kago_lang` cookie, else Accept-Language, else
 * the shop's default (the first of SHOP_LANGUAGES). A `?lang=` on a GET is remembered in the cookie (no session is
 * started: the cookie holds only the language). An answer that read the language varies on Accept-Language and
 * Cookie, and says its Content-Language.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { chooseLanguage, isLanguage, translator, type Language, type Translator } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language this request is answered in (chosen on first read, then kept). */
    readonly language: Language;
    /** The words in that language, for routes' notices and refusals: `request.t('cart.added')`. */
    readonly t: Translator;
  }
}

export const LANGUAGE_COOKIE = 'kago_lang';
/** The query parameter that names a page's language: `?lang=ja`. */
export const LANGUAGE_PARAM = 'lang';
const ONE_YEAR_S = 365 * 24 * 3600;

const chosen = Symbol('language');
type WithLanguage = FastifyRequest & { [chosen]?: Language };

/** A `?lang=` the shop speaks, or undefined. */
function askedFor(request: FastifyRequest, languages: readonly Language[]): Language | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[LANGUAGE_PARAM];
  return isLanguage(value) && languages.includes(value) ? value : undefined;
}

/** Adds names to the Vary header without repeating or dropping those already there. */
export function varyOn(reply: FastifyReply, ...names: string[]): void {
  const before = reply.getHeader('vary');
  // Most answers have no Vary yet (every catalog answer passes here): nothing to merge.
  if (before === undefined && names.length === 1) return void reply.header('vary', names[0]);
  const current = String(before ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const lower = new Set(current.map((name) => name.toLowerCase()));
  if (lower.has('*')) return;
  for (const name of names) if (!lower.has(name.toLowerCase())) current.push(name);
  reply.header('vary', current.join(', '));
}

export interface LanguageOptions {
  languages: readonly Language[];
  /** https: the cookie is Secure. */
  secure: boolean;
}

export const languageNegotiation = fp<LanguageOptions>(async function languageNegotiation(
  app: FastifyInstance,
  { languages, secure },
) {
  app.decorateRequest('language', {
    getter(this: WithLanguage): Language {
      if (!this[chosen]) {
        const cookie = (this.cookies as Record<string, string | undefined> | undefined)?.[LANGUAGE_COOKIE];
        this[chosen] = askedFor(this, languages) ?? chooseLanguage(cookie, this.headers['accept-language'], languages);
      }
      return this[chosen];
    },
  });
  app.decorateRequest('t', {
    getter(this: FastifyRequest): Translator {
      return translator(this.language);
    },
  });
  if (languages.length < 2) return; // one language: nothing to choose, remember or vary on

  // Callback hooks (no promise per request): every page passes through them.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const asked = askedFor(request, languages);
    if (asked && request.cookies?.[LANGUAGE_COOKIE] !== asked) {
      reply.setCookie(LANGUAGE_COOKIE, asked, {
        path: '/',
        sameSite: 'lax',
        httpOnly: true,
        secure,
        maxAge: ONE_YEAR_S,
      });
    }
    done();
  });
  app.addHook('onSend', (request: WithLanguage, reply, payload, done) => {
    if (request[chosen]) {
      varyOn(reply, 'Accept-Language', 'Cookie');
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
        reply.header('content-language', request[chosen]);
    }
    done(null, payload);
  });
});

/** The path and the query's parts other than `lang`, as written (nothing re-encoded). */
function withoutLanguage(url: string): { path: string; parts: string[] } {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const mark = base.indexOf('?');
  if (mark < 0) return { path: base, parts: [] };
  const parts = base
    .slice(mark + 1)
    .split('&')
    .filter((part) => part !== '' && part.split('=')[0] !== LANGUAGE_PARAM);
  return { path: base.slice(0, mark), parts };
}

/**
 * A page's address in a language, as the switcher links to it: the path and query with `lang` set (other
 * parameters kept as they were). Always explicit, so choosing the default language overrides a remembered choice.
 */
export function switchUrl(pathAndQuery: string, language: Language): string {
  const { path, parts } = withoutLanguage(pathAndQuery);
  return `${path || '/'}?${[...parts, `${LANGUAGE_PARAM}=${language}`].join('&')}`;
}

/**
 * The one URL of a page in a language (canonical and hreflang): as it is for the default language, with `lang=`
 * for the others. `url` is the page's canonical URL (absolute or a path); a `lang` already in it is replaced.
 */
export function languageUrl(url: string, language: Language, defaultLanguage: Language): string {
  const { path, parts } = withoutLanguage(url);
  if (language !== defaultLanguage) parts.push(`${LANGUAGE_PARAM}=${language}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}
