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

function Mail({ lang, title, children }: { lang: string; title: string; children?: Child }) {
  return (
    <html lang={lang}>
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
  const { t } = summary;
  return (
    <table style="border-collapse:collapse;width:100%;margin:16px 0" data-order-lines>
      <thead>
        <tr>
          <th scope="col" style={CELL}>
            {t('order.item')}
          </th>
          <th scope="col" style={AMOUNT}>
            {t('order.price')}
          </th>
          <th scope="col" style={AMOUNT}>
            {t('mail.qty')}
          </th>
          <th scope="col" style={AMOUNT}>
            {t('order.total')}
          </th>
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
            <th
              scope="row"
              colspan={3}
              style={index === last ? `${AMOUNT};font-weight:bold` : `${AMOUNT};font-weight:normal`}
            >
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

/** "Order number K7Q4-..." and when it was placed. */
function NumberAndTime({ summary }: { summary: OrderSummary }) {
  const { t } = summary;
  return (
    <p>
      {t.rich('mail.html.orderNumber', { strong: (chunks) => <strong>{chunks}</strong>, number: summary.number })}
      {summary.placed ? (
        <>
          <br />
          {t('mail.placed', { time: summary.placed })}
        </>
      ) : null}
    </p>
  );
}

export function confirmationHtml(summary: OrderSummary): string {
  const { t } = summary;
  return render(
    <Mail lang={summary.lang} title={t('mail.confirmation.title', { number: summary.number })}>
      <h1 style="font-size:1.25rem">{t('mail.confirmation.thanksHeading', { shop: summary.shopName })}</h1>
      <p>{summary.review ? t('mail.confirmation.review') : t('mail.confirmation.paid')}</p>
      <NumberAndTime summary={summary} />
      <Lines summary={summary} />
      <Address heading={t('mail.html.deliveryAddress')} lines={summary.address} />
      <SignOff t={t} orderUrl={summary.url} shopEmail={summary.shopEmail} shopName={summary.shopName} />
    </Mail>,
  );
}

export function noticeHtml(summary: OrderSummary): string {
  const { contact, t } = summary;
  return render(
    <Mail lang={summary.lang} title={t('mail.notice.title', { number: summary.number })}>
      <h1 style="font-size:1.25rem">
        {t('mail.notice.htmlHeading', { number: summary.number, total: summary.total })}
      </h1>
      {summary.review ? (
        <p style="padding:8px;border:2px solid #b00;color:#b00" data-review>
          {t('mail.notice.checkPaymentHtml')}
        </p>
      ) : null}
      {summary.placed ? <p>{t('mail.placed', { time: summary.placed })}</p> : null}
      <h2 style="font-size:1rem;margin:16px 0 4px">{t('mail.notice.customerHeading')}</h2>
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
      <Address heading={t('mail.notice.shipToHeading')} lines={summary.address} />
      {summary.shippingName ? <p>{t('mail.notice.shipping', { name: summary.shippingName })}</p> : null}
      <Lines summary={summary} />
      <p>
        <a href={summary.url}>{t('mail.notice.orderPage')}</a>
      </p>
    </Mail>,
  );
}
