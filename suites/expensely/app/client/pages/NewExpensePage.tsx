import { useNavigate } from 'react-router';
import { createExpense } from '../api/expenses.ts';
import { ExpenseForm } from '../components/ExpenseForm.tsx';
import { useCategories } from '../hooks/useCategories.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';

export function NewExpensePage() {
  useDocumentTitle('New expense');
  const workspace = useWorkspace();
  const { preferences, today } = useSession();
  const categories = useCategories(workspace.id);
  const navigate = useNavigate();
  const { notify } = useToast();

  return (
    <section className="page page-narrow">
      <h1>New expense</h1>
      <ExpenseForm
        workspace={workspace}
        categories={categories}
        today={today}
        defaultCurrency={preferences.defaultCurrency}
        submitLabel="Save expense"
        onCancel={() => navigate(`/workspaces/${workspace.id}/expenses`)}
        onSubmit={async (input) => {
          const expense = await createExpense(workspace.id, input);
          notify(`Expense at ${expense.merchant} saved`);
          navigate(`/workspaces/${workspace.id}/expenses/${expense.id}`);
        }}
      />
    </section>
  );
}
