/** The end of every HTML mail to a shopper: a link to the order, where to ask, and the shop's name. */
export function SignOff({ orderUrl, shopEmail, shopName }: { orderUrl: string; shopEmail: string | null | undefined; shopName: string }) {
  return (
    <>
      <p style="margin-top:16px">
        <a href={orderUrl}>View your order</a>
      </p>
      {shopEmail ? (
        <p>
          Questions? Reply to this mail or write to <a href={`mailto:${shopEmail}`}>{shopEmail}</a>.
        </p>
      ) : null}
      <p>— {shopName}</p>
    </>
  );
}
