import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReceiptDto } from '../../shared/api-types.ts';
import { one, run } from '../db/database.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import type { ServiceDeps } from './deps.ts';

export const RECEIPT_MAX_BYTES = 5 * 1024 * 1024;
export const RECEIPT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};

/** Checks the file's leading bytes so that a renamed text file is not accepted as an image. */
function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

interface ReceiptRow {
  id: number;
  user_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_path: string;
}

function toDto(row: ReceiptRow): ReceiptDto {
  return {
    id: row.id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    url: `/api/receipts/${row.id}`,
  };
}

export function createReceiptsService({ db, clock, receiptsDir }: ServiceDeps) {
  return {
    store(userId: number, fileName: string, contentType: string, bytes: Buffer): ReceiptDto {
      if (bytes.length === 0) throw badRequest('The receipt file is empty');
      if (bytes.length > RECEIPT_MAX_BYTES) {
        throw new HttpError(413, 'payload_too_large', 'Receipts must be 5 MB or smaller');
      }
      const detected = sniff(bytes);
      if (!detected || !RECEIPT_TYPES.includes(contentType) || detected !== contentType) {
        throw new HttpError(
          415,
          'unsupported_type',
          'Receipts must be PNG, JPEG, WebP or PDF files',
        );
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      mkdirSync(receiptsDir, { recursive: true });
      const storedName = `${sha256}${EXTENSIONS[detected] ?? ''}`;
      writeFileSync(join(receiptsDir, storedName), bytes);
      const cleanName =
        basename(fileName)
          .replace(/[^\w.\- ]+/g, '_')
          .slice(0, 120) || `receipt${EXTENSIONS[detected]}`;
      const { lastId } = run(
        db,
        `INSERT INTO receipts (user_id, file_name, content_type, size_bytes, sha256, storage_path, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        userId,
        cleanName,
        detected,
        bytes.length,
        sha256,
        storedName,
        clock.iso(),
      );
      return toDto({
        id: lastId,
        user_id: userId,
        file_name: cleanName,
        content_type: detected,
        size_bytes: bytes.length,
        storage_path: storedName,
      });
    },

    /** The receipt owner, or anyone who may see an expense it is attached to. */
    read(receiptId: number, userId: number): { dto: ReceiptDto; bytes: Buffer } {
      const row = one<ReceiptRow>(db, 'SELECT * FROM receipts WHERE id = ?', receiptId);
      if (!row) throw notFound('Receipt');
      if (row.user_id !== userId) {
        const visible = one(
          db,
          `SELECT 1 FROM expenses e JOIN memberships m ON m.workspace_id = e.workspace_id AND m.user_id = ?
           WHERE e.receipt_id = ? AND m.role IN ('admin', 'approver')`,
          userId,
          receiptId,
        );
        if (!visible) throw notFound('Receipt');
      }
      return { dto: toDto(row), bytes: readFileSync(join(receiptsDir, row.storage_path)) };
    },

    ownedBy(receiptId: number, userId: number): boolean {
      return (
        one(db, 'SELECT 1 FROM receipts WHERE id = ? AND user_id = ?', receiptId, userId) !==
        undefined
      );
    },
  };
}

export type ReceiptsService = ReturnType<typeof createReceiptsService>;
