import { describe, expect, it } from 'vitest';
import { promotionsAfterChange, registrationOutcome } from '../src/waitlist';

describe('registrationOutcome', () => {
  it('registers while places remain, then waitlists', () => {
    expect(registrationOutcome({ capacity: 3, confirmed: 2 })).toBe('registered');
    expect(registrationOutcome({ capacity: 3, confirmed: 3 })).toBe('waitlisted');
    expect(registrationOutcome({ capacity: 3, confirmed: 5 })).toBe('waitlisted'); // capacity lowered later
    expect(registrationOutcome({ capacity: 0, confirmed: 0 })).toBe('waitlisted');
  });
  it('always registers when there is no limit', () => {
    expect(registrationOutcome({ capacity: null, confirmed: 10_000 })).toBe('registered');
  });
});

describe('promotionsAfterChange', () => {
  const waitlist = ['w1', 'w2', 'w3'];
  it('moves up the oldest first, only as many as there are free places', () => {
    expect(promotionsAfterChange({ capacity: 10, confirmed: 9, waitlist })).toEqual(['w1']);
    expect(promotionsAfterChange({ capacity: 10, confirmed: 8, waitlist })).toEqual(['w1', 'w2']);
    expect(promotionsAfterChange({ capacity: 20, confirmed: 8, waitlist })).toEqual(waitlist);
  });
  it('moves up nobody when the event is full or the capacity was lowered below the confirmed', () => {
    expect(promotionsAfterChange({ capacity: 10, confirmed: 10, waitlist })).toEqual([]);
    expect(promotionsAfterChange({ capacity: 5, confirmed: 8, waitlist })).toEqual([]);
  });
  it('moves up everyone when the limit is removed', () => {
    expect(promotionsAfterChange({ capacity: null, confirmed: 8, waitlist })).toEqual(waitlist);
  });
  it('copes with an empty waitlist and does not hand back the caller’s array', () => {
    expect(promotionsAfterChange({ capacity: 10, confirmed: 0, waitlist: [] })).toEqual([]);
    expect(promotionsAfterChange({ capacity: null, confirmed: 0, waitlist })).not.toBe(waitlist);
  });
});
