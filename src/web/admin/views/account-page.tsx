/** The signed-in owner's own account: who they are, and a form to change their password. */
import { AdminLayout } from './admin-layout.js';
import type { AdminPageContext } from './admin-page-context.js';

export function AccountPage({ ctx, problem }: { ctx: AdminPageContext; problem?: string }) {
  return (
    <AdminLayout ctx={ctx} title="Your account">
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{ctx.ownerEmail}</strong>. Other owner accounts are managed with{' '}
        <code>npm run kago -- admin</code>.
      </p>
      <h2>Change your password</h2>
      {problem ? (
        <p class="console-problem" role="alert" id="password-problem">
          {problem}
        </p>
      ) : null}
      <form method="post" action="/admin/account/password" class="console-form">
        <label for="current">Current password</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="new">New password (at least 12 characters)</label>
        <input
          id="new"
          name="new"
          type="password"
          autocomplete="new-password"
          minlength={12}
          required
          aria-describedby={problem ? 'password-problem' : undefined}
        />
        <button type="submit" class="console-button">
          Change password
        </button>
      </form>
      <p>Changing it signs this account out everywhere, this browser included.</p>
    </AdminLayout>
  );
}
