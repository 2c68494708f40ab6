import type { AuditEntryDto, Page } from '../../shared/api-types.ts';
import { many, one, run } from '../db/database.ts';
import type { ServiceDeps } from './deps.ts';

export interface AuditEvent {
  workspaceId: number | null;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  action: string;
  entity_type: string;
  entity_id: number | null;
  actor_id: number | null;
  actor_name: string | null;
  actor_email: string | null;
  details: string;
  created_at: string;
}

export function toAuditDto(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actor:
      row.actor_id === null
        ? null
        : { id: row.actor_id, name: row.actor_name ?? '', email: row.actor_email ?? '' },
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

const SELECT = `SELECT a.id, a.action, a.entity_type, a.entity_id, a.actor_id, u.name AS actor_name,
  u.email AS actor_email, a.details, a.created_at
  FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`;

export function createAuditService({ db, clock }: ServiceDeps) {
  return {
    record(event: AuditEvent): void {
      run(
        db,
        `INSERT INTO audit_log (workspace_id, actor_id, action, entity_type, entity_id, details, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        event.workspaceId,
        event.actorId,
        event.action,
        event.entityType,
        event.entityId,
        JSON.stringify(event.details ?? {}),
        clock.iso(),
      );
    },

    list(
      workspaceId: number,
      options: { page: number; pageSize: number; action?: string },
    ): Page<AuditEntryDto> {
      const where = options.action
        ? 'WHERE a.workspace_id = ? AND a.action = ?'
        : 'WHERE a.workspace_id = ?';
      const params = options.action ? [workspaceId, options.action] : [workspaceId];
      const total =
        one<{ n: number }>(db, `SELECT COUNT(*) AS n FROM audit_log a ${where}`, ...params)?.n ?? 0;
      const rows = many<AuditRow>(
        db,
        `${SELECT} ${where} ORDER BY a.id DESC LIMIT ? OFFSET ?`,
        ...params,
        options.pageSize,
        (options.page - 1) * options.pageSize,
      );
      return {
        items: rows.map(toAuditDto),
        page: options.page,
        pageSize: options.pageSize,
        total,
        totalPages: Math.max(1, Math.ceil(total / options.pageSize)),
      };
    },

    forEntity(entityType: string, entityId: number): AuditEntryDto[] {
      return many<AuditRow>(
        db,
        `${SELECT} WHERE a.entity_type = ? AND a.entity_id = ? ORDER BY a.id`,
        entityType,
        entityId,
      ).map(toAuditDto);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
