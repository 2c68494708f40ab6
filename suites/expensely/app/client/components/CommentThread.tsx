import { type FormEvent, useState } from 'react';
import type { CommentDto } from '../../shared/api-types.ts';
import type { DateFormat } from '../../shared/dates.ts';
import { COMMENT_MAX } from '../../shared/validation.ts';
import { addComment } from '../api/reports.ts';
import { errorMessage } from '../utils/errors.ts';
import { formatDateTime, initials } from '../utils/format.ts';
import { TextAreaField } from './Field.tsx';

interface CommentThreadProps {
  reportId: number;
  comments: CommentDto[];
  dateFormat: DateFormat;
  onAdded(comment: CommentDto): void;
}

export function CommentThread({ reportId, comments, dateFormat, onAdded }: CommentThreadProps) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() === '') {
      setError('Write a comment first');
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      onAdded(await addComment(reportId, body));
      setBody('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {comments.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ol className="comments">
        {comments.map((comment) => (
          <li key={comment.id} className="comment">
            <span className="avatar avatar-small" aria-hidden="true">
              {initials(comment.author.name)}
            </span>
            <div>
              <p className="comment-meta">
                <strong>{comment.author.name}</strong>{' '}
                <time dateTime={comment.createdAt}>
                  {formatDateTime(comment.createdAt, dateFormat)}
                </time>
              </p>
              <p className="comment-body">{comment.body}</p>
            </div>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="comment-form" aria-label="Add a comment">
        <TextAreaField
          label="Add a comment"
          rows={2}
          value={body}
          maxLength={COMMENT_MAX}
          onChange={(e) => setBody(e.target.value)}
          error={error}
        />
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? 'Posting…' : 'Post comment'}
        </button>
      </form>
    </section>
  );
}
