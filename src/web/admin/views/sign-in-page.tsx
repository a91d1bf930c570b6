/** The console's sign-in form: email and password, with the reason the last attempt failed, if any. */
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';

export interface SignInPageProps {
  ctx: AdminPageContext;
  /** Where to go after signing in (a console path). */
  next: string;
  email?: string;
  /** Why the page is shown again: a refused attempt, throttling, an ended session. */
  problem?: string;
  notice?: string;
}

export function SignInPage({ ctx, next, email, problem, notice }: SignInPageProps) {
  return (
    <AdminLayout ctx={ctx} title="Sign in">
      <section class="console-sign-in">
        <h1>Sign in to the console</h1>
        {notice ? (
          <p class="console-notice" role="status">
            {notice}
          </p>
        ) : null}
        {problem ? (
          <p class="console-problem" role="alert" id="sign-in-problem">
            {problem}
          </p>
        ) : null}
        <form method="post" action="/admin/login" class="console-form">
          <input type="hidden" name="next" value={next} />
          <label for="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={email ?? ''}
            aria-describedby={problem ? 'sign-in-problem' : undefined}
          />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="console-button">
            Sign in
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
