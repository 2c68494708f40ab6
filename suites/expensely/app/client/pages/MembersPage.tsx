import { type FormEvent, useState } from 'react';
import type { MemberDto } from '../../shared/api-types.ts';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../shared/roles.ts';
import { changeMemberRole, inviteMember, listMembers, removeMember } from '../api/workspaces.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorBanner, Spinner } from '../components/Feedback.tsx';
import { SelectField, TextField } from '../components/Field.tsx';
import { useAsync } from '../hooks/useAsync.ts';
import { useDocumentTitle } from '../hooks/useDocumentTitle.ts';
import { useSession } from '../hooks/useSession.tsx';
import { useToast } from '../hooks/useToast.tsx';
import { useWorkspace } from '../hooks/useWorkspace.ts';
import { errorMessage, fieldErrors } from '../utils/errors.ts';
import { formatDate } from '../utils/format.ts';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function InviteForm({
  workspaceId,
  onInvited,
}: {
  workspaceId: number;
  onInvited(member: MemberDto): void;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      onInvited(await inviteMember(workspaceId, email, role));
      setEmail('');
      setRole('member');
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(errorMessage(err));
    }
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-label="Invite a member" noValidate>
      <h2>Invite a member</h2>
      {error ? <ErrorBanner message={error} /> : null}
      <TextField
        label="Email address"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
        options={ROLE_OPTIONS}
        error={errors.role}
      />
      <button type="submit" className="button button-primary">
        Invite
      </button>
    </form>
  );
}

export function MembersPage() {
  useDocumentTitle('Members');
  const workspace = useWorkspace();
  const { user, preferences, refresh } = useSession();
  const { notify } = useToast();
  const members = useAsync(() => listMembers(workspace.id), [workspace.id]);
  const [error, setError] = useState<string | undefined>();
  const [removing, setRemoving] = useState<MemberDto | undefined>();
  const canManage = workspace.can('members.manage');

  async function changeRole(member: MemberDto, role: Role) {
    setError(undefined);
    try {
      members.setData(await changeMemberRole(workspace.id, member.userId, role));
      notify(`${member.name} is now ${ROLE_LABELS[role].toLowerCase()}`);
      if (member.userId === user.id) await refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function confirmRemove() {
    if (!removing) return;
    setError(undefined);
    try {
      await removeMember(workspace.id, removing.userId);
      notify(`${removing.name} removed from ${workspace.name}`);
      await members.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRemoving(undefined);
    }
  }

  return (
    <section className="page">
      <h1>Members</h1>
      <p className="muted">
        {workspace.name} has {members.data?.length ?? workspace.memberCount} members.
      </p>
      {error ? <ErrorBanner message={error} /> : null}
      {members.status === 'error' ? <ErrorBanner message={errorMessage(members.error)} /> : null}
      {!members.data ? <Spinner label="Loading members…" /> : null}
      {members.data ? (
        <table className="table">
          <caption className="visually-hidden">Workspace members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.userId}>
                <td>
                  {member.name}
                  {member.userId === user.id ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{member.email}</td>
                <td>
                  {canManage ? (
                    <select
                      aria-label={`Role for ${member.name}`}
                      value={member.role}
                      onChange={(e) =>
                        isRole(e.target.value) && void changeRole(member, e.target.value)
                      }
                    >
                      {ROLE_OPTIONS.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    ROLE_LABELS[member.role]
                  )}
                </td>
                <td>{formatDate(member.joinedAt, preferences.dateFormat)}</td>
                {canManage ? (
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setRemoving(member)}
                    >
                      Remove<span className="visually-hidden"> {member.name}</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canManage ? (
        <InviteForm
          workspaceId={workspace.id}
          onInvited={(member) => {
            members.setData(
              [...(members.data ?? []), member].sort((a, b) => a.name.localeCompare(b.name)),
            );
            notify(`${member.name} added as ${ROLE_LABELS[member.role].toLowerCase()}`);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove member"
        tone="danger"
        onCancel={() => setRemoving(undefined)}
        onConfirm={() => void confirmRemove()}
      >
        <p>They will lose access to {workspace.name}. Their expenses and reports stay.</p>
      </ConfirmDialog>
    </section>
  );
}
