/**
 * A published limit Tayori keeps by itself (PRODUCT §5): at most `limit` sends in any `windowMs`
 * for everything sharing `key` (a webhook, a Chatwork token, a Chatwork room…). Keys never hold secrets.
 */
export interface RateLimit {
  key: string;
  limit: number;
  windowMs: number;
}
