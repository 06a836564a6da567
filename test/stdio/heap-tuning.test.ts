import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, tuneHeap } from '../../src/app/heap-tuning.js';

describe('tuneHeap', () => {
  it('applies every flag by default', () => {
    expect(tuneHeap({}, [])).toEqual([...HEAP_FLAGS]);
  });

  it('leaves a flag the user gave node on its command line (either spelling) as they set it', () => {
    expect(tuneHeap({}, ['--heap-growing-percent=35'])).toEqual(['--semi-space-growth-factor=1']);
    expect(tuneHeap({}, ['--max-old-space-size=512', '--semi_space_growth_factor=4'])).toEqual(['--heap-growing-percent=20']);
  });

  it('keeps node defaults when asked to', () => {
    expect(tuneHeap({ AGENT_CATALOG_NODE_HEAP: 'default' }, [])).toEqual([]);
  });
});
