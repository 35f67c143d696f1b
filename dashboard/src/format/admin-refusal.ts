/**
 * Why the hub refused an admin change, for the person at the dashboard: a missing
 * or wrong token (401) and a hub with no admin token (403) say what to do; any
 * other refusal (an online host, an unknown one) is the hub's own sentence.
 */
export function adminRefusalText(status: number, hubMessage: string): string {
  if (status === 401) {
    return "That is not this hub's admin token. Open the admin link that npm start printed, or paste the admin token that hostpulse-hub --print-tokens shows on the hub's machine.";
  }
  if (status === 403) {
    return 'This hub has no admin token, so no one can make this change from the dashboard. Restart the hub with --data-dir DIR (it then keeps an admin token there) or with --admin-token.';
  }
  return hubMessage;
}
