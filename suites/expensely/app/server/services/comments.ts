import type { CommentDto } from '../../shared/api-types.ts';
import { COMMENT_MAX } from '../../shared/validation.ts';
import { many, run } from '../db/database.ts';
import { validationFailed } from '../http/errors.ts';
import type { AuditService } from './audit.ts';
import type { ServiceDeps } from './deps.ts';

interface CommentRow {
  id: number;
  report_id: number;
  user_id: number;
  name: string;
  email: string;
  body: string;
  created_at: string;
}

export function createCommentsService({ db, clock }: ServiceDeps, audit: AuditService) {
  return {
    list(reportId: number): CommentDto[] {
      return many<CommentRow>(
        db,
        `SELECT c.id, c.report_id, c.user_id, u.name, u.email, c.body, c.created_at
         FROM comments c JOIN users u ON u.id = c.user_id WHERE c.report_id = ? ORDER BY c.created_at, c.id`,
        reportId,
      ).map((r) => ({
        id: r.id,
        reportId: r.report_id,
        author: { id: r.user_id, name: r.name, email: r.email },
        body: r.body,
        createdAt: r.created_at,
      }));
    },

    /** The caller must already have checked that the author may see the report. */
    add(
      workspaceId: number,
      reportId: number,
      author: { id: number; name: string; email: string },
      rawBody: string,
    ): CommentDto {
      const body = rawBody.trim();
      if (body === '') throw validationFailed({ body: 'Write a comment first' });
      if (body.length > COMMENT_MAX)
        throw validationFailed({ body: `Comments must be at most ${COMMENT_MAX} characters` });
      const createdAt = clock.iso();
      const { lastId } = run(
        db,
        'INSERT INTO comments (report_id, user_id, body, created_at) VALUES (?, ?, ?, ?)',
        reportId,
        author.id,
        body,
        createdAt,
      );
      audit.record({
        workspaceId,
        actorId: author.id,
        action: 'comment.added',
        entityType: 'comment',
        entityId: lastId,
        details: { reportId },
      });
      return { id: lastId, reportId, author, body, createdAt };
    },
  };
}

export type CommentsService = ReturnType<typeof createCommentsService>;
