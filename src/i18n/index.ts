/** Shop languages: message catalogs (en, ja), choosing a language, translators and time formatting. No HTTP here. */
export {
  chooseLanguage,
  fromAcceptLanguage,
  isLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  localeFor,
  type Language,
} from './languages.js';
export { CATALOGS, translator, type MessageKey, type MessageValues, type Translator } from './translator.js';
export { calendarPeriods, formatDate, formatDateTime, isTimeZone, type TimeFormat } from './format-time.js';
