/** Settings that start the shop but are probably not what a shop in production wants. */
import type { Config } from './types.js';

/** Settings that work but are probably not what a shop in production wants; logged at start. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.env === 'production' && config.baseUrl?.protocol !== 'https:') {
    warnings.push(
      'BASE_URL is not an https:// origin: session cookies are not Secure and HSTS is off. Set BASE_URL=https://your-shop when TLS ends at a proxy.',
    );
  }
  if (config.workers > 1 && !config.redisUrl) {
    warnings.push(
      `WORKERS=${config.workers} without REDIS_URL: each process counts rate limits on its own (up to ${config.workers}x the limit).`,
    );
  }
  if (config.env === 'production' && !config.mail.smtpUrl) {
    warnings.push(
      'SMTP_URL is not set: no order mail is sent (the outbox records each as skipped). Shoppers get only the receipts Stripe sends, if they are on in its Dashboard.',
    );
  }
  if (config.env === 'production' && config.mail.smtpUrl && !config.mail.shopEmail) {
    warnings.push('SHOP_EMAIL is not set: the shop gets no mail about new orders.');
  }
  return warnings;
}
