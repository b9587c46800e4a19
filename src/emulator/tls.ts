/**
 * A throwaway certificate for the loopback ARM simulator, made at start and
 * never written to disk: the SDK's bearer-token policy refuses plain http, so
 * the simulator speaks TLS and clients trust this certificate through
 * `tlsOptions: { ca }`.
 */
import { generate } from 'selfsigned';

export interface LoopbackCertificate {
  readonly cert: string;
  readonly key: string;
}

export async function createLoopbackCertificate(): Promise<LoopbackCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    // Real time on purpose: TLS checks validity against the wall clock, not the virtual one.
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    notAfterDate: new Date(now + 7 * 24 * 60 * 60 * 1000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
