/** The HTML part of the shipping mail, in hono/jsx like the order mails: every text and attribute is escaped. */
import type { ShippingSummary } from '../shipping-mail.js';
import { SignOff } from './sign-off.js';

export function shippingHtml(summary: ShippingSummary): string {
  const node = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Your order ${summary.number} has shipped`}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;color:#222;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
        <h1 style="font-size:1.25rem">Your order {summary.number} is on its way</h1>
        <p data-tracking>
          Carrier: <strong>{summary.carrier}</strong>
          <br />
          Tracking number: <strong>{summary.trackingNumber}</strong>
          {summary.trackingUrl ? (
            <>
              <br />
              <a href={summary.trackingUrl}>Track your parcel</a>
            </>
          ) : null}
        </p>
        <h2 style="font-size:1rem;margin:16px 0 4px">In the parcel</h2>
        <ul style="margin:0;padding-left:20px">
          {summary.lines.map((line) => (
            <li>
              {line.quantity} × {line.name}
            </li>
          ))}
        </ul>
        {summary.address ? (
          <>
            <h2 style="font-size:1rem;margin:16px 0 4px">Sent to</h2>
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
        <SignOff orderUrl={summary.orderUrl} shopEmail={summary.shopEmail} shopName={summary.shopName} />
      </body>
    </html>
  );
  return `<!doctype html>${String(node)}`;
}
