/** Policy files for tests: a legal notice with every field of the Act filled in (`<field> value` as each text). */
import { LEGAL_NOTICE_FIELDS } from '../../src/policies/legal-notice.js';

export const FILLED_LEGAL_NOTICE = LEGAL_NOTICE_FIELDS.map((field) => `## ${field}\n${field} value\n`).join('\n');
