/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    orgId: string;
    requestId: string;
  };
}
