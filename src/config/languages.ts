/** SHOP_LANGUAGES and SHOP_TIMEZONE as the environment gives them. Pure. */
import { z } from 'zod';
import { isLanguage, isTimeZone, LANGUAGES, type Language } from '../i18n/index.js';

/** `ja,en` -> ['ja', 'en']: languages the shop has catalogs for, the first the default, each once. */
export const shopLanguages = z
  .string()
  .transform((value) => value.split(',').map((code) => code.trim().toLowerCase()))
  .superRefine((codes, ctx) => {
    const unknown = codes.find((code) => !isLanguage(code));
    if (unknown !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `must be languages the shop speaks (${LANGUAGES.join(', ')}) separated by commas, the default first, such as ja,en: ${unknown === '' ? 'an empty entry' : `no ${unknown}`}`,
      });
    else if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: 'names a language twice' });
  })
  .transform((codes) => codes as Language[]);

/** An IANA time zone name such as Asia/Tokyo or UTC. */
export const timeZone = z
  .string()
  .trim()
  .refine(isTimeZone, 'must be an IANA time zone such as UTC, Asia/Tokyo or Europe/Berlin');
