import type { Session } from '../../usecases/sign-in.js';

/** Per-request values of the settings pages: the signed-in session, set by `requireSession`. */
export interface PagesEnv {
  Variables: {
    session: Session;
  };
}
