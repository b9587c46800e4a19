import { classifyFailure, type AzureFailure } from '../../src/domain/errorClassification';

describe('classifyFailure', () => {
  it.each<[string, AzureFailure, string]>([
    [
      '429 with Retry-After',
      { statusCode: 429, code: 'TooManyRequests', message: 'slow down', retryAfterSeconds: 1200 },
      'throttled 1200000',
    ],
    ['429 without Retry-After', { statusCode: 429, message: 'slow down' }, 'throttled 30000'],
    ['500', { statusCode: 500, code: 'InternalServerError', message: 'oops' }, 'transient'],
    ['502', { statusCode: 502, message: 'bad gateway' }, 'transient'],
    ['503 with Retry-After', { statusCode: 503, message: 'busy', retryAfterSeconds: 10 }, 'throttled 10000'],
    ['504', { statusCode: 504, message: 'timeout' }, 'transient'],
    ['408', { statusCode: 408, message: 'request timeout' }, 'transient'],
    ['a reset connection', { code: 'ECONNRESET', message: 'socket hang up' }, 'transient'],
    [
      'a request that could not be sent',
      { code: 'REQUEST_SEND_ERROR', message: 'connect ECONNREFUSED' },
      'transient',
    ],
    [
      '409 another operation in progress',
      { statusCode: 409, code: 'AnotherOperationInProgress', message: 'busy' },
      'transient',
    ],
    ['400', { statusCode: 400, code: 'InvalidParameter', message: 'bad' }, 'permanent'],
    ['403', { statusCode: 403, code: 'AuthorizationFailed', message: 'no' }, 'permanent'],
    ['404 disk gone', { statusCode: 404, code: 'ResourceNotFound', message: 'gone' }, 'permanent'],
    [
      '409 name taken by another source',
      { statusCode: 409, code: 'PropertyChangeNotAllowed', message: 'taken' },
      'permanent',
    ],
    ['409 snapshot limit', { statusCode: 409, code: 'OperationNotAllowed', message: '500' }, 'permanent'],
  ])('%s', (_case, failure, expected) => {
    const result = classifyFailure(failure);
    expect(result.kind === 'throttled' ? `throttled ${result.retryAfterMs}` : result.kind).toBe(expected);
  });

  it('keeps status, code and message in the reason', () => {
    expect(
      classifyFailure({ statusCode: 404, code: 'ResourceNotFound', message: 'The disk was not found.' })
        .reason,
    ).toBe('404 ResourceNotFound: The disk was not found.');
  });
});
