/** The HTML part of the shipping mail, in hono/jsx like the order mails: every text and attribute is escaped. */
import type { ShippingSummary } from '../shipping-mail.js';
import { SignOff } from './sign-off.js';

export function shippingHtml(summary: ShippingSummary): string {
  const { t } = summary;
  const node = (
    <html lang={summary.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('mail.shipped.title', { number: summary.number })}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;color:#222;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
        <h1 style="font-size:1.25rem">{t('mail.shipped.heading', { number: summary.number })}</h1>
        <p data-tracking>
          {t.rich('mail.shipped.carrierHtml', {
            strong: (chunks) => <strong>{chunks}</strong>,
            carrier: summary.carrier,
          })}
          <br />
          {t.rich('mail.shipped.trackingHtml', {
            strong: (chunks) => <strong>{chunks}</strong>,
            tracking: summary.trackingNumber,
          })}
          {summary.trackingUrl ? (
            <>
              <br />
              <a href={summary.trackingUrl}>{t('mail.shipped.trackLink')}</a>
            </>
          ) : null}
        </p>
        <h2 style="font-size:1rem;margin:16px 0 4px">{t('mail.shipped.inParcelHeading')}</h2>
        <ul style="margin:0;padding-left:20px">
          {summary.lines.map((line) => (
            <li>{t('mail.shipped.line', { quantity: line.quantity, name: line.name })}</li>
          ))}
        </ul>
        {summary.address ? (
          <>
            <h2 style="font-size:1rem;margin:16px 0 4px">{t('mail.shipped.sentToHeading')}</h2>
            <p style="margin:0" data-address>
              {summary.address.map((line, index) => (
                <>
                  {index > 0 ? <br /> : null}
                  {line}
                </>
              ))}
            </p>
          </>
        ) : null}
        <SignOff t={t} orderUrl={summary.orderUrl} shopEmail={summary.shopEmail} shopName={summary.shopName} />
      </body>
    </html>
  );
  return `<!doctype html>${String(node)}`;
}
