/** The end of every HTML mail to a shopper: a link to the order, where to ask, and the shop's name. */
import type { Translator } from '../../i18n/index.js';

export function SignOff({
  t,
  orderUrl,
  shopEmail,
  shopName,
}: {
  t: Translator;
  orderUrl: string;
  shopEmail: string | null | undefined;
  shopName: string;
}) {
  return (
    <>
      <p style="margin-top:16px">
        <a href={orderUrl}>{t('mail.viewOrder')}</a>
      </p>
      {shopEmail ? (
        <p>
          {t.rich('mail.html.questions', {
            link: (chunks) => <a href={`mailto:${shopEmail}`}>{chunks}</a>,
            email: shopEmail,
          })}
        </p>
      ) : null}
      <p>— {shopName}</p>
    </>
  );
}
