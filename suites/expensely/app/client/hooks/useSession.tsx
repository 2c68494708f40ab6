import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { PreferencesDto, SessionDto, UserDto, WorkspaceDto } from '../../shared/api-types.ts';
import * as auth from '../api/auth.ts';
import { ApiError, onUnauthorized } from '../api/http.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: SessionDto }
  | { status: 'error'; message: string };

interface SessionContextValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reloads the session (after a profile, preference or workspace change). */
  refresh(): Promise<void>;
  adopt(session: SessionDto): void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = await auth.fetchSession();
      setState(session ? { status: 'signed-in', session } : { status: 'signed-out' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out' });
      else
        setState({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => setState({ status: 'signed-out' }));
  }, [refresh]);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      refresh,
      adopt: (session) => setState({ status: 'signed-in', session }),
      async signIn(email, password) {
        const session = await auth.signIn(email, password);
        setState({ status: 'signed-in', session });
      },
      async signOut() {
        await auth.signOut();
        setState({ status: 'signed-out' });
      },
    }),
    [state, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for components rendered behind <RequireAuth>. */
export function useSession(): {
  user: UserDto;
  preferences: PreferencesDto;
  workspaces: WorkspaceDto[];
  today: string;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
} {
  const { state, refresh, signOut } = useSessionContext();
  if (state.status !== 'signed-in')
    throw new Error('useSession called without a signed-in session');
  return { ...state.session, refresh, signOut };
}
