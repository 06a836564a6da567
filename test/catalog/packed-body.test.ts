import { describe, expect, it } from 'vitest';
import { PACK_THRESHOLD, packBody, unpackBody } from '../../src/catalog/packed-body.js';

describe('packed bodies', () => {
  it('read back exactly, short ones kept as text', () => {
    const bodies = ['short body', ...Array.from({ length: 20 }, (_, i) => `# Agent ${i}\n${'Hand off ✅ tasks to db-expert; escalate ❌ others. '.repeat(30 + i)}`)];
    for (const body of bodies) {
      const packed = packBody(body);
      expect('packed' in packed).toBe(body.length >= PACK_THRESHOLD);
      expect(unpackBody(packed)).toBe(body);
    }
  });

  it('each packed body owns a buffer of exactly its size (not a slice of a shared pool slab it would keep alive)', () => {
    for (let i = 0; i < 20; i++) {
      const packed = packBody(`body ${i} `.repeat(400));
      if (!('packed' in packed)) throw new Error('expected a packed body');
      expect(packed.packed.byteOffset).toBe(0);
      expect(packed.packed.buffer.byteLength).toBe(packed.packed.byteLength);
    }
  });
});
