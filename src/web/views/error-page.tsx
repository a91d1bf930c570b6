/** Friendly error pages: the status in words, what happened, and a way back. */
import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

export function ErrorPageView({ ctx, title, message }: { ctx: PageContext; title: string; message: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <section class="notice">
        <h1 class="page-title">{title}</h1>
        <p>{message}</p>
        <p>
          <a class="button button--secondary" href="/">
            {ctx.t('error.backToShop')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
