import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { Permission } from '../shared/roles.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { WorkspaceRoute } from './components/WorkspaceRoute.tsx';
import { SessionProvider } from './hooks/useSession.tsx';
import { ToastProvider } from './hooks/useToast.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { ExpenseDetailPage } from './pages/ExpenseDetailPage.tsx';
import { ExpensesPage } from './pages/ExpensesPage.tsx';
import { HomeRedirect } from './pages/HomeRedirect.tsx';
import { MembersPage } from './pages/MembersPage.tsx';
import { NewExpensePage } from './pages/NewExpensePage.tsx';
import { NewReportPage } from './pages/NewReportPage.tsx';
import { NewWorkspacePage } from './pages/NewWorkspacePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PreferencesPage } from './pages/PreferencesPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';
import { ReportDetailPage } from './pages/ReportDetailPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { WalletPage } from './pages/WalletPage.tsx';
import { WorkspaceSettingsPage } from './pages/WorkspaceSettingsPage.tsx';

function inWorkspace(page: ReactNode, permission?: Permission) {
  return <WorkspaceRoute permission={permission}>{page}</WorkspaceRoute>;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <ToastProvider>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/sign-up" element={<SignUpPage />} />
            <Route
              element={
                <RequireAuth>
                  <AppLayout />
                </RequireAuth>
              }
            >
              <Route index element={<HomeRedirect />} />
              <Route path="workspaces/new" element={<NewWorkspacePage />} />
              <Route path="workspaces/:workspaceId">
                <Route path="expenses" element={inWorkspace(<ExpensesPage />)} />
                <Route path="expenses/new" element={inWorkspace(<NewExpensePage />)} />
                <Route path="expenses/:expenseId" element={inWorkspace(<ExpenseDetailPage />)} />
                <Route path="reports" element={inWorkspace(<ReportsPage />)} />
                <Route path="reports/new" element={inWorkspace(<NewReportPage />)} />
                <Route path="reports/:reportId" element={inWorkspace(<ReportDetailPage />)} />
                <Route path="members" element={inWorkspace(<MembersPage />)} />
                <Route
                  path="settings"
                  element={inWorkspace(<WorkspaceSettingsPage />, 'workspace.manage')}
                />
                <Route path="audit" element={inWorkspace(<AuditLogPage />, 'audit.view')} />
              </Route>
              <Route path="settings/profile" element={<ProfilePage />} />
              <Route path="settings/preferences" element={<PreferencesPage />} />
              <Route path="settings/wallet" element={<WalletPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </ToastProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
