// The signed-in caller, shared by the console's pages.
import { reactive } from 'vue';

import { api, ApiError, setCsrfToken, type Caller } from './api';

interface SessionState {
  caller: Caller | null;
  checked: boolean;
  mustChangePassword: boolean;
  mustEnrolSecondFactor: boolean; // a platform administrator without an authenticator app
}

export const session = reactive<SessionState>({ caller: null, checked: false, mustChangePassword: false, mustEnrolSecondFactor: false });

interface MeResponse {
  caller: Caller;
  csrf_token: string;
  must_change_password?: boolean;
  must_enrol_second_factor?: boolean;
}

// Asks the server who we are (once per page load); false when not signed in.
export async function loadSession(): Promise<boolean> {
  if (session.checked) return session.caller !== null;
  try {
    const me = await api.get<MeResponse>('/auth/me');
    session.caller = me.caller;
    session.mustChangePassword = me.must_change_password ?? false;
    session.mustEnrolSecondFactor = me.must_enrol_second_factor ?? false;
    setCsrfToken(me.csrf_token);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    session.caller = null;
  }
  session.checked = true;
  return session.caller !== null;
}


// `code`: the authenticator app's code (or a recovery code), sent once the server asked for it
// (401 with field "code").
export async function login(username: string, password: string, code = ''): Promise<void> {
  // A session may still be open in this browser (its cookie is HttpOnly): the server then wants
  // that session's CSRF token on the sign-in request too.
  if (!session.checked) await loadSession();
  const r = await api.post<MeResponse>('/auth/login', code ? { username, password, code } : { username, password });
  session.caller = r.caller;
  session.mustChangePassword = r.must_change_password ?? false;
  session.mustEnrolSecondFactor = r.must_enrol_second_factor ?? false;
  session.checked = true;
  setCsrfToken(r.csrf_token);
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    session.caller = null;
    setCsrfToken('');
  }
}

export function isAdmin(): boolean {
  return session.caller?.role === 'platform_admin';
}

// Platform administrators and regulators write (plans, draws); analysts only read.
export function canWrite(): boolean {
  const r = session.caller?.role;
  return r === 'platform_admin' || r === 'regulator';
}

export function isOfficial(): boolean {
  const r = session.caller?.role;
  return r === 'platform_admin' || r === 'regulator' || r === 'analyst';
}
