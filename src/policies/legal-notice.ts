/**
 * 特定商取引法に基づく表記: the disclosure Japan's Act on Specified Commercial Transactions (特定商取引法, article 11)
 * asks of every shop that sells online, kept as a Markdown file with one `## <field>` section per item. Pure: the
 * file's text in, the fields (each as safe HTML) and what is missing out.
 *
 * A field counts as missing when its section is absent, empty, or still says TODO (the example's placeholders).
 * Sections under other headings are kept as extra rows, labelled with their heading.
 */
import { renderMarkdown, withoutComments } from './markdown.js';

/** Every item the Act asks for, in the order the page shows them. */
export const LEGAL_NOTICE_FIELDS = [
  'seller',
  'responsible',
  'address',
  'phone',
  'email',
  'prices',
  'shipping',
  'other-charges',
  'payment-methods',
  'payment-timing',
  'delivery',
  'returns',
] as const;

export type LegalNoticeField = (typeof LEGAL_NOTICE_FIELDS)[number];

export interface LegalNoticeRow {
  /** A field of the Act, or (an extra row) the owner's own heading. */
  field: LegalNoticeField | { heading: string };
  html: string;
}

export interface LegalNotice {
  rows: LegalNoticeRow[];
  /** The Act's fields not filled in; the page is shown only when none is. */
  missing: LegalNoticeField[];
}

const isField = (key: string): key is LegalNoticeField => (LEGAL_NOTICE_FIELDS as readonly string[]).includes(key);

/** The file's sections: each `## heading` line and the text up to the next one (text before the first is ignored). */
function sections(text: string): Array<{ heading: string; body: string }> {
  const found: Array<{ heading: string; body: string }> = [];
  for (const line of withoutComments(text).split(/\r?\n/)) {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) found.push({ heading: heading[1]!, body: '' });
    else if (found.length > 0) found[found.length - 1]!.body += `${line}\n`;
  }
  return found;
}

export function parseLegalNotice(text: string): LegalNotice {
  const given = new Map<LegalNoticeField, string>();
  const extras: LegalNoticeRow[] = [];
  for (const { heading, body } of sections(text)) {
    const key = heading.toLowerCase();
    const filled = body.trim() !== '' && !/\bTODO\b/.test(body);
    if (isField(key)) {
      if (filled) given.set(key, body);
    } else if (filled) {
      extras.push({ field: { heading }, html: renderMarkdown(body) });
    }
  }
  const rows = LEGAL_NOTICE_FIELDS.filter((field) => given.has(field)).map((field): LegalNoticeRow => ({
    field,
    html: renderMarkdown(given.get(field)!),
  }));
  return { rows: [...rows, ...extras], missing: LEGAL_NOTICE_FIELDS.filter((field) => !given.has(field)) };
}
