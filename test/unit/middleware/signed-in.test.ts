import assert from 'node:assert/strict';
import type { NextFunction, Request, Response } from 'express';
import { signedIn, type SignedInRequest } from '../../../server/middleware/auth.js';
import { HttpError } from '../../../server/errors.js';

describe('signedIn: handlers behind requireSignIn are given the person', () => {
  const person: Express.User = { id: 'u1', email: 'a@example.com', name: 'A', roles: [] };
  const res = {} as Response;

  it('passes a signed-in request on, with its person, and returns what the handler returns', async () => {
    let seen: SignedInRequest | undefined;
    const c = signedIn({
      show: (req: SignedInRequest) => {
        seen = req;
        return Promise.resolve('done');
      },
    });
    const req = { user: person } as unknown as Request;
    const result = await c.show(req, res, () => assert.fail('next must not be called'));
    assert.equal(seen?.user, person);
    assert.equal(result, 'done');
  });

  it('refuses a request without a person with a 401, without calling the handler', () => {
    const c = signedIn({ show: () => assert.fail('the handler must not run') });
    let error: unknown;
    const next: NextFunction = (err?: unknown) => {
      error = err;
    };
    void c.show({} as Request, res, next);
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 401);
  });
});
