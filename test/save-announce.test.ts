import { describe, expect, it } from 'vitest';
import { announcement } from '../renderer/src/autosave/SaveStatusText';
import type { SaveStatus } from '../renderer/src/autosave/saver';

type S = SaveStatus['state'];
/** What a screen reader would hear over a sequence of save states. */
const heard = (states: S[]) => {
  let last: S | null = null;
  return states.map((s) => {
    const a = announcement(last, s);
    last = a.last;
    return a.say;
  });
};

describe('save status announcements', () => {
  it('says nothing while typing and saving go well', () => {
    expect(heard(['idle', 'dirty', 'saving', 'saved', 'dirty', 'saving', 'saved', 'dirty', 'saving', 'saved']).filter(Boolean)).toEqual([]);
  });
  it('says a failure once (not at every retry), a different failure, and the recovery once', () => {
    expect(heard(['dirty', 'saving', 'error', 'error', 'saving', 'error', 'saving', 'saved', 'dirty', 'saving', 'saved'])).toEqual([
      null, null, 'failure', null, null, null, null, 'recovered', null, null, null,
    ]);
    expect(heard(['saving', 'conflict', 'invalid'])).toEqual([null, 'failure', 'failure']);
  });
});
