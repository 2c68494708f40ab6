import { paramId, readBody, readJson, requireUser } from '../http/context.ts';
import { created, json, noContent, raw } from '../http/respond.ts';
import type { Router } from '../http/router.ts';
import type { ExpenseInput } from '../services/expenses.ts';
import { RECEIPT_MAX_BYTES } from '../services/receipts.ts';
import { BodyReader } from '../validation/fields.ts';
import { queryInt } from '../validation/query.ts';
import { readExpenseFilters } from './expense-filters.ts';

function readExpenseInput(body: BodyReader): ExpenseInput {
  return {
    merchant: body.string('merchant'),
    amountMinor: body.integer('amountMinor'),
    currency: body.string('currency'),
    category: body.string('category'),
    date: body.string('date'),
    description: body.optionalString('description') ?? '',
    receiptId: body.nullableInteger('receiptId') ?? null,
  };
}

function readExpensePatch(body: BodyReader): Partial<ExpenseInput> {
  return {
    merchant: body.optionalString('merchant'),
    amountMinor: body.optionalInteger('amountMinor'),
    currency: body.optionalString('currency'),
    category: body.optionalString('category'),
    date: body.optionalString('date'),
    description: body.optionalString('description'),
    receiptId: body.nullableInteger('receiptId'),
  };
}

export function registerExpenseRoutes(router: Router): void {
  router.get('/api/workspaces/:workspaceId/expenses', (ctx) => {
    const user = requireUser(ctx);
    const workspaceId = paramId(ctx, 'workspaceId');
    const workspace = ctx.services.workspaces.get(workspaceId, user.id);
    const filters = readExpenseFilters(ctx, workspace.currency);
    const preferences = ctx.services.users.preferences(user.id);
    const page = queryInt(ctx.query, 'page', 1, 1, 100_000);
    const pageSize = queryInt(ctx.query, 'pageSize', preferences.pageSize, 1, 100);
    return json(ctx.services.expenses.list(workspaceId, user.id, filters, page, pageSize));
  });

  router.post('/api/workspaces/:workspaceId/expenses', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return created(
      ctx.services.expenses.create(paramId(ctx, 'workspaceId'), user.id, readExpenseInput(body)),
    );
  });

  router.get('/api/expenses/:expenseId', (ctx) => {
    const user = requireUser(ctx);
    return json(ctx.services.expenses.get(paramId(ctx, 'expenseId'), user.id));
  });

  router.patch('/api/expenses/:expenseId', async (ctx) => {
    const user = requireUser(ctx);
    const body = new BodyReader(await readJson(ctx));
    return json(
      ctx.services.expenses.update(paramId(ctx, 'expenseId'), user.id, readExpensePatch(body)),
    );
  });

  router.delete('/api/expenses/:expenseId', (ctx) => {
    const user = requireUser(ctx);
    ctx.services.expenses.remove(paramId(ctx, 'expenseId'), user.id);
    return noContent();
  });

  router.post('/api/receipts', async (ctx) => {
    const user = requireUser(ctx);
    const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const header = ctx.req.headers['x-file-name'];
    const fileName = decodeURIComponent(typeof header === 'string' ? header : 'receipt');
    const bytes = await readBody(ctx.req, RECEIPT_MAX_BYTES + 1);
    return created(ctx.services.receipts.store(user.id, fileName, contentType, bytes));
  });

  router.get('/api/receipts/:receiptId', (ctx) => {
    const user = requireUser(ctx);
    const { dto, bytes } = ctx.services.receipts.read(paramId(ctx, 'receiptId'), user.id);
    return raw(bytes, dto.contentType, {
      'content-disposition': `inline; filename="${dto.fileName.replaceAll('"', '')}"`,
      'cache-control': 'private, max-age=3600',
    });
  });
}
