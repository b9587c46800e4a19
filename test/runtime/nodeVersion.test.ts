import { unsupportedNodeMessage } from '../../src/runtime/nodeVersion';

describe('unsupportedNodeMessage', () => {
  it.each(['v22.12.0', 'v22.23.3', 'v24.1.0'])('accepts %s', (version) => {
    expect(unsupportedNodeMessage(version)).toBeUndefined();
  });

  it.each(['v20.20.2', 'v22.11.0', 'v18.0.0'])('refuses %s with a message that names it', (version) => {
    expect(unsupportedNodeMessage(version)).toContain(`this is Node.js ${version}`);
    expect(unsupportedNodeMessage(version)).toContain('needs Node.js 22.12 or newer');
  });

  it('is the Node that runs the tests', () => {
    expect(unsupportedNodeMessage(process.version)).toBeUndefined();
  });
});
