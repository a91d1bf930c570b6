/** The frame of every console page: shop name, the console's sections, the signed-in owner and sign-out. */
import type { Child } from 'hono/jsx';
import type { AdminPageContext } from './admin-page-context.js';

export type AdminSection = 'home' | 'orders' | 'products' | 'import';

const SECTIONS: { id: AdminSection; label: string; href: string }[] = [
  { id: 'home', label: 'Home', href: '/admin' },
  { id: 'orders', label: 'Orders', href: '/admin/orders' },
  { id: 'products', label: 'Products', href: '/admin/products' },
  { id: 'import', label: 'Import', href: '/admin/import' },
];

export interface AdminLayoutProps {
  ctx: AdminPageContext;
  title: string;
  /** The section whose tab is current; none on the sign-in page. */
  section?: AdminSection;
  children?: Child;
}

export function AdminLayout({ ctx, title, section, children }: AdminLayoutProps) {
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} · ${ctx.shopName} console`}</title>
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.assets.adminStylesheet} />
      </head>
      <body class="console">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="console-header">
          <div class="console-wrap console-header__inner">
            <span class="console-header__brand">{ctx.shopName} · console</span>
            {ctx.ownerEmail ? (
              <nav aria-label="Console">
                <ul class="console-nav">
                  {SECTIONS.map((item) => (
                    <li>
                      <a href={item.href} aria-current={item.id === section ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {ctx.ownerEmail ? (
              <form class="console-header__owner" method="post" action="/admin/logout">
                <a href="/admin/account">{ctx.ownerEmail}</a>
                <button type="submit" class="console-button console-button--quiet">
                  Sign out
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" class="console-wrap">
          {children}
        </main>
      </body>
    </html>
  );
}

/** A console refusal or failure, in the console's frame, with a way back. */
export function AdminErrorPage({ ctx, title, message }: { ctx: AdminPageContext; title: string; message: string }) {
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={ctx.ownerEmail ? '/admin' : '/admin/login'}>{ctx.ownerEmail ? 'Back to the console' : 'Sign in'}</a>
      </p>
    </AdminLayout>
  );
}
