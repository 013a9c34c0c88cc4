import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeApiError, scenarioFieldPath } from './api-error';

function serverError(message: string, data: Record<string, unknown>): TRPCClientError<never> {
  return TRPCClientError.from({ error: { code: -32600, message, data } });
}

describe('scenarioFieldPath', () => {
  it('maps the fields of a request scenario to the editor paths inside it', () => {
    expect(scenarioFieldPath('scenario.world.offers[3].priceUsdPerMTokens.input')).toBe(
      'world.offers[3].priceUsdPerMTokens.input',
    );
    expect(scenarioFieldPath('scenario.strategies[0].routes[0].fallbacks[0]')).toBe(
      'strategies[0].routes[0].fallbacks[0]',
    );
    expect(scenarioFieldPath('scenario.name')).toBe('name');
  });

  it('leaves out what is not a field of the scenario', () => {
    expect(scenarioFieldPath(undefined)).toBeUndefined();
    expect(scenarioFieldPath('scenario')).toBeUndefined();
    expect(scenarioFieldPath('runs')).toBeUndefined();
    expect(scenarioFieldPath('scenarioId')).toBeUndefined();
    expect(scenarioFieldPath('scenarioIds[1]')).toBeUndefined();
    expect(scenarioFieldPath('scenarios.world')).toBeUndefined();
  });
});

describe('describeApiError', () => {
  it("gives a field error's own message and path", () => {
    const e = serverError('scenario.world.offers[0].id: must not be empty (and 1 more)', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'scenario.world.offers[0].id',
      issues: [
        { path: 'scenario.world.offers[0].id', message: 'must not be empty' },
        { path: 'scenario.name', message: 'must not be empty' },
      ],
    });
    expect(describeApiError(e)).toEqual({
      message: 'must not be empty',
      code: 'BAD_REQUEST',
      path: 'scenario.world.offers[0].id',
      retryAfterSeconds: undefined,
    });
  });

  it('says when to retry a busy server', () => {
    const e = serverError('The simulation queue is full', {
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 7,
    });
    expect(describeApiError(e).message).toBe('The simulation queue is full. Try again in 7 s.');
    expect(describeApiError(e).retryAfterSeconds).toBe(7);
  });

  it('says when the server was not reached', () => {
    const e = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(describeApiError(e)).toMatchObject({ code: undefined, path: undefined });
    expect(describeApiError(e).message).toMatch(/Could not reach the server/);
  });
});
