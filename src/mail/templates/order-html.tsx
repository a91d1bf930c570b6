/**
 * The HTML parts of the order mails, in hono/jsx like the shop's pages: every text and attribute is escaped, so a
 * product name or an address cannot inject markup. Mail clients ignore style sheets, so the little styling there
 * is sits inline.
 */
import type { Child } from 'hono/jsx';
import type { OrderSummary } from './order-summary.js';
import { SignOff } from './sign-off.js';

const CELL = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top';
const AMOUNT = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap';

function Mail({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;color:#222;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
        {children}
      </body>
    </html>
  );
}

function Lines({ summary }: { summary: OrderSummary }) {
  const last = summary.totals.length - 1;
  return (
    <table style="border-collapse:collapse;width:100%;margin:16px 0" data-order-lines>
      <thead>
        <tr>
          <th scope="col" style={CELL}>Item</th>
          <th scope="col" style={AMOUNT}>Price</th>
          <th scope="col" style={AMOUNT}>Qty</th>
          <th scope="col" style={AMOUNT}>Total</th>
        </tr>
      </thead>
      <tbody>
        {summary.lines.map((line) => (
          <tr>
            <td style={CELL}>{line.name}</td>
            <td style={AMOUNT}>{line.unitPrice}</td>
            <td style={AMOUNT}>{line.quantity}</td>
            <td style={AMOUNT}>{line.total}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {summary.totals.map((row, index) => (
          <tr>
            <th scope="row" colspan={3} style={index === last ? `${AMOUNT};font-weight:bold` : `${AMOUNT};font-weight:normal`}>
              {row.label}
            </th>
            <td style={index === last ? `${AMOUNT};font-weight:bold` : AMOUNT}>{row.value}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

function Address({ heading, lines }: { heading: string; lines: string[] | null }) {
  if (!lines) return null;
  return (
    <>
      <h2 style="font-size:1rem;margin:16px 0 4px">{heading}</h2>
      <p style="margin:0" data-address>
        {lines.map((line, index) => (
          <>
            {index > 0 ? <br /> : null}
            {line}
          </>
        ))}
      </p>
    </>
  );
}

const render = (node: unknown) => `<!doctype html>${String(node)}`;

export function confirmationHtml(summary: OrderSummary): string {
  return render(
    <Mail title={`Your order ${summary.number}`}>
      <h1 style="font-size:1.25rem">Thank you for your order at {summary.shopName}</h1>
      <p>{summary.review ? 'We received your payment. The shop is checking it before your order is prepared.' : 'We received your payment and will get your order ready.'}</p>
      <p>
        Order number <strong>{summary.number}</strong>
      </p>
      <Lines summary={summary} />
      <Address heading="Delivery address" lines={summary.address} />
      <SignOff orderUrl={summary.url} shopEmail={summary.shopEmail} shopName={summary.shopName} />
    </Mail>,
  );
}

export function noticeHtml(summary: OrderSummary): string {
  const { contact } = summary;
  return render(
    <Mail title={`New order ${summary.number}`}>
      <h1 style="font-size:1.25rem">
        New order {summary.number}: {summary.total}
      </h1>
      {summary.review ? (
        <p style="padding:8px;border:2px solid #b00;color:#b00" data-review>
          Check the payment: the amount or currency paid is not the order total. Do not ship before it is settled.
        </p>
      ) : null}
      <h2 style="font-size:1rem;margin:16px 0 4px">Customer</h2>
      <p style="margin:0" data-contact>
        {contact.name ? (
          <>
            {contact.name}
            <br />
          </>
        ) : null}
        <a href={`mailto:${contact.email}`}>{contact.email}</a>
        {contact.phone ? (
          <>
            <br />
            {contact.phone}
          </>
        ) : null}
      </p>
      <Address heading="Ship to" lines={summary.address} />
      {summary.shippingName ? <p>Shipping: {summary.shippingName}</p> : null}
      <Lines summary={summary} />
      <p>
        <a href={summary.url}>Order page</a>
      </p>
    </Mail>,
  );
}
