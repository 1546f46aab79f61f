/** Thrown when a calendar, clock budget or clock timer cannot be used: the message says why. */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
}
