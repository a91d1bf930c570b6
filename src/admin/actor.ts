/** Who made a console change: the signed-in owner and where the request came from. Recorded in the audit log. */
export interface Actor {
  accountId: number;
  email: string;
  ip: string | null;
}
