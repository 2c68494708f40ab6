import type { SessionDto } from '../../shared/api-types.ts';
import { get, post } from './http.ts';

export function signIn(email: string, password: string): Promise<SessionDto> {
  return post<SessionDto>('/api/auth/sign-in', { email, password });
}

export function signUp(input: {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
  currency: string;
}): Promise<SessionDto> {
  return post<SessionDto>('/api/auth/sign-up', input);
}

export function signOut(): Promise<void> {
  return post<void>('/api/auth/sign-out');
}

/** The current session, or null when signed out. */
export function fetchSession(): Promise<SessionDto | null> {
  return get<SessionDto | null>('/api/session');
}
