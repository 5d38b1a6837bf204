/**
 * Places at community events (参加登録とキャンセル待ち). Who gets a place is decided here; the caller
 * holds a lock on the event row while it counts and applies the decision, so two people never take
 * the last place together. `capacity: null` means no limit.
 */

export type RegistrationOutcome = 'registered' | 'waitlisted';

/** A new registration gets a place while confirmed places remain, otherwise joins the waitlist. */
export function registrationOutcome(input: { capacity: number | null; confirmed: number }): RegistrationOutcome {
  if (input.capacity === null) return 'registered';
  return input.confirmed < input.capacity ? 'registered' : 'waitlisted';
}

/**
 * After a cancellation or a change of capacity: the waitlisted ids (oldest first) to move up, first
 * come first served, until the confirmed places reach the capacity — everyone when there is no limit.
 * A capacity lowered below the confirmed count promotes nobody; nobody already confirmed is bumped.
 */
export function promotionsAfterChange(input: { capacity: number | null; confirmed: number; waitlist: string[] }): string[] {
  if (input.capacity === null) return [...input.waitlist];
  const free = Math.max(0, input.capacity - input.confirmed);
  return input.waitlist.slice(0, free);
}
