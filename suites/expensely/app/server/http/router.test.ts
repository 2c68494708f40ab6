import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { json } from './respond.ts';
import { Router } from './router.ts';

describe('Router', () => {
  const router = new Router()
    .get('/api/reports/:reportId', () => json('detail'))
    .post('/api/reports/:reportId/:action', () => json('action'))
    .post('/api/reports/:reportId/comments', () => json('comment'))
    .delete('/api/reports/:reportId', () => json('delete'));

  it('captures and decodes parameters', () => {
    const { found } = router.match('GET', '/api/reports/42');
    assert.deepEqual(found?.params, { reportId: '42' });
    assert.equal(router.match('GET', '/api/reports/a%20b').found?.params.reportId, 'a b');
  });

  it('prefers static segments over parameters', async () => {
    const { found } = router.match('POST', '/api/reports/7/comments');
    assert.ok(found);
    const result = await found.handler({} as never);
    assert.deepEqual(result, json('comment'));
  });

  it('reports the allowed methods when only the path matches', () => {
    const { found, allowed } = router.match('PUT', '/api/reports/7');
    assert.equal(found, undefined);
    assert.deepEqual(allowed.sort(), ['DELETE', 'GET']);
  });

  it('does not match longer or shorter paths', () => {
    assert.equal(router.match('GET', '/api/reports').found, undefined);
    assert.equal(router.match('GET', '/api/reports/1/2/3').found, undefined);
  });
});
