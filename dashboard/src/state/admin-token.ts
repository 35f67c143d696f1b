// The hub's admin token, kept for this tab only: asked once per tab, gone when it closes.

const KEY = 'hostpulse.adminToken';

/** The admin token this tab last used successfully, or ''. */
export function storedAdminToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    // Storage can be switched off; the dialog then simply asks each time.
    return '';
  }
}

/** Keeps the token for this tab; '' forgets it (the hub refused it). */
export function storeAdminToken(token: string): void {
  try {
    if (token === '') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // As above: without storage nothing is kept.
  }
}
